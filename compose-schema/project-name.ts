// Project name rules: an explicit name must already be valid; a folder's name
// is normalized into one.
import { basename } from 'node:path';
import { ComposeError, ComposeErrorCode, type SourcePos } from '../errors.js';

const VALID_NAME = /^[a-z0-9][a-z0-9_-]*$/;

export interface ProjectNameSources {
  /** `-p` */
  readonly flag?: string | undefined;
  /** COMPOSE_PROJECT_NAME from the shell or an env file. */
  readonly variable?: string | undefined;
  /** The top-level `name:` of the merged files, and where it was written. */
  readonly fromFile?: { readonly name: string; readonly pos?: SourcePos | undefined } | undefined;
  readonly projectDirectory: string;
}

/** Picks the name by precedence: -p, COMPOSE_PROJECT_NAME, `name:`, then the folder. */
export function resolveProjectName(sources: ProjectNameSources): string {
  if (sources.flag) return checkExplicit(sources.flag, 'the -p flag');
  if (sources.variable) return checkExplicit(sources.variable, 'COMPOSE_PROJECT_NAME');
  if (sources.fromFile?.name) return checkExplicit(sources.fromFile.name, 'the top-level name', sources.fromFile.pos);
  const normalized = normalizeProjectName(basename(sources.projectDirectory));
  if (normalized === '') {
    throw new ComposeError(
      ComposeErrorCode.ProjectName,
      `cannot derive a project name from the folder name "${basename(sources.projectDirectory)}"`,
      { hint: 'set one with -p, COMPOSE_PROJECT_NAME or a top-level name' },
    );
  }
  return normalized;
}

/** Lowercase, keep only [a-z0-9_-], and drop leading `_` and `-`. */
export function normalizeProjectName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[_-]+/, '');
}

function checkExplicit(name: string, source: string, pos?: SourcePos): string {
  if (VALID_NAME.test(name)) return name;
  throw new ComposeError(
    ComposeErrorCode.ProjectName,
    `invalid project name "${name}" (from ${source}): use only lowercase letters, digits, "_" and "-", starting with a letter or digit`,
    pos ? { pos } : {},
  );
}
