/*
 * flotilla-dns STATE_DIR: one single-threaded poll loop serving every
 * network of a state root. The engine starts it detached and tracks its
 * pid itself, so it neither daemonizes nor writes anything; it only reads
 * STATE_DIR/records, reloading it whenever the engine replaces it.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dns.h"

static struct records table = {.port = 53};
static char state_dir[PATH_MAX];
static char records_path[PATH_MAX];
static struct stat loaded_stat;
static int loaded;
static unsigned rotation;
static int signal_fd = -1, watch_fd = -1, watch = -1;

int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void fatal(const char *what)
{
	fprintf(stderr, "flotilla-dns: %s: %s\n", what, strerror(errno));
	exit(1);
}

static int same_file(const struct stat *a, const struct stat *b)
{
	return a->st_ino == b->st_ino && a->st_dev == b->st_dev && a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
	       a->st_ctim.tv_sec == b->st_ctim.tv_sec && a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

/*
 * One stat per loop turn: cheap enough to make every answer follow the
 * latest file, even when the engine's SIGHUP has not arrived yet. A missing
 * or unreadable file keeps the last good table: containers keep resolving
 * while the engine is between writes.
 */
static void refresh(int force)
{
	struct stat st;
	if (stat(records_path, &st) < 0)
		return;
	if (!force && loaded && same_file(&st, &loaded_stat))
		return;
	struct records fresh;
	if (records_load(records_path, &fresh) < 0)
		return;
	records_free(&table);
	table = fresh;
	loaded_stat = st;
	loaded = 1;
	listeners_sync(&table);
}

void deliver(const struct origin *o, const unsigned char *msg, size_t len)
{
	if (o->conn >= 0) {
		tcp_send(o, msg, len);
		return;
	}
	int fd = listener_udp(o->listen);
	if (fd >= 0)
		sendto(fd, msg, len, MSG_DONTWAIT, (const struct sockaddr *)&o->peer, sizeof(o->peer));
}

static void respond(const struct origin *o, const unsigned char *msg, const struct query *q, int rcode, int aa,
		    const struct in_addr *addrs, int naddrs, const char *ptr_name)
{
	static unsigned char out[MAX_MSG];
	int rotate = naddrs > 0 ? (int)(rotation++ % (unsigned)naddrs) : 0;
	size_t n = build_response(msg, q, rcode, aa, addrs, naddrs, rotate, ptr_name, out, o->limit < sizeof(out) ? o->limit : sizeof(out));
	if (n)
		deliver(o, out, n);
}

void handle_query(const struct origin *from, const unsigned char *msg, size_t len)
{
	struct query q;
	if (parse_query(msg, len, &q) < 0)
		return;
	struct origin o = *from;
	if (o.conn < 0) {
		/* Plain UDP clients take 512 bytes; EDNS ones say how much, within reason. */
		o.limit = 512;
		if (q.edns && q.edns_size > 512)
			o.limit = q.edns_size < 4096 ? q.edns_size : 4096;
	}
	int net = records_net_by_listen(&table, o.listen);
	if (net < 0) {
		/* The network went away with the last reload; its listener closes with it. */
		respond(&o, msg, &q, DNS_REFUSED, 0, NULL, 0, NULL);
		return;
	}
	const char *client = records_client(&table, net, o.peer.sin_addr);
	if (q.plain) {
		struct in_addr addrs[MAX_ANSWERS];
		int n = records_resolve(&table, net, client, q.name, addrs, MAX_ANSWERS);
		if (n >= 0) {
			/* A known name answers every type, if only with nothing: NXDOMAIN for AAAA would make getaddrinfo fail outright. */
			int want = (q.type == TYPE_A || q.type == TYPE_ANY) && (q.qclass == CLASS_IN || q.qclass == CLASS_ANY);
			respond(&o, msg, &q, DNS_NOERROR, 1, addrs, want ? n : 0, NULL);
			return;
		}
		struct in_addr ip;
		if ((q.type == TYPE_PTR || q.type == TYPE_ANY) && parse_reverse(q.name, &ip) == 0) {
			const char *name = records_reverse(&table, net, client, ip);
			if (name) {
				respond(&o, msg, &q, DNS_NOERROR, 1, NULL, 0, name);
				return;
			}
		}
	}
	if (table.nets[net].internal) {
		/* No way out of an internal network: outside names do not exist for it. */
		respond(&o, msg, &q, DNS_NXDOMAIN, 1, NULL, 0, NULL);
		return;
	}
	int forwarded = forward_start(&table, &o, msg, len, &q);
	if (forwarded == -2)
		/* Nowhere to ask (no resolvers configured): as on an internal network, the name does not exist. */
		respond(&o, msg, &q, DNS_NXDOMAIN, 1, NULL, 0, NULL);
	else if (forwarded < 0)
		respond(&o, msg, &q, DNS_SERVFAIL, 0, NULL, 0, NULL);
}

