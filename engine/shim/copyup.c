/*
 * Docker fills a new, empty volume with what the image has at the mount
 * point. Done here, in the container's mount namespace, where the image's
 * merged root is mounted: the content is copied from the target (inside the
 * root) into the volume's directory before the volume is bound over it.
 */
#define _GNU_SOURCE
#include "shim.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * Both sides are worked through descriptors: the volume may be shared with
 * a running container, and the image's content may sit in another
 * container's volume, so either can change while the copy runs, and this
 * runs before pivot_root, where a symlink followed would lead to the host.
 * Every entry is reached with open_beneath (no symlink, never above the
 * volume or the mount point), made with the *at calls on its parent's
 * descriptor, and given owner, mode and times on its own descriptor.
 */
static int volume_fd = -1, source_fd = -1;
static size_t from_len;

static int is_empty_dir(const char *path)
{
	DIR *dir = opendir(path);
	if (!dir) return 0;
	int empty = 1;
	for (struct dirent *e; empty && (e = readdir(dir)); )
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) empty = 0;
	closedir(dir);
	return empty;
}

/* A descriptor on `rel`'s folder in `base` (itself when `rel` has no slash), and `rel`'s last component in `name`. */
static int parent_of(int base, const char *rel, char name[NAME_MAX + 1])
{
	const char *slash = strrchr(rel, '/');
	const char *last = slash ? slash + 1 : rel;
	if (strlen(last) > NAME_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(name, last);
	char parent[PATH_MAX];
	snprintf(parent, sizeof(parent), "%.*s", slash ? (int)(slash - rel) : 0, rel);
	return open_beneath(base, parent, O_RDONLY | O_DIRECTORY);
}

static int copy_data(const char *rel, int out)
{
	/* O_NONBLOCK: what was a file when listed may be a FIFO by now. */
	int in = open_beneath(source_fd, rel, O_RDONLY | O_NONBLOCK);
	struct stat st;
	if (in < 0 || fstat(in, &st) < 0 || !S_ISREG(st.st_mode)) {
		if (in >= 0) close(in);
		return -1;
	}
	char buf[65536];
	ssize_t n;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write_all(out, buf, (size_t)n) < 0) break;
	close(in);
	return n == 0 ? 0 : -1;
}

/* Makes `name` in `dir` as the image has `rel`; a descriptor on it, or -2 for a symlink (set through its name). */
static int make_entry(int dir, const char *name, const char *rel, const struct stat *st)
{
	if (S_ISDIR(st->st_mode)) {
		if (mkdirat(dir, name, 0700) < 0 && errno != EEXIST) return -1;
		return openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	}
	if (S_ISLNK(st->st_mode)) {
		char target[PATH_MAX];
		int link = open_beneath(source_fd, rel, O_PATH);
		ssize_t n = link < 0 ? -1 : readlinkat(link, "", target, sizeof(target) - 1);
		if (link >= 0) close(link);
		if (n < 0) return -1;
		target[n] = '\0';
		return symlinkat(target, dir, name) < 0 ? -1 : -2;
	}
	int out = openat(dir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (out >= 0 && copy_data(rel, out) < 0) {
		close(out);
		return -1;
	}
	return out;
}

static int set_owner_mode_times(int fd, int dir, const char *name, const struct stat *st)
{
	struct timespec times[2] = {st->st_atim, st->st_mtim};
	if (fd == -2) {
		if (fchownat(dir, name, st->st_uid, st->st_gid, AT_SYMLINK_NOFOLLOW) < 0 && errno != EPERM) return -1;
		utimensat(dir, name, times, AT_SYMLINK_NOFOLLOW);
		return 0;
	}
	/* Owner before mode: chown clears the set-user-ID and set-group-ID bits. */
	if (fchown(fd, st->st_uid, st->st_gid) < 0 && errno != EPERM) return -1;
	if (fchmod(fd, st->st_mode & 07777) < 0) return -1;
	futimens(fd, times);
	return 0;
}

static int copy_entry(const char *fpath, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)flag; (void)ftw;
	if (!S_ISDIR(st->st_mode) && !S_ISLNK(st->st_mode) && !S_ISREG(st->st_mode))
		return 0; /* devices and sockets stay behind */
	const char *rel = fpath + from_len;
	while (*rel == '/') rel++;
	char name[NAME_MAX + 1] = "";
	/* The volume's own folder takes the mount point's owner and mode. */
	int dir = *rel ? parent_of(volume_fd, rel, name) : -1;
	if (*rel && dir < 0) return -1;
	int fd = *rel ? make_entry(dir, name, rel, st) : fcntl(volume_fd, F_DUPFD_CLOEXEC, 0);
	int rc = fd == -1 ? -1 : set_owner_mode_times(fd, dir, name, st);
	if (fd >= 0) close(fd);
	if (dir >= 0) close(dir);
	return rc;
}

/* Copies the image's content at `target` into the empty volume directory `volume`. */
int copy_up(const char *target, const char *volume)
{
	struct stat st;
	if (lstat(target, &st) < 0 || !S_ISDIR(st.st_mode) || !is_empty_dir(volume))
		return 0;
	volume_fd = open(volume, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	source_fd = open(target, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	from_len = strlen(target);
	int rc = volume_fd < 0 || source_fd < 0 ? -1 : nftw(target, copy_entry, 64, FTW_PHYS);
	if (volume_fd >= 0) close(volume_fd);
	if (source_fd >= 0) close(source_fd);
	volume_fd = source_fd = -1;
	return rc;
}
