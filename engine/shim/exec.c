/*
 * The last steps in the container: working directory, user, limits,
 * capabilities, the seccomp filter, a clean fd table, then execve of the command found on the
 * container's PATH. Failures become Docker's exit codes: 127 when the
 * command is missing, 126 when it cannot be run, 125 for anything else.
 */
#define _GNU_SOURCE
#include "shim.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

extern char **environ;

static void mkdir_all(const char *path)
{
	char buf[PATH_MAX];
	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/') continue;
		*p = '\0';
		mkdir(buf, 0755);
		*p = '/';
	}
	mkdir(buf, 0755);
}

/* Only fds 0-2 (and the close-on-exec error pipe) may reach the command. */
static void close_other_fds(int error_fd)
{
	DIR *dir = opendir("/proc/self/fd");
	if (!dir) return;
	int self = dirfd(dir);
	for (struct dirent *e; (e = readdir(dir)); ) {
		int fd = atoi(e->d_name);
		if (e->d_name[0] == '.' || fd <= 2 || fd == self || fd == error_fd) continue;
		close(fd);
	}
	closedir(dir);
}

static void exec_on_path(const char *cmd, char *const *argv, int error_fd)
{
	if (strchr(cmd, '/')) {
		execve(cmd, argv, environ);
		fail(error_fd, errno == ENOENT ? 127 : 126, "exec: \"%s\": %s", cmd, strerror(errno));
	}
	const char *path = getenv("PATH");
	char buf[PATH_MAX], dirs[4096];
	int denied = 0;
	snprintf(dirs, sizeof(dirs), "%s", path ? path : "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
	for (char *save = dirs, *dir; (dir = strsep(&save, ":")); ) {
		snprintf(buf, sizeof(buf), "%s/%s", *dir ? dir : ".", cmd);
		struct stat st;
		if (stat(buf, &st) < 0 || S_ISDIR(st.st_mode)) continue;
		execve(buf, argv, environ);
		if (errno == EACCES) denied = 1;
	}
	if (denied)
		fail(error_fd, 126, "exec: \"%s\": permission denied", cmd);
	fail(error_fd, 127, "exec: \"%s\": executable file not found in $PATH", cmd);
}

/*
 * stdio that is the host's /dev/null is swapped for the container's own: the
 * host's node reached through /proc/PID/fd could be chmodded by root in the
 * container. Runs once the container's /dev is in place.
 */
static void own_dev_null(int error_fd)
{
	struct stat ours;
	if (stat("/dev/null", &ours) < 0 || !S_ISCHR(ours.st_mode))
		return;
	for (int fd = 0; fd <= 2; fd++) {
		struct stat st;
		if (fstat(fd, &st) < 0 || !S_ISCHR(st.st_mode) || st.st_rdev != ours.st_rdev) continue;
		if (st.st_dev == ours.st_dev && st.st_ino == ours.st_ino) continue;
		int null = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
		if (null < 0 || dup2(null, fd) < 0)
			fail(error_fd, 125, "open the container's /dev/null: %s", strerror(errno));
		close(null);
	}
}

/*
 * The container goes with its supervisor: nobody else would record its exit,
 * relay its output or apply its restart policy. The kernel clears the
 * parent-death signal when the credentials change, so this comes after the
 * uid and capabilities are set. A supervisor that died before it was set has
 * closed its end of the error pipe, which shows here as POLLERR. A profile
 * that refuses prctl leaves the container untied; the engine still sees a
 * container without a supervisor for what it is.
 */
static void die_with_supervisor(int error_fd)
{
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
		return;
	struct pollfd pipe_end = {error_fd, POLLOUT, 0};
	if (poll(&pipe_end, 1, 0) == 1 && (pipe_end.revents & (POLLERR | POLLHUP)))
		_exit(125);
}

void run_command(const struct spec *s, int error_fd)
{
	char err[512] = "";
	own_dev_null(error_fd);
	clearenv();
	for (int i = 0; i < s->nenv; i++) putenv((char *)s->env[i]);
	if (!getenv("PATH")) setenv("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", 1);
	const char *cwd = s->cwd && *s->cwd ? s->cwd : "/";
	mkdir_all(cwd);
	uid_t uid = 0;
	if (apply_user(s->user, s->groups, s->ngroups, err, sizeof(err), &uid) < 0)
		fail(error_fd, 125, "%s", err);
	if (apply_rlimits(s->rlimits, s->nrlimits, err, sizeof(err)) < 0)
		fail(error_fd, 125, "%s", err);
	if (s->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		fail(error_fd, 125, "no_new_privs: %s", strerror(errno));
	/*
	 * The seccomp filter goes in where runc puts it. Without no_new_privs
	 * the kernel lets only a holder of CAP_SYS_ADMIN install one, so it
	 * must come before the capabilities are dropped (and then the profile
	 * has to allow what is left: capset, setresuid, chdir, execve...). With
	 * no_new_privs anyone may: it comes last, just before execve, so that
	 * as little of ours as possible runs under the container's filter.
	 */
	if (!s->no_new_privs && apply_seccomp(s, err, sizeof(err)) < 0)
		fail(error_fd, 125, "%s", err);
	if (apply_caps(s->caps, s->ncaps, s->privileged, uid, err, sizeof(err)) < 0)
		fail(error_fd, 125, "%s", err);
	die_with_supervisor(error_fd);
	if (chdir(cwd) < 0)
		fail(error_fd, 125, "chdir to working directory \"%s\": %s", cwd, strerror(errno));
	close_other_fds(error_fd);
	if (s->no_new_privs && apply_seccomp(s, err, sizeof(err)) < 0)
		fail(error_fd, 125, "%s", err);
	if (s->nargs == 0)
		fail(error_fd, 125, "no command specified");
	exec_on_path(s->args[0], (char *const *)s->args, error_fd);
	_exit(125);
}
