/*
 * flotilla-shim SPEC: the supervisor of one container, like conmon. It
 * outlives the command that started it; it clones the container into new
 * namespaces, puts it in its cgroups, keeps its output in a json-lines log,
 * records every state change, applies the restart policy, and removes the
 * cgroups when the container is done. If fd 3 is open it reports
 * "started PID" and "exit CODE" lines there for an attached client. With a
 * `late_spec FD` record, the container's network records arrive on FD while
 * the container is being made (see receive_late_records).
 */
#define _GNU_SOURCE
#include "shim.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static struct spec spec;
static struct shim_state state;
static struct log_writer log_out;
static int notify_fd = -1;
static sigset_t handled;
/* A late start that failed before the command ran (called off, ports taken): no restart. */
static int give_up;

static void notify(const char *fmt, long value)
{
	char line[64];
	if (notify_fd < 0) return;
	int n = snprintf(line, sizeof(line), fmt, value);
	if (write_all(notify_fd, line, (size_t)n) < 0) {
		close(notify_fd); /* the client went away: carry on without it */
		notify_fd = -1;
	}
}

static void save_state(void)
{
	if (spec.state_path) state_write(spec.state_path, &state);
}

static long oom_kills(void)
{
	if (!spec.oom_file) return 0;
	FILE *f = fopen(spec.oom_file, "re");
	if (!f) return 0;
	char key[64];
	long value, kills = 0;
	while (fscanf(f, "%63s %ld", key, &value) == 2)
		if (!strcmp(key, "oom_kill")) kills = value;
	fclose(f);
	return kills;
}