/*
 * Whether the records may have changed since this turn's stat. A datagram
 * read after the first of a batch may have been sent after a rename; the
 * rename's inotify event is queued before rename() returns, so an empty
 * queue proves the table still current. Without a watch, nothing does.
 */
static int change_pending(void)
{
	if (watch < 0)
		return 1;
	struct pollfd p[2] = {{.fd = signal_fd, .events = POLLIN}, {.fd = watch_fd, .events = POLLIN}};
	return poll(p, 2, 0) != 0;
}

static void receive_udp(int fd, struct in_addr listen_ip)
{
	static unsigned char buf[MAX_MSG];
	for (int batch = 0; batch < 64; batch++) {
		if (batch > 0 && change_pending())
			return;
		struct sockaddr_in peer;
		socklen_t len = sizeof(peer);
		ssize_t n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&peer, &len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		if (len < sizeof(peer) || peer.sin_family != AF_INET)
			continue;
		struct origin o = {.listen = listen_ip, .peer = peer, .conn = -1};
		handle_query(&o, buf, (size_t)n);
	}
}

static int state_gone(void)
{
	struct stat st;
	return stat(state_dir, &st) < 0 && (errno == ENOENT || errno == ENOTDIR);
}

/* Watching the directory (the file itself is replaced by rename) makes new networks' listeners appear at once. */
static int watch_dir(int ifd)
{
	if (ifd < 0)
		return -1;
	return inotify_add_watch(ifd, state_dir, IN_ONLYDIR | IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE | IN_DELETE | IN_MOVED_FROM | IN_DELETE_SELF | IN_MOVE_SELF);
}

/* Drains the events; whether the watch is still there. */
static int drain_watch(int ifd)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	int alive = 1;
	for (;;) {
		ssize_t n = read(ifd, buf, sizeof(buf));
		if (n <= 0)
			return alive;
		for (ssize_t off = 0; off + (ssize_t)sizeof(struct inotify_event) <= n;) {
			const struct inotify_event *ev = (const struct inotify_event *)(buf + off);
			if (ev->mask & (IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF))
				alive = 0;
			off += (ssize_t)sizeof(struct inotify_event) + ev->len;
		}
	}
}

enum kind { K_SIGNAL, K_WATCH, K_UPSTREAM, K_UDP, K_TCP_LISTEN, K_CONN };

struct slot {
	enum kind kind;
	int index;
	struct in_addr ip;
};

static struct pollfd fds[3 + 2 * MAX_LISTENERS + MAX_CONNS];
static struct slot slots[3 + 2 * MAX_LISTENERS + MAX_CONNS];

static int add(int n, int fd, enum kind kind, int index, struct in_addr ip)
{
	fds[n] = (struct pollfd){.fd = fd, .events = POLLIN};
	slots[n] = (struct slot){.kind = kind, .index = index, .ip = ip};
	return n + 1;
}

static int64_t earliest(int64_t a, int64_t b)
{
	if (a < 0)
		return b;
	if (b < 0)
		return a;
	return a < b ? a : b;
}

