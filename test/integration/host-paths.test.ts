// An image whose paths are symlinks to the host (absolute, or climbing with
// `..`) must not lead the engine's own writes there: cp into a container,
// bind, volume, tmpfs and --device targets, the /etc files bound over the
// image's. Each resolves inside the container's root; a host folder of the
// test's own keeps its content and metadata and gets no mount.
import { createHash } from 'node:crypto';
import { chownSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without type declarations
import { buildBusybox } from '../../fixtures/images/build-test-images.mjs';
import { sharedTestEngine } from '../helpers/engine.js';
import { layeredImage, type LayerEntry } from '../helpers/layered-image.js';

const engine = sharedTestEngine();
let host: string;
/** Names under / and /etc on the host that a redirected cp would make. */
const probe = `flotilla-probe-${process.pid}`;

beforeAll(async () => {
  host = join(engine.root, '..', 'host');
  mkdirSync(join(host, 'dir'), { recursive: true });
  for (const name of ['hosts', 'resolv.conf', 'hostname', 'file']) writeFileSync(join(host, name), `host ${name}\n`, { mode: 0o644 });
  for (const path of [...['hosts', 'resolv.conf', 'hostname', 'file', 'dir'].map((n) => join(host, n)), host]) {
    chownSync(path, 4242, 4243);
    utimesSync(path, new Date(1_234_567_890_000), new Date(1_234_567_890_000));
  }
  const climb = `../../../../../../../../../..${host}`;
  const links: LayerEntry[] = [
    { name: 'etc/', type: 'directory', mode: 0o755 },
    { name: 'etc/hosts', type: 'symlink', linkname: `${host}/hosts` },
    { name: 'etc/resolv.conf', type: 'symlink', linkname: `${climb}/resolv.conf` },
    { name: 'etc/hostname', type: 'symlink', linkname: `${host}/hostname` },
    { name: 'data', type: 'symlink', linkname: host },
    { name: 'up', type: 'symlink', linkname: climb },
  ];
  const base = (buildBusybox as () => string)();
  for (const [reference, entries] of [
    ['host-links:1', links],
    ['etc-root:1', [{ name: 'etc', type: 'symlink', linkname: '/' }, { name: 'data', type: 'symlink', linkname: host }]],
  ] as [string, LayerEntry[]][]) {
    const archive = join(engine.root, '..', `${reference.replace(':', '-')}.tar`);
    writeFileSync(archive, await layeredImage(base, entries, reference));
    engine.ok(['image', 'load', '-q', '-i', archive]);
  }
});

/** Every path under the host folder with its content and what a write could change (ctime moves with any). */
function hostState(): string[] {
  const walk = (path: string): string[] => {
    const st = lstatSync(path);
    const sum = st.isFile() ? createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 12) : '-';
    const line = `${path.slice(host.length) || '/'} ${st.mode.toString(8)} ${st.uid}:${st.gid} ${st.mtimeMs} ${st.ctimeMs} ${sum}`;
    return st.isDirectory() ? [line, ...readdirSync(path).sort().flatMap((name) => walk(join(path, name)))] : [line];
  };
  return walk(host);
}

function mountsOnHostFolder(): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter((line) => line.includes(host));
}

describe('a container whose image links its paths to the host', () => {
  it('gets its binds, volume, tmpfs, device and /etc files inside its own root', () => {
    const source = join(engine.root, '..', 'bind-source');
    mkdirSync(source, { recursive: true });
    writeFileSync(join(source, 'from-bind'), 'bound\n');
    const before = hostState();
    const script = [
      'echo written > /data/vol/new',
      'cat /up/bind/from-bind',
      'echo written > /data/tmp/new',
      'test -c /data/devnull && echo device',
      'cat /etc/hostname',
      'echo written >> /etc/hosts',
      'echo written >> /etc/resolv.conf',
      `ls ${host}`,
    ].join(' && ');
    const run = engine.flotilla([
      'container', 'run', '--rm', '--hostname', 'inside',
      '-v', 'redirected:/data/vol', '-v', `${source}:/up/bind`, '--tmpfs', '/data/tmp', '--device', '/dev/null:/data/devnull',
      'host-links:1', 'sh', '-c', script,
    ]);
    expect([run.stderr, run.status]).toEqual(['', 0]);
    // The container sees each at its path, made under its own root where the link leads there.
    expect(run.stdout).toBe(['bound', 'device', 'inside', 'bind', 'devnull', 'hostname', 'hosts', 'resolv.conf', 'tmp', 'vol', ''].join('\n'));
    expect(hostState()).toEqual(before);
    expect(mountsOnHostFolder()).toEqual([]);
    engine.ok(['volume', 'rm', 'redirected']);
  });
});

describe('container cp into an image with etc -> / and data -> a host folder', () => {
  it.each(['stopped', 'running'])('writes inside the %s container only', (state) => {
    const name = `cp-${state}`;
    engine.ok(['container', state === 'running' ? 'run' : 'create', ...(state === 'running' ? ['-d'] : []), '--name', name, 'etc-root:1', 'sleep', '300']);
    const file = join(engine.root, '..', 'copied');
    writeFileSync(file, 'copied\n');
    const before = hostState();
    engine.ok(['container', 'cp', file, `${name}:/etc/${probe}`]);
    // /data is a symlink to a folder the container does not have: the file takes its place, as with docker.
    engine.ok(['container', 'cp', file, `${name}:/data`]);
    expect(hostState()).toEqual(before);
    expect([existsSync(`/${probe}`), existsSync(`/etc/${probe}`)]).toEqual([false, false]);
    // Where they landed: the container's own / and /data.
    const out = join(engine.root, '..', `out-${state}`);
    engine.ok(['container', 'cp', `${name}:/${probe}`, out]);
    engine.ok(['container', 'cp', `${name}:/data`, `${out}-data`]);
    expect([readFileSync(out, 'utf8'), readFileSync(`${out}-data`, 'utf8')]).toEqual(['copied\n', 'copied\n']);
  });
});
