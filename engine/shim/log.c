/*
 * The container's output as json-lines, one entry per line as docker's
 * json-file driver writes it: {"log":"...\n","stream":"stdout","time":"..."}.
 * A line longer than the buffer is written in parts without a newline.
 * Past max_size the file rotates (log.1 … log.N) or, with one file, restarts.
 */
#include "shim.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *STREAMS[2] = {"stdout", "stderr"};

int log_open(struct log_writer *log, const char *path, long long max_size, int max_files)
{
	memset(log, 0, sizeof(*log));
	log->path = path;
	log->max_size = max_size;
	log->max_files = max_files < 1 ? 1 : max_files;
	log->fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
	if (log->fd < 0)
		return -1;
	struct stat st;
	log->size = fstat(log->fd, &st) == 0 ? st.st_size : 0;
	return 0;
}

static void rotate(struct log_writer *log)
{
	char from[4096], to[4096];
	close(log->fd);
	for (int i = log->max_files - 1; i >= 1; i--) {
		snprintf(to, sizeof(to), "%s.%d", log->path, i);
		if (i == 1) snprintf(from, sizeof(from), "%s", log->path);
		else snprintf(from, sizeof(from), "%s.%d", log->path, i - 1);
		rename(from, to);
	}
	int flags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (log->max_files == 1 ? O_TRUNC : 0);
	log->fd = open(log->path, flags, 0640);
	log->size = 0;
}

/* JSON string escaping of raw bytes; bytes >= 0x80 pass through (UTF-8). */
size_t json_escape(char *out, const char *in, size_t len)
{
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)in[i];
		if (c == '"' || c == '\\') { out[o++] = '\\'; out[o++] = (char)c; }
		else if (c == '\n') { out[o++] = '\\'; out[o++] = 'n'; }
		else if (c == '\r') { out[o++] = '\\'; out[o++] = 'r'; }
		else if (c == '\t') { out[o++] = '\\'; out[o++] = 't'; }
		else if (c < 0x20 || c == 0x7f) o += sprintf(out + o, "\\u%04x", c);
		else out[o++] = (char)c;
	}
	return o;
}

static void write_entry(struct log_writer *log, int stream, const char *data, size_t len)
{
	static char line[16384 * 6 + 256];
	char now[40];
	now_rfc3339(now, sizeof(now));
	size_t n = (size_t)sprintf(line, "{\"log\":\"");
	n += json_escape(line + n, data, len);
	n += (size_t)sprintf(line + n, "\",\"stream\":\"%s\",\"time\":\"%s\"}\n", STREAMS[stream], now);
	if (log->max_size > 0 && log->size + (long long)n > log->max_size && log->size > 0)
		rotate(log);
	if (log->fd >= 0 && write_all(log->fd, line, n) == 0)
		log->size += (long long)n;
}

void log_data(struct log_writer *log, int stream, const char *data, size_t len)
{
	char *buf = log->partial[stream];
	size_t *have = &log->partial_len[stream];
	for (size_t i = 0; i < len; i++) {
		buf[(*have)++] = data[i];
		if (data[i] == '\n' || *have == sizeof(log->partial[0])) {
			write_entry(log, stream, buf, *have);
			*have = 0;
		}
	}
}

void log_flush(struct log_writer *log, int stream)
{
	if (log->partial_len[stream] == 0) return;
	write_entry(log, stream, log->partial[stream], log->partial_len[stream]);
	log->partial_len[stream] = 0;
}
