/*
 * The DNS wire format, as much as the server needs: read the one question
 * of a query, and write answers holding A or PTR records. Every read is
 * bounds-checked against the datagram, which comes from any container.
 */
#include <arpa/inet.h>
#include <string.h>

#include "dns.h"

static unsigned get16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static void put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

int parse_query(const unsigned char *msg, size_t len, struct query *q)
{
	if (len < 12)
		return -1;
	/* Answering a response could make two servers bounce packets forever. */
	if (msg[2] & 0x80)
		return -1;
	if ((msg[2] >> 3) & 0x0f) /* not a standard query */
		return -1;
	if (get16(msg + 4) != 1)
		return -1;
	size_t pos = 12, out = 0;
	q->plain = 1;
	for (;;) {
		if (pos >= len)
			return -1;
		unsigned label = msg[pos++];
		if (label == 0)
			break;
		/*
		 * The question's name starts the message body, so a compression
		 * pointer in it could only point at the header or back into itself:
		 * no sender needs one, and refusing them means nothing can loop.
		 */
		if (label & 0xc0)
			return -1;
		if (pos + label > len || out + label + 1 > MAX_NAME - 1)
			return -1;
		if (out > 0)
			q->name[out++] = '.';
		for (unsigned i = 0; i < label; i++) {
			unsigned char c = msg[pos + i];
			if (c >= 'A' && c <= 'Z')
				c = (unsigned char)(c - 'A' + 'a');
			/* Such a label would compare equal to a different name; it is only ever forwarded. */
			if (c == '.' || c == '\0')
				q->plain = 0;
			q->name[out++] = (char)c;
		}
		pos += label;
	}
	q->name[out] = '\0';
	if (pos + 4 > len)
		return -1;
	q->type = (uint16_t)get16(msg + pos);
	q->qclass = (uint16_t)get16(msg + pos + 2);
	q->qend = pos + 4;

	/* EDNS: an OPT record alone in the additional section, as every resolver sends it. */
	q->edns = 0;
	q->edns_size = 512;
	if (get16(msg + 6) == 0 && get16(msg + 8) == 0 && get16(msg + 10) >= 1 && q->qend + 11 <= len) {
		const unsigned char *rr = msg + q->qend;
		if (rr[0] == 0 && get16(rr + 1) == TYPE_OPT) {
			q->edns = 1;
			q->edns_size = (uint16_t)get16(rr + 3);
		}
	}
	return 0;
}

/* A presentation name as labels; 0 when it does not fit or is not a valid name. */
static size_t encode_name(unsigned char *p, size_t cap, const char *name)
{
	size_t pos = 0;
	while (*name) {
		const char *dot = strchr(name, '.');
		size_t len = dot ? (size_t)(dot - name) : strlen(name);
		if (len == 0 || len > 63 || pos + len + 2 > cap)
			return 0;
		p[pos++] = (unsigned char)len;
		memcpy(p + pos, name, len);
		pos += len;
		name += len + (dot ? 1 : 0);
	}
	if (pos + 1 > cap)
		return 0;
	p[pos++] = 0;
	return pos;
}

/* The fixed part of an answer record, named by a pointer to the question. */
static size_t record_head(unsigned char *p, unsigned type, unsigned rdlen)
{
	put16(p, 0xc00c);
	put16(p + 2, type);
	put16(p + 4, CLASS_IN);
	/* TTL 0: a recreated container gets a new address, and clients must see it at once. */
	put16(p + 6, 0);
	put16(p + 8, 0);
	put16(p + 10, rdlen);
	return 12;
}

size_t build_response(const unsigned char *msg, const struct query *q, int rcode, int authoritative,
		      const struct in_addr *addrs, int naddrs, int rotate, const char *ptr_name,
		      unsigned char *out, size_t limit)
{
	/* An OPT record is echoed to an EDNS client; room for it is kept back. */
	size_t reserve = q->edns ? 11 : 0;
	if (q->qend + reserve > limit)
		return 0;
	memcpy(out, msg, q->qend);
	out[2] = (unsigned char)(0x80 | (authoritative ? 0x04 : 0) | (msg[2] & 0x01));
	out[3] = (unsigned char)(0x80 | (rcode & 0x0f));
	put16(out + 4, 1);
	put16(out + 8, 0);
	put16(out + 10, 0);
	size_t pos = q->qend;
	unsigned answers = 0;
	for (int i = 0; i < naddrs; i++) {
		if (pos + 16 + reserve > limit) {
			out[2] |= 0x02; /* TC: the client asks again over TCP for the rest */
			break;
		}
		pos += record_head(out + pos, TYPE_A, 4);
		memcpy(out + pos, &addrs[(i + rotate) % naddrs], 4);
		pos += 4;
		answers++;
	}
	if (ptr_name) {
		unsigned char name[MAX_NAME + 2];
		size_t nlen = encode_name(name, sizeof(name), ptr_name);
		if (nlen && pos + 12 + nlen + reserve <= limit) {
			pos += record_head(out + pos, TYPE_PTR, (unsigned)nlen);
			memcpy(out + pos, name, nlen);
			pos += nlen;
			answers++;
		} else if (nlen) {
			out[2] |= 0x02;
		}
	}
	put16(out + 6, answers);
	if (q->edns) {
		unsigned char *opt = out + pos;
		opt[0] = 0;
		put16(opt + 1, TYPE_OPT);
		put16(opt + 3, 1232); /* the payload size that avoids fragmentation on any path */
		memset(opt + 5, 0, 6);
		pos += 11;
		put16(out + 10, 1);
	}
	return pos;
}

static int octet(const char **s, char end, unsigned *v)
{
	const char *p = *s;
	unsigned n = 0;
	int digits = 0;
	while (*p >= '0' && *p <= '9' && digits < 3) {
		n = n * 10 + (unsigned)(*p++ - '0');
		digits++;
	}
	if (digits == 0 || n > 255 || *p != end)
		return -1;
	*v = n;
	*s = p + 1;
	return 0;
}

int parse_reverse(const char *name, struct in_addr *ip)
{
	unsigned d, c, b, a;
	const char *p = name;
	if (octet(&p, '.', &d) || octet(&p, '.', &c) || octet(&p, '.', &b) || octet(&p, '.', &a))
		return -1;
	if (strcmp(p, "in-addr.arpa"))
		return -1;
	uint32_t v = a << 24 | b << 16 | c << 8 | d;
	ip->s_addr = htonl(v);
	return 0;
}

int same_question(const unsigned char *query, const unsigned char *reply, size_t qend)
{
	if (get16(reply + 4) != 1)
		return 0;
	for (size_t i = 12; i < qend; i++) {
		unsigned char x = query[i], y = reply[i];
		/* Some resolvers change the case of the name they echo; label lengths (under 64) are untouched by this. */
		if (x >= 'A' && x <= 'Z')
			x = (unsigned char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (unsigned char)(y - 'A' + 'a');
		if (x != y)
			return 0;
	}
	return 1;
}
