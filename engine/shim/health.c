/*
 * The healthcheck, as Docker runs it: every interval (start interval during
 * the start period) the supervisor forks a runner that execs the test inside
 * the container; a runner past its timeout is killed. Successes make the
 * container healthy; `retries` failures in a row (not counted during the
 * start period) make it unhealthy. The status, failing streak and the last
 * five results go to a JSON file the engine reads.
 */
#define _GNU_SOURCE
#include "shim.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <errno.h>
#include <sys/wait.h>
#include <unistd.h>

#define KEEP 5
#define OUTPUT_MAX 4096

struct result { char start[40], end[40]; int code; char output[OUTPUT_MAX]; };

static struct {
	const struct spec *spec;
	pid_t target; unsigned long long target_start;
	pid_t runner; int fd;
	long long started_ms, next_ms, deadline_ms, period_end_ms;
	const char *status; int streak;
	struct result log[KEEP]; int nlog;
	struct result current; size_t outlen;
} h = { .fd = -1 };

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static int enabled(void)
{
	return h.spec && h.spec->nhealth_args > 0 && h.spec->health_file;
}

/* During the start period checks come every start interval. */
static long long gap(void)
{
	long long interval = h.spec->health_ms[0], start_interval = h.spec->health_ms[3];
	return now_ms() < h.period_end_ms && start_interval > 0 ? start_interval : interval;
}

static void save(void)
{
	static char json[KEEP * (OUTPUT_MAX * 6 + 256) + 256];
	size_t n = (size_t)sprintf(json, "{\"Status\":\"%s\",\"FailingStreak\":%d,\"Log\":[", h.status, h.streak);
	for (int i = 0; i < h.nlog; i++) {
		const struct result *r = &h.log[i];
		n += (size_t)sprintf(json + n, "%s{\"Start\":\"%s\",\"End\":\"%s\",\"ExitCode\":%d,\"Output\":\"", i ? "," : "", r->start, r->end, r->code);
		n += json_escape(json + n, r->output, strlen(r->output));
		n += (size_t)sprintf(json + n, "\"}");
	}
	n += (size_t)sprintf(json + n, "]}\n");
	char tmp[4096];
	snprintf(tmp, sizeof(tmp), "%s.tmp", h.spec->health_file);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) return;
	int ok = write_all(fd, json, n) == 0;
	close(fd);
	if (ok) rename(tmp, h.spec->health_file);
}

void health_start(const struct spec *spec, pid_t pid, unsigned long long start)
{
	h.spec = spec;
	if (!enabled()) return;
	h.target = pid;
	h.target_start = start;
	h.status = "starting";
	h.streak = 0;
	h.started_ms = now_ms();
	h.period_end_ms = h.started_ms + spec->health_ms[2];
	h.next_ms = h.started_ms + gap();
	save();
}

int health_timeout_ms(void)
{
	if (!enabled() || !h.status) return -1;
	long long due = h.runner ? h.deadline_ms : h.next_ms;
	long long wait = due - now_ms();
	return wait < 0 ? 0 : (int)(wait > 60000 ? 60000 : wait);
}

int health_fd(void)
{
	return h.fd;
}

void health_read(void)
{
	char buf[1024];
	ssize_t n = read(h.fd, buf, sizeof(buf));
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		close(h.fd);
		h.fd = -1;
		return;
	}
	size_t room = OUTPUT_MAX - 1 - h.outlen;
	size_t take = (size_t)n < room ? (size_t)n : room;
	memcpy(h.current.output + h.outlen, buf, take);
	h.outlen += take;
	h.current.output[h.outlen] = '\0';
}

static void launch(void)
{
	int pipefd[2];
	if (pipe2(pipefd, O_CLOEXEC) < 0) return;
	memset(&h.current, 0, sizeof(h.current));
	h.outlen = 0;
	now_rfc3339(h.current.start, sizeof(h.current.start));
	pid_t runner = fork();
	if (runner == 0) {
		struct spec probe = *h.spec;
		memcpy(probe.args, h.spec->health_args, sizeof(probe.args));
		probe.nargs = h.spec->nhealth_args;
		probe.target_pid = h.target;
		probe.target_start = h.target_start;
		int null = open("/dev/null", O_RDONLY);
		dup2(null, 0);
		dup2(pipefd[1], 1);
		dup2(pipefd[1], 2);
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		_exit(exec_in_container(&probe));
	}
	close(pipefd[1]);
	if (runner < 0) {
		close(pipefd[0]);
		return;
	}
	h.runner = runner;
	h.fd = pipefd[0];
	/* Non-blocking: a test that leaves a background process holding the pipe must not stall us. */
	fcntl(h.fd, F_SETFL, O_NONBLOCK);
	h.deadline_ms = now_ms() + h.spec->health_ms[1];
}

static void record(int code)
{
	now_rfc3339(h.current.end, sizeof(h.current.end));
	h.current.code = code;
	if (h.nlog == KEEP) {
		memmove(&h.log[0], &h.log[1], sizeof(h.log[0]) * (KEEP - 1));
		h.nlog--;
	}
	h.log[h.nlog++] = h.current;
	if (code == 0) {
		h.status = "healthy";
		h.streak = 0;
	} else if (now_ms() >= h.period_end_ms || strcmp(h.status, "starting") != 0) {
		if (++h.streak >= (h.spec->health_retries > 0 ? h.spec->health_retries : 3)) h.status = "unhealthy";
	}
	save();
	h.next_ms = now_ms() + gap();
}

void health_tick(void)
{
	if (!enabled() || !h.status) return;
	if (h.runner && now_ms() >= h.deadline_ms) {
		/* SIGTERM first: the runner passes it to the test's whole process group. */
		int first = h.current.code != -1;
		kill(h.runner, first ? SIGTERM : SIGKILL);
		snprintf(h.current.output, sizeof(h.current.output), "Health check exceeded timeout (%lldms)", h.spec->health_ms[1]);
		h.outlen = strlen(h.current.output);
		h.deadline_ms = now_ms() + 1000; /* then SIGKILL, if it is still there */
		h.current.code = -1;
	} else if (!h.runner && now_ms() >= h.next_ms) {
		launch();
	}
}

int health_reaped(pid_t pid, int status)
{
	if (!h.runner || pid != h.runner) return 0;
	h.runner = 0;
	for (size_t before = (size_t)-1; h.fd >= 0 && before != h.outlen; ) {
		before = h.outlen;
		health_read();
	}
	if (h.fd >= 0) {
		close(h.fd);
		h.fd = -1;
	}
	int timed_out = h.current.code == -1;
	if (timed_out)
		snprintf(h.current.output, sizeof(h.current.output), "Health check exceeded timeout (%lldms)", h.spec->health_ms[1]);
	record(timed_out ? -1 : (WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status)));
	return 1;
}

void health_stop(void)
{
	if (h.runner) kill(h.runner, SIGKILL);
	if (h.fd >= 0) close(h.fd);
	h.fd = -1;
	h.runner = 0;
	h.status = NULL;
}
