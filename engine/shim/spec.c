/*
 * Reads the spec file: a sequence of NUL-terminated strings, each record a
 * key followed by the fixed number of values that key takes. NUL separation
 * lets values (env entries, paths) hold any other byte, newlines included.
 */
#include "shim.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Reads a whole file, or a pipe until EOF (the engine may hand the spec over through one). */
static char *read_file(const char *path, size_t *len)
{
	/* /dev/fd/N is read from the inherited fd itself: it may be a socket, which open() refuses. */
	int fd = strncmp(path, "/dev/fd/", 8) == 0 ? dup(atoi(path + 8)) : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	size_t cap = 4096, got = 0;
	char *buf = malloc(cap);
	for (;;) {
		if (!buf)
			break;
		if (got + 1 >= cap) {
			char *bigger = realloc(buf, cap *= 2);
			if (!bigger) { free(buf); buf = NULL; break; }
			buf = bigger;
		}
		ssize_t n = read(fd, buf + got, cap - got - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) { free(buf); buf = NULL; break; }
		if (n == 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (!buf)
		return NULL;
	buf[got] = '\0';
	*len = got;
	return buf;
}

#define PUSH(list, count, value) do { if ((count) >= (int)(sizeof(list) / sizeof((list)[0])) - 1) return -1; (list)[(count)++] = (value); } while (0)

static int apply(struct spec *s, const char *key, const char **v)
{
	if (!strcmp(key, "rootfs")) s->rootfs = v[0];
	else if (!strcmp(key, "lower")) PUSH(s->lower, s->nlower, v[0]);
	else if (!strcmp(key, "upper")) s->upper = v[0];
	else if (!strcmp(key, "work")) s->work = v[0];
	else if (!strcmp(key, "readonly")) s->readonly = 1;
	else if (!strcmp(key, "hostname")) s->hostname = v[0];
	else if (!strcmp(key, "domainname")) s->domainname = v[0];
	else if (!strcmp(key, "arg")) PUSH(s->args, s->nargs, v[0]);
	else if (!strcmp(key, "env")) PUSH(s->env, s->nenv, v[0]);
	else if (!strcmp(key, "cwd")) s->cwd = v[0];
	else if (!strcmp(key, "user")) s->user = v[0];
	else if (!strcmp(key, "group")) PUSH(s->groups, s->ngroups, v[0]);
	else if (!strcmp(key, "cap")) PUSH(s->caps, s->ncaps, atoi(v[0]));
	else if (!strcmp(key, "privileged")) s->privileged = 1;
	else if (!strcmp(key, "no_new_privs")) s->no_new_privs = 1;
	else if (!strcmp(key, "seccomp")) {
		s->seccomp[0] = v[0];
		s->seccomp[1] = v[1];
	} else if (!strcmp(key, "seccomp_arch")) s->seccomp_arches = v[0];
	else if (!strcmp(key, "seccomp_cache")) s->seccomp_cache = v[0];
	else if (!strcmp(key, "seccomp_rule")) {
		if (s->nseccomp_rules >= MAX_SECCOMP_RULES) return -1;
		memcpy(s->seccomp_rules[s->nseccomp_rules++], v, sizeof(s->seccomp_rules[0]));
	}
	else if (!strcmp(key, "mask")) PUSH(s->mask, s->nmask, v[0]);
	else if (!strcmp(key, "readonly_path")) PUSH(s->ro_paths, s->nro_paths, v[0]);
	else if (!strcmp(key, "bind")) {
		if (s->nbinds >= MAX_ITEMS) return -1;
		memcpy(s->binds[s->nbinds++], v, sizeof(s->binds[0]));
	} else if (!strcmp(key, "tmpfs")) {
		if (s->ntmpfs >= MAX_ITEMS) return -1;
		memcpy(s->tmpfs[s->ntmpfs++], v, sizeof(s->tmpfs[0]));
	} else if (!strcmp(key, "sysctl")) {
		if (s->nsysctls >= MAX_ITEMS) return -1;
		memcpy(s->sysctls[s->nsysctls++], v, sizeof(s->sysctls[0]));
	} else if (!strcmp(key, "rlimit")) {
		if (s->nrlimits >= 64) return -1;
		for (int i = 0; i < 3; i++) s->rlimits[s->nrlimits][i] = atoll(v[i]);
		s->nrlimits++;
	} else if (!strcmp(key, "shm_size")) s->shm_size = atoll(v[0]);
	else if (!strcmp(key, "oom_score_adj")) {
		s->oom_score_adj = atoi(v[0]);
		s->has_oom_score_adj = 1;
	}
	else if (!strcmp(key, "namespace")) {
		int on = !strcmp(v[1], "new");
		if (!strcmp(v[0], "net")) s->new_net = on;
		else if (!strcmp(v[0], "pid")) s->new_pid = on;
		else if (!strcmp(v[0], "ipc")) s->new_ipc = on;
		else if (!strcmp(v[0], "uts")) s->new_uts = on;
		else return -1;
	} else if (!strcmp(key, "join_ns")) {
		if (s->njoin_ns == 2 || (strcmp(v[0], "pid") && strcmp(v[0], "ipc"))) return -1;
		s->join_ns[s->njoin_ns][0] = v[0];
		s->join_ns[s->njoin_ns++][1] = v[1];
	} else if (!strcmp(key, "netns_path")) s->netns_path = v[0];
	else if (!strcmp(key, "late_spec")) s->late_fd = atoi(v[0]);
	else if (!strcmp(key, "netns_drop")) s->netns_drop = 1;
	else if (!strcmp(key, "reserve_port")) {
		if (s->nreserve >= MAX_ITEMS) return -1;
		memcpy(s->reserve[s->nreserve++], v, sizeof(s->reserve[0]));
	}
	else if (!strcmp(key, "cgroup_join")) PUSH(s->cgroup_join, s->ncgroup_join, v[0]);
	else if (!strcmp(key, "cgroup_dir")) PUSH(s->cgroup_dirs, s->ncgroup_dirs, v[0]);
	else if (!strcmp(key, "cgroup_into")) s->cgroup_into = v[0];
	else if (!strcmp(key, "oom_file")) s->oom_file = v[0];
	else if (!strcmp(key, "state")) s->state_path = v[0];
	else if (!strcmp(key, "stop_marker")) s->stop_marker = v[0];
	else if (!strcmp(key, "log")) {
		s->log_path = v[0];
		s->log_max_size = atoll(v[1]);
		s->log_max_files = atoi(v[2]);
	} else if (!strcmp(key, "restart")) {
		s->restart = v[0];
		s->restart_max = atoi(v[1]);
	} else if (!strcmp(key, "restart_file")) s->restart_file = v[0];
	else if (!strcmp(key, "health_cmd")) PUSH(s->health_args, s->nhealth_args, v[0]);
	else if (!strcmp(key, "exit_arg")) PUSH(s->exit_args, s->nexit_args, v[0]);
	else if (!strcmp(key, "exit_run")) PUSH(s->exit_args, s->nexit_args, NULL);
	else if (!strcmp(key, "setup_arg")) PUSH(s->setup_args, s->nsetup_args, v[0]);
	else if (!strcmp(key, "setup_run")) PUSH(s->setup_args, s->nsetup_args, NULL);
	else if (!strcmp(key, "shared_exit_arg")) PUSH(s->shared_exit_args, s->nshared_exit_args, v[0]);
	else if (!strcmp(key, "after_arg")) PUSH(s->after_args, s->nafter_args, v[0]);
	else if (!strcmp(key, "after_run")) PUSH(s->after_args, s->nafter_args, NULL);
	else if (!strcmp(key, "shared_exit_run")) PUSH(s->shared_exit_args, s->nshared_exit_args, NULL);
	else if (!strcmp(key, "health")) {
		for (int i = 0; i < 4; i++) s->health_ms[i] = atoll(v[i]);
		s->health_retries = atoi(v[4]);
	} else if (!strcmp(key, "health_file")) s->health_file = v[0];
	else if (!strcmp(key, "stdin_fd")) s->stdin_fd = atoi(v[0]);
	else if (!strcmp(key, "cp_path")) s->cp_path = v[0];
	else if (!strcmp(key, "cp_name")) s->cp_name = v[0];
	else if (!strcmp(key, "tty_size_file")) s->tty_size_path = v[0];
	else if (!strcmp(key, "tty")) {
		s->tty = 1;
		s->tty_rows = atoi(v[0]);
		s->tty_cols = atoi(v[1]);
	}
	else if (!strcmp(key, "target")) {
		s->target_pid = atol(v[0]);
		s->target_start = strtoull(v[1], NULL, 10);
	} else return -1;
	return 0;
}

/* How many values each key takes. */
static int arity(const char *key)
{
	static const struct { const char *key; int n; } table[] = {
		{"bind", 3}, {"reserve_port", 3}, {"seccomp", 2}, {"seccomp_rule", 4}, {"tmpfs", 2}, {"sysctl", 2}, {"rlimit", 3}, {"namespace", 2}, {"join_ns", 2},
		{"log", 3}, {"restart", 2}, {"target", 2}, {"health", 5}, {"tty", 2}, {"readonly", 0}, {"privileged", 0}, {"no_new_privs", 0}, {"exit_run", 0}, {"setup_run", 0}, {"shared_exit_run", 0}, {"after_run", 0},
	};
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (!strcmp(table[i].key, key)) return table[i].n;
	return 1;
}

/* Applies the records in buf, which must stay allocated: the spec points into it. */
static int parse(struct spec *spec, char *buf, size_t len)
{
	char *p = buf, *end = buf + len;
	while (p < end) {
		const char *key = p;
		p += strlen(p) + 1;
		const char *values[5] = {"", "", "", "", ""};
		int n = arity(key);
		for (int i = 0; i < n; i++) {
			if (p >= end) { errno = EINVAL; return -1; }
			values[i] = p;
			p += strlen(p) + 1;
		}
		if (apply(spec, key, values) < 0) {
			fprintf(stderr, "flotilla-shim: bad spec record \"%s\"\n", key);
			errno = EINVAL;
			return -1;
		}
	}
	return 0;
}

int spec_load(const char *path, struct spec *spec)
{
	size_t len;
	char *buf = read_file(path, &len);
	if (!buf)
		return -1;
	memset(spec, 0, sizeof(*spec));
	spec->new_net = spec->new_pid = spec->new_ipc = spec->new_uts = 1;
	spec->restart = "no";
	spec->stdin_fd = -1;
	spec->console_sock = -1;
	spec->late_fd = -1;
	return parse(spec, buf, len);
}

int spec_load_late(struct spec *spec)
{
	char path[32];
	snprintf(path, sizeof(path), "/dev/fd/%d", spec->late_fd);
	size_t len;
	char *buf = read_file(path, &len);
	close(spec->late_fd);
	spec->late_fd = -1;
	if (!buf)
		return -1;
	if (len == 0) {
		free(buf);
		return 1;
	}
	return parse(spec, buf, len);
}
