/*
 * The container's terminal for `-t`. As runc does, the pty is made inside
 * the container (its own devpts instance), and the master end is sent to
 * the supervisor over a socket; the command gets the slave as its
 * controlling terminal on fds 0-2.
 */
#define _GNU_SOURCE
#include "shim.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

static void send_fd(int sock, int fd, int error_fd)
{
	char byte = 'm';
	struct iovec iov = { &byte, 1 };
	union { struct cmsghdr align; char buf[CMSG_SPACE(sizeof(int))]; } control;
	memset(&control, 0, sizeof(control));
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf, .msg_controllen = sizeof(control.buf) };
	struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
	if (sendmsg(sock, &msg, 0) < 0)
		fail(error_fd, 125, "send the terminal to the supervisor: %s", strerror(errno));
}

/* In the container, after pivot_root: becomes the session leader of a new terminal. */
void console_setup(const struct spec *s, int console_sock, int error_fd)
{
	int master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0)
		fail(error_fd, 125, "open /dev/ptmx: %s", strerror(errno));
	char name[64];
	if (ptsname_r(master, name, sizeof(name)) != 0)
		fail(error_fd, 125, "ptsname: %s", strerror(errno));
	int slave = open(name, O_RDWR | O_NOCTTY);
	if (slave < 0)
		fail(error_fd, 125, "open %s: %s", name, strerror(errno));
	struct winsize size = { .ws_row = (unsigned short)(s->tty_rows > 0 ? s->tty_rows : 24), .ws_col = (unsigned short)(s->tty_cols > 0 ? s->tty_cols : 80) };
	ioctl(slave, TIOCSWINSZ, &size);
	send_fd(console_sock, master, error_fd);
	close(master);
	close(console_sock);
	if (setsid() < 0 || ioctl(slave, TIOCSCTTY, 0) < 0)
		fail(error_fd, 125, "make %s the controlling terminal: %s", name, strerror(errno));
	for (int fd = 0; fd <= 2; fd++)
		if (dup2(slave, fd) < 0)
			fail(error_fd, 125, "dup2 terminal: %s", strerror(errno));
	if (slave > 2)
		close(slave);
}

/* In the supervisor: the master end the container sent, or -1 if it failed first. */
int console_receive(int sock)
{
	char byte;
	struct iovec iov = { &byte, 1 };
	union { struct cmsghdr align; char buf[CMSG_SPACE(sizeof(int))]; } control;
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf, .msg_controllen = sizeof(control.buf) };
	ssize_t n;
	while ((n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR) {}
	struct cmsghdr *cmsg = n > 0 ? CMSG_FIRSTHDR(&msg) : NULL;
	if (!cmsg || cmsg->cmsg_type != SCM_RIGHTS)
		return -1;
	int fd;
	memcpy(&fd, CMSG_DATA(cmsg), sizeof(int));
	return fd;
}
