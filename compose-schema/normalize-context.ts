// What normalization needs from the loader, and how its passes name the
// place of a problem: every error carries its path and source position.
import { ComposeError, ComposeErrorCode } from '../errors.js';
import { formatPath, type Locator, type Lookup, type PathSegment, type TreePath } from './tree.js';

export interface NormalizeContext {
  readonly projectName: string;
  /** Absolute; the build context of a service that gives none. */
  readonly projectDirectory: string;
  /** The project environment: `environment` and `build.args` entries without a value read it. */
  readonly lookup: Lookup;
  /** An env_file's or label_file's text; undefined when the file does not exist. */
  readonly readEnvFile: (absolutePath: string) => string | undefined;
  readonly parseEnvFile: (text: string, file: string, lookup: Lookup) => Map<string, string>;
  readonly locate: Locator;
  /** Non-fatal notes (ignored volume options, a command cut at `&&`...); default: dropped. */
  readonly onWarning?: (message: string) => void;
}

/** A place in the merged tree: its path, and how to report about it. */
export class At {
  constructor(
    readonly path: TreePath,
    private readonly ctx: Pick<NormalizeContext, 'locate' | 'onWarning'>,
  ) {}

  child(...segments: PathSegment[]): At {
    return new At([...this.path, ...segments], this.ctx);
  }

  /** Throws `<path>: <message>` at the path's position. */
  fail(message: string, code: ComposeErrorCode = ComposeErrorCode.InvalidValue): never {
    const pos = this.ctx.locate(this.path);
    throw new ComposeError(code, `${formatPath(this.path)}: ${message}`, pos ? { pos } : {});
  }

  warn(message: string): void {
    this.ctx.onWarning?.(`${formatPath(this.path)}: ${message}`);
  }
}

/** A scalar as compose reads it into a string field (`1` → "1", `true` → "true"). */
export function scalarText(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

/** `"x"` with JSON quoting, so odd characters stay visible in messages. */
export function quoted(value: unknown): string {
  return JSON.stringify(typeof value === 'string' ? value : scalarText(value));
}