int main(int argc, char **argv)
{
	if (argc != 2 || !argv[1][0]) {
		fprintf(stderr, "usage: flotilla-dns STATE_DIR\n");
		return 1;
	}
	if ((size_t)snprintf(state_dir, sizeof(state_dir), "%s", argv[1]) >= sizeof(state_dir) ||
	    (size_t)snprintf(records_path, sizeof(records_path), "%s/records", argv[1]) >= sizeof(records_path)) {
		errno = ENAMETOOLONG;
		fatal(argv[1]);
	}

	/* Two sockets per network: the default soft limit of 1024 descriptors would cap us near 500 networks. */
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}

	/* Signals arrive through a descriptor, so none can slip in between a check and poll(). */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		fatal("sigprocmask");
	int sfd = signal_fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (sfd < 0)
		fatal("signalfd");
	signal(SIGPIPE, SIG_IGN);

	int upstream = forward_open();
	if (upstream < 0)
		fatal("upstream socket");

	int ifd = watch_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	watch = watch_dir(ifd);

	refresh(1);
	int64_t next_forward = -1, next_conn = -1, next_bind = listeners_retry(now_ms());
	static const struct in_addr none;

	for (;;) {
		int n = 0;
		n = add(n, sfd, K_SIGNAL, 0, none);
		if (watch >= 0)
			n = add(n, ifd, K_WATCH, 0, none);
		n = add(n, upstream, K_UPSTREAM, 0, none);
		int nl;
		struct listener *ls = listeners_all(&nl);
		for (int i = 0; i < nl; i++) {
			if (ls[i].udp >= 0)
				n = add(n, ls[i].udp, K_UDP, i, ls[i].ip);
			if (ls[i].tcp >= 0)
				n = add(n, ls[i].tcp, K_TCP_LISTEN, i, ls[i].ip);
		}
		for (int i = 0; i < MAX_CONNS; i++) {
			int fd = tcp_poll_fd(i);
			if (fd >= 0)
				n = add(n, fd, K_CONN, i, none);
		}

		int64_t now = now_ms();
		int64_t next = earliest(earliest(next_forward, next_conn), next_bind);
		/* Without a watch, the file is looked at every second instead. */
		if (watch < 0)
			next = earliest(next, now + 1000);
		int timeout = next < 0 ? -1 : next <= now ? 0 : (int)(next - now);

		if (poll(fds, (nfds_t)n, timeout) < 0 && errno != EINTR)
			fatal("poll");

		int force = 0;
		for (int i = 0; i < n; i++) {
			if (!fds[i].revents)
				continue;
			if (slots[i].kind == K_SIGNAL) {
				struct signalfd_siginfo si;
				while (read(sfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
					if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT)
						exit(0);
					force = 1;
				}
			} else if (slots[i].kind == K_WATCH) {
				if (!drain_watch(ifd)) {
					inotify_rm_watch(ifd, watch);
					watch = -1;
				}
			}
		}
		if (watch < 0)
			watch = watch_dir(ifd);
		/*
		 * The state it serves is gone (its root deleted without its networks
		 * taken down): nothing may answer for it any more, and the gateway's
		 * port 53 must be free for the next network on the subnet.
		 */
		if (watch < 0 && state_gone())
			exit(0);
		/* Before any query of this turn is answered, so it sees the file as it is now. */
		refresh(force);

		now = now_ms();
		next_bind = listeners_retry(now);
		ls = listeners_all(&nl);
		for (int i = 0; i < n; i++) {
			if (!fds[i].revents)
				continue;
			const struct slot *s = &slots[i];
			/* A reload may have closed this listener; its descriptor number could now be another's. */
			int current = s->kind == K_UDP || s->kind == K_TCP_LISTEN;
			if (current) {
				current = 0;
				for (int k = 0; k < nl && !current; k++)
					current = ls[k].ip.s_addr == s->ip.s_addr && fds[i].fd == (s->kind == K_UDP ? ls[k].udp : ls[k].tcp);
				if (!current)
					continue;
			}
			switch (s->kind) {
			case K_UPSTREAM:
				forward_receive();
				break;
			case K_UDP:
				receive_udp(fds[i].fd, s->ip);
				break;
			case K_TCP_LISTEN:
				tcp_accept(fds[i].fd, s->ip);
				break;
			case K_CONN:
				if (tcp_poll_fd(s->index) == fds[i].fd)
					tcp_readable(s->index);
				break;
			default:
				break;
			}
		}
		now = now_ms();
		next_forward = forward_expire(&table, now);
		next_conn = tcp_expire(now);
	}
}
