// Waiting for a container to reach a state: woken by the supervisor's
// writes to the container's directory (its state and health files), not by
// a polling interval; a slow liveness check covers a supervisor killed
// without a word, which writes nothing.
import { watch } from 'node:fs';
import { FlotillaError } from '../../errors.js';
import { containerPaths } from './layout.js';
import { viewOf, type ContainerView } from './store.js';

/** How often a wait re-reads state that the kernel gives no event for (a supervisor killed outright). */
const LIVENESS_CHECK_MS = 1000;

/** Resolves with the container's view once `until` holds for it (or it is gone: undefined). */
export function waitForContainer(root: string, id: string, until: (view: ContainerView) => boolean, signal?: AbortSignal): Promise<ContainerView | undefined> {
  const dir = containerPaths(root, id).dir;
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (err: unknown, view?: ContainerView) => {
      if (done) return;
      done = true;
      watcher?.close();
      clearInterval(timer);
      signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(view);
    };
    const check = () => {
      try {
        const view = viewOf(root, id);
        if (!view) finish(undefined, undefined);
        else if (until(view)) finish(undefined, view);
      } catch (err) {
        finish(err);
      }
    };
    const onAbort = () => finish(signal?.reason ?? new FlotillaError('FLOTILLA_CANCELLED', 'cancelled'));
    let watcher: ReturnType<typeof watch> | undefined;
    try {
      watcher = watch(dir, () => check());
      watcher.on('error', () => check());
    } catch {
      // the directory is gone: check() says so
    }
    const timer = setInterval(check, LIVENESS_CHECK_MS);
    signal?.addEventListener('abort', onAbort);
    check();
  });
}
