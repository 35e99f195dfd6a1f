/*
 * The `ip` command forms networking emits, and nothing else:
 *
 *   [-n NETNS] netns add|del NAME
 *   [-n NETNS] link add NAME [address MAC] [mtu N] type bridge
 *   [-n NETNS] link add NAME [address MAC] [mtu N] type veth peer name PEER [address MAC] [mtu N] [netns NETNS]
 *   [-n NETNS] link set NAME [master BRIDGE] [up]
 *   [-n NETNS] link set NAME type bridge_slave hairpin on
 *   [-n NETNS] link del NAME
 *   [-n NETNS] addr add A.B.C.D/PREFIX [broadcast +] dev NAME
 *   [-n NETNS] route add default via A.B.C.D dev NAME
 *
 * Anything else is refused rather than guessed at.
 */
#define _GNU_SOURCE
#include "netlink.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tokens {
	char *v[MAX_TOKENS];
	int n, at;
};

static const char *next(struct tokens *t)
{
	return t->at < t->n ? t->v[t->at++] : NULL;
}

static int is(const char *word, const char *expected)
{
	return word && !strcmp(word, expected);
}

#define REFUSE(...) do { snprintf(err, errlen, __VA_ARGS__); return -1; } while (0)

static int copy_name(char *out, size_t size, const char *value, const char *what, char *err, size_t errlen)
{
	if (!value || !*value || strlen(value) >= size)
		REFUSE("bad %s name %s", what, value ? value : "(missing)");
	/* A namespace is one file under /run/netns, as `ip netns` has it. */
	if (!strcmp(what, "namespace") && (strchr(value, '/') || !strcmp(value, ".") || !strcmp(value, "..")))
		REFUSE("bad namespace name %s", value);
	strcpy(out, value);
	return 0;
}

static int parse_mac(const char *text, unsigned char mac[6])
{
	unsigned v[6];
	char end;
	if (!text || sscanf(text, "%2x:%2x:%2x:%2x:%2x:%2x%c", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &end) != 6)
		return -1;
	for (int i = 0; i < 6; i++)
		mac[i] = (unsigned char)v[i];
	return 0;
}

static int parse_uint(const char *text, unsigned max, unsigned *out)
{
	char *end;
	if (!text || !*text)
		return -1;
	unsigned long v = strtoul(text, &end, 10);
	if (*end || v > max)
		return -1;
	*out = (unsigned)v;
	return 0;
}

/* `address MAC`, `mtu N`, `netns NAME` of one link; stops at the first other word. */
static int link_options(struct tokens *t, struct link_opts *link, int allow_netns, char *err, size_t errlen)
{
	while (t->at < t->n) {
		const char *key = t->v[t->at];
		if (is(key, "address")) {
			t->at++;
			const char *value = next(t);
			if (parse_mac(value, link->mac) < 0)
				REFUSE("bad MAC address %s", value ? value : "(missing)");
			link->has_mac = 1;
		} else if (is(key, "mtu")) {
			t->at++;
			const char *value = next(t);
			if (parse_uint(value, 65535, &link->mtu) < 0 || link->mtu < 68)
				REFUSE("bad MTU %s", value ? value : "(missing)");
		} else if (allow_netns && is(key, "netns")) {
			t->at++;
			if (copy_name(link->netns, sizeof(link->netns), next(t), "namespace", err, errlen) < 0)
				return -1;
		} else {
			return 0;
		}
	}
	return 0;
}

static int parse_link(struct tokens *t, struct command *cmd, char *err, size_t errlen)
{
	const char *verb = next(t);
	if (copy_name(cmd->link.name, NAME_LEN, next(t), "interface", err, errlen) < 0)
		return -1;
	if (is(verb, "del")) {
		cmd->op = OP_LINK_DEL;
		return 0;
	}
	if (is(verb, "add")) {
		cmd->op = OP_LINK_ADD;
		if (link_options(t, &cmd->link, 0, err, errlen) < 0)
			return -1;
		if (!is(next(t), "type"))
			REFUSE("link add needs a type");
		const char *kind = next(t);
		if (is(kind, "bridge"))
			strcpy(cmd->kind, "bridge");
		else if (is(kind, "veth")) {
			strcpy(cmd->kind, "veth");
			if (!is(next(t), "peer") || !is(next(t), "name"))
				REFUSE("a veth needs `peer name NAME`");
			if (copy_name(cmd->peer.name, NAME_LEN, next(t), "interface", err, errlen) < 0 || link_options(t, &cmd->peer, 1, err, errlen) < 0)
				return -1;
		} else {
			REFUSE("unsupported link type %s", kind ? kind : "(missing)");
		}
		return 0;
	}
	if (is(verb, "set")) {
		cmd->op = OP_LINK_SET;
		if (is(t->at < t->n ? t->v[t->at] : NULL, "type")) {
			t->at++;
			if (!is(next(t), "bridge_slave") || !is(next(t), "hairpin") || !is(next(t), "on"))
				REFUSE("only `type bridge_slave hairpin on` is supported");
			cmd->hairpin = 1;
			return 0;
		}
		while (t->at < t->n) {
			const char *key = next(t);
			if (is(key, "master")) {
				if (copy_name(cmd->master, NAME_LEN, next(t), "bridge", err, errlen) < 0)
					return -1;
			} else if (is(key, "up")) {
				cmd->up = 1;
			} else {
				REFUSE("unsupported link setting %s", key);
			}
		}
		return 0;
	}
	REFUSE("unsupported link command %s", verb ? verb : "(missing)");
}

