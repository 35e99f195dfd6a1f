/*
 * flotilla-netlink: the link, address, route and namespace changes of
 * Flotilla's networks, made over rtnetlink in one short process.
 *
 * It reads `ip` command lines on stdin, the few forms networking uses (see
 * parse.c), and runs them in order; a line may start with `-n NETNS` to run
 * inside that named namespace. One process for a whole attachment, host side
 * and container side, instead of one `ip -batch` per namespace: most of an
 * `ip` run is its own start-up, not the kernel's work.
 */
#ifndef FLOTILLA_NETLINK_H
#define FLOTILLA_NETLINK_H

#include <stddef.h>
#include <stdint.h>

#define MAX_TOKENS 32
#define NAME_LEN 16 /* IFNAMSIZ */

enum op {
	OP_NETNS_ADD,
	OP_NETNS_DEL,
	OP_LINK_ADD,
	OP_LINK_SET,
	OP_LINK_DEL,
	OP_ADDR_ADD,
	OP_ROUTE_DEFAULT,
};

/* One link's settings as the command gives them; unset fields are 0 or "". */
struct link_opts {
	char name[NAME_LEN];
	unsigned char mac[6];
	int has_mac;
	unsigned mtu;
	char netns[256];
};

struct command {
	enum op op;
	/* `-n NETNS`: where the command runs ("" = the host's namespace) */
	char where[256];
	struct link_opts link;
	/* link add: "veth" or "bridge"; the veth's other end */
	char kind[16];
	struct link_opts peer;
	/* link set */
	char master[NAME_LEN];
	int up, hairpin;
	/* addr add, route: the interface, IPv4 address and prefix, gateway */
	char dev[NAME_LEN];
	uint32_t addr; /* network byte order */
	int prefix, broadcast;
	uint32_t gateway;
	/* netns add/del */
	char ns_name[256];
};

/* parse.c: one line into `cmd`; -1 with a message in err when it is not a form we run. */
int parse_command(char *line, struct command *cmd, char *err, size_t errlen);

/* run.c: the command in the namespace it names; -1 with a message in err (errno kept). */
int run_command(const struct command *cmd, char *err, size_t errlen);
void close_namespaces(void);

#endif