static void child(int out_fd, int err_fd, int go_fd, int error_fd)
{
	sigprocmask(SIG_UNBLOCK, &handled, NULL);
	signal(SIGPIPE, SIG_DFL);
	/* The late records are the supervisor's to read (the number stays: it marks the late start). */
	if (spec.late_fd >= 0)
		close(spec.late_fd);
	int in = spec.stdin_fd >= 0 ? spec.stdin_fd : open("/dev/null", O_RDONLY);
	if (in < 0 || dup2(in, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(err_fd, 2) < 0)
		fail(error_fd, 125, "set up stdio: %s", strerror(errno));
	container_exec(&spec, go_fd, error_fd);
}

static int wait_status_code(int status)
{
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Slots of the poll set: output (pipe or terminal), stderr pipe, SIGCHLD, healthcheck, stdin to relay, client. */
enum { OUT, ERR, SIG, HEALTH, INPUT, CLIENT, NFDS };

/* Copies what the client types into the terminal; stops when it goes away. */
static void relay_input(struct pollfd *fds)
{
	char buf[4096];
	if (fds[CLIENT].fd >= 0 && (fds[CLIENT].revents & (POLLHUP | POLLRDHUP | POLLERR))) {
		close(notify_fd);
		notify_fd = fds[CLIENT].fd = -1;
		if (fds[INPUT].fd >= 0) close(fds[INPUT].fd); /* never read a terminal nobody watches */
		fds[INPUT].fd = -1;
	}
	if (fds[INPUT].fd < 0 || !(fds[INPUT].revents & (POLLIN | POLLHUP | POLLERR))) return;
	ssize_t n = read(fds[INPUT].fd, buf, sizeof(buf));
	if (n > 0 && fds[OUT].fd >= 0) {
		write_all(fds[OUT].fd, buf, (size_t)n);
	} else if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) {
		close(fds[INPUT].fd);
		fds[INPUT].fd = -1;
	}
}

/* Reads what is available on the outputs; returns how many are still open, 0 on timeout. */
static int pump(struct pollfd *fds, int timeout_ms)
{
	char buf[65536];
	if ((fds[OUT].fd < 0 && fds[ERR].fd < 0 && timeout_ms >= 0) || poll(fds, NFDS, timeout_ms) <= 0) return 0;
	for (int i = OUT; i <= ERR; i++) {
		if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
		ssize_t n = read(fds[i].fd, buf, sizeof(buf));
		if (n > 0) {
			log_data(&log_out, i, buf, (size_t)n);
		} else if (n == 0 || errno != EINTR) {
			/* A terminal reports EIO once every holder of its slave end is gone. */
			log_flush(&log_out, i);
			close(fds[i].fd);
			fds[i].fd = -1;
		}
	}
	relay_input(fds);
	return (fds[OUT].fd >= 0) + (fds[ERR].fd >= 0);
}

/*
 * The client's terminal changed size: the engine wrote the new one to the
 * tty size file. Setting it on our end of the container's terminal makes the
 * kernel send SIGWINCH to the container's foreground processes.
 */
static void resize_terminal(int master)
{
	FILE *f = spec.tty_size_path ? fopen(spec.tty_size_path, "re") : NULL;
	if (!f)
		return;
	unsigned rows = 0, cols = 0;
	int read_both = fscanf(f, "%u %u", &rows, &cols) == 2;
	fclose(f);
	if (!read_both || rows == 0 || cols == 0 || rows > 0xffff || cols > 0xffff)
		return;
	struct winsize size = { .ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols };
	ioctl(master, TIOCSWINSZ, &size);
}

/*
 * A late start: while the child waited and we joined it to its cgroups, the
 * engine was attaching its network. Take what that gave (its namespace,
 * ports to hold, commands for the end) and hold the ports before the
 * command runs, as a start that knew them from the beginning does.
 */
static void receive_late_records(void)
{
	int got = spec_load_late(&spec);
	if (got == 1)
		snprintf(state.error, sizeof(state.error), "the start was called off");
	else if (got < 0)
		snprintf(state.error, sizeof(state.error), "read the network records: %s", strerror(errno));
	else
		reserve_ports(&spec, state.error, sizeof(state.error));
	give_up = state.error[0] != '\0';
}

/*
 * The engine's setup commands (networking's links and namespace), each to
 * its end, in order, once: a restart finds them made. The first that fails
 * leaves its stderr as our error and there is no restart.
 */
static int run_setup_commands(void)
{
	static int done;
	if (done)
		return 0;
	done = 1;
	int failed = 0;
	for (int i = 0; i < spec.nsetup_args && !failed; ) {
		const char **argv = &spec.setup_args[i];
		while (i < spec.nsetup_args && spec.setup_args[i]) i++;
		i++; /* past the NULL */
		if (!argv[0]) continue;
		int err[2];
		if (pipe2(err, O_CLOEXEC) < 0) {
			snprintf(state.error, sizeof(state.error), "pipe: %s", strerror(errno));
			failed = 1;
			break;
		}
		pid_t pid = fork();
		if (pid == 0) {
			sigprocmask(SIG_UNBLOCK, &handled, NULL);
			int null = open("/dev/null", O_RDWR | O_CLOEXEC);
			if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(err[1], 2) < 0)
				_exit(127);
			execv(argv[0], (char *const *)argv);
			fprintf(stderr, "run %s: %s", argv[0], strerror(errno));
			_exit(127);
		}
		close(err[1]);
		char msg[sizeof(state.error)];
		size_t len = 0;
		for (ssize_t n; len < sizeof(msg) - 1 && (n = read(err[0], msg + len, sizeof(msg) - 1 - len)) != 0; ) {
			if (n > 0) len += (size_t)n;
			else if (errno != EINTR) break;
		}
		close(err[0]);
		int status = 0;
		for (; pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR; ) {}
		if (pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			failed = 1;
			while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == ' ')) len--;
			msg[len] = '\0';
			for (char *nl = strchr(msg, '\n'); nl; nl = strchr(nl, '\n')) *nl = ';';
			if (len > 0)
				snprintf(state.error, sizeof(state.error), "%s", msg);
			else
				snprintf(state.error, sizeof(state.error), "%s failed (status %d)", argv[0], pid < 0 ? -1 : status);
		}
	}
	if (failed)
		give_up = 1;
	return failed ? -1 : 0;
}

/*
 * In the host's pid namespace nothing ends the container's other processes
 * when its first one ends (its own namespace's PID 1 would take them along):
 * they are killed, as runc does, found in its cgroup.
 */
