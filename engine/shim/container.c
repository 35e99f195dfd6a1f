/*
 * The container side of the clone: runs as PID 1 of fresh namespaces,
 * builds the root (overlay of the image layers, /proc, a minimal /dev,
 * read-only /sys and /sys/fs/cgroup, binds and tmpfs), pivots into it,
 * hides what Docker hides, drops privileges and execs the command. Nothing
 * here loads code from the container: users and groups are read from its
 * files by hand.
 */
#define _GNU_SOURCE
#include "shim.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

int resolve_in_root(const char *root, const char *path, char *out, size_t outlen, int error_fd);

static void make_dir(const char *path, int error_fd)
{
	struct stat st;
	if (lstat(path, &st) == 0) {
		if (!S_ISDIR(st.st_mode))
			fail(error_fd, 125, "mount point %s is not a directory", path);
		return;
	}
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		fail(error_fd, 125, "mkdir %s: %s", path, strerror(errno));
}

static void do_mount(const char *src, const char *target, const char *type, unsigned long flags, const char *data, int error_fd)
{
	if (mount(src, target, type, flags, data) < 0)
		fail(error_fd, 125, "mount %s on %s: %s", type ? type : src, target, strerror(errno));
}

static void mount_overlay(const struct spec *s, int error_fd)
{
	/* lowerdir lists the top layer first; the spec lists the lowest first. */
	char data[8192];
	size_t used = snprintf(data, sizeof(data), "lowerdir=");
	for (int i = s->nlower - 1; i >= 0; i--) {
		used += snprintf(data + used, sizeof(data) - used, "%s%s", s->lower[i], i ? ":" : "");
		if (used >= sizeof(data))
			fail(error_fd, 125, "too many layers for one overlay mount");
	}
	used += snprintf(data + used, sizeof(data) - used, ",upperdir=%s,workdir=%s,index=off", s->upper, s->work);
	if (used >= sizeof(data))
		fail(error_fd, 125, "overlay options too long");
	do_mount("overlay", s->rootfs, "overlay", 0, data, error_fd);
}

static void make_device(const char *dev, const char *name, unsigned int major_, unsigned int minor_, int error_fd)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", dev, name);
	if (mknod(path, S_IFCHR | 0666, makedev(major_, minor_)) < 0)
		fail(error_fd, 125, "mknod %s: %s", path, strerror(errno));
	chmod(path, 0666); /* mknod's mode is filtered by the umask */
}

static void mount_dev(const struct spec *s, const char *root, int error_fd)
{
	char dev[PATH_MAX], path[PATH_MAX];
	snprintf(dev, sizeof(dev), "%s/dev", root);
	make_dir(dev, error_fd);
	do_mount("tmpfs", dev, "tmpfs", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k", error_fd);
	static const struct { const char *name; unsigned int major_, minor_; } nodes[] = {
		{"null", 1, 3}, {"zero", 1, 5}, {"full", 1, 7}, {"random", 1, 8}, {"urandom", 1, 9}, {"tty", 5, 0},
	};
	for (size_t i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++)
		make_device(dev, nodes[i].name, nodes[i].major_, nodes[i].minor_, error_fd);
	static const char *links[][2] = {
		{"/proc/self/fd", "fd"}, {"/proc/self/fd/0", "stdin"}, {"/proc/self/fd/1", "stdout"},
		{"/proc/self/fd/2", "stderr"}, {"pts/ptmx", "ptmx"}, {"/proc/kcore", "core"},
	};
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dev, links[i][1]);
		if (symlink(links[i][0], path) < 0)
			fail(error_fd, 125, "symlink %s: %s", path, strerror(errno));
	}
	snprintf(path, sizeof(path), "%s/pts", dev);
	make_dir(path, error_fd);
	do_mount("devpts", path, "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620,gid=5", error_fd);
	snprintf(path, sizeof(path), "%s/shm", dev);
	make_dir(path, error_fd);
	char data[64];
	snprintf(data, sizeof(data), "mode=1777,size=%lld", s->shm_size > 0 ? s->shm_size : 64LL << 20);
	do_mount("shm", path, "tmpfs", MS_NOSUID | MS_NOEXEC | MS_NODEV, data, error_fd);
	snprintf(path, sizeof(path), "%s/mqueue", dev);
	make_dir(path, error_fd);
	if (s->new_ipc)
		do_mount("mqueue", path, "mqueue", MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL, error_fd);
}

