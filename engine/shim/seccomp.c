/*
 * The container's seccomp filter: the rules the engine resolved from the
 * profile (engine/container/seccomp/), compiled with libseccomp and loaded
 * into the calling process, which passes it on to all it runs. Syscall
 * names this libseccomp does not know are left to the default action, as
 * Docker's runtime does: a profile written for a newer kernel still loads.
 *
 * Compiling Docker's profile for x86_64, x86 and x32 takes libseccomp
 * 10-20 ms, as long as the rest of a container's start. So the program is
 * kept in the engine's cache file for those rules, which the next
 * container with the same rules loads instead, and the supervisor reads it
 * once, before the clone: its restarts and healthchecks reuse it.
 */
#define _GNU_SOURCE
#include "shim.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* The compiled program, once prepare_seccomp has made or read it. */
static struct sock_fprog compiled;

static int parse_action(const char *name, const char *data, uint32_t *out)
{
	uint16_t n = (uint16_t)strtoul(data, NULL, 10);
	if (!strcmp(name, "allow")) *out = SCMP_ACT_ALLOW;
	else if (!strcmp(name, "errno")) *out = SCMP_ACT_ERRNO(n);
	else if (!strcmp(name, "kill") || !strcmp(name, "kill_thread")) *out = SCMP_ACT_KILL_THREAD;
	else if (!strcmp(name, "kill_process")) *out = SCMP_ACT_KILL_PROCESS;
	else if (!strcmp(name, "trap")) *out = SCMP_ACT_TRAP;
	else if (!strcmp(name, "trace")) *out = SCMP_ACT_TRACE(n);
	else if (!strcmp(name, "log")) *out = SCMP_ACT_LOG;
	else return -1;
	return 0;
}

static int parse_operator(const char *name, enum scmp_compare *op)
{
	static const struct { const char *name; enum scmp_compare op; } table[] = {
		{"ne", SCMP_CMP_NE}, {"lt", SCMP_CMP_LT}, {"le", SCMP_CMP_LE}, {"eq", SCMP_CMP_EQ},
		{"ge", SCMP_CMP_GE}, {"gt", SCMP_CMP_GT}, {"masked_eq", SCMP_CMP_MASKED_EQ},
	};
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (!strcmp(table[i].name, name)) {
			*op = table[i].op;
			return 0;
		}
	return -1;
}

/* "INDEX OP VALUE VALUE2" groups, space-separated, into args; their number, or -1. */
static int parse_conditions(const char *text, struct scmp_arg_cmp *args, int max)
{
	char buf[1024], *save = NULL;
	if (snprintf(buf, sizeof(buf), "%s", text) >= (int)sizeof(buf))
		return -1;
	int n = 0;
	for (char *index = strtok_r(buf, " ", &save); index; index = strtok_r(NULL, " ", &save)) {
		char *op = strtok_r(NULL, " ", &save), *value = strtok_r(NULL, " ", &save), *value_two = strtok_r(NULL, " ", &save);
		if (!value_two || n == max || parse_operator(op, &args[n].op) < 0)
			return -1;
		args[n].arg = (unsigned)atoi(index);
		args[n].datum_a = strtoull(value, NULL, 10);
		args[n].datum_b = strtoull(value_two, NULL, 10);
		n++;
	}
	return n;
}

/* The architectures besides the native one, which a filter has from the start. */
static int add_arches(scmp_filter_ctx ctx, const char *list, char *err, size_t errlen)
{
	char buf[256], *save = NULL;
	snprintf(buf, sizeof(buf), "%s", list ? list : "");
	for (char *name = strtok_r(buf, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		uint32_t arch = seccomp_arch_resolve_name(name);
		int rc = arch ? seccomp_arch_add(ctx, arch) : -EINVAL;
		if (rc < 0 && rc != -EEXIST) {
			snprintf(err, errlen, "seccomp: add architecture %s: %s", name, strerror(-rc));
			return -1;
		}
	}
	return 0;
}

static int add_rule(scmp_filter_ctx ctx, const char *const rule[4], char *err, size_t errlen)
{
	uint32_t action;
	struct scmp_arg_cmp args[6];
	int nargs = parse_conditions(rule[3], args, 6);
	if (parse_action(rule[0], rule[1], &action) < 0 || nargs < 0) {
		snprintf(err, errlen, "seccomp: bad rule %s %s (%s)", rule[0], rule[1], rule[3]);
		return -1;
	}
	size_t len = strlen(rule[2]);
	char *names = malloc(len + 1), *save = NULL;
	if (!names) {
		snprintf(err, errlen, "seccomp: out of memory");
		return -1;
	}
	memcpy(names, rule[2], len + 1);
	int rc = 0;
	for (char *name = strtok_r(names, ",", &save); name && rc == 0; name = strtok_r(NULL, ",", &save)) {
		int nr = seccomp_syscall_resolve_name(name);
		if (nr == __NR_SCMP_ERROR)
			continue;
		rc = seccomp_rule_add_array(ctx, action, nr, (unsigned)nargs, args);
		if (rc < 0)
			snprintf(err, errlen, "seccomp: rule for %s: %s", name, strerror(-rc));
	}
	free(names);
	return rc < 0 ? -1 : 0;
}

static int compile(const struct spec *s, scmp_filter_ctx ctx, char *err, size_t errlen)
{
	/* libseccomp would set no_new_privs too: that stays the container's own choice (off by default, as in Docker). */
	int rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
	if (rc < 0) {
		snprintf(err, errlen, "seccomp: keep no_new_privs as it is: %s", strerror(-rc));
		return -1;
	}
	if (add_arches(ctx, s->seccomp_arches, err, errlen) < 0)
		return -1;
	for (int i = 0; i < s->nseccomp_rules; i++)
		if (add_rule(ctx, s->seccomp_rules[i], err, errlen) < 0)
			return -1;
	return 0;
}

/* Reads a whole program from fd (at its start); 0, or -1 when it is not one. */
static int read_program(int fd)
{
	struct stat st;
	size_t size;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != 0)
		return -1;
	size = (size_t)st.st_size;
	if (size == 0 || size % sizeof(struct sock_filter) || size > BPF_MAXINSNS * sizeof(struct sock_filter))
		return -1;
	struct sock_filter *program = malloc(size);
	if (!program || pread(fd, program, size, 0) != (ssize_t)size) {
		free(program);
		return -1;
	}
	compiled.filter = program;
	compiled.len = (unsigned short)(size / sizeof(struct sock_filter));
	return 0;
}

