/*
 * The records file, read whole and parsed into tables. Lines:
 *   net NETID LISTEN_IP [internal]
 *   host NETID IP CONTAINERID NAME...
 *   link CLIENT_CONTAINERID ALIAS TARGET
 *   netns CONTAINERID PATH      (its hosts answer only while PATH exists)
 *   dns CONTAINERID IP[:PORT]...  (where its unknown names are forwarded)
 *   upstream IP[:PORT]          (everyone else's)
 *   port N
 * Unknown kinds and malformed lines are skipped rather than rejected, so a
 * newer engine can add kinds and one bad line cannot take every name down.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dns.h"

/* Far above any real state root; stops a corrupt file from eating memory. */
#define MAX_FILE (64 * 1024 * 1024)

static char *read_all(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > MAX_FILE) {
		close(fd);
		return NULL;
	}
	size_t size = (size_t)st.st_size;
	char *buf = malloc(size + 1);
	size_t got = 0;
	while (buf && got < size) {
		ssize_t n = read(fd, buf + got, size - got);
		if (n < 0) {
			free(buf);
			buf = NULL;
		} else if (n == 0) {
			break; /* shrank under us; what was read is still one whole version */
		} else {
			got += (size_t)n;
		}
	}
	close(fd);
	if (!buf)
		return NULL;
	buf[got] = '\0';
	*len = got;
	return buf;
}

static void lower_name(char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i++)
		if (s[i] >= 'A' && s[i] <= 'Z')
			s[i] = (char)(s[i] - 'A' + 'a');
	/* Queries never carry the root's dot, so a name written with it must match without. */
	while (n > 0 && s[n - 1] == '.')
		s[--n] = '\0';
}

static int parse_port(const char *s)
{
	if (!*s)
		return -1;
	long v = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
		if (v > 65535)
			return -1;
	}
	return v > 0 ? (int)v : -1;
}

/* ADDRESS or ADDRESS:PORT (port 53 when omitted). Writes `sa` only when valid. */
static int parse_upstream(char *s, struct sockaddr_in *sa)
{
	struct sockaddr_in out = {.sin_family = AF_INET, .sin_port = htons(53)};
	char *colon = strchr(s, ':');
	if (colon) {
		*colon = '\0';
		int port = parse_port(colon + 1);
		if (port < 0)
			return -1;
		out.sin_port = htons((uint16_t)port);
	}
	if (inet_pton(AF_INET, s, &out.sin_addr) != 1)
		return -1;
	*sa = out;
	return 0;
}

static int find_net(const struct records *r, const char *id)
{
	for (int i = 0; i < r->nnets; i++)
		if (!strcmp(r->nets[i].id, id))
			return i;
	return -1;
}

/* Splits a line in place on spaces and tabs. */
static int split(char *line, char **fields, int max)
{
	int n = 0;
	char *p = line;
	while (*p && n < max) {
		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (!*p)
			break;
		fields[n++] = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\r')
			p++;
		if (*p)
			*p++ = '\0';
	}
	return n;
}

