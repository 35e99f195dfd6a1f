/*
 * `flotilla-shim cp-out SPEC` / `cp-in SPEC`: docker cp. The supervisor
 * binary enters the container's mount namespace (a running container's, or
 * a fresh one with the stopped container's overlay mounted) and chroots
 * there, so every path and symlink resolves inside the container and can
 * never reach the host (CVE-2018-15664's lesson). Files travel as records:
 * "<type> <mode> <uid> <gid> <mtime> <size> <pathlen> <linklen>\n" then the
 * path, the link target and the content; type d, f, l, or e for the end.
 */
#define _GNU_SOURCE
#include "shim.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

static size_t prefix_len;

static int enter_root(const struct spec *s)
{
	if (s->target_pid > 0) {
		char path[64];
		snprintf(path, sizeof(path), "/proc/%ld/ns/mnt", s->target_pid);
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (process_start_time((pid_t)s->target_pid) != s->target_start || fd < 0 || setns(fd, CLONE_NEWNS) < 0) {
			fprintf(stderr, "error: enter the container: %s\n", strerror(errno));
			return -1;
		}
		close(fd);
		return chdir("/");
	}
	/* A stopped container: its root exists only as layers; mount them where nobody else sees. */
	char data[8192];
	size_t used = (size_t)snprintf(data, sizeof(data), "lowerdir=");
	for (int i = s->nlower - 1; i >= 0; i--)
		used += (size_t)snprintf(data + used, sizeof(data) - used, "%s%s", s->lower[i], i ? ":" : "");
	snprintf(data + used, sizeof(data) - used, ",upperdir=%s,workdir=%s,index=off", s->upper, s->work);
	if (unshare(CLONE_NEWNS) < 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount("overlay", s->rootfs, "overlay", 0, data) < 0 || chdir(s->rootfs) < 0 || chroot(".") < 0 || chdir("/") < 0) {
		fprintf(stderr, "error: mount the container's root: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

static void emit(char type, const struct stat *st, const char *path, const char *link, size_t size)
{
	printf("%c %o %u %u %lld %zu %zu %zu\n", type, (unsigned)(st->st_mode & 07777), (unsigned)st->st_uid, (unsigned)st->st_gid,
	       (long long)st->st_mtime, size, strlen(path), strlen(link));
	fputs(path, stdout);
	fputs(link, stdout);
}

static int send_entry(const char *fpath, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)flag; (void)ftw;
	const char *rel = fpath + prefix_len;
	if (*rel == '/') rel++;
	if (S_ISDIR(st->st_mode)) {
		emit('d', st, rel, "", 0);
	} else if (S_ISLNK(st->st_mode)) {
		char target[PATH_MAX];
		ssize_t n = readlink(fpath, target, sizeof(target) - 1);
		target[n < 0 ? 0 : n] = '\0';
		emit('l', st, rel, target, 0);
	} else if (S_ISREG(st->st_mode)) {
		int fd = open(fpath, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0) return 0;
		emit('f', st, rel, "", (size_t)st->st_size);
		char buf[65536];
		size_t left = (size_t)st->st_size;
		while (left > 0) {
			ssize_t n = read(fd, buf, left < sizeof(buf) ? left : sizeof(buf));
			if (n <= 0) { memset(buf, 0, sizeof(buf)); n = (ssize_t)(left < sizeof(buf) ? left : sizeof(buf)); }
			fwrite(buf, 1, (size_t)n, stdout);
			left -= (size_t)n;
		}
		close(fd);
	}
	return 0; /* devices, sockets and FIFOs are skipped, as docker cp does */
}

static int copy_out(const char *path)
{
	struct stat st;
	if (lstat(path, &st) < 0) {
		fprintf(stderr, "error: no such file or directory in the container: %s\n", path);
		return 1;
	}
	prefix_len = strlen(path);
	nftw(path, send_entry, 64, FTW_PHYS);
	struct stat none = {0};
	emit('e', &none, "", "", 0);
	return fflush(stdout) == 0 ? 0 : 1;
}

/* A record's path must stay under the destination: relative, no "..". */
static int safe_relative(const char *rel)
{
	if (rel[0] == '/') return 0;
	for (const char *p = rel; *p; ) {
		if (p[0] == '.' && p[1] == '.' && (p[2] == '/' || p[2] == '\0')) return 0;
		const char *slash = strchr(p, '/');
		if (!slash) break;
		p = slash + 1;
	}
	return 1;
}

static int receive_one(const char *root, char type, unsigned mode, uid_t uid, gid_t gid, long long mtime, size_t size, const char *rel, const char *link)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s%s%s", root, *rel ? "/" : "", rel);
	if (type == 'd') {
		if (mkdir(path, 0700) < 0 && errno != EEXIST) return -1;
	} else if (type == 'l') {
		unlink(path);
		if (symlink(link, path) < 0) return -1;
	} else {
		unlink(path);
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0) return -1;
		char buf[65536];
		for (size_t left = size; left > 0; ) {
			size_t n = fread(buf, 1, left < sizeof(buf) ? left : sizeof(buf), stdin);
			if (n == 0) { close(fd); return -1; }
			write_all(fd, buf, n);
			left -= n;
		}
		close(fd);
	}
	if (lchown(path, uid, gid) < 0 && errno != EPERM) return -1;
	if (type != 'l' && chmod(path, mode) < 0) return -1;
	struct timespec times[2] = {{mtime, 0}, {mtime, 0}};
	utimensat(AT_FDCWD, path, times, AT_SYMLINK_NOFOLLOW);
	return 0;
}

static int copy_in(const char *dest, const char *name)
{
	struct stat st;
	char root[PATH_MAX];
	/* docker cp: into an existing directory, or as the destination itself. */
	if (stat(dest, &st) == 0 && S_ISDIR(st.st_mode)) snprintf(root, sizeof(root), "%s/%s", dest, name);
	else snprintf(root, sizeof(root), "%s", dest);
	char line[256];
	while (fgets(line, sizeof(line), stdin)) {
		char type;
		unsigned mode, uid, gid;
		long long mtime;
		size_t size, plen, llen;
		if (sscanf(line, "%c %o %u %u %lld %zu %zu %zu", &type, &mode, &uid, &gid, &mtime, &size, &plen, &llen) != 8 || plen >= PATH_MAX || llen >= PATH_MAX) break;
		if (type == 'e') return 0;
		char rel[PATH_MAX], link[PATH_MAX];
		if (fread(rel, 1, plen, stdin) != plen || fread(link, 1, llen, stdin) != llen) break;
		rel[plen] = link[llen] = '\0';
		if (!safe_relative(rel) || receive_one(root, type, mode, uid, gid, mtime, size, rel, link) < 0) {
			fprintf(stderr, "error: cannot write %s/%s in the container: %s\n", root, rel, strerror(errno));
			return 1;
		}
	}
	fprintf(stderr, "error: the copy stream ended early\n");
	return 1;
}

int copy_main(const char *mode, const struct spec *s)
{
	if (enter_root(s) < 0) return 1;
	if (!s->cp_path) return 2;
	if (!strcmp(mode, "cp-out")) return copy_out(s->cp_path);
	return copy_in(s->cp_path, s->cp_name ? s->cp_name : "");
}
