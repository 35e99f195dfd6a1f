// Docker's default seccomp profile (moby's profiles/seccomp/default.json),
// kept here as tables and turned into a profile of the same format, so the
// default and a user's file go through the same resolution. Anything not
// listed fails with EPERM: new namespaces (unshare, setns, clone with
// namespace flags), mounts, bpf, keyrings, userfaultfd, io_uring, kexec,
// perf events, module loading, the clock... Most come back with the
// capability that governs them, as in Docker.
import type { SeccompArgument, SeccompProfile, SeccompSyscallRule } from './profile.js';

/** Allowed to every container. */
const ALLOWED = `
  accept accept4 access adjtimex alarm bind brk cachestat capget capset chdir chmod chown chown32
  clock_adjtime clock_adjtime64 clock_getres clock_getres_time64 clock_gettime clock_gettime64 clock_nanosleep
  clock_nanosleep_time64 close close_range connect copy_file_range creat dup dup2 dup3 epoll_create
  epoll_create1 epoll_ctl epoll_ctl_old epoll_pwait epoll_pwait2 epoll_wait epoll_wait_old eventfd eventfd2
  execve execveat exit exit_group faccessat faccessat2 fadvise64 fadvise64_64 fallocate fanotify_mark fchdir
  fchmod fchmodat fchmodat2 fchown fchown32 fchownat fcntl fcntl64 fdatasync fgetxattr flistxattr flock fork
  fremovexattr fsetxattr fstat fstat64 fstatat64 fstatfs fstatfs64 fsync ftruncate ftruncate64 futex
  futex_requeue futex_time64 futex_wait futex_waitv futex_wake futimesat getcpu getcwd getdents getdents64
  getegid getegid32 geteuid geteuid32 getgid getgid32 getgroups getgroups32 getitimer getpeername getpgid
  getpgrp getpid getppid getpriority getrandom getresgid getresgid32 getresuid getresuid32 getrlimit
  get_robust_list getrusage getsid getsockname getsockopt get_thread_area gettid gettimeofday getuid getuid32
  getxattr getxattrat inotify_add_watch inotify_init inotify_init1 inotify_rm_watch io_cancel ioctl io_destroy
  io_getevents io_pgetevents io_pgetevents_time64 ioprio_get ioprio_set io_setup io_submit ipc kill
  landlock_add_rule landlock_create_ruleset landlock_restrict_self lchown lchown32 lgetxattr link linkat
  listen listmount listxattr listxattrat llistxattr _llseek lremovexattr lseek lsetxattr lstat lstat64 madvise
  map_shadow_stack membarrier memfd_create memfd_secret mincore mkdir mkdirat mknod mknodat mlock mlock2
  mlockall mmap mmap2 mprotect mq_getsetattr mq_notify mq_open mq_timedreceive mq_timedreceive_time64
  mq_timedsend mq_timedsend_time64 mq_unlink mremap mseal msgctl msgget msgrcv msgsnd msync munlock munlockall
  munmap name_to_handle_at nanosleep newfstatat _newselect open openat openat2 pause pidfd_open
  pidfd_send_signal pipe pipe2 pkey_alloc pkey_free pkey_mprotect poll ppoll ppoll_time64 prctl pread64 preadv
  preadv2 prlimit64 process_mrelease pselect6 pselect6_time64 pwrite64 pwritev pwritev2 read readahead
  readlink readlinkat readv recv recvfrom recvmmsg recvmmsg_time64 recvmsg remap_file_pages removexattr
  removexattrat rename renameat renameat2 restart_syscall riscv_hwprobe rmdir rseq rt_sigaction rt_sigpending
  rt_sigprocmask rt_sigqueueinfo rt_sigreturn rt_sigsuspend rt_sigtimedwait rt_sigtimedwait_time64
  rt_tgsigqueueinfo sched_getaffinity sched_getattr sched_getparam sched_get_priority_max
  sched_get_priority_min sched_getscheduler sched_rr_get_interval sched_rr_get_interval_time64
  sched_setaffinity sched_setattr sched_setparam sched_setscheduler sched_yield seccomp select semctl semget
  semop semtimedop semtimedop_time64 send sendfile sendfile64 sendmmsg sendmsg sendto setfsgid setfsgid32
  setfsuid setfsuid32 setgid setgid32 setgroups setgroups32 setitimer setpgid setpriority setregid setregid32
  setresgid setresgid32 setresuid setresuid32 setreuid setreuid32 setrlimit set_robust_list setsid setsockopt
  set_thread_area set_tid_address setuid setuid32 setxattr setxattrat shmat shmctl shmdt shmget shutdown
  sigaltstack signalfd signalfd4 sigprocmask sigreturn socketcall socketpair splice stat stat64 statfs
  statfs64 statmount statx symlink symlinkat sync sync_file_range syncfs sysinfo tee tgkill time timer_create
  timer_delete timer_getoverrun timer_gettime timer_gettime64 timer_settime timer_settime64 timerfd_create
  timerfd_gettime timerfd_gettime64 timerfd_settime timerfd_settime64 times tkill truncate truncate64
  ugetrlimit umask uname unlink unlinkat uretprobe utime utimensat utimensat_time64 utimes vfork vmsplice
  wait4 waitid waitpid write writev
`;

