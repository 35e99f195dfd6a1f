/*
 * Each command as rtnetlink requests (libmnl builds and checks the
 * messages), in the namespace the line names. A netlink socket belongs to
 * the namespace it was opened in, so one is kept per namespace entered.
 */
#define _GNU_SOURCE
#include "netlink.h"

#include <errno.h>
#include <fcntl.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <net/if.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <linux/magic.h>
#include <unistd.h>

#define NETNS_DIR "/run/netns"

static int host_ns = -1;      /* the namespace we started in */
static char current[256];     /* the namespace we are in ("" = the host's) */
static struct mnl_socket *nl; /* opened in `current` */
static unsigned seq;

#define FAIL(...) do { int saved_ = errno; snprintf(err, errlen, __VA_ARGS__); errno = saved_; return -1; } while (0)

static int netns_path(char *out, size_t size, const char *name)
{
	/* A name is one path component under /run/netns, as `ip netns` has it. */
	if (!*name || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, "..")) {
		errno = EINVAL;
		return -1;
	}
	snprintf(out, size, NETNS_DIR "/%s", name);
	return 0;
}

static void close_socket(void)
{
	if (nl)
		mnl_socket_close(nl);
	nl = NULL;
}

/* Moves this process into the namespace `where` names ("" = back to the host's). */
static int enter(const char *where, char *err, size_t errlen)
{
	if (!strcmp(where, current))
		return 0;
	if (host_ns < 0 && (host_ns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC)) < 0)
		FAIL("open our network namespace: %s", strerror(errno));
	int fd = host_ns;
	char path[300];
	if (*where) {
		if (netns_path(path, sizeof(path), where) < 0 || (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
			FAIL("network namespace %s: %s", where, strerror(errno));
	}
	int r = setns(fd, CLONE_NEWNET);
	if (fd != host_ns)
		close(fd);
	if (r < 0)
		FAIL("enter network namespace %s: %s", *where ? where : "of the host", strerror(errno));
	close_socket();
	snprintf(current, sizeof(current), "%s", where);
	return 0;
}

static int open_socket(char *err, size_t errlen)
{
	if (nl)
		return 0;
	nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		int saved = errno;
		close_socket();
		errno = saved;
		FAIL("open rtnetlink: %s", strerror(errno));
	}
	return 0;
}

/* Sends one request and waits for its acknowledgement; -1 with errno from the kernel. */
static int request(struct nlmsghdr *msg)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	msg->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	msg->nlmsg_seq = ++seq;
	if (mnl_socket_sendto(nl, msg, msg->nlmsg_len) < 0)
		return -1;
	unsigned portid = mnl_socket_get_portid(nl);
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (n < 0)
			return -1;
		int r = mnl_cb_run(buf, (size_t)n, seq, portid, NULL, NULL);
		if (r <= MNL_CB_STOP)
			return r < 0 ? -1 : 0;
	}
}

