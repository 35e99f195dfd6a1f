import { describe, expect, it } from 'vitest';
import { containerConfig, flagError, parseBytes, parseDuration, type CreateFlags } from '../../../cli/commands/container-options.js';
import { validateConfig } from '../../../engine/container/validate.js';

/** The flags as `container create` takes them: parsed, then held to the engine's rules, told in flags. */
function checked(flags: CreateFlags) {
  const config = containerConfig('b', [], flags);
  try {
    validateConfig(config);
  } catch (err) {
    throw flagError(err);
  }
  return config;
}

describe('container run flags', () => {
  it('turns docker flags into the engine config', () => {
    const config = containerConfig('busybox', ['sh'], {
      env: ['A=1', 'FROM_HOST', 'UNSET'], volume: ['/src:/dst:ro'], tmpfs: ['/run:size=1m'], ulimit: ['nofile=512:1024'],
      restart: 'on-failure:3', shmSize: '8m', memory: '512m', cpus: '1.5', pidsLimit: '10', securityOpt: ['no-new-privileges'],
      healthCmd: 'true', healthInterval: '1m30s', label: ['a=b'],
    }, { FROM_HOST: 'x' });
    expect(config).toMatchObject({
      image: 'busybox', cmd: ['sh'], env: ['A=1', 'FROM_HOST=x'], binds: [{ source: '/src', target: '/dst', readOnly: true }],
      tmpfs: [{ target: '/run', options: 'size=1m' }], ulimits: [{ name: 'nofile', soft: 512, hard: 1024 }],
      restart: { name: 'on-failure', maximumRetryCount: 3 }, shmSize: 8 * 1024 * 1024, noNewPrivileges: true,
      resources: { memory: 512 * 1024 * 1024, cpus: 1.5, pidsLimit: 10 }, healthcheck: { test: ['CMD-SHELL', 'true'], interval: 90_000 },
      labels: { a: 'b' },
    });
  });

  it('refuses what it cannot honour with the flag named', () => {
    expect(() => containerConfig('b', [], { volume: ['data:x'] })).toThrow(/the container path must be absolute/);
    expect(() => containerConfig('b', [], { volume: ['data:/x:rx'] })).toThrow(/invalid volume "data:\/x:rx"/);
    expect(() => containerConfig('b', [], { restart: 'always:3' })).toThrow(/invalid --restart "always:3"/);
    expect(() => checked({ network: 'none', publish: ['80'] })).toThrow(/cannot publish ports with --network none/);
    expect(() => checked({ network: 'host', ip: '10.0.0.2' })).toThrow('--network-alias, --ip, --mac-address and --link need a bridge network, not --network host');
    expect(() => checked({ networkAlias: ['a'] })).toThrow('network-scoped aliases are only supported for user-defined networks');
    expect(() => checked({ network: 'container:' })).toThrow('--network container: needs a container name');
    expect(() => checked({ restart: 'always', rm: true })).toThrow('conflicting options: --restart and --rm');
    expect(() => containerConfig('b', [], { securityOpt: ['apparmor=docker-default'] })).toThrow(/unsupported --security-opt "apparmor=docker-default"/);
    expect(() => containerConfig('b', [], { securityOpt: ['seccomp=/nonexistent/profile.json'] })).toThrow('cannot read seccomp profile /nonexistent/profile.json: ENOENT');
    expect(containerConfig('b', [], { securityOpt: ['no-new-privileges', 'seccomp=unconfined'] })).toMatchObject({ noNewPrivileges: true, seccomp: 'unconfined' });
    expect(containerConfig('b', [], {})).not.toHaveProperty('seccomp');
    expect(() => containerConfig('b', [], { mount: ['type=npipe,target=/d'] })).toThrow(/type "npipe" is not supported/);
    expect(containerConfig('b', [], { tty: true, interactive: true })).toMatchObject({ tty: true, openStdin: true });
    // A bare label key has an empty value, as docker's; a bare sysctl is refused.
    expect(containerConfig('b', [], { label: ['keep', 'a=b=c'] })).toMatchObject({ labels: { keep: '', a: 'b=c' } });
    expect(() => containerConfig('b', [], { label: ['=x'] })).toThrow(/invalid --label "=x": expected key=value/);
    expect(() => containerConfig('b', [], { sysctl: ['kernel.shmmax'] })).toThrow(/invalid --sysctl "kernel.shmmax": expected key=value/);
  });

  it('takes -P and --expose: single ports and ranges, tcp unless told, never a host part', () => {
    expect(containerConfig('b', [], { publishAll: true, expose: ['80', '53/udp', '9000-9001'] })).toMatchObject({
      publishAll: true,
      expose: [{ containerPort: 80, protocol: 'tcp' }, { containerPort: 53, protocol: 'udp' }, { containerPort: 9000, protocol: 'tcp' }, { containerPort: 9001, protocol: 'tcp' }],
    });
    expect(containerConfig('b', [], {})).not.toHaveProperty('publishAll');
    expect(() => containerConfig('b', [], { expose: ['8080:80'] })).toThrow(/invalid --expose "8080:80": a container port or range, without a host part/);
    expect(() => containerConfig('b', [], { expose: ['80/sctp'] })).toThrow(/invalid --expose "80\/sctp": sctp is not supported/);
    expect(() => checked({ network: 'host', publishAll: true })).toThrow(/cannot publish ports with --network host/);
    // Exposing alone is only bookkeeping: any network mode takes it.
    expect(containerConfig('b', [], { network: 'host', expose: ['80'] })).toMatchObject({ networkMode: 'host', expose: [{ containerPort: 80, protocol: 'tcp' }] });
  });

  it('takes --pid, --ipc and --uts host, and the names of the container\'s own namespaces', () => {
    expect(containerConfig('b', [], { pid: 'host', ipc: 'host', uts: 'host' })).toMatchObject({ pidMode: 'host', ipcMode: 'host', utsMode: 'host' });
    const own = containerConfig('b', [], { ipc: 'shareable' });
    expect([own.pidMode, own.ipcMode, own.utsMode]).toEqual([undefined, undefined, undefined]);
    expect(containerConfig('b', [], { ipc: 'private' }).ipcMode).toBeUndefined();
    expect(containerConfig('b', [], { pid: 'container:db' }).pidMode).toBe('container:db');
    expect(() => containerConfig('b', [], { pid: 'container:' })).toThrow(/invalid --pid "container:": use host, container:NAME/);
    expect(() => containerConfig('b', [], { ipc: 'container:db' })).toThrow(/--ipc container:db: joining another container's IPC namespace is not supported yet/);
    expect(() => containerConfig('b', [], { ipc: 'none' })).toThrow(/invalid --ipc "none": use host or private, shareable/);
    expect(() => checked({ uts: 'host', hostname: 'x' })).toThrow(/conflicting options: --hostname and --uts host/);
  });

  it('reads --device as docker does: HOST, HOST:CONTAINER, HOST:PERMISSIONS and all three', () => {
    expect(containerConfig('b', [], { device: ['/dev/fuse', '/dev/kvm:/dev/k', '/dev/a:rw', '/dev/b:/dev/c:m'] }).devices).toEqual([
      { hostPath: '/dev/fuse', containerPath: '/dev/fuse', permissions: 'rwm' },
      { hostPath: '/dev/kvm', containerPath: '/dev/k', permissions: 'rwm' },
      { hostPath: '/dev/a', containerPath: '/dev/a', permissions: 'rw' },
      { hostPath: '/dev/b', containerPath: '/dev/c', permissions: 'm' },
    ]);
    expect(() => containerConfig('b', [], { device: ['/dev/a:/dev/b:rx'] })).toThrow(/invalid --device "\/dev\/a:\/dev\/b:rx": permissions are r, w and m/);
    expect(() => containerConfig('b', [], { device: ['fuse'] })).toThrow(/the paths must be absolute/);
    expect(containerConfig('b', [], { oomScoreAdj: '-500' }).oomScoreAdj).toBe(-500);
    expect(() => containerConfig('b', [], { oomScoreAdj: '1.5' })).toThrow(/invalid --oom-score-adj "1.5": expected a whole number/);
    expect(() => checked({ oomScoreAdj: '-1001' })).toThrow('invalid --oom-score-adj "-1001": between -1000 and 1000');
    expect(() => checked({ cpus: '0' })).toThrow('invalid --cpus "0": a positive number');
  });

  it('tells binds, named volumes and anonymous volumes apart in -v and --mount', () => {
    expect(containerConfig('b', [], { volume: ['/host:/a', 'data:/b:ro,nocopy', '/c'], mount: ['type=volume,source=v,target=/d,volume-nocopy'] })).toMatchObject({
      binds: [{ source: '/host', target: '/a', readOnly: false, createHostPath: true }],
      volumes: [{ name: 'data', target: '/b', readOnly: true, noCopy: true }, { target: '/c' }, { name: 'v', target: '/d', readOnly: false, noCopy: true }],
    });
  });

  it('parses sizes and durations the docker way', () => {
    expect(parseBytes('64m', 'x')).toBe(67108864);
    expect(parseBytes('1g', 'x')).toBe(1073741824);
    expect(parseDuration('500ms', 'x')).toBe(500);
    expect(parseDuration('1h2m3s', 'x')).toBe(3_723_000);
    expect(() => parseDuration('10', '--health-interval')).toThrow('invalid --health-interval "10"');
  });
});