static int parse_ipv4(const char *text, uint32_t *out)
{
	struct in_addr a;
	if (!text || inet_pton(AF_INET, text, &a) != 1)
		return -1;
	*out = a.s_addr;
	return 0;
}

static int parse_addr(struct tokens *t, struct command *cmd, char *err, size_t errlen)
{
	if (!is(next(t), "add"))
		REFUSE("only `addr add` is supported");
	cmd->op = OP_ADDR_ADD;
	const char *cidr = next(t);
	char ip[32];
	const char *slash = cidr ? strchr(cidr, '/') : NULL;
	unsigned prefix;
	if (!slash || (size_t)(slash - cidr) >= sizeof(ip) || parse_uint(slash + 1, 32, &prefix) < 0)
		REFUSE("bad address %s (want A.B.C.D/PREFIX)", cidr ? cidr : "(missing)");
	memcpy(ip, cidr, (size_t)(slash - cidr));
	ip[slash - cidr] = '\0';
	if (parse_ipv4(ip, &cmd->addr) < 0)
		REFUSE("bad address %s", cidr);
	cmd->prefix = (int)prefix;
	while (t->at < t->n) {
		const char *key = next(t);
		if (is(key, "broadcast")) {
			if (!is(next(t), "+"))
				REFUSE("only `broadcast +` is supported");
			cmd->broadcast = 1;
		} else if (is(key, "dev")) {
			if (copy_name(cmd->dev, NAME_LEN, next(t), "interface", err, errlen) < 0)
				return -1;
		} else {
			REFUSE("unsupported address setting %s", key);
		}
	}
	if (!cmd->dev[0])
		REFUSE("addr add needs `dev NAME`");
	return 0;
}

static int parse_route(struct tokens *t, struct command *cmd, char *err, size_t errlen)
{
	if (!is(next(t), "add") || !is(next(t), "default") || !is(next(t), "via"))
		REFUSE("only `route add default via GATEWAY dev NAME` is supported");
	cmd->op = OP_ROUTE_DEFAULT;
	const char *gateway = next(t);
	if (parse_ipv4(gateway, &cmd->gateway) < 0)
		REFUSE("bad gateway %s", gateway ? gateway : "(missing)");
	if (!is(next(t), "dev") || copy_name(cmd->dev, NAME_LEN, next(t), "interface", err, errlen) < 0)
		REFUSE("route add needs `dev NAME`");
	return 0;
}

int parse_command(char *line, struct command *cmd, char *err, size_t errlen)
{
	struct tokens t = { .n = 0, .at = 0 };
	for (char *save = NULL, *word = strtok_r(line, " \t", &save); word; word = strtok_r(NULL, " \t", &save)) {
		if (t.n == MAX_TOKENS)
			REFUSE("too many words");
		t.v[t.n++] = word;
	}
	memset(cmd, 0, sizeof(*cmd));
	if (is(t.n ? t.v[0] : NULL, "-n")) {
		t.at = 1;
		if (copy_name(cmd->where, sizeof(cmd->where), next(&t), "namespace", err, errlen) < 0)
			return -1;
	}
	const char *object = next(&t);
	int r;
	if (is(object, "link")) {
		r = parse_link(&t, cmd, err, errlen);
	} else if (is(object, "addr")) {
		r = parse_addr(&t, cmd, err, errlen);
	} else if (is(object, "route")) {
		r = parse_route(&t, cmd, err, errlen);
	} else if (is(object, "netns")) {
		const char *verb = next(&t);
		if (!is(verb, "add") && !is(verb, "del"))
			REFUSE("only `netns add|del NAME` is supported");
		cmd->op = is(verb, "add") ? OP_NETNS_ADD : OP_NETNS_DEL;
		r = copy_name(cmd->ns_name, sizeof(cmd->ns_name), next(&t), "namespace", err, errlen);
	} else {
		REFUSE("unsupported command %s", object ? object : "(empty)");
	}
	if (r == 0 && t.at < t.n)
		REFUSE("unexpected %s", t.v[t.at]);
	return r;
}