static void kill_leftovers(void)
{
	if (spec.ncgroup_dirs == 0)
		return;
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/cgroup.procs", spec.cgroup_dirs[0]);
	for (int round = 0; round < 100; round++) {
		FILE *f = fopen(path, "re");
		if (!f)
			return;
		int any = 0;
		for (long p; fscanf(f, "%ld", &p) == 1; any = 1)
			kill((pid_t)p, SIGKILL);
		fclose(f);
		if (!any)
			return;
		for (int status; waitpid(-1, &status, WNOHANG) > 0; ) {}
		struct timespec ts = {0, 10 * 1000000L};
		nanosleep(&ts, NULL);
	}
}

/*
 * --pid/--ipc container:NAME: the container is born in that container's
 * namespaces. We enter an IPC namespace for good; a pid namespace only
 * around the clone (it decides where children are born), so that what we
 * fork later (exit commands) still runs once that container is gone.
 */
static int pid_join_fd = -1, own_pid_fd = -1;

static int join_other_namespaces(void)
{
	static int done;
	if (done)
		return 0;
	for (int i = 0; i < spec.njoin_ns; i++) {
		const char *kind = spec.join_ns[i][0], *path = spec.join_ns[i][1];
		int pid = !strcmp(kind, "pid");
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd >= 0 && pid && (own_pid_fd = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC)) >= 0) {
			pid_join_fd = fd;
			continue;
		}
		if (fd < 0 || pid || setns(fd, CLONE_NEWIPC) < 0) {
			snprintf(state.error, sizeof(state.error), "join the %s namespace %s: %s", kind, path, strerror(errno));
			if (fd >= 0) close(fd);
			give_up = 1;
			return -1;
		}
		close(fd);
	}
	done = 1;
	return 0;
}

/* Children born from now on: in the joined pid namespace (1) or our own again (0). */
static int pid_namespace_for_children(int joined)
{
	if (pid_join_fd < 0)
		return 0;
	return setns(joined ? pid_join_fd : own_pid_fd, CLONE_NEWPID);
}

