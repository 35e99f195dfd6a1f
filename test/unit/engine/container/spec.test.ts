import { describe, expect, it } from 'vitest';
import { containerPaths } from '../../../../engine/container/layout.js';
import { containerProcess } from '../../../../engine/container/process.js';
import { encodeSpec, networkRecords, specRecords } from '../../../../engine/container/spec.js';

const paths = containerPaths('/root', 'a'.repeat(64));
const config = { image: 'busybox', networkMode: 'bridge' as const };
const base = { paths, config, process: containerProcess({ Cmd: ['true'] }, config, 'h'), hostname: 'h', layers: ['/l'], capabilities: [0] };
const network = {
  netnsPath: '/run/netns/x',
  dropNetnsAtExit: true,
  exitCommands: [['/usr/sbin/iptables', '-D', 'X']],
  sharedNetnsExitCommands: [['/bin/net', '-force', 'link del v0']],
  setupCommands: [['/bin/net', 'netns add x', '-n x link set lo up'], ['/bin/true']],
  reservations: [{ protocol: 'tcp' as const, hostIp: '0.0.0.0', hostPort: 8080 }],
};
const keysOf = (records: readonly (readonly string[])[]) => records.map((record) => record[0] ?? '');

describe('networkRecords', () => {
  it('gives the namespace to join, its removal at the end, the commands that make it and those for the end, and the ports to hold', () => {
    expect(networkRecords(network)).toEqual([
      ['netns_path', '/run/netns/x'],
      ['netns_drop', '1'],
      ['exit_arg', '/usr/sbin/iptables'], ['exit_arg', '-D'], ['exit_arg', 'X'], ['exit_run'],
      ['shared_exit_arg', '/bin/net'], ['shared_exit_arg', '-force'], ['shared_exit_arg', 'link del v0'], ['shared_exit_run'],
      ['setup_arg', '/bin/net'], ['setup_arg', 'netns add x'], ['setup_arg', '-n x link set lo up'], ['setup_run'],
      ['setup_arg', '/bin/true'], ['setup_run'],
      ['reserve_port', 'tcp', '0.0.0.0', '8080'],
    ]);
    expect(networkRecords({})).toEqual([]);
  });
});

describe('specRecords', () => {
  it('holds the network records in the spec of a start that knows them', () => {
    const records = specRecords({ ...base, ...network });
    expect(records).toEqual(expect.arrayContaining(networkRecords(network)));
    expect(keysOf(records)).not.toContain('late_spec');
  });

  it('keeps the host\'s pid, IPC (with its /dev/shm) and UTS namespaces only when asked', () => {
    const namespaces = (records: readonly (readonly string[])[]) => records.filter((r) => r[0] === 'namespace' || r[2] === '/dev/shm');
    expect(namespaces(specRecords(base))).toEqual([]);
    expect(namespaces(specRecords({ ...base, config: { ...config, pidMode: 'host', ipcMode: 'host', utsMode: 'host' } }))).toEqual([
      ['namespace', 'pid', 'host'], ['namespace', 'uts', 'host'], ['namespace', 'ipc', 'host'], ['bind', '/dev/shm', '/dev/shm', 'rw'],
    ]);
  });

  it('enters another container\'s pid namespace instead of making one', () => {
    const records = specRecords({ ...base, config: { ...config, pidMode: 'container:db' }, joinNamespaces: [{ kind: 'pid', path: '/proc/42/ns/pid' }] });
    expect(records.filter((r) => r[0] === 'namespace' || r[0] === 'join_ns')).toEqual([['namespace', 'pid', 'host'], ['join_ns', 'pid', '/proc/42/ns/pid']]);
  });

  it('lists the files to join the cgroups by, and on v2 the cgroup to start in', () => {
    const cgroup = { join: ['/cg/memory/flotilla/a/tasks', '/cg/pids/flotilla/a/tasks'], dirs: ['/cg/memory/flotilla/a'] };
    const v1 = specRecords({ ...base, cgroup });
    expect(v1.filter((r) => r[0]?.startsWith('cgroup_'))).toEqual([
      ['cgroup_join', '/cg/memory/flotilla/a/tasks'], ['cgroup_join', '/cg/pids/flotilla/a/tasks'], ['cgroup_dir', '/cg/memory/flotilla/a'],
    ]);
    const v2 = specRecords({ ...base, cgroup: { join: ['/cg/flotilla/a/cgroup.procs'], into: '/cg/flotilla/a', dirs: ['/cg/flotilla/a'] } });
    expect(v2.filter((r) => r[0]?.startsWith('cgroup_'))).toEqual([
      ['cgroup_join', '/cg/flotilla/a/cgroup.procs'], ['cgroup_into', '/cg/flotilla/a'], ['cgroup_dir', '/cg/flotilla/a'],
    ]);
  });

  it('names the fd the network records come on for a late start, and holds none of them', () => {
    const records = specRecords({ ...base, lateFd: 5 });
    expect(records).toContainEqual(['late_spec', '5']);
    expect(keysOf(records).filter((key) => ['netns_path', 'netns_drop', 'reserve_port', 'exit_run'].includes(key))).toEqual([]);
  });

  it('holds the seccomp filter resolved for the container\'s capabilities, none when privileged or unconfined', () => {
    const host = { arch: 'amd64', nativeArch: 'SCMP_ARCH_X86_64', kernel: [6, 1] as const };
    const seccomp = (input: Partial<Parameters<typeof specRecords>[0]>) => specRecords({ ...base, seccompHost: host, ...input }).filter((r) => r[0]?.startsWith('seccomp'));
    const records = seccomp({ seccompCache: { dir: '/root/seccomp', compiler: 'x' } });
    expect(keysOf(records.slice(0, 2))).toEqual(['seccomp', 'seccomp_arch']);
    expect(records[0]).toEqual(['seccomp', 'errno', '1']);
    expect(records.at(-1)?.[0]).toBe('seccomp_cache');
    expect(seccomp({ config: { ...config, privileged: true } })).toEqual([]);
    expect(seccomp({ config: { ...config, seccomp: 'unconfined' } })).toEqual([]);
  });

  it('encodes every field NUL-terminated, in order', () => {
    expect(encodeSpec([['netns_path', '/run/netns/x'], ['exit_run']]).toString()).toBe('netns_path\0/run/netns/x\0exit_run\0');
  });
});
