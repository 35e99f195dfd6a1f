// Image references as docker reads them: `busybox` is
// `docker.io/library/busybox:latest`, a first component with a dot, a colon
// or `localhost` is a registry, and a digest pins the content.
import { EngineError, EngineErrorCode } from '../../errors.js';

export const DEFAULT_REGISTRY = 'docker.io';
const OFFICIAL_NAMESPACE = 'library';
const DEFAULT_TAG = 'latest';

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;
const SHA256 = /^sha256:[a-f0-9]{64}$/;
const REGISTRY = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[a-fA-F0-9:]+\])(?::\d+)?$/;
const MAX_NAME = 255;

export interface ImageReference {
  /** Registry host and optional port: `docker.io`, `localhost:5000`. */
  readonly registry: string;
  /** Repository path in that registry: `library/busybox`. */
  readonly repository: string;
  /** The tag; `latest` when neither a tag nor a digest is given. */
  readonly tag?: string;
  /** `sha256:…` when the reference pins content. */
  readonly digest?: string;
}

/** Parses a reference, filling in docker's defaults; throws EngineError on malformed input. */
export function parseReference(text: string): ImageReference {
  const fail = (why: string) =>
    new EngineError(EngineErrorCode.InvalidReference, `invalid image reference "${text}": ${why}`);
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw fail('malformed digest');
    if (digest.startsWith('sha256:') && !SHA256.test(digest)) throw fail('a sha256 digest has 64 lowercase hex digits');
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw fail(`invalid tag "${tag}"`);
  }
  const { registry, repository } = splitRegistry(rest);
  if (registry !== DEFAULT_REGISTRY && !REGISTRY.test(registry)) throw fail(`invalid registry "${registry}"`);
  if (repository === '' || !repository.split('/').every((c) => COMPONENT.test(c))) {
    throw fail(/[A-Z]/.test(repository) ? 'repository names must be lowercase' : 'invalid repository name');
  }
  if (registry.length + 1 + repository.length > MAX_NAME) throw fail(`the name is longer than ${MAX_NAME} characters`);
  return { registry, repository, ...(tag !== undefined || digest === undefined ? { tag: tag ?? DEFAULT_TAG } : {}), ...(digest !== undefined && { digest }) };
}

function splitRegistry(name: string): { registry: string; repository: string } {
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  if (slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost' || first.startsWith('['))) {
    return { registry: first, repository: name.slice(slash + 1) };
  }
  const repository = slash < 0 ? `${OFFICIAL_NAMESPACE}/${name}` : name;
  return { registry: DEFAULT_REGISTRY, repository };
}

/** The fully qualified form: `docker.io/library/busybox:latest`, `host:5000/app@sha256:…`. */
export function formatReference(ref: ImageReference): string {
  return `${ref.registry}/${ref.repository}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest !== undefined ? `@${ref.digest}` : ''}`;
}

/** The short form docker shows: `busybox:latest`, `user/app:1`, `host:5000/app:2`. */
export function familiarReference(ref: ImageReference): string {
  let name = `${ref.registry}/${ref.repository}`;
  if (ref.registry === DEFAULT_REGISTRY) {
    name = ref.repository.startsWith(`${OFFICIAL_NAMESPACE}/`) ? ref.repository.slice(OFFICIAL_NAMESPACE.length + 1) : ref.repository;
  }
  return `${name}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest !== undefined ? `@${ref.digest}` : ''}`;
}
