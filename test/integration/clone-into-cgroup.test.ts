// On cgroup v2 the supervisor starts a container's first process inside its
// cgroup (clone3 with CLONE_INTO_CGROUP) instead of having it join. This
// host's controllers may all be on v1, but a cgroup2 tree is mounted on
// hybrid hosts too (without controllers): the supervisor is pointed at a
// cgroup there, with a join file that cannot work, so the process can only
// be in that cgroup if it started there.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createContainer, findContainer, removeContainer, capabilitySet, startContainer } from '../../engine/container/index.js';
import { execRecords } from '../../engine/container/exec.js';
import { encodeSpec, specRecords } from '../../engine/container/spec.js';
import { shimBinary } from '../../engine/container/shim-binary.js';
import { ImageStore } from '../../engine/images/index.js';
import { sharedTestEngine } from '../helpers/engine.js';
import { eventually } from '../helpers/eventually.js';

const engine = sharedTestEngine();
const isRoot = process.getuid?.() === 0;

/** Where a cgroup2 tree is mounted, if anywhere. */
function cgroup2Mount(): string | undefined {
  for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    const fields = line.split(' ');
    const dash = fields.indexOf('-');
    if (dash > 0 && fields[dash + 1] === 'cgroup2') return fields[4];
  }
  return undefined;
}

const mount = isRoot ? cgroup2Mount() : undefined;

describe.runIf(mount !== undefined)('a container started in its cgroup v2', () => {
  it('is in that cgroup from its first instruction, without joining it', async () => {
    const images = new ImageStore(engine.root);
    const record = await createContainer(engine.root, images, { image: 'busybox', cmd: ['sleep', '30'] });
    const { paths } = findContainer(engine.root, record.id);
    const name = `flotilla-clone-test-${process.pid}`;
    const dir = join(mount!, name);
    mkdirSync(dir);
    try {
      const records = specRecords({
        paths,
        config: record.config,
        process: record.process,
        hostname: record.hostname,
        layers: await images.layerDirs(record.image.manifest),
        capabilities: capabilitySet(record.config),
        // Joining would fail: there is no such file.
        cgroup: { join: [join(dir, 'missing', 'cgroup.procs')], into: dir, dirs: [dir] },
      });
      writeFileSync(paths.spec, encodeSpec(records), { mode: 0o600 });
      const shim = spawn(shimBinary(), [paths.spec], { detached: true, stdio: ['ignore', 'ignore', 'ignore', 'pipe'] });
      const [first] = await createInterface({ input: shim.stdio[3] as Readable })[Symbol.asyncIterator]().next().then((r) => [r.value as string | undefined]);
      const started = /^started (\d+)$/.exec(first ?? '');
      expect(started, `supervisor said ${first}; state: ${existsSync(paths.state) ? readFileSync(paths.state, 'utf8') : 'none'}`).not.toBeNull();
      const pid = Number(started![1]);
      expect(readFileSync(`/proc/${pid}/cgroup`, 'utf8').split('\n')).toContain(`0::/${name}`);
      expect(readFileSync(join(dir, 'cgroup.procs'), 'utf8').trim()).toBe(String(pid));
      process.kill(pid, 'SIGKILL');
      // The supervisor removes the cgroup once the container has ended.
      await eventually(() => expect(existsSync(dir)).toBe(false));
    } finally {
      if (existsSync(dir)) rmdirSync(dir);
      await removeContainer(engine.root, record.id, { force: true });
    }
  });

  it('runs an exec (and so a healthcheck) in that cgroup, which the container\'s mount namespace does not show', async () => {
    const images = new ImageStore(engine.root);
    const record = await createContainer(engine.root, images, { image: 'busybox', cmd: ['sleep', '30'] });
    await startContainer(engine.root, images, record.id);
    const name = `flotilla-exec-test-${process.pid}`;
    const dir = join(mount!, name);
    mkdirSync(dir);
    try {
      const records = execRecords(findContainer(engine.root, record.id), { cmd: ['cat', '/proc/self/cgroup'] })
        .filter((r) => r[0] !== 'cgroup_join' && r[0] !== 'cgroup_into');
      // Joining would fail: there is no such file.
      records.push(['cgroup_join', join(dir, 'missing', 'cgroup.procs')], ['cgroup_into', dir]);
      const exec = spawnSync(shimBinary(), ['exec', '/dev/fd/3'], { encoding: 'utf8', ...withSpec(encodeSpec(records)) });
      expect(exec.stderr).toBe('');
      expect(exec.stdout.split('\n')).toContain(`0::/${name}`);
    } finally {
      await removeContainer(engine.root, record.id, { force: true });
      if (existsSync(dir)) rmdirSync(dir);
    }
  });
});

/** spawnSync cannot write to fd 3: the spec goes through a file opened there instead. */
function withSpec(spec: Buffer): { stdio: ['ignore', 'pipe', 'pipe', number] } {
  const path = join(engine.root, `exec-spec-${process.pid}`);
  writeFileSync(path, spec, { mode: 0o600 });
  return { stdio: ['ignore', 'pipe', 'pipe', openSync(path, 'r')] };
}
