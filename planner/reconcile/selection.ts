// Which services a command acts on: the ones named (checked against the
// project), or every service.
import { ComposeError, ComposeErrorCode } from '../../errors.js';
import type { Reconcile } from './context.js';

/** The named services in dependency order, or all of them; an unknown name is an error, as in compose. */
export function namedServices(r: Reconcile, services: readonly string[] | undefined): string[] {
  if (services === undefined || services.length === 0) return [...r.graph.order];
  for (const name of services) {
    if (!(name in r.ctx.project.services)) throw new ComposeError(ComposeErrorCode.UndefinedReference, `no such service: ${name}`);
  }
  return r.graph.order.filter((name) => services.includes(name));
}
