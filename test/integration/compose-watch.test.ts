// Live reload on real containers: `flotilla watch` runs in the background
// against a fixture project (fixtures/watch/), the test edits its files on
// disk, and checks what runs after each apply.
import { createServer, type Server } from 'node:net';
import { appendFileSync, chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { composeStack, type Stack } from '../helpers/compose-stack.js';
import { sharedTestEngine } from '../helpers/engine.js';
import { eventually } from '../helpers/eventually.js';
import { startWatch, type WatchProcess } from '../helpers/watch-process.js';

const engine = sharedTestEngine();
let stacks: Stack[] = [];
let watches: WatchProcess[] = [];

function stack(name: string): Stack {
  const made = composeStack(engine, name, { fixtures: 'fixtures/watch' });
  stacks.push(made);
  return made;
}

function watch(s: Stack, args?: readonly string[]): WatchProcess {
  const made = startWatch(engine, s, args);
  watches.push(made);
  return made;
}

afterEach(async () => {
  for (const w of watches) await w.interrupt();
  for (const s of stacks) s.dispose();
  watches = [];
  stacks = [];
});

const identity = (s: Stack, name: string) => {
  const c = s.inspect(name);
  return { id: c['Id'], pid: c['State'].Pid, startedAt: c['State'].StartedAt, finishedAt: c['State'].FinishedAt, networks: c['NetworkSettings'].Networks };
};
const envOf = (s: Stack, name: string): string[] => s.inspect(name)['Config'].Env;

describe('watch: the project files', () => {
  it('recreates only the service whose .env or env_file value changed; the others keep id, pid and start time; a one-shot is not run again', async () => {
    const s = stack('reload');
    const w = watch(s);
    await w.waitForLines(/^Watch enabled/, 1);
    const before = { cache: identity(s, 'reload-cache-1'), init: identity(s, 'reload-init-1'), api: identity(s, 'reload-api-1') };

    writeFileSync(join(s.dir, '.env'), 'GREETING=bonjour\n');
    await eventually(() => expect(envOf(s, 'reload-api-1')).toContain('GREETING=bonjour'));
    await w.waitForLines(/CreateContainer service:api:1 \(config changed: environment\.GREETING\)/, 1);
    const afterEnv = identity(s, 'reload-api-1');
    expect(afterEnv.id).not.toBe(before.api.id);

    writeFileSync(join(s.dir, 'api.env'), 'LEVEL=2\n');
    await eventually(() => expect(envOf(s, 'reload-api-1')).toContain('LEVEL=2'));
    expect(identity(s, 'reload-api-1').id).not.toBe(afterEnv.id);

    expect(identity(s, 'reload-cache-1')).toEqual(before.cache);
    expect(identity(s, 'reload-init-1')).toEqual(before.init);
    expect(s.ps().find((r) => r.Name === 'reload-init-1')).toMatchObject({ State: 'exited', ExitCode: 0 });
  });

  it('follows an included file and an extended one, recreating only the service each defines', async () => {
    const s = stack('include');
    const w = watch(s);
    await w.waitForLines(/^Watch enabled/, 1);
    const web = identity(s, 'include-web-1');

    writeFileSync(join(s.dir, 'db.yaml'), readFileSync(join(s.dir, 'db.yaml'), 'utf8').replace('DB_MODE: one', 'DB_MODE: two'));
    await eventually(() => expect(envOf(s, 'include-db-1')).toContain('DB_MODE=two'));
    expect(identity(s, 'include-web-1')).toEqual(web);

    const db = identity(s, 'include-db-1');
    writeFileSync(join(s.dir, 'base.yaml'), readFileSync(join(s.dir, 'base.yaml'), 'utf8').replace('BASE_MODE: one', 'BASE_MODE: two'));
    await eventually(() => expect(envOf(s, 'include-web-1')).toContain('BASE_MODE=two'));
    expect(identity(s, 'include-db-1')).toEqual(db);
  });

  it('starts a service added to the file and removes one taken out of it', async () => {
    const s = stack('reload');
    const w = watch(s);
    await w.waitForLines(/^Watch enabled/, 1);
    const cache = identity(s, 'reload-cache-1');
    const file = join(s.dir, 'compose.yaml');
    const original = readFileSync(file, 'utf8');

    writeFileSync(file, `${original}  extra:\n    image: busybox\n    command: sleep 3600\n    stop_signal: SIGKILL\n`);
    await eventually(() => expect(s.ps().find((r) => r.Name === 'reload-extra-1')?.State).toBe('running'));

    writeFileSync(file, original.replace(/  api:\n(    .*\n|      .*\n)*/, ''));
    await eventually(() => expect(s.ps().map((r) => r.Name).sort()).toEqual(['reload-cache-1', 'reload-init-1']));
    expect(identity(s, 'reload-cache-1')).toEqual(cache);
  });

  it('reports an edit that does not load with its file:line:column, leaves the stack as it was, and applies the next good save', async () => {
    const s = stack('reload');
    const w = watch(s);
    await w.waitForLines(/^Watch enabled/, 1);
    const api = identity(s, 'reload-api-1');
    const file = join(s.dir, 'compose.yaml');
    const original = readFileSync(file, 'utf8');

    writeFileSync(file, original.replace('GREETING: ${GREETING:-hello}', 'GREETING: [unclosed'));
    const [failure] = await w.waitForLines(/^error: /, 1);
    expect(failure).toMatch(/^error: compose\.yaml:\d+:\d+: /);
    writeFileSync(file, original.replace('env_file: api.env', 'env_file: api.env\n    depends_on: [nowhere]'));
    await w.waitForLines(/^error: /, 2);
    expect(w.lines(/^error: /)[1]).toMatch(/compose\.yaml:\d+:\d+: .*nowhere/);
    expect(identity(s, 'reload-api-1')).toEqual(api);

    writeFileSync(file, original.replace('${GREETING:-hello}', 'fixed'));
    await eventually(() => expect(envOf(s, 'reload-api-1')).toContain('GREETING=fixed'));
  });

  it('reports an apply that fails (a port in use), keeps the rest of the stack and keeps watching', async () => {
    const s = stack('reload');
    const w = watch(s);
    await w.waitForLines(/^Watch enabled/, 1);
    const cache = identity(s, 'reload-cache-1');
    const server = await listen();
    try {
      const port = (server.address() as { port: number }).port;
      const file = join(s.dir, 'compose.yaml');
      const original = readFileSync(file, 'utf8');
      writeFileSync(file, original.replace('env_file: api.env', `env_file: api.env\n    ports: ["127.0.0.1:${port}:80"]`));
      await w.waitForLines(/still watching/, 1);
      expect(identity(s, 'reload-cache-1')).toEqual(cache);

      writeFileSync(file, original.replace('${GREETING:-hello}', 'after-failure'));
      await eventually(() => expect(envOf(s, 'reload-api-1')).toContain('GREETING=after-failure'));
    } finally {
      server.close();
    }
  });

  it('up --watch shows the output of the containers, recreated ones too, and stops the stack on Ctrl-C', async () => {
    const s = stack('reload');
    const w = watch(s, ['up', '--watch', '--no-color']);
    await w.waitForLines(/^reload-api-1 +\| api says hello$/, 1);
    writeFileSync(join(s.dir, '.env'), 'GREETING=bonjour\n');
    await w.waitForLines(/^reload-api-1 +\| api says bonjour$/, 1);
    expect(await w.interrupt()).toBe(130);
    expect(s.ps().filter((r) => r.State === 'running')).toEqual([]);
  });
});

describe('watch: develop.watch rules', () => {
  it('syncs files in (initially, on change, with their mode), deletes them, leaves ignored ones out, runs sync+exec and restarts', async () => {
    const s = stack('sync');
    const w = watch(s);
    await w.waitForLines(/^Watch enabled/, 1);
    const inWeb = (cmd: string) => engine.ok(['container', 'exec', 'sync-web-1', 'sh', '-c', cmd]);
    expect(inWeb('cat /app/index.html')).toBe('<h1>one</h1>\n');

    writeFileSync(join(s.dir, 'src/index.html'), '<h1>two</h1>\n');
    mkdirSync(join(s.dir, 'src/sub'));
    writeFileSync(join(s.dir, 'src/sub/run.sh'), '#!/bin/sh\necho ran\n');
    chmodSync(join(s.dir, 'src/sub/run.sh'), 0o750);
    writeFileSync(join(s.dir, 'src/notes.tmp'), 'scratch\n');
    await eventually(() => expect(inWeb('cat /app/index.html')).toBe('<h1>two</h1>\n'));
    await eventually(() => expect(inWeb('stat -c %a /app/sub/run.sh && /app/sub/run.sh')).toBe('750\nran\n'));

    rmSync(join(s.dir, 'src/index.html'));
    await eventually(() => expect(inWeb('test -e /app/index.html && echo present || echo absent')).toBe('absent\n'));
    // Written before the deletion, so any sync of it would have come first.
    expect(inWeb('test -e /app/notes.tmp && echo present || echo absent')).toBe('absent\n');

    const { pid, id } = identity(s, 'sync-web-1');
    writeFileSync(join(s.dir, 'conf/app.conf'), 'level=2\n');
    await w.waitForLines(/^Ran `.*` in sync-web-1: exit 0$/, 1);
    expect(inWeb('cat /tmp/exec-seen')).toBe('level=2\n');
    expect(identity(s, 'sync-web-1').pid).toBe(pid);

    appendFileSync(join(s.dir, 'restart.flag'), 'again\n');
    await w.waitForLines(/^Restarted web$/, 1);
    const restarted = identity(s, 'sync-web-1');
    expect(restarted.pid).not.toBe(pid);
    expect(restarted.id).toBe(id);
  });

  it('says a rebuild rule cannot be honoured yet instead of failing', async () => {
    const s = stack('rebuild');
    const w = watch(s);
    await w.waitForLines(/^Watch enabled/, 1);
    writeFileSync(join(s.dir, 'app/main.txt'), 'changed\n');
    const [line] = await w.waitForLines(/^WARN service web: /, 1);
    expect(line).toMatch(/rebuild rule needs image builds/);
    expect(s.ps().find((r) => r.Name === 'rebuild-web-1')?.State).toBe('running');
  });
});

function listen(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}
