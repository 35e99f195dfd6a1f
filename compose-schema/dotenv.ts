// `.env` and env_file syntax as docker compose reads it: comments, `export`,
// single quotes literal, double quotes with escapes and several lines,
// `${}` expansion against the given lookup, then the file's earlier lines.
import { ComposeError, ComposeErrorCode } from '../errors.js';
import { substitute, TemplateError } from './interpolate.js';
import type { Lookup } from './tree.js';

export interface DotenvOptions {
  /** Named in error positions. */
  readonly file: string;
  /** Where `${VAR}` and a bare `KEY` line look first, before the file's own earlier variables. */
  readonly lookup?: Lookup;
}

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', '"': '"', $: '$$' };

interface Cursor {
  readonly text: string;
  pos: number;
  line: number;
  readonly file: string;
}

/** Parses the file's text into its variables, in order; a later duplicate wins. */
export function parseDotenv(text: string, options: DotenvOptions): Map<string, string> {
  const vars = new Map<string, string>();
  // As in docker compose, the outer environment wins over the file's own earlier lines.
  const lookup: Lookup = (name) => options.lookup?.(name) ?? vars.get(name);
  const cur: Cursor = { text: text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'), pos: 0, line: 1, file: options.file };
  while (cur.pos < cur.text.length) {
    const line = cur.text.slice(cur.pos, lineEnd(cur));
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) {
      nextLine(cur);
      continue;
    }
    const entry = parseEntry(cur, lookup);
    if (entry) vars.set(entry[0], entry[1]);
  }
  return vars;
}

function parseEntry(cur: Cursor, lookup: Lookup): [string, string] | undefined {
  const startLine = cur.line;
  const line = cur.text.slice(cur.pos, lineEnd(cur));
  const sep = /[=:]/.exec(line);
  const rawKey = (sep ? line.slice(0, sep.index) : line).trim().replace(/^export\s+/, '');
  checkKey(rawKey, cur, line);
  if (!sep) {
    nextLine(cur);
    const inherited = lookup(rawKey);
    return inherited === undefined ? undefined : [rawKey, inherited];
  }
  cur.pos += sep.index + 1;
  while (cur.text[cur.pos] === ' ' || cur.text[cur.pos] === '\t') cur.pos++;
  const quote = cur.text[cur.pos];
  const value = quote === "'" || quote === '"' ? readQuoted(cur, quote, startLine) : readUnquoted(cur);
  return [rawKey, expand(value, quote === "'", lookup, cur, startLine)];
}

function checkKey(key: string, cur: Cursor, line: string): void {
  if (KEY.test(key)) return;
  const bad = [...key].find((c, i) => !(i === 0 ? /[A-Za-z_]/ : /[A-Za-z0-9_.-]/).test(c));
  const message = key === '' ? `missing variable name in "${line.trim()}"` : `unexpected character ${JSON.stringify(bad)} in variable name "${key}"`;
  throw envError(message, cur, cur.line, line.indexOf(key.charAt(0)) + 1);
}

function readUnquoted(cur: Cursor): string {
  const end = lineEnd(cur);
  let value = cur.text.slice(cur.pos, end);
  // An inline comment starts at a `#` that follows whitespace.
  const comment = /\s#/.exec(value);
  if (comment) value = value.slice(0, comment.index);
  cur.pos = end;
  nextLine(cur);
  return value.trim();
}

function readQuoted(cur: Cursor, quote: string, startLine: number): string {
  let value = '';
  let i = cur.pos + 1;
  for (; i < cur.text.length && cur.text[i] !== quote; i++) {
    const c = cur.text[i]!;
    if (c === '\n') cur.line++;
    if (quote === '"' && c === '\\' && i + 1 < cur.text.length) {
      const escaped = cur.text[++i]!;
      value += ESCAPES[escaped] ?? `\\${escaped}`;
    } else {
      value += c;
    }
  }
  if (i >= cur.text.length) throw envError(`unterminated ${quote === '"' ? 'double' : 'single'}-quoted value`, cur, startLine, 1);
  cur.pos = i + 1;
  const rest = cur.text.slice(cur.pos, lineEnd(cur)).trim();
  if (rest !== '' && !rest.startsWith('#')) throw envError(`unexpected text after the closing quote: "${rest}"`, cur, cur.line, 1);
  cur.pos = lineEnd(cur);
  nextLine(cur);
  return value;
}

function expand(value: string, literal: boolean, lookup: Lookup, cur: Cursor, line: number): string {
  if (literal) return value;
  try {
    return substitute(value, lookup);
  } catch (err) {
    if (err instanceof TemplateError) throw envError(err.message, cur, line, 1);
    throw err;
  }
}

function lineEnd(cur: Cursor): number {
  const end = cur.text.indexOf('\n', cur.pos);
  return end < 0 ? cur.text.length : end;
}

function nextLine(cur: Cursor): void {
  cur.pos = lineEnd(cur) + 1;
  cur.line++;
}

function envError(message: string, cur: Cursor, line: number, column: number): ComposeError {
  return new ComposeError(ComposeErrorCode.EnvFile, message, { pos: { file: cur.file, line, column } });
}
