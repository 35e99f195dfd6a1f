/*
 * The container's seccomp filter: the rules the engine resolved from the
 * profile (engine/container/seccomp/), compiled (seccomp-compile.c) and
 * loaded into the calling process, which passes it on to all it runs.
 *
 * Compiling Docker's profile for x86_64, x86 and x32 takes libseccomp
 * 10-20 ms, as long as the rest of a container's start. So the program is
 * kept in the engine's cache file for those rules, which the next
 * container with the same rules loads instead, and the supervisor reads it
 * once, before the clone: its restarts and healthchecks reuse it.
 */
#define _GNU_SOURCE
#include "shim.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* The compiled program, once prepare_seccomp has made or read it. */
static struct sock_fprog compiled;

/* Reads a whole program from fd (at its start); 0, or -1 when it is not one. */
static int read_program(int fd)
{
	struct stat st;
	size_t size;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != 0)
		return -1;
	size = (size_t)st.st_size;
	if (size == 0 || size % sizeof(struct sock_filter) || size > BPF_MAXINSNS * sizeof(struct sock_filter))
		return -1;
	struct sock_filter *program = malloc(size);
	if (!program || pread(fd, program, size, 0) != (ssize_t)size) {
		free(program);
		return -1;
	}
	compiled.filter = program;
	compiled.len = (unsigned short)(size / sizeof(struct sock_filter));
	return 0;
}

static int read_cache(const char *path)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = read_program(fd);
	close(fd);
	return rc;
}

/* Best effort: a temporary file renamed over the cache's name, so no reader sees half a program. */
static void write_cache(const char *path)
{
	char dir[4096], tmp[4096];
	snprintf(dir, sizeof(dir), "%s", path);
	char *slash = strrchr(dir, '/');
	if (!slash)
		return;
	*slash = '\0';
	mkdir(dir, 0700);
	snprintf(tmp, sizeof(tmp), "%s.%d.tmp", path, (int)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	int ok = write_all(fd, compiled.filter, compiled.len * sizeof(struct sock_filter)) == 0 && fsync(fd) == 0;
	close(fd);
	if (!ok || rename(tmp, path) < 0)
		unlink(tmp);
}

/* Compiles the filter into the program, read back from a memory file: libseccomp 2.5 exports only to an fd. */
static int compile_program(const struct spec *s, char *err, size_t errlen)
{
	int fd = memfd_create("seccomp", MFD_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "seccomp: memfd_create: %s", strerror(errno));
		return -1;
	}
	int rc = seccomp_compile(s, fd, err, errlen);
	/* A memory file belongs to its maker, root, as read_program wants. */
	if (rc == 0 && (rc = read_program(fd)) < 0)
		snprintf(err, errlen, "seccomp: the compiled filter is not a program");
	close(fd);
	return rc;
}

/*
 * The same, in a child that writes the program to the cache: libseccomp's
 * working memory (a megabyte for Docker's profile) would otherwise stay with
 * the supervisor for the container's life. Failures are the container's to
 * report, when it compiles the filter itself.
 */
static int compile_to_cache(const struct spec *s, const char *cache)
{
	pid_t pid = fork();
	if (pid == 0) {
		char err[256];
		if (compile_program(s, err, sizeof(err)) < 0)
			_exit(1);
		write_cache(cache);
		_exit(0);
	}
	int status;
	while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
	return pid > 0 ? read_cache(cache) : -1;
}

int prepare_seccomp(const struct spec *s, const char *cache, char *err, size_t errlen)
{
	if (!s->seccomp[0] || compiled.filter)
		return 0;
	if (cache && (read_cache(cache) == 0 || compile_to_cache(s, cache) == 0))
		return 0;
	return compile_program(s, err, errlen);
}

int apply_seccomp(const struct spec *s, char *err, size_t errlen)
{
	if (!s->seccomp[0])
		return 0;
	/* Not compiled beforehand (the supervisor could not): compiled here, never cached from inside a container. */
	if (prepare_seccomp(s, NULL, err, errlen) < 0)
		return -1;
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &compiled) < 0) {
		snprintf(err, errlen, "seccomp: load the filter: %s", strerror(errno));
		return -1;
	}
	return 0;
}
