/*
 * Published ports: the supervisor binds each host port the container
 * publishes and keeps the socket for the container's life (as podman's
 * conmon does). Traffic never reaches these sockets (iptables DNATs it to
 * the container first); they only keep the port from being taken.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "shim.h"

int reserve_ports(const struct spec *s, char *err, size_t errlen)
{
	for (int i = 0; i < s->nreserve; i++) {
		const char *proto = s->reserve[i][0], *addr = s->reserve[i][1];
		int port = atoi(s->reserve[i][2]);
		int udp = !strcmp(proto, "udp");
		struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port)};
		if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1) {
			snprintf(err, errlen, "cannot publish %s:%d/%s: not an IPv4 address", addr, port, proto);
			return -1;
		}
		int fd = socket(AF_INET, (udp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_CLOEXEC, 0);
		/* IP_FREEBIND: an address the host does not have yet still reserves the port. */
		int one = 1;
		if (fd >= 0) setsockopt(fd, IPPROTO_IP, IP_FREEBIND, &one, sizeof(one));
		if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
			snprintf(err, errlen, "cannot publish %s:%d/%s: %s", addr, port, proto,
				 errno == EADDRINUSE ? "the port is already in use" : strerror(errno));
			return -1;
		}
	}
	return 0;
}
