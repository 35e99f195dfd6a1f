// `image build`, `build` and `up --build` on real containers: the build
// contexts of fixtures/build/ (copied to a scratch folder) built from the
// offline test images, each image then run; the step cache's hits and
// misses; a failing RUN that leaves no image and no container.
// @ts-expect-error: a plain ESM script without type declarations
import { buildMiniHttpd } from '../../fixtures/images/build-test-images.mjs';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sharedTestEngine } from '../helpers/engine.js';
import { repoRoot } from '../helpers/scenario.js';

const engine = sharedTestEngine();
let scratch: string | undefined;

beforeAll(() => {
  engine.ok(['image', 'load', '-q', '-i', (buildMiniHttpd as () => string)()]);
});

afterEach(async () => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
  await new Promise((resolve) => setImmediate(resolve));
});

/** A private copy of the build scenario, to build (and change) freely. */
function context(name: string): string {
  scratch = mkdtempSync(join(tmpdir(), 'flotilla-build-'));
  const dir = join(scratch, name);
  cpSync(join(repoRoot, 'fixtures/build', name), dir, { recursive: true });
  return dir;
}

function build(args: readonly string[]) {
  const run = engine.flotilla(['image', 'build', ...args]);
  if (run.status !== 0) throw new Error(`image build ${args.join(' ')} failed (${run.status}): ${run.stderr}`);
  return { id: run.stdout.trim(), log: run.stderr };
}

const runIn = (image: string, script: string) => engine.ok(['container', 'run', '--rm', image, 'sh', '-c', script]);
const cachedSteps = (log: string) => log.split('\n').filter((line) => / CACHED$/.test(line)).length;

describe('image build', () => {
  it('builds the stages the target needs and names the image', () => {
    const dir = context('multi-stage');
    const { id, log } = build(['-t', 'demo:1', '--build-arg', 'GREETING=hey', dir]);
    expect(JSON.parse(engine.ok(['image', 'inspect', 'demo:1']))[0].Id).toBe(id);
    expect(log).toMatch(/\[builder 5\/5\] RUN echo "\$GREETING from/);
    // CMD's shell form runs through /bin/sh -c with the ENV set after it.
    expect(engine.ok(['container', 'run', '--rm', 'demo:1'])).toBe('hey from context\n');
    const listing = runIn('demo:1', 'cd /context && find . -type f | sort; stat -c "%u:%g" /context/greeting.txt; cat /unpacked/inner/file.txt');
    // .dockerignore left secret.txt and the drafts out; --chown gave nobody the files.
    expect(listing).toBe(['./.dockerignore', './Dockerfile', './bundle.tar', './greeting.txt', './notes/keep.txt', '65534:65534', 'packed', ''].join('\n'));
    // The builder stage, built alone: the RUN's deletion is a whiteout in its layer.
    build(['-t', 'demo:builder', '--target', 'builder', dir]);
    expect(runIn('demo:builder', 'pwd; ls; test -e /etc/group || echo group deleted')).toBe('/work\ngreeting.txt\nkeep.txt\nmessage\ngroup deleted\n');
  });

  it('uses the cache for unchanged steps and runs the changed ones and those after them again', () => {
    const dir = context('multi-stage');
    const first = build(['-t', 'demo:cache', dir]);
    const again = build(['-t', 'demo:cache', dir]);
    // Every step but the FROMs, from the cache: the same image.
    expect(cachedSteps(again.log)).toBe(8);
    expect(again.id).toBe(first.id);
    // A file the builder copies changes: its COPY and the RUN after it run again, and so does everything built on them.
    writeFileSync(join(dir, 'greeting.txt'), 'changed\n');
    const changed = build(['-t', 'demo:cache', dir]);
    expect(changed.log).toMatch(/WORKDIR \/work\n#\d+ CACHED/);
    expect(changed.log).toMatch(/COPY greeting.txt notes\/ \.\/\n#\d+ DONE/);
    expect(changed.id).not.toBe(first.id);
    expect(engine.ok(['container', 'run', '--rm', 'demo:cache'])).toBe('hello from changed\n');
    // A file .dockerignore leaves out changes nothing.
    writeFileSync(join(dir, 'secret.txt'), 'another secret\n');
    expect(build(['-t', 'demo:cache', dir]).id).toBe(changed.id);
    expect(cachedSteps(build(['--no-cache', '-t', 'demo:cache', dir]).log)).toBe(0);
  });

  it('fails on a RUN that exits non-zero, naming its line, and leaves no image and no container', () => {
    const dir = context('failing-run');
    const run = engine.flotilla(['image', 'build', '-t', 'broken:1', dir]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('about to fail\n');
    expect(run.stderr).toMatch(/error: .*Dockerfile:4:1: process "\/bin\/sh -c echo about to fail && exit 3" did not complete successfully: exit code 3/);
    expect(run.stderr).not.toContain('never reached');
    expect(engine.flotilla(['image', 'inspect', 'broken:1']).status).toBe(1);
    expect(engine.containerIds()).toEqual([]);
    expect(engine.leftovers()).toEqual([]);
  });

  it('names the line of a COPY whose source is missing or left out by .dockerignore', () => {
    const dir = context('multi-stage');
    writeFileSync(join(dir, 'Dockerfile'), 'FROM busybox\nCOPY greeting.txt /\nCOPY secret.txt /\n');
    const run = engine.flotilla(['image', 'build', '-t', 'broken:2', dir]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/Dockerfile:3:1: COPY: "secret.txt" not found in the build context \(\.dockerignore leaves it out\)/);
    expect(engine.flotilla(['image', 'inspect', 'broken:2']).status).toBe(1);
  });
});

describe('compose build and up --build', () => {
  it('builds the services with a build section, then runs them; up --build rebuilds a changed one', () => {
    const dir = context('compose-app');
    const compose = (args: readonly string[]) => engine.ok(['--project-directory', dir, '-f', join(dir, 'compose.yaml'), ...args]);
    try {
      // up builds what is missing, as docker compose does.
      compose(['up', '-d']);
      const logs = () => compose(['logs', '--no-log-prefix']);
      expect(logs()).toContain('built by compose\n');
      expect(logs()).toContain('inline image\n');
      const image = JSON.parse(engine.ok(['image', 'inspect', 'compose-app-web']))[0];
      expect(image.Config.Labels).toEqual({ 'org.example.role': 'web' });
      expect(image.Config.Cmd).toEqual(['sh', '-c', 'cat /message; sleep 3600']);
      const before = JSON.parse(engine.ok(['container', 'inspect', 'compose-app-web-1']))[0].Id;
      writeFileSync(join(dir, 'compose.yaml'), compose(['config']).replace('built by compose', 'built again'));
      compose(['up', '-d', '--build']);
      expect(JSON.parse(engine.ok(['container', 'inspect', 'compose-app-web-1']))[0].Id).not.toBe(before);
      expect(compose(['logs', '--no-log-prefix', 'web'])).toContain('built again\n');
      // `build` alone: nothing changed, so every step of both services comes from the cache.
      const rebuilt = engine.flotilla(['--project-directory', dir, '-f', join(dir, 'compose.yaml'), 'build']);
      expect(rebuilt.status).toBe(0);
      expect(cachedSteps(rebuilt.stderr)).toBe(3);
    } finally {
      engine.flotilla(['--project-directory', dir, '-f', join(dir, 'compose.yaml'), 'down', '-t', '0']);
    }
  });
});