static void mount_proc(const char *root, int error_fd)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/proc", root);
	make_dir(path, error_fd);
	do_mount("proc", path, "proc", MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL, error_fd);
}

/* sysfs shows the network interfaces of the mounter's namespace: mounted once in the container's. */
static void mount_sys(const char *root, int error_fd)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/sys", root);
	make_dir(path, error_fd);
	/* sysfs of the host's network namespace cannot be mounted afresh: bind it,
	 * without the host's submounts (securityfs, debugfs, bpf, ...), which a
	 * recursive bind would bring along writable, as a fresh sysfs has none. */
	if (mount("sysfs", path, "sysfs", MS_NOSUID | MS_NOEXEC | MS_NODEV | MS_RDONLY, NULL) < 0) {
		do_mount("/sys", path, NULL, MS_BIND, NULL, error_fd);
		do_mount(NULL, path, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL, error_fd);
	}
}

/* Binds `source` on `target` read-only, or not at all (never writable); 0 on success. */
static int bind_readonly(const char *source, const char *target)
{
	if (mount(source, target, NULL, MS_BIND, NULL) < 0)
		return -1;
	if (mount(NULL, target, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
		umount2(target, MNT_DETACH);
		return -1;
	}
	return 0;
}

/*
 * /sys/fs/cgroup as Docker gives it, read-only (privileged too, like /sys
 * here): the container's own cgroups, where programs read their limits. v2:
 * its one directory bound over it. v1: a tmpfs with one bind per hierarchy
 * the container is in, named after the host's mount point (the engine puts
 * a container at <mount>/flotilla/<id>). Best effort: without it the
 * container runs all the same, with less to read.
 */
static void mount_cgroup(const struct spec *s, const char *root)
{
	char target[PATH_MAX], path[PATH_MAX], hierarchy[PATH_MAX], names[PATH_MAX];
	snprintf(target, sizeof(target), "%s/sys/fs/cgroup", root);
	/* Whatever is mounted here already is not the container's to see. */
	umount2(target, MNT_DETACH);
	struct statfs fs;
	if (s->ncgroup_dirs == 1 && statfs(s->cgroup_dirs[0], &fs) == 0 && fs.f_type == CGROUP2_SUPER_MAGIC) {
		bind_readonly(s->cgroup_dirs[0], target);
		return;
	}
	if (mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=755") < 0)
		return;
	for (int i = 0; i < s->ncgroup_dirs; i++) {
		snprintf(hierarchy, sizeof(hierarchy), "%s", s->cgroup_dirs[i]);
		for (int up = 0; up < 2; up++) {
			char *cut = strrchr(hierarchy, '/');
			if (cut) *cut = '\0';
		}
		const char *name = strrchr(hierarchy, '/');
		if (!name || !name[1])
			continue;
		name++;
		snprintf(path, sizeof(path), "%s/%s", target, name);
		if (mkdir(path, 0755) < 0 || bind_readonly(s->cgroup_dirs[i], path) < 0 || !strchr(name, ','))
			continue;
		/* Co-mounted controllers (cpu,cpuacct) get a link by each name, as on the host. */
		snprintf(names, sizeof(names), "%s", name);
		for (char *save = names, *controller; (controller = strsep(&save, ",")); ) {
			snprintf(path, sizeof(path), "%s/%s", target, controller);
			if (symlink(name, path) < 0 && errno != EEXIST)
				break; /* the tmpfs takes no more: the other links would fail alike */
		}
	}
	if (mount(NULL, target, NULL, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=755") < 0)
		umount2(target, MNT_DETACH);
}

/* Makes the mount point for a bind: a directory or an empty file, like its source. */
/* The missing folders above a resolved mount point (resolve_in_root leaves them to us, as fresh folders). */
static void make_parents(const char *target, int error_fd)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s", target);
	for (char *slash = strchr(path + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(path, 0755) < 0 && errno != EEXIST)
			fail(error_fd, 125, "mkdir %s: %s", path, strerror(errno));
		*slash = '/';
	}
}

/* Inherited by all it starts. Lowering it takes CAP_SYS_RESOURCE, which the engine may not have. */
static void set_oom_score_adj(const struct spec *s, int error_fd)
{
	if (!s->has_oom_score_adj)
		return;
	char value[16];
	int n = snprintf(value, sizeof(value), "%d", s->oom_score_adj);
	int fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write_all(fd, value, (size_t)n) < 0)
		fail(error_fd, 125, "set oom_score_adj to %d: %s", s->oom_score_adj, strerror(errno));
	close(fd);
}

static void make_target(const char *source, const char *target, int error_fd)
{
	struct stat src, dst;
	if (stat(source, &src) < 0)
		fail(error_fd, 125, "bind source %s: %s", source, strerror(errno));
	if (lstat(target, &dst) == 0)
		return;
	make_parents(target, error_fd);
	if (S_ISDIR(src.st_mode)) {
		if (mkdir(target, 0755) < 0)
			fail(error_fd, 125, "mkdir %s: %s", target, strerror(errno));
		return;
	}
	int fd = open(target, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		fail(error_fd, 125, "create mount point %s: %s", target, strerror(errno));
	close(fd);
}

/* Whether a comma-separated option list holds `name` as a whole word. */
static int has_option(const char *opts, const char *name)
{
	size_t len = strlen(name);
	for (const char *p = opts; *p; ) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		if (n == len && !strncmp(p, name, len))
			return 1;
		p += n + (comma ? 1 : 0);
	}
	return 0;
}

static void mount_binds(const struct spec *s, int error_fd)
{
	char target[PATH_MAX];
	for (int i = 0; i < s->nbinds; i++) {
		const char *source = s->binds[i][0], *opts = s->binds[i][2];
		resolve_in_root(s->rootfs, s->binds[i][1], target, sizeof(target), error_fd);
		/* A new volume takes what the image has there (unless nocopy). */
		if (has_option(opts, "copyup") && copy_up(target, source) < 0)
			fail(error_fd, 125, "copy %s into volume %s: %s", s->binds[i][1], source, strerror(errno));
		make_target(source, target, error_fd);
		do_mount(source, target, NULL, MS_BIND | MS_REC, NULL, error_fd);
		if (has_option(opts, "ro"))
			do_mount(NULL, target, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL, error_fd);
	}
	for (int i = 0; i < s->ntmpfs; i++) {
		resolve_in_root(s->rootfs, s->tmpfs[i][0], target, sizeof(target), error_fd);
		struct stat st;
		if (lstat(target, &st) < 0 && mkdir(target, 0755) < 0)
			fail(error_fd, 125, "mkdir %s: %s", target, strerror(errno));
		do_mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, s->tmpfs[i][1], error_fd);
	}
}

static void pivot(const char *root, int error_fd)
{
	if (chdir(root) < 0)
		fail(error_fd, 125, "chdir %s: %s", root, strerror(errno));
	/* pivot_root(".", "."): the old root ends up stacked under the new one, then detached. */
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		fail(error_fd, 125, "pivot_root %s: %s", root, strerror(errno));
	if (umount2(".", MNT_DETACH) < 0)
		fail(error_fd, 125, "detach the old root: %s", strerror(errno));
	if (chdir("/") < 0)
		fail(error_fd, 125, "chdir /: %s", strerror(errno));
}

static void write_sysctls(const struct spec *s, int error_fd)
{
	for (int i = 0; i < s->nsysctls; i++) {
		char path[PATH_MAX];
		int n = snprintf(path, sizeof(path), "/proc/sys/%s", s->sysctls[i][0]);
		for (char *c = path + 10; c < path + n; c++)
			if (*c == '.') *c = '/';
		int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
		if (fd < 0 || write_all(fd, s->sysctls[i][1], strlen(s->sysctls[i][1])) < 0)
			fail(error_fd, 125, "sysctl %s: %s", s->sysctls[i][0], strerror(errno));
		close(fd);
	}
}

static void hide_paths(const struct spec *s, int error_fd)
{
	for (int i = 0; i < s->nmask; i++) {
		struct stat st;
		if (lstat(s->mask[i], &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode))
			do_mount("tmpfs", s->mask[i], "tmpfs", MS_RDONLY, "size=0", error_fd);
		else
			do_mount("/dev/null", s->mask[i], NULL, MS_BIND, NULL, error_fd);
	}
	for (int i = 0; i < s->nro_paths; i++) {
		if (mount(s->ro_paths[i], s->ro_paths[i], NULL, MS_BIND | MS_REC, NULL) < 0) {
			if (errno == ENOENT)
				continue;
			fail(error_fd, 125, "bind %s: %s", s->ro_paths[i], strerror(errno));
		}
		do_mount(NULL, s->ro_paths[i], NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL, error_fd);
	}
}

static void loopback_up(int error_fd)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	struct ifreq ifr = {0};
	strcpy(ifr.ifr_name, "lo");
	if (fd < 0 || ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		fail(error_fd, 125, "loopback: %s", strerror(errno));
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
		fail(error_fd, 125, "bring up loopback: %s", strerror(errno));
	close(fd);
}

void container_exec(const struct spec *s, int go_fd, int error_fd)
{
	/*
	 * Into the container's cgroups first, so that all it does is charged to
	 * them. A thread moving itself is cheap; the supervisor moving us by pid
	 * took cgroup v1's global lock and waited out an RCU grace period.
	 */
	for (int i = 0; !s->cgroup_joined && i < s->ncgroup_join; i++)
		if (join_own_cgroup(s->cgroup_join[i]) < 0)
			fail(error_fd, 125, "join cgroup %s: %s", s->cgroup_join[i], strerror(errno));
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		fail(error_fd, 125, "make mounts private: %s", strerror(errno));
	int late = s->late_fd >= 0;
	if (!late) {
		if (s->netns_path) {
			int fd = open(s->netns_path, O_RDONLY | O_CLOEXEC);
			if (fd < 0 || setns(fd, CLONE_NEWNET) < 0)
				fail(error_fd, 125, "join network namespace %s: %s", s->netns_path, strerror(errno));
			close(fd);
		} else if (s->new_net) {
			loopback_up(error_fd);
		}
	}
	mount_overlay(s, error_fd);
	mount_proc(s->rootfs, error_fd);
	mount_dev(s, s->rootfs, error_fd);
	if (late) {
		/*
		 * A late start: the engine has been attaching the network while
		 * we mounted. Wait for the supervisor to pass it on, then join the
		 * namespace it sends (or make our own) before /sys is mounted.
		 */
		char go;
		int netns;
		if (recv_with_fd(go_fd, &go, &netns) < 0 || go != 'g')
			_exit(125);
		close(go_fd);
		if (netns >= 0) {
			if (setns(netns, CLONE_NEWNET) < 0)
				fail(error_fd, 125, "join the network namespace: %s", strerror(errno));
			close(netns);
		} else if (s->new_net) {
			if (unshare(CLONE_NEWNET) < 0)
				fail(error_fd, 125, "new network namespace: %s", strerror(errno));
			loopback_up(error_fd);
		}
	}
	mount_sys(s->rootfs, error_fd);
	mount_cgroup(s, s->rootfs);
	mount_binds(s, error_fd);
	pivot(s->rootfs, error_fd);
	if (s->tty)
		console_setup(s, s->console_sock, error_fd);
	write_sysctls(s, error_fd);
	set_oom_score_adj(s, error_fd);
	hide_paths(s, error_fd);
	if (s->readonly && mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) < 0)
		fail(error_fd, 125, "make the root read-only: %s", strerror(errno));
	if (s->new_uts && s->hostname && sethostname(s->hostname, strlen(s->hostname)) < 0)
		fail(error_fd, 125, "sethostname: %s", strerror(errno));
	if (s->new_uts && s->domainname && setdomainname(s->domainname, strlen(s->domainname)) < 0)
		fail(error_fd, 125, "setdomainname: %s", strerror(errno));
	run_command(s, error_fd);
}
