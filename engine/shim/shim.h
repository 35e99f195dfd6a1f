/* Shared declarations of flotilla-shim: the per-container supervisor. */
#ifndef FLOTILLA_SHIM_H
#define FLOTILLA_SHIM_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define MAX_ITEMS 256
/* Rules of one action and condition share a record: Docker's default profile makes about a dozen. */
#define MAX_SECCOMP_RULES 128

/* What to run and how, read from the container's `spec` file (written by the engine). */
struct spec {
	const char *rootfs, *upper, *work, *hostname, *domainname, *cwd, *user;
	const char *lower[MAX_ITEMS]; int nlower;
	const char *args[MAX_ITEMS]; int nargs;
	const char *env[MAX_ITEMS]; int nenv;
	const char *groups[MAX_ITEMS]; int ngroups;
	const char *mask[MAX_ITEMS]; int nmask;
	const char *ro_paths[MAX_ITEMS]; int nro_paths;
	/* bind: source, target, options ("ro", "rw", "rprivate"...) */
	const char *binds[MAX_ITEMS][3]; int nbinds;
	/* tmpfs: target, mount data ("size=65536k,mode=1777") */
	const char *tmpfs[MAX_ITEMS][2]; int ntmpfs;
	const char *sysctls[MAX_ITEMS][2]; int nsysctls;
	/* rlimit: resource number, soft, hard (-1 = unlimited) */
	long long rlimits[64][3]; int nrlimits;
	int caps[64]; int ncaps;
	/* files the container's process writes "0" into to join its cgroups */
	const char *cgroup_join[16]; int ncgroup_join;
	/*
	 * cgroup v2: the container's cgroup, which clone3(CLONE_INTO_CGROUP)
	 * starts it in, with no migration and so no wait for the threadgroup
	 * lock; cgroup_joined tells the child it is there already (where the
	 * kernel refuses, it joins through cgroup_join as on v1)
	 */
	const char *cgroup_into; int cgroup_joined;
	const char *cgroup_dirs[16]; int ncgroup_dirs;
	const char *oom_file;
	const char *state_path, *stop_marker, *log_path;
	long long log_max_size; int log_max_files;
	long long shm_size;
	/* docker's --oom-score-adj, written for the container's first process; has_oom_score_adj says it was given */
	int oom_score_adj, has_oom_score_adj;
	int readonly, privileged, no_new_privs;
	/*
	 * seccomp: the default action and its errno ("errno", "1"), NULL for
	 * no filter; the architectures besides the native one ("x86,x32");
	 * rules: action, errno, comma-separated syscall names, and conditions
	 * as "INDEX OP VALUE VALUE2" groups (the engine resolved them)
	 */
	const char *seccomp[2];
	const char *seccomp_arches;
	const char *seccomp_rules[MAX_SECCOMP_RULES][4]; int nseccomp_rules;
	/* where the compiled filter for these rules is kept for every container that has them */
	const char *seccomp_cache;
	/* an inherited fd to give the container as its stdin (docker run -i), or -1 */
	int stdin_fd;
	/* -t: a terminal of this size instead of pipes */
	int tty, tty_rows, tty_cols;
	/* -t: where the engine writes "ROWS COLS" before signalling SIGWINCH to resize it */
	const char *tty_size_path;
	/* set by the supervisor for one run: where the container sends its terminal */
	int console_sock;
	int new_net, new_pid, new_ipc, new_uts;
	/* another container's pid or ipc namespace to start in (docker's --pid/--ipc container:NAME): kind, path */
	const char *join_ns[2][2]; int njoin_ns;
	const char *netns_path;
	/*
	 * An inherited fd the engine writes more records to (the container's
	 * network: netns_path, netns_drop, reserve_port, exit commands) while
	 * the container is being made, or -1. The engine attaches the network
	 * while we clone and the container mounts its root; it waits for them.
	 */
	int late_fd;
	/* the namespace at netns_path is the container's own (a mount under /run/netns): it goes when the container ends for good */
	int netns_drop;
	/* published host ports held for the container's life: protocol, address, port */
	const char *reserve[MAX_ITEMS][3]; int nreserve;
	const char *restart; int restart_max;
	/* where `container update` writes a new policy ("NAME MAX") while the container runs */
	const char *restart_file;
	/* healthcheck: the command, and interval, timeout, start period, start interval (ms), retries */
	const char *health_args[64]; int nhealth_args;
	/* commands run once the container has ended for good: their arguments, each command ended by NULL */
	const char *exit_args[256]; int nexit_args;
	/*
	 * commands run once, before the container first enters its network
	 * namespace (they make it and its links), in the same form; the first
	 * that fails calls the start off with what it wrote to stderr
	 */
	const char *setup_args[256]; int nsetup_args;
	/*
	 * with netns_drop: commands run at the end, in the same form, only if
	 * some other process still uses the namespace (a container that joined
	 * it): otherwise the kernel takes its links away with it
	 */
	const char *shared_exit_args[64]; int nshared_exit_args;
	/* commands started once the state says the container ended for good, and not waited for (docker's --rm of a detached container) */
	const char *after_args[64]; int nafter_args;
	long long health_ms[4]; int health_retries;
	const char *health_file;
	const char *cp_path, *cp_name;
	/* exec mode: the container's first process, by pid and start time */
	long target_pid; unsigned long long target_start;
};

