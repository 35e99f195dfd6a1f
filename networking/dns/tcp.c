/*
 * TCP clients: resolvers come here when a UDP answer was truncated, or
 * always with `options use-vc`. A small fixed set of connections, each with
 * an idle timeout, so a client that connects and says nothing holds a slot
 * only briefly and cannot make the server grow.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "dns.h"

struct conn {
	int used;
	int fd;
	unsigned gen;   /* bumped on close, so late forwards miss a reused slot */
	int eof;        /* the client stopped sending; stays open for its forwards */
	int waiting;    /* forwards outstanding */
	struct in_addr listen;
	struct sockaddr_in peer;
	int64_t deadline;
	size_t have;
	unsigned char buf[2 + MAX_TCP_QUERY];
};

static struct conn conns[MAX_CONNS];

static void conn_close(struct conn *c)
{
	close(c->fd);
	c->used = 0;
	c->gen++;
}

void tcp_accept(int listen_fd, struct in_addr listen_ip)
{
	for (int batch = 0; batch < MAX_CONNS; batch++) {
		struct sockaddr_in peer;
		socklen_t len = sizeof(peer);
		int fd = accept4(listen_fd, (struct sockaddr *)&peer, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			return;
		}
		struct conn *c = NULL;
		for (int i = 0; i < MAX_CONNS && !c; i++)
			if (!conns[i].used)
				c = &conns[i];
		if (!c) {
			/* Full: the connection closest to its timeout makes room, so idle clients cannot lock others out. */
			c = &conns[0];
			for (int i = 1; i < MAX_CONNS; i++)
				if (conns[i].deadline < c->deadline)
					c = &conns[i];
			conn_close(c);
		}
		c->used = 1;
		c->fd = fd;
		c->eof = 0;
		c->waiting = 0;
		c->listen = listen_ip;
		c->peer = peer;
		c->have = 0;
		c->deadline = now_ms() + CONN_IDLE_MS;
	}
}

void tcp_readable(int slot)
{
	struct conn *c = &conns[slot];
	ssize_t n = recv(c->fd, c->buf + c->have, sizeof(c->buf) - c->have, 0);
	if (n < 0) {
		if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
			conn_close(c);
		return;
	}
	if (n == 0) {
		c->eof = 1;
		if (c->waiting == 0)
			conn_close(c);
		return;
	}
	c->have += (size_t)n;
	c->deadline = now_ms() + CONN_IDLE_MS;
	/* Clients may send several queries at once; each is answered in turn. */
	while (c->used && c->have >= 2) {
		size_t qlen = (size_t)c->buf[0] << 8 | c->buf[1];
		if (qlen == 0 || qlen > MAX_TCP_QUERY) {
			conn_close(c);
			return;
		}
		if (c->have < 2 + qlen)
			return;
		struct origin o = {.listen = c->listen, .peer = c->peer, .conn = slot, .gen = c->gen, .limit = 65535};
		handle_query(&o, c->buf + 2, qlen);
		if (!c->used)
			return;
		c->have -= 2 + qlen;
		memmove(c->buf, c->buf + 2 + qlen, c->have);
	}
}

static struct conn *find(const struct origin *o)
{
	if (o->conn < 0 || o->conn >= MAX_CONNS)
		return NULL;
	struct conn *c = &conns[o->conn];
	return c->used && c->gen == o->gen ? c : NULL;
}

void tcp_send(const struct origin *o, const unsigned char *msg, size_t len)
{
	struct conn *c = find(o);
	if (!c || len > 65535)
		return;
	unsigned char prefix[2] = {(unsigned char)(len >> 8), (unsigned char)len};
	struct iovec iov[2] = {{prefix, 2}, {(void *)msg, len}};
	struct msghdr mh = {.msg_iov = iov, .msg_iovlen = 2};
	/*
	 * Answers are small next to a socket buffer; a client that lets its
	 * buffer fill is not reading, and waiting for it would stall everyone.
	 */
	if (sendmsg(c->fd, &mh, MSG_NOSIGNAL | MSG_DONTWAIT) != (ssize_t)(len + 2)) {
		conn_close(c);
		return;
	}
	c->deadline = now_ms() + CONN_IDLE_MS;
}

void tcp_forward_begin(const struct origin *o)
{
	struct conn *c = find(o);
	if (c)
		c->waiting++;
}

void tcp_forward_done(const struct origin *o)
{
	struct conn *c = find(o);
	if (!c)
		return;
	c->waiting--;
	if (c->eof && c->waiting == 0)
		conn_close(c);
}

int64_t tcp_expire(int64_t now)
{
	int64_t next = -1;
	for (int i = 0; i < MAX_CONNS; i++) {
		struct conn *c = &conns[i];
		/* A connection awaiting an upstream is bounded by the forward's own timeouts. */
		if (!c->used || c->waiting > 0)
			continue;
		if (c->deadline <= now) {
			conn_close(c);
			continue;
		}
		if (next < 0 || c->deadline < next)
			next = c->deadline;
	}
	return next;
}

int tcp_poll_fd(int slot)
{
	const struct conn *c = &conns[slot];
	return c->used && !c->eof ? c->fd : -1;
}
