// A service's environment and labels with their files read in: env_file
// contents under `environment`, label_file contents under `labels`, as
// docker compose resolves them before printing.
import { ComposeErrorCode } from '../errors.js';
import { quoted, scalarText, type At, type NormalizeContext } from './normalize-context.js';
import { cut, toEnvMap, toStringMap } from './normalize-values.js';
import { isMap, type Lookup, type Tree, type TreeMap } from './tree.js';

type EnvContext = Pick<NormalizeContext, 'lookup' | 'readEnvFile' | 'parseEnvFile'>;

interface EnvFile {
  readonly path: string;
  readonly required: boolean;
  readonly format?: string;
}

/**
 * env_file values first (later files win), then the service's own entries,
 * even those without a value: an entry the project environment cannot fill
 * stays null and hides a file's value, as in compose.
 */
export function serviceEnvironment(svc: TreeMap, ctx: EnvContext, at: At): Record<string, string | null> | undefined {
  const own = toEnvMap(svc['environment'] ?? {}, at.child('environment'));
  for (const key of Object.keys(own)) if (own[key] === null) own[key] = ctx.lookup(key) ?? null;
  const fromFiles: Record<string, string> = {};
  // Values in a file may use the project environment, then the service's own entries.
  const lookup: Lookup = (name) => ctx.lookup(name) ?? own[name] ?? fromFiles[name];
  envFiles(svc['env_file']).forEach((file, i) => {
    const here = at.child('env_file', ...(Array.isArray(svc['env_file']) ? [i] : []));
    const text = ctx.readEnvFile(file.path);
    if (text === undefined) {
      if (file.required) here.fail(`env file ${file.path} not found`, ComposeErrorCode.FileNotFound);
      return;
    }
    const vars = parseVariables(text, file, lookup, ctx, here);
    for (const [key, value] of vars) fromFiles[key] = value;
  });
  const env = { ...fromFiles, ...own };
  return Object.keys(env).length === 0 ? undefined : env;
}

function envFiles(value: Tree | undefined): EnvFile[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map((entry) => {
    if (!isMap(entry)) return { path: scalarText(entry), required: true };
    const format = entry['format'];
    return { path: scalarText(entry['path'] ?? ''), required: entry['required'] !== false, ...(typeof format === 'string' && { format }) };
  });
}

function parseVariables(text: string, file: EnvFile, lookup: Lookup, ctx: EnvContext, at: At): Map<string, string> {
  if (file.format === undefined || file.format === '.env') return ctx.parseEnvFile(text, file.path, lookup);
  if (file.format === 'raw') return parseRaw(text, lookup, at);
  return at.fail(`unsupported env_file format ${quoted(file.format)}: use ".env" or "raw"`);
}

/**
 * The `raw` format, as `docker run --env-file` reads it: `KEY=VALUE` lines
 * taken literally, `#` comments, and a bare `KEY` taking the environment's value.
 */
export function parseRaw(text: string, lookup: Lookup, at: At): Map<string, string> {
  const vars = new Map<string, string>();
  for (const rawLine of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = rawLine.trimStart();
    if (line === '' || line.startsWith('#')) continue;
    const [rawKey, value] = cut(line, '=');
    const key = rawKey.trimStart();
    if (key === '' || /\s/.test(key)) at.fail(`invalid line ${quoted(rawLine)} in raw env file: no variable name, or spaces in it`, ComposeErrorCode.EnvFile);
    const resolved = value ?? lookup(key);
    if (resolved !== undefined) vars.set(key, resolved);
  }
  return vars;
}

/** label_file contents (each may use the labels read before it), then the service's own labels. */
export function serviceLabels(svc: TreeMap, ctx: EnvContext, at: At): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  const files = svc['label_file'] === undefined || svc['label_file'] === null ? [] : [svc['label_file']].flat();
  files.forEach((entry, i) => {
    const path = scalarText(entry);
    const here = at.child('label_file', ...(Array.isArray(svc['label_file']) ? [i] : []));
    const text = ctx.readEnvFile(path) ?? here.fail(`label file ${path} not found`, ComposeErrorCode.FileNotFound);
    for (const [key, value] of ctx.parseEnvFile(text, path, (name) => labels[name])) labels[key] = value;
  });
  Object.assign(labels, toStringMap(svc['labels'] ?? {}));
  return Object.keys(labels).length === 0 ? undefined : labels;
}