int records_load(const char *path, struct records *out)
{
	size_t len;
	char *text = read_all(path, &len);
	if (!text)
		return -1;

	/*
	 * Sizing every table from the line and field counts up front costs one
	 * allocation per reload and no reallocation while parsing.
	 */
	size_t lines = 1, fields = 1;
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\n')
			lines++;
		else if (text[i] == ' ' || text[i] == '\t' || text[i] == '\r')
			fields++;
	}
	fields += lines;
	/* An upstream per field at most: a `dns` line lists several. */
	size_t size = lines * (sizeof(struct net_rec) + sizeof(struct host_rec) + sizeof(struct link_rec)) +
		      fields * (sizeof(char *) + sizeof(struct sockaddr_in) + sizeof(char *));
	char *block = malloc(size);
	if (!block) {
		free(text);
		return -1;
	}
	struct records r = {.port = 53, .text = text, .tables = block};
	r.hosts = (struct host_rec *)block;
	block += lines * sizeof(struct host_rec);
	r.upstreams = (struct sockaddr_in *)block;
	block += fields * sizeof(struct sockaddr_in);
	r.upstream_owner = (const char **)block;
	block += fields * sizeof(char *);
	r.nets = (struct net_rec *)block;
	block += lines * sizeof(struct net_rec);
	r.links = (struct link_rec *)block;
	block += lines * sizeof(struct link_rec);
	char **names = (char **)block;
	size_t nnames = 0;

	/* Hosts name their network by id; they are matched after every net line is known, so order does not matter. */
	const char **host_net = calloc(lines, sizeof(char *));
	/* netns lines: container id and path, in pairs; matched to hosts at the end too. */
	const char **netns = calloc(lines * 2, sizeof(char *));
	int nnetns = 0;
	if (!host_net || !netns) {
		free(host_net);
		free(netns);
		free(r.tables);
		free(text);
		return -1;
	}

	/* memchr, not strchr: a stray NUL byte must cost its own line only, not the rest of the file. */
	char *line = text, *end = text + len;
	while (line) {
		char *next = memchr(line, '\n', (size_t)(end - line));
		if (next)
			*next++ = '\0';
		char *p = line;
		line = next;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '#' || !*p)
			continue;
		/*
		 * Fields land in the shared name array; a host line keeps its slots
		 * (its names stay there), any other line's are reused by the next.
		 */
		char **f = names + nnames;
		int n = split(p, f, (int)(fields - nnames));
		if (n == 0)
			continue;
		if (!strcmp(f[0], "net") && n >= 3) {
			struct in_addr a;
			if (inet_pton(AF_INET, f[2], &a) != 1 || find_net(&r, f[1]) >= 0)
				continue;
			r.nets[r.nnets++] = (struct net_rec){.id = f[1], .listen = a, .internal = n >= 4 && !strcmp(f[3], "internal")};
		} else if (!strcmp(f[0], "host") && n >= 5) {
			struct in_addr a;
			if (inet_pton(AF_INET, f[2], &a) != 1)
				continue;
			int kept = 0;
			for (int i = 4; i < n; i++) {
				lower_name(f[i]);
				if (*f[i])
					f[4 + kept++] = f[i];
			}
			if (kept == 0)
				continue;
			host_net[r.nhosts] = f[1];
			r.hosts[r.nhosts++] = (struct host_rec){.ip = a, .container = f[3], .names = f + 4, .nnames = kept};
			nnames += (size_t)n;
		} else if (!strcmp(f[0], "link") && n >= 4) {
			lower_name(f[2]);
			lower_name(f[3]);
			r.links[r.nlinks++] = (struct link_rec){.client = f[1], .alias = f[2], .target = f[3]};
		} else if (!strcmp(f[0], "upstream") && n >= 2) {
			if (parse_upstream(f[1], &r.upstreams[r.nupstreams]) == 0)
				r.upstream_owner[r.nupstreams++] = NULL;
		} else if (!strcmp(f[0], "dns") && n >= 3) {
			/* A container's own servers (docker's --dns): its queries go there instead. */
			for (int i = 2; i < n; i++)
				if (parse_upstream(f[i], &r.upstreams[r.nupstreams]) == 0)
					r.upstream_owner[r.nupstreams++] = f[1];
		} else if (!strcmp(f[0], "netns") && n >= 3) {
			netns[2 * nnetns] = f[1];
			netns[2 * nnetns++ + 1] = f[2];
		} else if (!strcmp(f[0], "port") && n >= 2) {
			int port = parse_port(f[1]);
			if (port > 0)
				r.port = port;
		}
	}

	int kept = 0;
	for (int i = 0; i < r.nhosts; i++) {
		int net = find_net(&r, host_net[i]);
		if (net < 0)
			continue;
		r.hosts[kept] = r.hosts[i];
		r.hosts[kept].netns = NULL;
		for (int k = 0; k < nnetns; k++)
			if (!strcmp(netns[2 * k], r.hosts[i].container))
				r.hosts[kept].netns = netns[2 * k + 1];
		r.hosts[kept++].net = net;
	}
	r.nhosts = kept;
	free(host_net);
	free(netns);
	*out = r;
	return 0;
}