/* One run of the container; returns its exit code. */
static int run_once(int sigfd)
{
	if (join_other_namespaces() < 0)
		return 125;
	int out[2], err[2], go[2] = {-1, -1}, error[2], console[2] = {-1, -1};
	if (spec.tty && socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, console) < 0) {
		snprintf(state.error, sizeof(state.error), "socketpair: %s", strerror(errno));
		return 125;
	}
	spec.console_sock = console[1];
	/* Only a late start waits for a go, which carries the network namespace's fd. */
	int late = spec.late_fd >= 0;
	int go_made = late ? socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, go) : 0;
	if (pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC) || go_made || pipe2(error, O_CLOEXEC)) {
		snprintf(state.error, sizeof(state.error), "pipe: %s", strerror(errno));
		return 125;
	}
	unsigned long flags = CLONE_NEWNS | SIGCHLD;
	if (spec.new_pid) flags |= CLONE_NEWPID;
	if (spec.new_uts) flags |= CLONE_NEWUTS;
	if (spec.new_ipc) flags |= CLONE_NEWIPC;
	/* A late start's namespace is not known yet: the child joins (or makes) it when told. */
	if (spec.new_net && !spec.netns_path && spec.late_fd < 0) flags |= CLONE_NEWNET;
	/* Without a late start, the namespace the child joins at once must be made first. */
	if (!late) {
		if (run_setup_commands() < 0) {
			close(out[0]); close(out[1]); close(err[0]); close(err[1]); close(error[0]); close(error[1]);
			if (console[0] >= 0) { close(console[0]); close(console[1]); }
			return 125;
		}
	}
	long base_ooms = oom_kills();
	/* On cgroup v2 the container starts in its cgroup; elsewhere it joins them itself. */
	int cgroup_dir = open_cgroup_dir(spec.cgroup_into);
	pid_t pid = -1;
	if (pid_namespace_for_children(1) == 0) {
		pid = clone_into_cgroup(flags, cgroup_dir, &spec.cgroup_joined);
		if (pid != 0)
			pid_namespace_for_children(0);
	}
	if (pid != 0 && cgroup_dir >= 0)
		close(cgroup_dir);
	if (pid == 0) {
		/* The supervisor's ends: held here they would keep the child from seeing EOF. */
		close(out[0]); close(err[0]); close(error[0]);
		if (go[1] >= 0) close(go[1]);
		if (console[0] >= 0) close(console[0]);
		child(out[1], err[1], go[0], error[1]);
	}
	close(out[1]); close(err[1]); close(error[1]);
	if (go[0] >= 0) close(go[0]);
	if (console[1] >= 0) close(console[1]);
	if (pid < 0) {
		snprintf(state.error, sizeof(state.error), "clone: %s", strerror(errno));
		close(out[0]); close(err[0]); close(error[0]);
		if (go[1] >= 0) close(go[1]);
		return 125;
	}
	state.error[0] = '\0';
	if (late) {
		receive_late_records();
		if (!state.error[0])
			run_setup_commands();
	}
	if (!state.error[0] && late) {
		/*
		 * The namespace is opened here and its fd sent: the child's mount
		 * namespace is a copy made before the engine mounted it at its path.
		 */
		int netns = spec.netns_path ? open(spec.netns_path, O_RDONLY | O_CLOEXEC) : -1;
		if (spec.netns_path && netns < 0)
			snprintf(state.error, sizeof(state.error), "open network namespace %s: %s", spec.netns_path, strerror(errno));
		else if (send_with_fd(go[1], 'g', netns) < 0)
			snprintf(state.error, sizeof(state.error), "hand the network namespace over: %s", strerror(errno));
		if (netns >= 0)
			close(netns);
	}
	if (go[1] >= 0) close(go[1]);
	char msg[1024];
	ssize_t n = read(error[0], msg, sizeof(msg) - 1);
	close(error[0]);
	if (n > 0 || state.error[0]) {
		int status;
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		close(out[0]); close(err[0]);
		if (console[0] >= 0) close(console[0]);
		if (n <= 0) return 125;
		msg[n] = '\0';
		char *text = strchr(msg, ' ');
		snprintf(state.error, sizeof(state.error), "%s", text ? text + 1 : msg);
		return atoi(msg);
	}
	state.status = "running";
	state.pid = pid;
	state.pid_start = process_start_time(pid);
	now_rfc3339(state.started_at, sizeof(state.started_at));
	state.finished_at[0] = '\0';
	state.oom_killed = 0;
	save_state();
	notify("started %ld\n", pid);
	health_start(&spec, pid, state.pid_start);
	int output = out[0];
	if (spec.tty) {
		/* The terminal carries the output; the pipe only ever reports EOF. */
		output = console_receive(console[0]);
		close(console[0]);
		close(out[0]);
	}
	struct pollfd fds[NFDS] = {
		[OUT] = {output, POLLIN, 0}, [ERR] = {err[0], POLLIN, 0}, [SIG] = {sigfd, POLLIN, 0}, [HEALTH] = {-1, POLLIN, 0},
		[INPUT] = {spec.tty && spec.stdin_fd >= 0 ? fcntl(spec.stdin_fd, F_DUPFD_CLOEXEC, 0) : -1, POLLIN, 0}, [CLIENT] = {notify_fd, POLLRDHUP, 0},
	};
	int status = 0, exited = 0;
	while (!exited) {
		fds[HEALTH].fd = health_fd();
		fds[HEALTH].revents = 0;
		pump(fds, health_timeout_ms());
		if (fds[HEALTH].fd >= 0 && (fds[HEALTH].revents & (POLLIN | POLLHUP))) health_read();
		if (fds[SIG].revents & POLLIN) {
			struct signalfd_siginfo info;
			int resize = 0;
			while (read(sigfd, &info, sizeof(info)) == sizeof(info))
				resize |= info.ssi_signo == SIGWINCH;
			if (resize && spec.tty)
				resize_terminal(output);
		}
		for (pid_t done; (done = waitpid(-1, &status, WNOHANG)) > 0; ) {
			if (done == pid) { exited = 1; break; }
			health_reaped(done, status);
		}
		if (!exited) health_tick();
	}
	health_stop();
	if (!spec.new_pid)
		kill_leftovers();
	fds[HEALTH].fd = -1;
	if (fds[INPUT].fd >= 0) close(fds[INPUT].fd);
	fds[INPUT].fd = -1;
	/* PID 1 is gone; what it left in the pipes is still the container's output. */
	while (pump(fds, 100) > 0) {}
	state.oom_killed = oom_kills() > base_ooms;
	return wait_status_code(status);
}

