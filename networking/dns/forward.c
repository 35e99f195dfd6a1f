/*
 * Names the server does not know go to the host's resolvers (or to the
 * servers a container asked for), from one UDP
 * socket in the host's namespace. A fixed table of pending queries bounds
 * memory however many containers ask at once; each query keeps its bytes
 * so it can be sent again to the next upstream after a timeout.
 */
#include <errno.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dns.h"

struct pending {
	int used;
	uint16_t id;        /* ours, on the wire to the upstream */
	uint16_t client_id; /* restored on the answer */
	uint16_t len, qend;
	int tried;          /* upstreams used so far: the next one's index */
	struct sockaddr_in to;
	int64_t deadline;
	struct origin origin;
	unsigned char query[MAX_FORWARD_QUERY];
};

static struct pending table[MAX_PENDING];
static int in_use, hint;
static int sock = -1;

/*
 * IDs must be unguessable: anyone who can send packets to the host could
 * otherwise answer for the upstream and poison a container's view. They
 * come from the kernel in batches, one system call per 64 forwards.
 */
static uint16_t ids[64];
static unsigned ids_left;
static uint64_t fallback;

static uint16_t random_id(void)
{
	if (ids_left == 0) {
		if (getrandom(ids, sizeof(ids), GRND_NONBLOCK) == (ssize_t)sizeof(ids)) {
			ids_left = sizeof(ids) / sizeof(ids[0]);
		} else {
			/* Only before the kernel's pool is ready, in early boot: better than a fixed sequence. */
			fallback ^= (uint64_t)now_ms() * 0x9e3779b97f4a7c15ull;
			fallback ^= fallback << 13;
			fallback ^= fallback >> 7;
			fallback ^= fallback << 17;
			return (uint16_t)(fallback >> 24);
		}
	}
	return ids[--ids_left];
}

static uint16_t fresh_id(void)
{
	uint16_t id = random_id();
	for (int tries = 0; tries < 8; tries++) {
		int clash = 0;
		for (int i = 0; i < MAX_PENDING && !clash; i++)
			clash = table[i].used && table[i].id == id;
		if (!clash)
			break;
		id = random_id();
	}
	return id;
}

int forward_open(void)
{
	sock = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (sock < 0)
		return -1;
	struct sockaddr_in any = {.sin_family = AF_INET};
	if (bind(sock, (struct sockaddr *)&any, sizeof(any)) < 0)
		return -1;
	fallback = (uint64_t)getpid() << 32 | 1;
	return sock;
}

/* An upstream that is one of our own listeners would bounce every unknown name back to us until the table fills. */
static int is_self(const struct records *r, const struct sockaddr_in *u)
{
	return ntohs(u->sin_port) == r->port && records_net_by_listen(r, u->sin_addr) >= 0;
}

static int send_next(const struct records *r, struct pending *p, int64_t now)
{
	/* Looked up again on every try: the records may have been reloaded since. */
	int net = records_net_by_listen(r, p->origin.listen);
	const char *client = net >= 0 ? records_client(r, net, p->origin.peer.sin_addr) : NULL;
	int own = records_has_own_upstreams(r, client);
	while (p->tried < r->nupstreams) {
		int i = p->tried++;
		const struct sockaddr_in *u = &r->upstreams[i];
		if (!records_upstream_for(r, i, client, own) || is_self(r, u))
			continue;
		p->id = fresh_id();
		p->query[0] = (unsigned char)(p->id >> 8);
		p->query[1] = (unsigned char)p->id;
		if (sendto(sock, p->query, p->len, 0, (const struct sockaddr *)u, sizeof(*u)) == (ssize_t)p->len) {
			p->to = *u;
			p->deadline = now + UPSTREAM_TIMEOUT_MS;
			return 0;
		}
	}
	return -1;
}

static void release(struct pending *p)
{
	p->used = 0;
	in_use--;
	if (p->origin.conn >= 0)
		tcp_forward_done(&p->origin);
}

