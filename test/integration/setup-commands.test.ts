// The supervisor's setup commands: what a start hook asks it to run before
// the container enters its network namespace (networking makes the links
// that way). Driven through the engine's API with hooks of the test's own.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContainer, findContainer, startContainer, waitContainer, type NetworkMode, type StartHooks } from '../../engine/container/index.js';
import { ImageStore } from '../../engine/images/index.js';
import { sharedTestEngine } from '../helpers/engine.js';

const engine = sharedTestEngine();
const isRoot = process.getuid?.() === 0;
let scratch = '';

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'flotilla-setup-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Hooks that hand the supervisor one setup command. */
function hooksRunning(argv: string[]): StartHooks {
  return { beforeStart: () => ({ setupCommands: [argv] }) };
}

// bridge takes the late start (the hooks run while the supervisor makes the
// container); none gives the records in the spec from the beginning.
describe.runIf(isRoot).each<NetworkMode>(['bridge', 'none'])('setup commands, network mode %s', (networkMode) => {
  it('run once before the container, not again on its restarts', async () => {
    const images = new ImageStore(engine.root);
    const log = join(scratch, `ran-${networkMode}`);
    const record = await createContainer(engine.root, images, {
      image: 'busybox',
      cmd: ['sh', '-c', `cat ${log} 2>/dev/null || echo missing; exit 3`],
      networkMode,
      restart: { name: 'on-failure', maximumRetryCount: 2 },
      binds: [{ source: scratch, target: scratch, readOnly: true }],
    });
    await startContainer(engine.root, images, record.id, hooksRunning(['/bin/sh', '-c', `echo setup >> ${log}`]));
    expect(await waitForGood(record.id)).toBe(3);
    expect(readFileSync(log, 'utf8')).toBe('setup\n');
    // Every run, the first included, found it done.
    const runs = engine.ok(['container', 'logs', record.id]).split('\n').filter(Boolean);
    expect(runs).toEqual(['setup', 'setup', 'setup']);
  });

  it('call the start off with what the failing command wrote', async () => {
    const images = new ImageStore(engine.root);
    const record = await createContainer(engine.root, images, { image: 'busybox', cmd: ['true'], networkMode });
    const start = startContainer(engine.root, images, record.id, hooksRunning(['/bin/sh', '-c', 'echo "no bridge named br9" >&2; exit 1']));
    await expect(start).rejects.toThrow(/no bridge named br9/);
    await expect(start).rejects.toMatchObject({ exitStatus: 125 });
    expect(findContainer(engine.root, record.id).state.status).not.toBe('running');
  });
});

/** The exit code once the container has ended for good (its restarts done). */
async function waitForGood(id: string): Promise<number> {
  for (;;) {
    const code = await waitContainer(engine.root, id);
    const status = findContainer(engine.root, id).state.status;
    if (status === 'exited') return code;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