/*
 * What the engine asked to undo once the container has ended for good (its
 * published ports' NAT rules), done before the state says so. Each runs to
 * its end; a failure is not ours to report.
 */
static void run_exit_commands(const char **args, int nargs)
{
	for (int i = 0; i < nargs; ) {
		const char **argv = &args[i];
		while (i < nargs && args[i]) i++;
		i++; /* past the NULL */
		if (!argv[0]) continue;
		pid_t pid = fork();
		if (pid == 0) {
			sigprocmask(SIG_UNBLOCK, &handled, NULL);
			execv(argv[0], (char *const *)argv);
			_exit(127);
		}
		for (int status; pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR; ) {}
	}
}

/* Whether any process is in the network namespace mounted at path (we are not: we stay in the host's). */
static int netns_in_use(const char *path)
{
	struct stat ns;
	DIR *proc = stat(path, &ns) == 0 ? opendir("/proc") : NULL;
	if (!proc)
		return 0;
	int found = 0;
	for (struct dirent *e; !found && (e = readdir(proc)); ) {
		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		char link[64];
		struct stat st;
		snprintf(link, sizeof(link), "/proc/%s/ns/net", e->d_name);
		found = stat(link, &st) == 0 && st.st_ino == ns.st_ino && st.st_dev == ns.st_dev;
	}
	closedir(proc);
	return found;
}

/*
 * What comes after the end, such as the removal of a detached --rm
 * container: started in a session of its own with no stdio, not waited for,
 * as it may remove the very files we hold.
 */