int spec_load(const char *path, struct spec *spec);
/* Reads the late records from spec->late_fd until EOF: 0 when applied, 1 when there were none (the start was called off), -1 on error. */
int spec_load_late(struct spec *spec);

/* ports.c: binds the published host ports (kept open, close-on-exec), or fails naming the first taken one. */
int reserve_ports(const struct spec *spec, char *err, size_t errlen);

/* exec.c: runs the command in the current namespaces, never returns. */
void run_command(const struct spec *spec, int error_fd) __attribute__((noreturn));

/* init.c: PID 1 for `init: true`; never returns until the command ends. */
int init_main(char **argv);

/* enter.c: `flotilla-shim exec SPEC`: a process inside a running container. */
int exec_in_container(const struct spec *spec);

/* copy.c: docker cp out of / into a container (spec->cp_path, and cp_name for what cp-in creates). */
int copy_main(const char *mode, const struct spec *spec);

/* beneath.c: opens `path` below `dirfd` (flags as for open), following no symlink on the way nor at the end. */
int open_beneath(int dirfd, const char *path, int flags);

/* copyup.c: fill an empty volume directory from the image's content at its mount point. */
int copy_up(const char *target, const char *volume);

/* console.c */
void console_setup(const struct spec *spec, int console_sock, int error_fd);
int console_receive(int sock);

/*
 * container.c: runs in the child and never returns on success. Joins the
 * cgroups, sets up the container around the calling process and runs its
 * command. A late start (spec->late_fd) waits on `go_fd` for the network
 * namespace before mounting /sys; otherwise `go_fd` is -1.
 */
void container_exec(const struct spec *spec, int go_fd, int error_fd) __attribute__((noreturn));

/* privileges.c */
int apply_user(const char *user, const char *const *groups, int ngroups, char *err, size_t errlen, uid_t *uid_out);
int apply_caps(const int *caps, int ncaps, int keep_all, uid_t uid, char *err, size_t errlen);
int apply_rlimits(const long long (*rlimits)[3], int n, char *err, size_t errlen);

/*
 * seccomp.c: prepare_seccomp compiles the spec's filter (none without a
 * `seccomp` record), or reads it from `cache` and writes it there when it
 * was not, once per process; apply_seccomp loads it into the calling
 * process, compiling it first if need be. -1 with err set on failure.
 */
int prepare_seccomp(const struct spec *spec, const char *cache, char *err, size_t errlen);
/* seccomp-compile.c: writes the spec's filter as a BPF program to fd. */
int seccomp_compile(const struct spec *spec, int fd, char *err, size_t errlen);
int apply_seccomp(const struct spec *spec, char *err, size_t errlen);

/* log.c */
struct log_writer {
	int fd;
	const char *path;
	long long size, max_size;
	int max_files;
	char partial[2][16384];
	size_t partial_len[2];
};
int log_open(struct log_writer *log, const char *path, long long max_size, int max_files);
void log_data(struct log_writer *log, int stream, const char *data, size_t len);
void log_flush(struct log_writer *log, int stream);

/* json_escape: out needs 6 bytes per input byte. */
size_t json_escape(char *out, const char *in, size_t len);

/* health.c: the container's healthcheck, run by the supervisor. */
void health_start(const struct spec *spec, pid_t pid, unsigned long long start);
int health_timeout_ms(void);
int health_fd(void);
void health_read(void);
void health_tick(void);
int health_reaped(pid_t pid, int status);
void health_stop(void);

/* state.c */
struct shim_state {
	const char *status; /* created, running, restarting, exited */
	pid_t pid; unsigned long long pid_start;
	pid_t shim_pid; unsigned long long shim_start;
	char started_at[40], finished_at[40];
	int exit_code, oom_killed, restart_count;
	char error[512];
};
int state_write(const char *path, const struct shim_state *state);
void now_rfc3339(char *buf, size_t len);
unsigned long long process_start_time(pid_t pid);

/* util */
void fail(int error_fd, int code, const char *fmt, ...) __attribute__((noreturn, format(printf, 3, 4)));
int write_all(int fd, const void *buf, size_t len);
/* Moves the calling thread (the whole process when it has one) into the cgroup of a tasks or cgroup.procs file; -1 with errno on failure. */
int join_own_cgroup(const char *file);
/* A cgroup v2 folder for clone_into_cgroup (close-on-exec), or -1 (path NULL or not there). */
int open_cgroup_dir(const char *path);
/*
 * Like fork() with clone(2)'s flags: with a cgroup v2 folder's fd, the
 * child starts in that cgroup (clone3 CLONE_INTO_CGROUP, Linux 5.7), with
 * *joined set to 1 in the child; where that cannot be, a plain clone.
 */
pid_t clone_into_cgroup(unsigned long flags, int cgroup_dir, int *joined);
/* One byte over a unix socket, with fd attached (SCM_RIGHTS) when fd >= 0; -1 on failure. */
int send_with_fd(int sock, char byte, int fd);
/* Receives one byte and the fd sent with it (-1 when none); -1 on EOF or failure. */
int recv_with_fd(int sock, char *byte, int *fd);

#endif
