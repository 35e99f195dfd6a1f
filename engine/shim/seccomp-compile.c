/*
 * Compiles the engine's seccomp records (see struct spec) into a BPF
 * program with libseccomp. Syscall names this libseccomp does not know are
 * left to the default action, as Docker's runtime does: a profile written
 * for a newer kernel still compiles.
 */
#define _GNU_SOURCE
#include "shim.h"

#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int seccomp_compile(const struct spec *s, int fd, char *err, size_t errlen)
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
	int rc = compile(s, ctx, err, errlen);
	if (rc == 0 && (rc = seccomp_export_bpf(ctx, fd)) < 0)
		snprintf(err, errlen, "seccomp: compile the filter: %s", strerror(-rc));
	seccomp_release(ctx);
	return rc < 0 ? -1 : 0;
}