static void start_after_commands(void)
{
	for (int i = 0; i < spec.nafter_args; ) {
		const char **argv = &spec.after_args[i];
		while (i < spec.nafter_args && spec.after_args[i]) i++;
		i++; /* past the NULL */
		if (!argv[0] || fork() != 0) continue;
		sigprocmask(SIG_UNBLOCK, &handled, NULL);
		setsid();
		int null = open("/dev/null", O_RDWR);
		if (null >= 0) {
			dup2(null, 0); dup2(null, 1); dup2(null, 2);
		}
		for (int fd = 3; fd < 64; fd++) close(fd);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
}

static int wants_restart(int code)
{
	if (spec.stop_marker && access(spec.stop_marker, F_OK) == 0) return 0;
	/* A policy `container update` gave since the start wins over the spec's. */
	static char updated[32];
	FILE *f = spec.restart_file ? fopen(spec.restart_file, "re") : NULL;
	if (f) {
		int max;
		if (fscanf(f, "%31s %d", updated, &max) == 2) {
			spec.restart = updated;
			spec.restart_max = max;
		}
		fclose(f);
	}
	if (!strcmp(spec.restart, "always") || !strcmp(spec.restart, "unless-stopped")) return 1;
	if (!strcmp(spec.restart, "on-failure"))
		return code != 0 && (spec.restart_max <= 0 || state.restart_count < spec.restart_max);
	return 0;
}

/* Sleeps for the backoff, waking early if a stop is asked for. */
static int backoff_wait(long ms)
{
	for (long waited = 0; waited < ms; waited += 50) {
		if (spec.stop_marker && access(spec.stop_marker, F_OK) == 0) return 0;
		struct timespec ts = {0, 50 * 1000000L};
		nanosleep(&ts, NULL);
	}
	return 1;
}

int main(int argc, char **argv)
{
	/* Bound into a container as its init: `docker-init -- CMD...`. */
	if (argc >= 3 && !strcmp(argv[1], "--"))
		return init_main(argv + 2);
	int exec_mode = argc == 3 && !strcmp(argv[1], "exec");
	int copy_mode = argc == 3 && (!strcmp(argv[1], "cp-out") || !strcmp(argv[1], "cp-in"));
	if (argc != 2 && !exec_mode && !copy_mode) {
		fprintf(stderr, "usage: flotilla-shim SPEC | flotilla-shim exec SPEC\n");
		return 2;
	}
	const char *spec_path = argv[argc - 1];
	if (spec_load(spec_path, &spec) < 0) {
		fprintf(stderr, "flotilla-shim: cannot read %s: %s\n", spec_path, strerror(errno));
		return 125;
	}
	if (exec_mode)
		return exec_in_container(&spec);
	if (copy_mode)
		return copy_main(argv[1], &spec);
	if (fcntl(3, F_GETFD) >= 0) {
		notify_fd = 3;
		fcntl(3, F_SETFD, FD_CLOEXEC);
	}
	/* The container's stdin stays ours only for handing over: never to its other processes. */
	if (spec.stdin_fd >= 0 && fcntl(spec.stdin_fd, F_SETFD, FD_CLOEXEC) < 0)
		spec.stdin_fd = -1;
	if (spec.late_fd >= 0 && fcntl(spec.late_fd, F_SETFD, FD_CLOEXEC) < 0) {
		fprintf(stderr, "flotilla-shim: the late records' fd %d is not open\n", spec.late_fd);
		return 125;
	}
	signal(SIGPIPE, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	sigemptyset(&handled);
	sigaddset(&handled, SIGCHLD);
	/* From the engine, when the client's terminal changed size (see resize_terminal). */
	sigaddset(&handled, SIGWINCH);
	sigprocmask(SIG_BLOCK, &handled, NULL);
	int sigfd = signalfd(-1, &handled, SFD_NONBLOCK | SFD_CLOEXEC);
	state.shim_pid = getpid();
	state.shim_start = process_start_time(state.shim_pid);
	state.status = "created";
	if (spec.log_path && log_open(&log_out, spec.log_path, spec.log_max_size, spec.log_max_files) < 0)
		log_out.fd = -1;
	/* Published ports are held before anything runs: a port taken since the
	 * engine checked fails the start, and nobody can take it while we live. */
	if (reserve_ports(&spec, state.error, sizeof(state.error)) < 0) {
		now_rfc3339(state.finished_at, sizeof(state.finished_at));
		state.exit_code = 125;
		state.status = "exited";
		save_state();
		return 0;
	}
	/* Once for every run and healthcheck; a failure is the container's to report when it starts. */
	char seccomp_err[256];
	prepare_seccomp(&spec, spec.seccomp_cache, seccomp_err, sizeof(seccomp_err));
	long backoff = 100;
	for (;;) {
		struct timespec began, ended;
		clock_gettime(CLOCK_MONOTONIC, &began);
		int code = run_once(sigfd);
		clock_gettime(CLOCK_MONOTONIC, &ended);
		/* As Docker: a run that lasted 10 s or more starts the backoff over. */
		if (ended.tv_sec - began.tv_sec >= 10) backoff = 100;
		now_rfc3339(state.finished_at, sizeof(state.finished_at));
		state.exit_code = code;
		state.pid = 0;
		if (give_up || !wants_restart(code)) break;
		state.status = "restarting";
		save_state();
		if (!backoff_wait(backoff)) break;
		backoff = backoff * 2 > 60000 ? 60000 : backoff * 2;
		state.restart_count++;
	}
	for (int i = 0; i < spec.ncgroup_dirs; i++) rmdir(spec.cgroup_dirs[i]);
	run_exit_commands(spec.exit_args, spec.nexit_args);
	/*
	 * Ended for good: its network namespace goes now (as `ip netns del`
	 * would), and with it its interfaces, so its address and names stop
	 * answering at once rather than at the next networking command. The
	 * kernel deletes them in the background, which takes it tens of ms;
	 * only if another container joined the namespace, and so keeps it
	 * alive, does the engine have them deleted now.
	 */
	if (spec.netns_drop && spec.netns_path) {
		if (spec.nshared_exit_args > 0 && netns_in_use(spec.netns_path))
			run_exit_commands(spec.shared_exit_args, spec.nshared_exit_args);
		umount2(spec.netns_path, MNT_DETACH);
		unlink(spec.netns_path);
	}
	state.status = "exited";
	save_state();
	notify("exit %ld\n", state.exit_code);
	start_after_commands();
	return 0;
}
