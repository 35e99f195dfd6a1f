/*
 * Opening a path below a directory descriptor without ever following a
 * symlink or leaving that directory: openat2 with RESOLVE_BENEATH |
 * RESOLVE_NO_SYMLINKS, so the kernel checks every component at the moment
 * it walks it. Kernels before 5.6 have no openat2: there the walk is done
 * here, one openat(O_NOFOLLOW) per component, each relative to the last.
 */
#define _GNU_SOURCE
#include "shim.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static int walk_nofollow(int dirfd, const char *path, int flags)
{
	char copy[PATH_MAX];
	if (snprintf(copy, sizeof(copy), "%s", path) >= (int)sizeof(copy)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	int fd = fcntl(dirfd, F_DUPFD_CLOEXEC, 0);
	for (char *save = copy, *part; fd >= 0 && (part = strsep(&save, "/")); ) {
		if (!*part || !strcmp(part, "."))
			continue;
		if (!strcmp(part, "..")) {
			close(fd);
			errno = EXDEV;
			return -1;
		}
		int last = save == NULL;
		int next = openat(fd, part, (last ? flags : O_RDONLY | O_DIRECTORY) | O_NOFOLLOW | O_CLOEXEC);
		close(fd);
		fd = next;
	}
	return fd;
}

int open_beneath(int dirfd, const char *path, int flags)
{
	struct open_how how = {
		.flags = (unsigned long long)(flags | O_NOFOLLOW | O_CLOEXEC),
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
	};
	long fd = syscall(SYS_openat2, dirfd, *path ? path : ".", &how, sizeof(how));
	if (fd >= 0 || errno != ENOSYS)
		return (int)fd;
	return walk_nofollow(dirfd, path, flags);
}
