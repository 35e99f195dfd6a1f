/*
 * flotilla-dns: the one DNS server of a Flotilla state root. Containers on
 * its networks ask it for each other's names (it listens on every network's
 * gateway); it answers from a records file the engine replaces on every
 * change, and forwards other names to the host's resolvers.
 *
 * Everything per query lives in fixed tables, so memory stays flat however
 * busy the containers are; only a reload of the records allocates.
 */
#ifndef FLOTILLA_DNS_H
#define FLOTILLA_DNS_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

#define MAX_NAME 256          /* a presentation name (253 at most) and its NUL */
#define MAX_LISTENERS 1024    /* one per network gateway address */
#define MAX_PENDING 1024      /* forwarded queries awaiting an upstream */
#define MAX_CONNS 32          /* concurrent TCP clients */
#define MAX_ANSWERS 256       /* addresses in one answer; UDP truncates far sooner */
#define MAX_SCOPE 256         /* networks one container is attached to */
#define MAX_FORWARD_QUERY 512 /* bytes of a query kept for retrying upstreams */
#define MAX_TCP_QUERY 1024
#define MAX_MSG 65536

#define UPSTREAM_TIMEOUT_MS 2000
#define CONN_IDLE_MS 5000
#define RETRY_BIND_MS 2000

#define DNS_NOERROR 0
#define DNS_SERVFAIL 2
#define DNS_NXDOMAIN 3
#define DNS_REFUSED 5

#define TYPE_A 1
#define TYPE_PTR 12
#define TYPE_OPT 41
#define TYPE_ANY 255
#define CLASS_IN 1
#define CLASS_ANY 255

/* ---- records.c: the records file ---- */

struct net_rec {
	const char *id;
	struct in_addr listen;
	int internal;
};

struct host_rec {
	int net; /* index into nets */
	struct in_addr ip;
	const char *container;
	const char *netns; /* answers only while this path exists (the container runs); NULL: always */
	char **names; /* lower case, no trailing dot */
	int nnames;
};

struct link_rec {
	const char *client, *alias, *target;
};

struct records {
	struct net_rec *nets;
	int nnets;
	struct host_rec *hosts;
	int nhosts;
	struct link_rec *links;
	int nlinks;
	struct sockaddr_in *upstreams;
	/* Per upstream: the container it is reserved for (its `dns` servers), or NULL for everyone's. */
	const char **upstream_owner;
	int nupstreams;
	int port;
	void *tables; /* one block holding the arrays above */
	char *text;   /* the file's text; every string above points into it */
};

/* 0 and a new table, or -1 (and `out` untouched) when the file cannot be read. */
int records_load(const char *path, struct records *out);
void records_free(struct records *r);
/* The network listening on this address, or -1. */
int records_net_by_listen(const struct records *r, struct in_addr listen);
/* The container that has this address on the network, or NULL. */
const char *records_client(const struct records *r, int net, struct in_addr ip);
/* How many addresses `name` has for the client (at most max), or -1 when the name is unknown to it. */
int records_resolve(const struct records *r, int net, const char *client, const char *name, struct in_addr *out, int max);
/* Whether the client has servers of its own (`dns` lines). */
int records_has_own_upstreams(const struct records *r, const char *client);
/* Whether upstream i serves this client: its own servers when it has some (`own`), else everyone's. */
int records_upstream_for(const struct records *r, int i, const char *client, int own);
/* The first name of the endpoint with this address the client can see, or NULL. */
const char *records_reverse(const struct records *r, int net, const char *client, struct in_addr ip);

/* ---- packet.c: the wire format ---- */

struct query {
	char name[MAX_NAME]; /* lower case, no trailing dot */
	int plain;           /* no dot or NUL inside a label: safe to compare with record names */
	uint16_t type, qclass;
	size_t qend;         /* offset just past the question */
	int edns;
	uint16_t edns_size;
};

int parse_query(const unsigned char *msg, size_t len, struct query *q);
/*
 * An answer to the query `msg` in `out`, at most `limit` bytes, setting TC
 * when the records do not all fit. addrs are written starting at index
 * `rotate`, so scaled services spread their clients. Returns its length, 0
 * when even the question does not fit.
 */
size_t build_response(const unsigned char *msg, const struct query *q, int rcode, int authoritative,
		      const struct in_addr *addrs, int naddrs, int rotate, const char *ptr_name,
		      unsigned char *out, size_t limit);
/* The address of a d.c.b.a.in-addr.arpa name. */
int parse_reverse(const char *name, struct in_addr *ip);
/* Whether `reply` answers the same question as `query` (both at least qend long). */
int same_question(const unsigned char *query, const unsigned char *reply, size_t qend);

/* ---- where an answer goes back to ---- */

struct origin {
	struct in_addr listen;   /* the listener it arrived on: which network */
	struct sockaddr_in peer; /* the client */
	int conn;                /* TCP connection slot, or -1 for UDP */
	unsigned gen;            /* that slot's generation: a reused slot is another client */
	size_t limit;            /* the largest answer the client takes */
};

/* dns.c */
void deliver(const struct origin *o, const unsigned char *msg, size_t len);
void handle_query(const struct origin *o, const unsigned char *msg, size_t len);
int64_t now_ms(void);

/* ---- forward.c: names the server does not know ---- */

int forward_open(void);
/*
 * 0 when sent upstream (the answer comes later); -2 when there is no
 * upstream to ask at all (the name does not exist as far as we can know);
 * -1 when the caller must answer SERVFAIL (too busy, or sending failed).
 */
int forward_start(const struct records *r, const struct origin *o, const unsigned char *msg, size_t len, const struct query *q);
/* Relays the upstreams' answers that arrived. */
void forward_receive(void);
/* Moves timed-out queries to their next upstream; returns the next deadline, or -1. */
int64_t forward_expire(const struct records *r, int64_t now);

/* ---- listen.c: one UDP and one TCP socket per gateway address ---- */

struct listener {
	struct in_addr ip;
	int port;
	int udp, tcp;
};

/* Opens listeners for new addresses, closes those no longer listed, keeps the rest. */
void listeners_sync(const struct records *r);
/* Retries binding sockets that failed before; returns when to try again, or -1. */
int64_t listeners_retry(int64_t now);
struct listener *listeners_all(int *count);
int listener_udp(struct in_addr ip);

/* ---- tcp.c: TCP clients ---- */

void tcp_accept(int listen_fd, struct in_addr listen_ip);
void tcp_readable(int slot);
void tcp_send(const struct origin *o, const unsigned char *msg, size_t len);
/* A forward for this connection has started, or ended (answered or given up). */
void tcp_forward_begin(const struct origin *o);
void tcp_forward_done(const struct origin *o);
/* Closes idle connections; returns the next deadline, or -1. */
int64_t tcp_expire(int64_t now);
/* The slot's fd when it wants reading, else -1. */
int tcp_poll_fd(int slot);

#endif
