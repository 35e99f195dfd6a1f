/*
 * `flotilla-shim exec SPEC`: runs a command inside a running container
 * (docker exec, healthchecks). Joins the container's cgroup and namespaces,
 * forks so the new pid namespace applies, and relays the command's exit
 * code; stdio is the caller's. The process is made non-dumpable first, so
 * nothing in the container can reach this binary through /proc.
 */
#define _GNU_SOURCE
#include "shim.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t child_pid;

/* Signals go to the command's whole process group: a shell's children too. */
static void forward(int sig)
{
	if (child_pid > 0) kill(-child_pid, sig);
}

static int join_namespaces(const struct spec *s)
{
	static const struct { const char *name; int type; } order[] = {
		{"ipc", CLONE_NEWIPC}, {"uts", CLONE_NEWUTS}, {"net", CLONE_NEWNET}, {"pid", CLONE_NEWPID}, {"mnt", CLONE_NEWNS},
	};
	int fds[5];
	/* Open every namespace before joining any: after the mount namespace, /proc is the container's. */
	for (int i = 0; i < 5; i++) {
		char path[64];
		snprintf(path, sizeof(path), "/proc/%ld/ns/%s", s->target_pid, order[i].name);
		fds[i] = open(path, O_RDONLY | O_CLOEXEC);
		if (fds[i] < 0) {
			fprintf(stderr, "flotilla-shim: open %s: %s\n", path, strerror(errno));
			return -1;
		}
	}
	for (int i = 0; i < 5; i++) {
		if (setns(fds[i], order[i].type) < 0) {
			fprintf(stderr, "flotilla-shim: join the %s namespace of %ld: %s\n", order[i].name, s->target_pid, strerror(errno));
			return -1;
		}
		close(fds[i]);
	}
	return 0;
}

/* The cgroup may be gone with a killed supervisor: run anyway. */
static void join_cgroup(const struct spec *s)
{
	for (int i = 0; i < s->ncgroup_join; i++)
		join_own_cgroup(s->cgroup_join[i]);
}

static volatile sig_atomic_t resized;

static void on_winch(int sig)
{
	(void)sig;
	resized = 1;
}

static void copy_size(int master)
{
	struct winsize size = { .ws_row = 24, .ws_col = 80 };
	struct winsize ours;
	if (ioctl(1, TIOCGWINSZ, &ours) == 0 && ours.ws_row > 0 && ours.ws_col > 0) size = ours;
	ioctl(master, TIOCSWINSZ, &size);
}

static int open_terminal(void)
{
	int master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0) {
		fprintf(stderr, "error: open the container's /dev/ptmx: %s\n", strerror(errno));
		return -1;
	}
	copy_size(master);
	return master;
}

/* In the child: the terminal's slave end becomes its controlling terminal and stdio. */
static void take_terminal(int master, int error_fd)
{
	char name[64];
	if (ptsname_r(master, name, sizeof(name)) != 0 || setsid() < 0)
		fail(error_fd, 125, "terminal: %s", strerror(errno));
	int slave = open(name, O_RDWR);
	if (slave < 0 || ioctl(slave, TIOCSCTTY, 0) < 0)
		fail(error_fd, 125, "open %s: %s", name, strerror(errno));
	for (int fd = 0; fd <= 2; fd++) dup2(slave, fd);
	if (slave > 2) close(slave);
	close(master);
}

/* Our stdin to the terminal, the terminal to our stdout, until the command is done with it. */
static void relay_terminal(int master)
{
	signal(SIGWINCH, on_winch);
	struct pollfd fds[2] = {{0, POLLIN, 0}, {master, POLLIN, 0}};
	char buf[4096];
	for (;;) {
		if (resized) {
			resized = 0;
			copy_size(master);
		}
		if (poll(fds, 2, -1) < 0) continue;
		if (fds[0].revents & (POLLIN | POLLHUP)) {
			ssize_t n = read(0, buf, sizeof(buf));
			if (n > 0) write_all(master, buf, (size_t)n);
			else fds[0].fd = -1; /* our stdin ended: the command keeps its terminal */
		}
		if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) {
			ssize_t n = read(master, buf, sizeof(buf));
			if (n <= 0) break; /* EIO: every holder of the slave end is gone */
			write_all(1, buf, (size_t)n);
		}
	}
	close(master);
}

int exec_in_container(const struct spec *s)
{
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	if (s->target_pid <= 0 || process_start_time((pid_t)s->target_pid) != s->target_start) {
		fprintf(stderr, "error: the container is not running\n");
		return 125;
	}
	/*
	 * On cgroup v1 we join the container's cgroups, a thread moving itself
	 * (cheap), and the process forks into them. On v2 any join takes the
	 * global threadgroup lock and waits out an RCU grace period, and would
	 * on every healthcheck: the process starts in the cgroup instead.
	 */
	/* Opened here: the container's mount namespace, joined next, does not show it. */
	int cgroup_dir = open_cgroup_dir(s->cgroup_into);
	if (cgroup_dir < 0)
		join_cgroup(s);
	/* While the engine's cache is in sight (a healthcheck has it compiled already); a failure is reported in the container. */
	char seccomp_err[256];
	prepare_seccomp(s, s->seccomp_cache, seccomp_err, sizeof(seccomp_err));
	if (join_namespaces(s) < 0)
		return 125;
	int error[2];
	if (pipe2(error, O_CLOEXEC) < 0)
		return 125;
	/* After joining the mount namespace, /dev/ptmx is the container's own. */
	int master = s->tty ? open_terminal() : -1;
	if (s->tty && master < 0)
		return 125;
	int joined = 0;
	child_pid = cgroup_dir >= 0 ? clone_into_cgroup(SIGCHLD, cgroup_dir, &joined) : fork();
	if (child_pid == 0) {
		close(error[0]);
		/* The kernel would not start us there: join through the folder's fd (the path is not in sight). */
		if (cgroup_dir >= 0 && !joined) {
			int procs = openat(cgroup_dir, "cgroup.procs", O_WRONLY | O_CLOEXEC);
			if (procs >= 0) {
				write_all(procs, "0", 1);
				close(procs);
			}
		}
		/* Dies with us: a healthcheck runner killed at its timeout takes its test along. */
		prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
		if (master >= 0) take_terminal(master, error[1]);
		else setpgid(0, 0);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		run_command(s, error[1]);
	}
	close(error[1]);
	signal(SIGINT, forward);
	signal(SIGTERM, forward);
	signal(SIGHUP, forward);
	char msg[1024];
	ssize_t n;
	while ((n = read(error[0], msg, sizeof(msg) - 1)) < 0 && errno == EINTR) {}
	if (master >= 0 && n <= 0) relay_terminal(master);
	int status = 0;
	while (waitpid(child_pid, &status, 0) < 0 && errno == EINTR) {}
	if (n > 0) {
		msg[n] = '\0';
		char *text = strchr(msg, ' ');
		fprintf(stderr, "error: %s\n", text ? text + 1 : msg);
		return atoi(msg);
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
