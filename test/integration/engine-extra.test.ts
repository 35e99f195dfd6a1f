// container attach, container diff and image history on real containers.
import { afterEach, describe, expect, it } from 'vitest';
import { sharedTestEngine } from '../helpers/engine.js';

const engine = sharedTestEngine();

afterEach(() => engine.removeContainers());

describe('container diff', () => {
  it('lists additions, changes and deletions in the container\'s root, not the files the engine binds', () => {
    engine.ok(['container', 'run', '--name', 'differ', 'busybox', 'sh', '-c', 'echo hi > /etc/motd2; rm /bin/ls; mkdir /new; touch /new/f']);
    expect(engine.ok(['container', 'diff', 'differ'])).toBe(['C /bin', 'D /bin/ls', 'C /etc', 'A /etc/motd2', 'A /new', 'A /new/f', ''].join('\n'));
  });
});

describe('container attach', () => {
  it('follows the output of a running container and ends with its exit code', () => {
    engine.ok(['container', 'run', '-d', '--name', 'talker', 'busybox', 'sh', '-c', 'sleep 2; echo end; exit 3']);
    const attached = engine.flotilla(['container', 'attach', 'talker']);
    expect(attached.stdout).toBe('end\n');
    expect(attached.status).toBe(3);
  });

  it('refuses a container that does not run', () => {
    engine.ok(['container', 'create', '--name', 'idle', 'busybox', 'true']);
    expect(engine.flotilla(['container', 'attach', 'idle']).stderr).toMatch(/cannot attach to container idle: it is created/);
  });
});

describe('image history', () => {
  it('shows the image\'s steps, newest first, the newest with its id', () => {
    const id = JSON.parse(engine.ok(['image', 'inspect', 'busybox']))[0].Id as string;
    const rows = engine.ok(['image', 'history', 'busybox', '--format', 'json', '--no-trunc']).trim().split('\n').map((l) => JSON.parse(l) as { ID: string; Size: string });
    expect(rows[0]!.ID).toBe(id);
    expect(rows.slice(1).every((r) => r.ID === '<missing>')).toBe(true);
    expect(engine.ok(['image', 'history', '-q', 'busybox']).split('\n')[0]).toBe(id.replace('sha256:', '').slice(0, 12));
  });
});
