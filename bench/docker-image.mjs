// The busybox test image in docker's store, for the compose comparison:
// written by `flotilla image save` (a docker-archive docker load of any
// version reads) from a root of its own, and removed again afterwards
// unless docker had a busybox image before.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildBusybox } from '../fixtures/images/build-test-images.mjs';
import { launcher } from './cli.mjs';
import { dockerCli } from './docker-host.mjs';

function check(result, what) {
  if (result.status !== 0) throw new Error(`${what} failed (status ${result.status}): ${result.stderr}`);
  return result;
}

/** Loads busybox:latest into docker unless it has one; returns what undoes it. */
export function loadBusyboxIntoDocker(dir) {
  if (spawnSync(dockerCli, ['image', 'inspect', 'busybox:latest'], { stdio: 'ignore' }).status === 0) return () => {};
  const env = { ...process.env, FLOTILLA_ROOT: join(dir, 'docker-image-root') };
  const archive = join(dir, 'busybox.docker.tar');
  check(spawnSync(launcher, ['image', 'load', '-q', '-i', buildBusybox()], { env, encoding: 'utf8' }), 'flotilla image load');
  check(spawnSync(launcher, ['image', 'save', '-o', archive, 'busybox'], { env, encoding: 'utf8' }), 'flotilla image save');
  check(spawnSync(dockerCli, ['load', '-q', '-i', archive], { encoding: 'utf8' }), `docker load -i ${archive}`);
  return () => spawnSync(dockerCli, ['rmi', 'busybox:latest'], { stdio: 'ignore' });
}
