/*
 * The supervisor's record of the container, `key=value` lines the engine
 * reads: written to a temp file, fsynced and renamed, so a reader (or a
 * crash) never sees half of it.
 */
#define _GNU_SOURCE
#include "shim.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void now_rfc3339(char *buf, size_t len)
{
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	size_t n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, len - n, ".%09ldZ", ts.tv_nsec);
}

/* Field 22 of /proc/PID/stat: with the pid, it names one process for good. */
unsigned long long process_start_time(pid_t pid)
{
	char path[64], buf[1024];
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) return 0;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0) return 0;
	buf[n] = '\0';
	char *p = strrchr(buf, ')');
	if (!p) return 0;
	unsigned long long start = 0;
	/* After ") ": state is field 3, starttime field 22. */
	int field = 2;
	for (p++; *p && field < 22; p++)
		if (*p == ' ') field++;
	sscanf(p, "%llu", &start);
	return start;
}

int state_write(const char *path, const struct shim_state *s)
{
	char tmp[4096], buf[2048];
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	char error[600];
	size_t e = 0;
	for (const char *c = s->error; *c && e < sizeof(error) - 1; c++)
		error[e++] = (*c == '\n') ? ' ' : *c;
	error[e] = '\0';
	int n = snprintf(buf, sizeof(buf),
		"status=%s\npid=%d\npid_start=%llu\nshim_pid=%d\nshim_start=%llu\nstarted_at=%s\nfinished_at=%s\n"
		"exit_code=%d\noom_killed=%d\nrestart_count=%d\nerror=%s\n",
		s->status, (int)s->pid, s->pid_start, (int)s->shim_pid, s->shim_start, s->started_at, s->finished_at,
		s->exit_code, s->oom_killed, s->restart_count, error);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) return -1;
	if (write_all(fd, buf, (size_t)n) < 0 || fsync(fd) < 0) {
		close(fd);
		unlink(tmp);
		return -1;
	}
	close(fd);
	return rename(tmp, path);
}