void records_free(struct records *r)
{
	free(r->tables);
	free(r->text);
	memset(r, 0, sizeof(*r));
	r->port = 53;
}

int records_net_by_listen(const struct records *r, struct in_addr listen)
{
	for (int i = 0; i < r->nnets; i++)
		if (r->nets[i].listen.s_addr == listen.s_addr)
			return i;
	return -1;
}

const char *records_client(const struct records *r, int net, struct in_addr ip)
{
	for (int i = 0; i < r->nhosts; i++)
		if (r->hosts[i].net == net && r->hosts[i].ip.s_addr == ip.s_addr)
			return r->hosts[i].container;
	return NULL;
}

int records_has_own_upstreams(const struct records *r, const char *client)
{
	for (int k = 0; client && k < r->nupstreams; k++)
		if (r->upstream_owner[k] && !strcmp(r->upstream_owner[k], client))
			return 1;
	return 0;
}

int records_upstream_for(const struct records *r, int i, const char *client, int own)
{
	if (!own)
		return r->upstream_owner[i] == NULL;
	return r->upstream_owner[i] && !strcmp(r->upstream_owner[i], client);
}

/* The networks a client sees: the one it asked on first, then its others in file order. */
static int scope(const struct records *r, int net, const char *client, int *nets)
{
	int n = 0;
	nets[n++] = net;
	for (int i = 0; client && i < r->nhosts && n < MAX_SCOPE; i++) {
		if (strcmp(r->hosts[i].container, client))
			continue;
		int seen = 0;
		for (int j = 0; j < n && !seen; j++)
			seen = nets[j] == r->hosts[i].net;
		if (!seen)
			nets[n++] = r->hosts[i].net;
	}
	return n;
}

/* A container that ended has no namespace any more: its names are gone before the next records file says so. */
static int alive(const struct host_rec *h)
{
	return !h->netns || access(h->netns, F_OK) == 0;
}

static int has_name(const struct host_rec *h, const char *name)
{
	for (int i = 0; i < h->nnames; i++)
		if (!strcmp(h->names[i], name))
			return 1;
	return 0;
}

int records_resolve(const struct records *r, int net, const char *client, const char *name, struct in_addr *out, int max)
{
	for (int i = 0; client && i < r->nlinks; i++)
		if (!strcmp(r->links[i].client, client) && !strcmp(r->links[i].alias, name)) {
			name = r->links[i].target;
			break;
		}
	int nets[MAX_SCOPE];
	int nn = scope(r, net, client, nets);
	for (int k = 0; k < nn; k++) {
		int count = 0, found = 0;
		for (int i = 0; i < r->nhosts; i++) {
			const struct host_rec *h = &r->hosts[i];
			if (h->net != nets[k] || !has_name(h, name) || !alive(h))
				continue;
			found = 1;
			int dup = 0;
			for (int j = 0; j < count && !dup; j++)
				dup = out[j].s_addr == h->ip.s_addr;
			if (!dup && count < max)
				out[count++] = h->ip;
		}
		if (found)
			return count;
	}
	return -1;
}

const char *records_reverse(const struct records *r, int net, const char *client, struct in_addr ip)
{
	int nets[MAX_SCOPE];
	int nn = scope(r, net, client, nets);
	for (int k = 0; k < nn; k++)
		for (int i = 0; i < r->nhosts; i++)
			if (r->hosts[i].net == nets[k] && r->hosts[i].ip.s_addr == ip.s_addr && alive(&r->hosts[i]))
				return r->hosts[i].names[0];
	return NULL;
}