/** Allowed with the capability (CAP_ omitted) that the kernel checks for them anyway. */
const BY_CAPABILITY: Readonly<Record<string, string>> = {
  SYS_ADMIN: `bpf clone clone3 fanotify_init fsconfig fsmount fsopen fspick lookup_dcookie lsm_get_self_attr
    lsm_list_modules lsm_set_self_attr mount mount_setattr move_mount open_tree perf_event_open quotactl
    quotactl_fd setdomainname sethostname setns syslog umount umount2 unshare`,
  DAC_READ_SEARCH: 'open_by_handle_at',
  SYS_BOOT: 'reboot',
  SYS_CHROOT: 'chroot',
  SYS_MODULE: 'delete_module init_module finit_module',
  SYS_PACCT: 'acct',
  SYS_PTRACE: 'kcmp pidfd_getfd process_madvise process_vm_readv process_vm_writev ptrace',
  SYS_RAWIO: 'iopl ioperm',
  SYS_TIME: 'settimeofday stime clock_settime clock_settime64',
  SYS_TTY_CONFIG: 'vhangup',
  SYS_NICE: 'get_mempolicy mbind set_mempolicy set_mempolicy_home_node',
  SYSLOG: 'syslog',
  BPF: 'bpf',
  PERFMON: 'perf_event_open',
};

/** Allowed only on these machines (Go's architecture names), where the calls exist. */
const BY_ARCH: readonly [arches: readonly string[], names: string][] = [
  [['ppc64le'], 'sync_file_range2 swapcontext'],
  [['arm', 'arm64'], 'arm_fadvise64_64 arm_sync_file_range sync_file_range2 breakpoint cacheflush set_tls'],
  [['amd64', 'x32'], 'arch_prctl'],
  [['amd64', 'x32', 'x86'], 'modify_ldt'],
  [['s390', 's390x'], 's390_pci_mmio_read s390_pci_mmio_write s390_runtime_instr'],
  [['riscv64'], 'riscv_flush_icache'],
];

/** clone's flags that make namespaces (CLONE_NEWNS … CLONE_NEWCGROUP, CLONE_NEWTIME aside): a plain clone has none. */
const CLONE_NAMESPACE_FLAGS = 0x7e020000;

/** socket() for every address family but AF_ALG (38, the kernel's crypto API) and AF_VSOCK (40, host-guest sockets). */
const SOCKET_FAMILIES: readonly SeccompArgument[] = [
  { index: 0, op: 'SCMP_CMP_LT', value: 38 },
  { index: 0, op: 'SCMP_CMP_EQ', value: 39 },
  { index: 0, op: 'SCMP_CMP_GT', value: 40 },
];

/** personality(2) only to query it or for the Linux and 32-bit personalities programs ask for. */
const PERSONALITIES = [0x0, 0x8, 0x20000, 0x20008, 0xffffffff];

const names = (text: string) => text.trim().split(/\s+/);
const allow = (list: string, extra: Omit<SeccompSyscallRule, 'names' | 'action'> = {}): SeccompSyscallRule => ({ names: names(list), action: 'SCMP_ACT_ALLOW', ...extra });

/** Docker's default profile, in Docker's format. */
export function defaultSeccompProfile(): SeccompProfile {
  return {
    defaultAction: 'SCMP_ACT_ERRNO',
    defaultErrnoRet: 1, // EPERM
    archMap: [
      { architecture: 'SCMP_ARCH_X86_64', subArchitectures: ['SCMP_ARCH_X86', 'SCMP_ARCH_X32'] },
      { architecture: 'SCMP_ARCH_AARCH64', subArchitectures: ['SCMP_ARCH_ARM'] },
      { architecture: 'SCMP_ARCH_MIPS64', subArchitectures: ['SCMP_ARCH_MIPS', 'SCMP_ARCH_MIPS64N32'] },
      { architecture: 'SCMP_ARCH_MIPS64N32', subArchitectures: ['SCMP_ARCH_MIPS', 'SCMP_ARCH_MIPS64'] },
      { architecture: 'SCMP_ARCH_MIPSEL64', subArchitectures: ['SCMP_ARCH_MIPSEL', 'SCMP_ARCH_MIPSEL64N32'] },
      { architecture: 'SCMP_ARCH_MIPSEL64N32', subArchitectures: ['SCMP_ARCH_MIPSEL', 'SCMP_ARCH_MIPSEL64'] },
      { architecture: 'SCMP_ARCH_S390X', subArchitectures: ['SCMP_ARCH_S390'] },
      { architecture: 'SCMP_ARCH_RISCV64', subArchitectures: [] },
      { architecture: 'SCMP_ARCH_LOONGARCH64', subArchitectures: [] },
    ],
    syscalls: [
      allow(ALLOWED),
      // Before 4.8 ptrace could get around seccomp altogether.
      allow('process_vm_readv process_vm_writev ptrace', { includes: { minKernel: '4.8' } }),
      ...SOCKET_FAMILIES.map((arg) => allow('socket', { args: [arg] })),
      ...PERSONALITIES.map((value) => allow('personality', { args: [{ index: 0, op: 'SCMP_CMP_EQ', value }] })),
      ...BY_ARCH.map(([arches, list]) => allow(list, { includes: { arches } })),
      ...Object.entries(BY_CAPABILITY).map(([cap, list]) => allow(list, { includes: { caps: [`CAP_${cap}`] } })),
      // Threads and processes, but no namespaces; s390 passes the flags second.
      allow('clone', { args: [{ index: 0, op: 'SCMP_CMP_MASKED_EQ', value: CLONE_NAMESPACE_FLAGS, valueTwo: 0 }], excludes: { caps: ['CAP_SYS_ADMIN'], arches: ['s390', 's390x'] } }),
      allow('clone', { args: [{ index: 1, op: 'SCMP_CMP_MASKED_EQ', value: CLONE_NAMESPACE_FLAGS, valueTwo: 0 }], includes: { arches: ['s390', 's390x'] }, excludes: { caps: ['CAP_SYS_ADMIN'] } }),
      // clone3 passes its flags in memory, out of the filter's sight: ENOSYS makes libc fall back to clone.
      { names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 38, excludes: { caps: ['CAP_SYS_ADMIN'] } },
    ],
  };
}
