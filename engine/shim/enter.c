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

static int join_cgroup(const struct spec *s)
{
	char pid[32];
	int n = snprintf(pid, sizeof(pid), "%d", (int)getpid());
	for (int i = 0; i < s->ncgroup_procs; i++) {
		int fd = open(s->cgroup_procs[i], O_WRONLY | O_CLOEXEC);
		if (fd < 0) continue; /* the cgroup may be gone with a killed supervisor: run anyway */
		write_all(fd, pid, (size_t)n);
		close(fd);
	}
	return 0;
}

int exec_in_container(const struct spec *s)
{
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	if (s->target_pid <= 0 || process_start_time((pid_t)s->target_pid) != s->target_start) {
		fprintf(stderr, "error: the container is not running\n");
		return 125;
	}
	join_cgroup(s);
	if (join_namespaces(s) < 0)
		return 125;
	int error[2];
	if (pipe2(error, O_CLOEXEC) < 0)
		return 125;
	child_pid = fork();
	if (child_pid == 0) {
		close(error[0]);
		/* Dies with us: a healthcheck runner killed at its timeout takes its test along. */
		prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
		setpgid(0, 0);
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
