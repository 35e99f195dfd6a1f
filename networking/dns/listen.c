/*
 * The server listens on each network's gateway address, UDP and TCP. A
 * reload touches only the addresses that changed: rebinding the others
 * would drop queries in flight on networks nothing happened to.
 */
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dns.h"

static struct listener listeners[MAX_LISTENERS];
static int count;
static int64_t retry_at = -1;

static int open_socket(int type, struct in_addr ip, int port)
{
	int fd = socket(AF_INET, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	int one = 1;
	/*
	 * The engine writes the records before the bridge has its address;
	 * FREEBIND lets the bind succeed now and the address arrive later.
	 */
	setsockopt(fd, IPPROTO_IP, IP_FREEBIND, &one, sizeof(one));
	/*
	 * TCP only: a restarted server must not wait out TIME_WAIT. On UDP the
	 * option would let a second server share the port and split the queries.
	 */
	if (type == SOCK_STREAM)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port), .sin_addr = ip};
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || (type == SOCK_STREAM && listen(fd, 64) < 0)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Opens what is missing of a listener; whether it is complete. */
static int complete(struct listener *l)
{
	if (l->udp < 0)
		l->udp = open_socket(SOCK_DGRAM, l->ip, l->port);
	if (l->tcp < 0)
		l->tcp = open_socket(SOCK_STREAM, l->ip, l->port);
	return l->udp >= 0 && l->tcp >= 0;
}

void listeners_sync(const struct records *r)
{
	for (int i = 0; i < count;) {
		struct listener *l = &listeners[i];
		if (l->port == r->port && records_net_by_listen(r, l->ip) >= 0) {
			i++;
			continue;
		}
		if (l->udp >= 0)
			close(l->udp);
		if (l->tcp >= 0)
			close(l->tcp);
		*l = listeners[--count];
	}
	int missing = 0;
	for (int n = 0; n < r->nnets && count < MAX_LISTENERS; n++) {
		struct in_addr ip = r->nets[n].listen;
		int have = 0;
		for (int i = 0; i < count && !have; i++)
			have = listeners[i].ip.s_addr == ip.s_addr;
		if (have)
			continue;
		listeners[count++] = (struct listener){.ip = ip, .port = r->port, .udp = -1, .tcp = -1};
	}
	/* Sockets that failed earlier get another try along with the new ones. */
	for (int i = 0; i < count; i++)
		missing |= !complete(&listeners[i]);
	retry_at = missing ? now_ms() + RETRY_BIND_MS : -1;
}

int64_t listeners_retry(int64_t now)
{
	if (retry_at < 0 || now < retry_at)
		return retry_at;
	int missing = 0;
	for (int i = 0; i < count; i++)
		missing |= !complete(&listeners[i]);
	retry_at = missing ? now + RETRY_BIND_MS : -1;
	return retry_at;
}

struct listener *listeners_all(int *n)
{
	*n = count;
	return listeners;
}

int listener_udp(struct in_addr ip)
{
	for (int i = 0; i < count; i++)
		if (listeners[i].ip.s_addr == ip.s_addr)
			return listeners[i].udp;
	return -1;
}