static struct nlmsghdr *link_message(char *buf, int type, unsigned flags, int index)
{
	struct nlmsghdr *msg = mnl_nlmsg_put_header(buf);
	msg->nlmsg_type = (uint16_t)type;
	msg->nlmsg_flags = (uint16_t)flags;
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(msg, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = index;
	return msg;
}

static int index_of(const char *name, char *err, size_t errlen)
{
	unsigned index = if_nametoindex(name);
	if (!index)
		FAIL("no interface %s", name);
	return (int)index;
}

/* A link's own attributes: name, MAC, MTU, and the namespace it goes to. */
static int put_link_opts(struct nlmsghdr *msg, const struct link_opts *link, int *ns_fd, char *err, size_t errlen)
{
	mnl_attr_put_strz(msg, IFLA_IFNAME, link->name);
	if (link->has_mac)
		mnl_attr_put(msg, IFLA_ADDRESS, sizeof(link->mac), link->mac);
	if (link->mtu)
		mnl_attr_put_u32(msg, IFLA_MTU, link->mtu);
	if (link->netns[0]) {
		char path[300];
		if (netns_path(path, sizeof(path), link->netns) < 0 || (*ns_fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
			FAIL("network namespace %s: %s", link->netns, strerror(errno));
		mnl_attr_put_u32(msg, IFLA_NET_NS_FD, (uint32_t)*ns_fd);
	}
	return 0;
}

static int link_add(const struct command *cmd, char *err, size_t errlen)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *msg = link_message(buf, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 0);
	int ns_fd = -1, r = -1;
	if (put_link_opts(msg, &cmd->link, &ns_fd, err, errlen) < 0)
		return -1;
	struct nlattr *info = mnl_attr_nest_start(msg, IFLA_LINKINFO);
	mnl_attr_put_strz(msg, IFLA_INFO_KIND, cmd->kind);
	if (!strcmp(cmd->kind, "veth")) {
		struct nlattr *data = mnl_attr_nest_start(msg, IFLA_INFO_DATA);
		struct nlattr *peer = mnl_attr_nest_start(msg, VETH_INFO_PEER);
		/* The peer is a whole link message of its own: its ifinfomsg, then its attributes. */
		struct ifinfomsg *pi = mnl_nlmsg_put_extra_header(msg, sizeof(*pi));
		pi->ifi_family = AF_UNSPEC;
		if (put_link_opts(msg, &cmd->peer, &ns_fd, err, errlen) < 0)
			return -1;
		mnl_attr_nest_end(msg, peer);
		mnl_attr_nest_end(msg, data);
	}
	mnl_attr_nest_end(msg, info);
	r = request(msg);
	int saved = errno;
	if (ns_fd >= 0)
		close(ns_fd);
	errno = saved;
	if (r < 0)
		FAIL("add %s %s: %s", cmd->kind, cmd->link.name, strerror(errno));
	return 0;
}

static int link_set(const struct command *cmd, char *err, size_t errlen)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	int index = index_of(cmd->link.name, err, errlen);
	if (index < 0)
		return -1;
	struct nlmsghdr *msg = link_message(buf, RTM_NEWLINK, 0, index);
	struct ifinfomsg *ifi = mnl_nlmsg_get_payload(msg);
	if (cmd->master[0]) {
		int master = index_of(cmd->master, err, errlen);
		if (master < 0)
			return -1;
		mnl_attr_put_u32(msg, IFLA_MASTER, (uint32_t)master);
	}
	if (cmd->up) {
		ifi->ifi_flags = IFF_UP;
		ifi->ifi_change = IFF_UP;
	}
	if (cmd->hairpin) {
		/* A bridge port's own setting: the slave data of its link info. */
		struct nlattr *info = mnl_attr_nest_start(msg, IFLA_LINKINFO);
		mnl_attr_put_strz(msg, IFLA_INFO_SLAVE_KIND, "bridge");
		struct nlattr *data = mnl_attr_nest_start(msg, IFLA_INFO_SLAVE_DATA);
		mnl_attr_put_u8(msg, IFLA_BRPORT_MODE, 1);
		mnl_attr_nest_end(msg, data);
		mnl_attr_nest_end(msg, info);
	}
	if (request(msg) < 0)
		FAIL("set %s: %s", cmd->link.name, strerror(errno));
	return 0;
}

static int link_del(const struct command *cmd, char *err, size_t errlen)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *msg = link_message(buf, RTM_DELLINK, 0, 0);
	mnl_attr_put_strz(msg, IFLA_IFNAME, cmd->link.name);
	if (request(msg) < 0)
		FAIL("delete %s: %s", cmd->link.name, strerror(errno));
	return 0;
}

static int addr_add(const struct command *cmd, char *err, size_t errlen)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	int index = index_of(cmd->dev, err, errlen);
	if (index < 0)
		return -1;
	struct nlmsghdr *msg = mnl_nlmsg_put_header(buf);
	msg->nlmsg_type = RTM_NEWADDR;
	msg->nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(msg, sizeof(*ifa));
	ifa->ifa_family = AF_INET;
	ifa->ifa_prefixlen = (unsigned char)cmd->prefix;
	ifa->ifa_index = (unsigned)index;
	mnl_attr_put_u32(msg, IFA_LOCAL, cmd->addr);
	mnl_attr_put_u32(msg, IFA_ADDRESS, cmd->addr);
	if (cmd->broadcast && cmd->prefix < 31) {
		uint32_t host_bits = cmd->prefix == 0 ? 0xffffffffu : (1u << (32 - cmd->prefix)) - 1;
		mnl_attr_put_u32(msg, IFA_BROADCAST, cmd->addr | htonl(host_bits));
	}
	if (request(msg) < 0)
		FAIL("add address to %s: %s", cmd->dev, strerror(errno));
	return 0;
}

static int route_default(const struct command *cmd, char *err, size_t errlen)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	int index = index_of(cmd->dev, err, errlen);
	if (index < 0)
		return -1;
	struct nlmsghdr *msg = mnl_nlmsg_put_header(buf);
	msg->nlmsg_type = RTM_NEWROUTE;
	msg->nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(msg, sizeof(*rtm));
	rtm->rtm_family = AF_INET;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = RTPROT_BOOT;
	rtm->rtm_scope = RT_SCOPE_UNIVERSE;
	rtm->rtm_type = RTN_UNICAST;
	mnl_attr_put_u32(msg, RTA_GATEWAY, cmd->gateway);
	mnl_attr_put_u32(msg, RTA_OIF, (uint32_t)index);
	if (request(msg) < 0)
		FAIL("add default route via %s: %s", cmd->dev, strerror(errno));
	return 0;
}

