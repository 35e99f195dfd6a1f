// The installed command, dist/cli/flotilla: it starts the CLI from the
// start-up snapshot made by the node binary that runs it, and falls back to
// the plain modules whenever the snapshot cannot be used, with the same
// arguments, output and exit status either way.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath, repoRoot } from '../helpers/scenario.js';

const FALLBACK = 'flotilla: starting without the start-up snapshot\n';
const scratch = mkdtempSync(join(tmpdir(), 'flotilla-launcher-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function run(launcher: string, args: string[], env: Record<string, string> = {}) {
  return spawnSync(launcher, args, { cwd: scratch, env: { PATH: '/usr/bin:/bin', HOME: scratch, FLOTILLA_DEBUG: '1', ...env }, encoding: 'utf8' });
}

/** A copy of dist/cli/ whose snapshot files can be tampered with. */
function copyOfCli(name: string): string {
  const dir = join(scratch, name);
  cpSync(join(repoRoot, 'dist/cli'), dir, { recursive: true, preserveTimestamps: true });
  return dir;
}

describe('the flotilla launcher', () => {
  it('starts from the snapshot, passing every argument to the CLI, none to node', () => {
    const version = run(cliPath, ['--version']);
    expect(version.stderr).toBe('');
    expect(version.stdout).toBe('0.1.0\n');
    // Node itself would take --env-file (and fail on a missing file) if an argument reached it.
    const envFile = run(cliPath, ['--env-file', join(scratch, 'missing.env'), 'config', '-q']);
    expect(envFile.stderr).toMatch(/^error: .*missing\.env/);
    expect(envFile.status).toBe(1);
    expect(run(cliPath, ['no-such-command']).status).toBe(2);
  });

  it('loads a command\'s code from the snapshot, which runs it as the modules do', () => {
    writeFileSync(join(scratch, 'compose.yaml'), 'services:\n  web:\n    image: busybox\n    ports: ["8080:80"]\n');
    const fromSnapshot = run(cliPath, ['config', '--format', 'json']);
    const fromModules = run(cliPath, ['config', '--format', 'json'], { FLOTILLA_NO_SNAPSHOT: '1' });
    expect(fromSnapshot.status).toBe(0);
    expect(fromSnapshot.stderr).toBe('');
    expect(fromModules.stderr).toBe(FALLBACK);
    expect(JSON.parse(fromSnapshot.stdout)).toEqual(JSON.parse(fromModules.stdout));
    expect(JSON.parse(fromSnapshot.stdout).services.web.ports[0].published).toBe('8080');
  });

  it('falls back to the modules when the snapshot was made by another node binary', () => {
    const dir = copyOfCli('other-node');
    // Another modification time: the binary at that path is not the one that made the blob.
    utimesSync(join(dir, 'flotilla.blob.node'), new Date(0), new Date(0));
    const run1 = run(join(dir, 'flotilla'), ['--version']);
    expect(run1.stderr).toBe(FALLBACK);
    expect(run1.stdout).toBe('0.1.0\n');
    // Another path altogether.
    const other = copyOfCli('other-path');
    writeFileSync(join(other, 'flotilla.blob.node'), '/nonexistent/node\n');
    expect(run(join(other, 'flotilla'), ['--version']).stderr).toBe(FALLBACK);
  });

  it('falls back when the snapshot is missing, turned off, or NODE_OPTIONS would change node', () => {
    const dir = copyOfCli('no-blob');
    rmSync(join(dir, 'flotilla.blob'));
    expect(run(join(dir, 'flotilla'), ['--version'])).toMatchObject({ status: 0, stdout: '0.1.0\n', stderr: FALLBACK });
    expect(run(cliPath, ['--version'], { FLOTILLA_NO_SNAPSHOT: '1' })).toMatchObject({ status: 0, stdout: '0.1.0\n', stderr: FALLBACK });
    expect(run(cliPath, ['--version'], { NODE_OPTIONS: '--max-old-space-size=512' })).toMatchObject({ status: 0, stdout: '0.1.0\n', stderr: FALLBACK });
  });

  it('runs the node that made the build when PATH has none, and leaves the environment as it was', () => {
    expect(run(cliPath, ['--version'], { PATH: '/nonexistent' })).toMatchObject({ status: 0, stdout: '0.1.0\n', stderr: '' });
    writeFileSync(join(scratch, 'compose.yaml'), 'services:\n  web:\n    image: busybox\n');
    // Nothing is added on the way (a shell would add PWD).
    const environment = spawnSync(cliPath, ['config', '--environment'], { cwd: scratch, env: { PATH: '/usr/bin:/bin', ONLY: 'this' }, encoding: 'utf8' });
    expect(environment.stdout).toBe('ONLY=this\nPATH=/usr/bin:/bin\n');
  });

  it('writes all of a long output to a slow reader before it exits, from the snapshot and from the modules', () => {
    // More than a pipe holds (64 KiB): the rest waits in the process until it is read.
    const services = Array.from({ length: 400 }, (_, i) => `  s${i}:\n    image: busybox\n    environment: [A=${'x'.repeat(100)}]\n`).join('');
    writeFileSync(join(scratch, 'compose.yaml'), `services:\n${services}`);
    const full = run(cliPath, ['config']);
    expect(full.status).toBe(0);
    expect(Buffer.byteLength(full.stdout)).toBeGreaterThan(65536);
    for (const env of [{}, { FLOTILLA_NO_SNAPSHOT: '1' }]) {
      const slow = spawnSync('sh', ['-c', `"${cliPath}" config | (sleep 1; wc -c)`], { cwd: scratch, env: { PATH: '/usr/bin:/bin', ...env }, encoding: 'utf8' });
      expect(Number(slow.stdout.trim())).toBe(Buffer.byteLength(full.stdout));
    }
  });

  it('works through a symbolic link, as npm installs it', () => {
    const link = join(scratch, 'bin-flotilla');
    spawnSync('ln', ['-s', cliPath, link]);
    expect(run(link, ['--version'])).toMatchObject({ status: 0, stdout: '0.1.0\n', stderr: '' });
    expect(readFileSync(join(repoRoot, 'package.json'), 'utf8')).toContain('"flotilla": "dist/cli/flotilla"');
  });
});