static int read_cache(const char *path)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = read_program(fd);
	close(fd);
	return rc;
}

/* Best effort: a temporary file renamed over the cache's name, so no reader sees half a program. */
static void write_cache(const char *path)
{
	char dir[4096], tmp[4096];
	snprintf(dir, sizeof(dir), "%s", path);
	char *slash = strrchr(dir, '/');
	if (!slash)
		return;
	*slash = '\0';
	mkdir(dir, 0700);
	snprintf(tmp, sizeof(tmp), "%s.%d.tmp", path, (int)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	int ok = write_all(fd, compiled.filter, compiled.len * sizeof(struct sock_filter)) == 0 && fsync(fd) == 0;
	close(fd);
	if (!ok || rename(tmp, path) < 0)
		unlink(tmp);
}

/* Compiles the filter into the program read back from a memory file; libseccomp 2.5 exports only to an fd. */
static int compile_program(const struct spec *s, char *err, size_t errlen)
{
	uint32_t default_action;
	if (parse_action(s->seccomp[0], s->seccomp[1], &default_action) < 0) {
		snprintf(err, errlen, "seccomp: unknown default action %s", s->seccomp[0]);
		return -1;
	}
	scmp_filter_ctx ctx = seccomp_init(default_action);
	if (!ctx) {
		snprintf(err, errlen, "seccomp: cannot make a filter");
		return -1;
	}
	int fd = -1, rc = compile(s, ctx, err, errlen);
	if (rc == 0 && ((fd = memfd_create("seccomp", MFD_CLOEXEC)) < 0 || (rc = seccomp_export_bpf(ctx, fd)) < 0))
		snprintf(err, errlen, "seccomp: compile the filter: %s", strerror(fd < 0 ? errno : -rc));
	seccomp_release(ctx);
	/* A memory file belongs to its maker, root, as read_program wants. */
	if (rc == 0 && fd >= 0 && (rc = read_program(fd)) < 0)
		snprintf(err, errlen, "seccomp: the compiled filter is not a program");
	if (fd >= 0)
		close(fd);
	return rc < 0 || fd < 0 ? -1 : 0;
}

/*
 * The same, in a child that writes the program to the cache: libseccomp's
 * working memory (a megabyte for Docker's profile) would otherwise stay with
 * the supervisor for the container's life. Failures are the container's to
 * report, when it compiles the filter itself.
 */
static int compile_to_cache(const struct spec *s, const char *cache)
{
	pid_t pid = fork();
	if (pid == 0) {
		char err[256];
		if (compile_program(s, err, sizeof(err)) < 0)
			_exit(1);
		write_cache(cache);
		_exit(0);
	}
	int status;
	while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
	return pid > 0 ? read_cache(cache) : -1;
}

int prepare_seccomp(const struct spec *s, const char *cache, char *err, size_t errlen)
{
	if (!s->seccomp[0] || compiled.filter)
		return 0;
	if (cache && (read_cache(cache) == 0 || compile_to_cache(s, cache) == 0))
		return 0;
	return compile_program(s, err, errlen);
}

int apply_seccomp(const struct spec *s, char *err, size_t errlen)
{
	if (!s->seccomp[0])
		return 0;
	/* Not compiled beforehand (the supervisor could not): compiled here, never cached from inside a container. */
	if (prepare_seccomp(s, NULL, err, errlen) < 0)
		return -1;
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &compiled) < 0) {
		snprintf(err, errlen, "seccomp: load the filter: %s", strerror(errno));
		return -1;
	}
	return 0;
}
