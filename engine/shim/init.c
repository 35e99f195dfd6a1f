/*
 * `docker-init -- CMD...`: the small init a container runs as PID 1 with
 * `init: true`. It starts the command, passes every signal it gets on to
 * it, reaps every zombie the namespace hands it, and exits with the
 * command's status. The same static binary as the supervisor, bound
 * read-only into the container.
 */
#define _GNU_SOURCE
#include "shim.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

int init_main(char **argv)
{
	sigset_t all, old;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	/* Not PID 1 (the host's pid namespace): orphans come to us all the same. */
	prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	pid_t child = fork();
	if (child < 0) {
		fprintf(stderr, "docker-init: fork: %s\n", strerror(errno));
		return 125;
	}
	if (child == 0) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		execvp(argv[0], argv);
		fprintf(stderr, "docker-init: exec %s: %s\n", argv[0], strerror(errno));
		_exit(errno == ENOENT ? 127 : 126);
	}
	for (;;) {
		siginfo_t info;
		int sig = sigwaitinfo(&all, &info);
		if (sig < 0)
			continue;
		if (sig != SIGCHLD) {
			kill(child, sig);
			continue;
		}
		/* Reap everything that ended: our command, and orphans re-parented to us. */
		for (;;) {
			int status;
			pid_t done = waitpid(-1, &status, WNOHANG);
			if (done <= 0)
				break;
			if (done == child)
				return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
		}
	}
}