static void fail(struct pending *p)
{
	static unsigned char out[MAX_FORWARD_QUERY + 64];
	struct query q;
	p->query[0] = (unsigned char)(p->client_id >> 8);
	p->query[1] = (unsigned char)p->client_id;
	if (parse_query(p->query, p->len, &q) == 0) {
		size_t limit = p->origin.limit < sizeof(out) ? p->origin.limit : sizeof(out);
		size_t n = build_response(p->query, &q, DNS_SERVFAIL, 0, NULL, 0, 0, NULL, out, limit);
		if (n)
			deliver(&p->origin, out, n);
	}
	release(p);
}

/* Whether any upstream would take this client's queries (its own, or everyone's that are not us). */
static int has_upstream(const struct records *r, const struct origin *o)
{
	int net = records_net_by_listen(r, o->listen);
	const char *client = net >= 0 ? records_client(r, net, o->peer.sin_addr) : NULL;
	int own = records_has_own_upstreams(r, client);
	for (int i = 0; i < r->nupstreams; i++)
		if (records_upstream_for(r, i, client, own) && !is_self(r, &r->upstreams[i]))
			return 1;
	return 0;
}

int forward_start(const struct records *r, const struct origin *o, const unsigned char *msg, size_t len, const struct query *q)
{
	if (!has_upstream(r, o))
		return -2;
	if (in_use >= MAX_PENDING)
		return -1;
	struct pending *p = NULL;
	for (int k = 0; k < MAX_PENDING && !p; k++) {
		int i = (hint + k) % MAX_PENDING;
		if (!table[i].used) {
			p = &table[i];
			hint = (i + 1) % MAX_PENDING;
		}
	}
	if (!p)
		return -1;
	size_t keep = len;
	memcpy(p->query, msg, len < MAX_FORWARD_QUERY ? len : MAX_FORWARD_QUERY);
	if (len > MAX_FORWARD_QUERY) {
		/* Oversized (padding, long EDNS options): the question alone still gets an answer, if a smaller one. */
		keep = q->qend;
		memset(p->query + 6, 0, 6);
	}
	p->len = (uint16_t)keep;
	p->qend = (uint16_t)q->qend;
	p->client_id = (uint16_t)(msg[0] << 8 | msg[1]);
	p->origin = *o;
	p->tried = 0;
	if (send_next(r, p, now_ms()) < 0)
		return -1;
	p->used = 1;
	in_use++;
	if (o->conn >= 0)
		tcp_forward_begin(o);
	return 0;
}

void forward_receive(void)
{
	static unsigned char buf[MAX_MSG];
	/* A bounded batch, so a flood from upstream cannot starve the listeners. */
	for (int batch = 0; batch < 64; batch++) {
		struct sockaddr_in from;
		socklen_t fromlen = sizeof(from);
		ssize_t n = recvfrom(sock, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fromlen);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		if (n < 12 || fromlen < sizeof(from) || from.sin_family != AF_INET || !(buf[2] & 0x80))
			continue;
		uint16_t id = (uint16_t)(buf[0] << 8 | buf[1]);
		struct pending *p = NULL;
		for (int i = 0, seen = 0; i < MAX_PENDING && seen < in_use && !p; i++) {
			if (!table[i].used)
				continue;
			seen++;
			/* Only the address it was sent to may answer it: anything else is a guess at our IDs. */
			if (table[i].id == id && table[i].to.sin_addr.s_addr == from.sin_addr.s_addr && table[i].to.sin_port == from.sin_port)
				p = &table[i];
		}
		if (!p || (size_t)n < p->qend || !same_question(p->query, buf, p->qend))
			continue;
		buf[0] = (unsigned char)(p->client_id >> 8);
		buf[1] = (unsigned char)p->client_id;
		deliver(&p->origin, buf, (size_t)n);
		release(p);
	}
}

int64_t forward_expire(const struct records *r, int64_t now)
{
	int64_t next = -1;
	for (int i = 0, seen = 0; i < MAX_PENDING && seen < in_use; i++) {
		struct pending *p = &table[i];
		if (!p->used)
			continue;
		seen++;
		if (p->deadline <= now && send_next(r, p, now) < 0) {
			fail(p);
			seen--; /* in_use dropped with it */
			continue;
		}
		if (next < 0 || p->deadline < next)
			next = p->deadline;
	}
	return next;
}
