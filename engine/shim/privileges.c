/*
 * Who the container's process runs as: user and groups read from the
 * container's own /etc/passwd and /etc/group (by hand: no NSS code from the
 * container is ever loaded), Docker's capability set, and resource limits
 * that never exceed the hard limits the supervisor itself has.
 */
#define _GNU_SOURCE
#include "shim.h"

#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

static int is_number(const char *s)
{
	if (!*s) return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9') return 0;
	return 1;
}

/* Finds `name_or_id` in a passwd/group style file; fills fields (split at ':'). */
static int lookup(const char *file, const char *name_or_id, int id_field, char *line, size_t linelen, char **fields, int nfields)
{
	FILE *f = fopen(file, "re");
	if (!f) return -1;
	int found = -1;
	while (fgets(line, linelen, f)) {
		line[strcspn(line, "\n")] = '\0';
		int n = 0;
		char *save = line;
		for (char *tok; n < nfields && (tok = strsep(&save, ":")); ) fields[n++] = tok;
		if (n <= id_field) continue;
		if (!strcmp(fields[0], name_or_id) || (is_number(name_or_id) && !strcmp(fields[id_field], name_or_id))) {
			found = 0;
			break;
		}
	}
	fclose(f);
	return found;
}

/* Supplementary groups that list `user` as a member. */
static int member_groups(const char *user, gid_t *out, int max)
{
	FILE *f = fopen("/etc/group", "re");
	if (!f) return 0;
	char line[4096];
	int n = 0;
	while (n < max && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		char *save = line, *fields[4];
		int k = 0;
		for (char *tok; k < 4 && (tok = strsep(&save, ":")); ) fields[k++] = tok;
		if (k < 4) continue;
		for (char *m, *members = fields[3]; (m = strsep(&members, ",")); )
			if (!strcmp(m, user)) { out[n++] = (gid_t)atoi(fields[2]); break; }
	}
	fclose(f);
	return n;
}

static int resolve_group(const char *name, gid_t *gid, char *err, size_t errlen)
{
	char line[4096], *fields[4];
	if (lookup("/etc/group", name, 2, line, sizeof(line), fields, 4) == 0) {
		*gid = (gid_t)atoi(fields[2]);
		return 0;
	}
	if (is_number(name)) {
		*gid = (gid_t)atoi(name);
		return 0;
	}
	snprintf(err, errlen, "unable to find group %s: no matching entries in group file", name);
	return -1;
}

/* user is `name`, `uid`, `name:group` or `uid:gid`; sets HOME for the caller via *home. */
int apply_user(const char *user, const char *const *groups, int ngroups, char *err, size_t errlen, uid_t *uid_out)
{
	char spec[256];
	snprintf(spec, sizeof(spec), "%s", user && *user ? user : "0");
	char *group = strchr(spec, ':');
	if (group) *group++ = '\0';
	char line[4096], *fields[7];
	uid_t uid = 0;
	gid_t gid = 0, extra[64];
	int nextra = 0;
	if (lookup("/etc/passwd", spec, 2, line, sizeof(line), fields, 7) == 0) {
		uid = (uid_t)atoi(fields[2]);
		gid = (gid_t)atoi(fields[3]);
		nextra = member_groups(fields[0], extra, 32);
		if (!getenv("HOME") && fields[5]) setenv("HOME", fields[5], 1);
	} else if (is_number(spec)) {
		uid = (uid_t)atoi(spec);
	} else {
		snprintf(err, errlen, "unable to find user %s: no matching entries in passwd file", spec);
		return -1;
	}
	if (group && resolve_group(group, &gid, err, errlen) < 0)
		return -1;
	for (int i = 0; i < ngroups && nextra < 64; i++)
		if (resolve_group(groups[i], &extra[nextra++], err, errlen) < 0)
			return -1;
	if (!getenv("HOME")) setenv("HOME", "/", 1);
	if (setgroups(nextra, extra) < 0 || setresgid(gid, gid, gid) < 0) {
		snprintf(err, errlen, "set groups of user %s: %s", spec, strerror(errno));
		return -1;
	}
	*uid_out = uid;
	return 0;
}

static int last_cap(void)
{
	FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "re");
	int last = CAP_LAST_CAP;
	if (f) {
		if (fscanf(f, "%d", &last) != 1) last = CAP_LAST_CAP;
		fclose(f);
	}
	return last;
}

/*
 * Drops every capability outside `caps` from the bounding set, then becomes
 * `uid`. A non-root uid loses its permitted and effective sets in setuid, as
 * in Docker; root keeps exactly `caps`.
 */
int apply_caps(const int *caps, int ncaps, int keep_all, uid_t uid, char *err, size_t errlen)
{
	uint64_t keep = 0;
	for (int i = 0; i < ncaps; i++) keep |= 1ULL << caps[i];
	int last = last_cap();
	for (int cap = 0; cap <= last && !keep_all; cap++) {
		if (keep & (1ULL << cap)) continue;
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL) {
			snprintf(err, errlen, "drop capability %d: %s", cap, strerror(errno));
			return -1;
		}
	}
	prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
	if (setresuid(uid, uid, uid) < 0) {
		snprintf(err, errlen, "setuid %u: %s", (unsigned)uid, strerror(errno));
		return -1;
	}
	if (uid != 0) return 0;
	struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct held[2] = {{0}}, data[2] = {{0}};
	/* Only what the engine itself holds can be kept: a privileged container
	 * gets all of that, never more (asking for more fails with EPERM). */
	if (syscall(SYS_capget, &header, held) < 0) {
		snprintf(err, errlen, "capget: %s", strerror(errno));
		return -1;
	}
	for (int i = 0; i < 2; i++)
		data[i].effective = data[i].permitted = held[i].permitted & (uint32_t)(keep_all ? ~0U : (uint32_t)(keep >> (32 * i)));
	if (syscall(SYS_capset, &header, data) < 0) {
		snprintf(err, errlen, "capset: %s", strerror(errno));
		return -1;
	}
	return 0;
}

int apply_rlimits(const long long (*rlimits)[3], int n, char *err, size_t errlen)
{
	for (int i = 0; i < n; i++) {
		int resource = (int)rlimits[i][0];
		struct rlimit now, want;
		if (getrlimit(resource, &now) < 0) continue;
		want.rlim_max = rlimits[i][2] < 0 ? RLIM_INFINITY : (rlim_t)rlimits[i][2];
		want.rlim_cur = rlimits[i][1] < 0 ? RLIM_INFINITY : (rlim_t)rlimits[i][1];
		/* Without CAP_SYS_RESOURCE a hard limit can only go down. */
		if (want.rlim_max > now.rlim_max) want.rlim_max = now.rlim_max;
		if (want.rlim_cur > want.rlim_max) want.rlim_cur = want.rlim_max;
		if (setrlimit(resource, &want) < 0) {
			snprintf(err, errlen, "setrlimit %d: %s", resource, strerror(errno));
			return -1;
		}
	}
	return 0;
}
