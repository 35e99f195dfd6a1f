/* Small helpers shared by the shim's parts. */
#define _GNU_SOURCE
#include "shim.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

/*
 * Reports why the container could not start to the supervisor, as
 * "<exit code> <message>", and ends the child. The message names the
 * operation and the object, as every engine error does.
 */
void fail(int error_fd, int code, const char *fmt, ...)
{
	char msg[1024];
	int n = snprintf(msg, sizeof(msg), "%d ", code);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - n, fmt, ap);
	va_end(ap);
	write_all(error_fd, msg, strlen(msg));
	_exit(code);
}

int send_with_fd(int sock, char byte, int fd)
{
	struct iovec iov = { &byte, 1 };
	union { struct cmsghdr align; char buf[CMSG_SPACE(sizeof(int))]; } control;
	memset(&control, 0, sizeof(control));
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	if (fd >= 0) {
		msg.msg_control = control.buf;
		msg.msg_controllen = sizeof(control.buf);
		struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
		cmsg->cmsg_level = SOL_SOCKET;
		cmsg->cmsg_type = SCM_RIGHTS;
		cmsg->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
	}
	ssize_t n;
	while ((n = sendmsg(sock, &msg, MSG_NOSIGNAL)) < 0 && errno == EINTR) {}
	return n == 1 ? 0 : -1;
}

int recv_with_fd(int sock, char *byte, int *fd)
{
	struct iovec iov = { byte, 1 };
	union { struct cmsghdr align; char buf[CMSG_SPACE(sizeof(int))]; } control;
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf, .msg_controllen = sizeof(control.buf) };
	ssize_t n;
	while ((n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR) {}
	if (n != 1)
		return -1;
	*fd = -1;
	struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
	if (cmsg && cmsg->cmsg_level == SOL_SOCKET && cmsg->cmsg_type == SCM_RIGHTS)
		memcpy(fd, CMSG_DATA(cmsg), sizeof(int));
	return 0;
}

int join_own_cgroup(const char *file)
{
	int fd = open(file, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int r = write_all(fd, "0", 1);
	int saved = errno;
	close(fd);
	errno = saved;
	return r;
}

/* clone3's arguments (linux/sched.h's struct clone_args, which clashes with glibc's headers). */
struct clone3_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};
#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif
#ifndef SYS_clone3
#define SYS_clone3 435
#endif

int open_cgroup_dir(const char *path)
{
	return path ? open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
}

pid_t clone_into_cgroup(unsigned long flags, int dir, int *joined)
{
	*joined = 0;
	if (dir >= 0) {
		struct clone3_args args = {
			.flags = (flags & ~(unsigned long)CSIGNAL) | CLONE_INTO_CGROUP,
			.exit_signal = flags & CSIGNAL,
			.cgroup = (uint64_t)dir,
		};
		*joined = 1; /* the child's copy says so; ours is reset below */
		pid_t pid = (pid_t)syscall(SYS_clone3, &args, sizeof(args));
		if (pid == 0)
			return 0;
		*joined = 0;
		if (pid > 0)
			return pid;
	}
	return (pid_t)syscall(SYS_clone, flags, 0, 0, 0, 0);
}
