// How the CLI fails: one line, the right exit code, a stack trace only when
// asked for, and nothing written when the input is bad.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliPath } from '../helpers/scenario.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'flotilla-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function flotilla(args: string[], env: Record<string, string> = {}) {
  return spawnSync(cliPath, args, { cwd: dir, env: { PATH: '/usr/bin:/bin', HOME: dir, ...env }, encoding: 'utf8' });
}

describe('flotilla CLI errors', () => {
  it('prints one line without a stack trace, and a stack trace with --debug or FLOTILLA_DEBUG=1', () => {
    writeFileSync(join(dir, 'compose.yaml'), 'services:\n  web:\n    image: [x]\n');
    const plain = flotilla(['config']);
    expect(plain.status).toBe(1);
    expect(plain.stderr).toBe('error: compose.yaml:3:5: services.web.image must be a string, got a sequence\n');
    for (const run of [flotilla(['config', '--debug']), flotilla(['config'], { FLOTILLA_DEBUG: '1' })]) {
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/^error: compose.yaml:3:5: .*\nComposeError: .*\n\s+at /);
    }
  });

  it('writes no output file when the project is invalid', () => {
    writeFileSync(join(dir, 'compose.yaml'), 'services:\n  web:\n    image: x\n    depends_on: [nope]\n');
    const run = flotilla(['config', '-o', 'out.yaml']);
    expect(run.status).toBe(1);
    expect(existsSync(join(dir, 'out.yaml'))).toBe(false);
  });

  it('writes the output file when asked and the project is valid', () => {
    writeFileSync(join(dir, 'compose.yaml'), 'services:\n  web:\n    image: x\n');
    expect(flotilla(['config', '-o', 'out.yaml', '--services']).status).toBe(0);
    expect(existsSync(join(dir, 'out.yaml'))).toBe(true);
  });

  it('exits 2 on a usage error', () => {
    writeFileSync(join(dir, 'compose.yaml'), 'services: {}\n');
    expect(flotilla(['config', '--no-such-flag']).status).toBe(2);
    expect(flotilla(['config', '--format', 'toml']).stderr).toBe('error: unsupported format "toml": use yaml or json\n');
    expect(flotilla(['config', '--format', 'toml']).status).toBe(2);
    expect(flotilla(['frobnicate']).status).toBe(2);
  });

  it('refuses a file over the size limit without parsing it', () => {
    const big = join(dir, 'compose.yaml');
    writeFileSync(big, `services: {}\n${'#'.repeat(1024)}\n`.repeat(33 * 1024));
    const run = flotilla(['config', '-q']);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`error: ${big}: file is larger than 32 MiB\n`);
  });

  it('loads a large project', () => {
    const services = Array.from({ length: 3000 }, (_, i) => `  s${i}:\n    image: img${i}\n    environment: [I=${i}]\n    ports: ["${10000 + i}:80"]\n`);
    writeFileSync(join(dir, 'compose.yaml'), `services:\n${services.join('')}`);
    const run = flotilla(['config', '--services']);
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n').filter(Boolean)).toHaveLength(3000);
  });
});