/*
 * /run/netns is made a shared mount (bound onto itself first if it is no
 * mount yet), as `ip netns` does, so that a namespace mounted there later
 * shows in mount namespaces copied from ours.
 */
static int shared_netns_dir(char *err, size_t errlen)
{
	if (mkdir(NETNS_DIR, 0755) < 0 && errno != EEXIST)
		FAIL("create %s: %s", NETNS_DIR, strerror(errno));
	if (mount("", NETNS_DIR, "none", MS_SHARED | MS_REC, NULL) == 0)
		return 0;
	if (errno != EINVAL)
		FAIL("make %s shared: %s", NETNS_DIR, strerror(errno));
	if (mount(NETNS_DIR, NETNS_DIR, "none", MS_BIND | MS_REC, NULL) < 0 || mount("", NETNS_DIR, "none", MS_SHARED | MS_REC, NULL) < 0)
		FAIL("mount %s: %s", NETNS_DIR, strerror(errno));
	return 0;
}

/*
 * A new namespace, kept alive by a bind mount of it at /run/netns/NAME. An
 * empty file may be there already: networking puts one there to show the
 * namespace is on its way while a container's supervisor makes it.
 */
static int netns_add(const char *name, char *err, size_t errlen)
{
	char path[300];
	if (netns_path(path, sizeof(path), name) < 0)
		FAIL("bad namespace name %s", name);
	if (shared_netns_dir(err, errlen) < 0)
		return -1;
	int fd = open(path, O_RDONLY | O_CREAT | O_CLOEXEC, 0);
	if (fd < 0)
		FAIL("create %s: %s", path, strerror(errno));
	struct statfs fs;
	int mounted = fstatfs(fd, &fs) == 0 && fs.f_type == NSFS_MAGIC;
	close(fd);
	if (mounted) {
		errno = EEXIST;
		FAIL("create network namespace %s: %s", name, strerror(errno));
	}
	if (host_ns < 0 && (host_ns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC)) < 0)
		FAIL("open our network namespace: %s", strerror(errno));
	int saved = 0;
	if (unshare(CLONE_NEWNET) < 0 || mount("/proc/self/ns/net", path, "none", MS_BIND, NULL) < 0)
		saved = errno;
	/* Back where the next command expects us, whatever happened. */
	char back[300];
	if (*current && netns_path(back, sizeof(back), current) == 0) {
		int cur = open(back, O_RDONLY | O_CLOEXEC);
		if (cur < 0 || setns(cur, CLONE_NEWNET) < 0)
			saved = saved ? saved : errno;
		if (cur >= 0)
			close(cur);
	} else if (setns(host_ns, CLONE_NEWNET) < 0) {
		saved = saved ? saved : errno;
	}
	if (saved) {
		umount2(path, MNT_DETACH);
		unlink(path);
		errno = saved;
		FAIL("create network namespace %s: %s", name, strerror(errno));
	}
	return 0;
}

static int netns_del(const char *name, char *err, size_t errlen)
{
	char path[300];
	if (netns_path(path, sizeof(path), name) < 0)
		FAIL("bad namespace name %s", name);
	umount2(path, MNT_DETACH);
	if (unlink(path) < 0)
		FAIL("delete network namespace %s: %s", name, strerror(errno));
	return 0;
}

int run_command(const struct command *cmd, char *err, size_t errlen)
{
	if (enter(cmd->where, err, errlen) < 0)
		return -1;
	if (cmd->op == OP_NETNS_ADD)
		return netns_add(cmd->ns_name, err, errlen);
	if (cmd->op == OP_NETNS_DEL)
		return netns_del(cmd->ns_name, err, errlen);
	if (open_socket(err, errlen) < 0)
		return -1;
	switch (cmd->op) {
	case OP_LINK_ADD: return link_add(cmd, err, errlen);
	case OP_LINK_SET: return link_set(cmd, err, errlen);
	case OP_LINK_DEL: return link_del(cmd, err, errlen);
	case OP_ADDR_ADD: return addr_add(cmd, err, errlen);
	case OP_ROUTE_DEFAULT: return route_default(cmd, err, errlen);
	default: break;
	}
	snprintf(err, errlen, "unknown command");
	return -1;
}

void close_namespaces(void)
{
	close_socket();
	if (host_ns >= 0)
		close(host_ns);
	host_ns = -1;
}
