/*
 * Resolves a container path the way the container will see it: symlinks are
 * followed as if `root` were `/`, and `..` never climbs above it. Mount
 * targets found this way cannot point at the host (CVE-2021-30465's lesson).
 * Missing trailing components are allowed: the caller creates them.
 */
#include "shim.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_LINKS 40

int resolve_in_root(const char *root, const char *path, char *out, size_t outlen, int error_fd)
{
	char rest[PATH_MAX * 2], resolved[PATH_MAX] = "";
	int links = 0;
	if (snprintf(rest, sizeof(rest), "%s", path) >= (int)sizeof(rest))
		fail(error_fd, 125, "path too long: %s", path);
	char *p = rest;
	while (*p) {
		while (*p == '/') p++;
		if (!*p) break;
		char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		char part[NAME_MAX + 1];
		if (n > NAME_MAX)
			fail(error_fd, 125, "path component too long in %s", path);
		memcpy(part, p, n);
		part[n] = '\0';
		p += n;
		if (!strcmp(part, "."))
			continue;
		if (!strcmp(part, "..")) {
			char *last = strrchr(resolved, '/');
			if (last) *last = '\0';
			continue;
		}
		char candidate[PATH_MAX], host[PATH_MAX];
		snprintf(candidate, sizeof(candidate), "%s/%s", resolved, part);
		snprintf(host, sizeof(host), "%s%s", root, candidate);
		struct stat st;
		if (lstat(host, &st) < 0 || !S_ISLNK(st.st_mode)) {
			snprintf(resolved, sizeof(resolved), "%s", candidate);
			continue;
		}
		if (++links > MAX_LINKS)
			fail(error_fd, 125, "too many symlinks in %s", path);
		char target[PATH_MAX];
		ssize_t len = readlink(host, target, sizeof(target) - 1);
		if (len < 0)
			fail(error_fd, 125, "readlink %s: %s", host, strerror(errno));
		target[len] = '\0';
		/* Splice the link's target in front of what is left to walk. */
		char next[PATH_MAX * 2];
		if (snprintf(next, sizeof(next), "%s/%s", target, p) >= (int)sizeof(next))
			fail(error_fd, 125, "path too long: %s", path);
		snprintf(rest, sizeof(rest), "%s", next);
		p = rest;
		if (target[0] == '/')
			resolved[0] = '\0';
	}
	if (snprintf(out, outlen, "%s%s", root, resolved) >= (int)outlen)
		fail(error_fd, 125, "path too long: %s", path);
	return 0;
}
