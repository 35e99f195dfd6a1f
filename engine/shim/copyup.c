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

static const char *copy_from, *copy_to;
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

static int copy_file(const char *from, const char *to, mode_t mode)
{
	int in = open(from, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode & 07777);
	if (in < 0 || out < 0) {
		if (in >= 0) close(in);
		if (out >= 0) close(out);
		return -1;
	}
	char buf[65536];
	ssize_t n;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write_all(out, buf, (size_t)n) < 0) break;
	close(in);
	close(out);
	return n == 0 ? 0 : -1;
}

static int copy_entry(const char *fpath, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)flag; (void)ftw;
	char to[PATH_MAX];
	snprintf(to, sizeof(to), "%s%s", copy_to, fpath + from_len);
	int rc = 0;
	if (S_ISDIR(st->st_mode)) {
		if (mkdir(to, st->st_mode & 07777) < 0 && errno != EEXIST) rc = -1;
	} else if (S_ISLNK(st->st_mode)) {
		char target[PATH_MAX];
		ssize_t n = readlink(fpath, target, sizeof(target) - 1);
		if (n < 0) return 0;
		target[n] = '\0';
		rc = symlink(target, to);
	} else if (S_ISREG(st->st_mode)) {
		rc = copy_file(fpath, to, st->st_mode);
	} else {
		return 0; /* devices and sockets stay behind */
	}
	if (rc < 0) return -1;
	if (lchown(to, st->st_uid, st->st_gid) < 0 && errno != EPERM) return -1;
	if (!S_ISLNK(st->st_mode) && chmod(to, st->st_mode & 07777) < 0) return -1;
	struct timespec times[2] = {st->st_atim, st->st_mtim};
	utimensat(AT_FDCWD, to, times, AT_SYMLINK_NOFOLLOW);
	return 0;
}

/* Copies the image's content at `target` into the empty volume directory `volume`. */
int copy_up(const char *target, const char *volume)
{
	struct stat st;
	if (lstat(target, &st) < 0 || !S_ISDIR(st.st_mode) || !is_empty_dir(volume))
		return 0;
	copy_from = target;
	copy_to = volume;
	from_len = strlen(target);
	return nftw(target, copy_entry, 64, FTW_PHYS);
}
