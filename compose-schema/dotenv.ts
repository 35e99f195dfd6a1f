// `.env` and env_file syntax as docker compose (compose-go's dotenv) reads it:
// comments, `export`, `KEY=v` and `KEY: v`, single quotes literal, double
// quotes with escapes, quoted values over several lines, `${}` expansion.
import { ComposeError, ComposeErrorCode } from '../errors.js';
import { substitute, TemplateError, templateErrorMessage } from './interpolate.js';
import type { Lookup } from './tree.js';

export interface DotenvOptions {
  /** Named in error positions. */
  readonly file: string;
  /** Where `${VAR}` and a bare `KEY` line look first, before the file's own earlier variables. */
  readonly lookup?: Lookup;
  /** Called for each `${VAR}` found nowhere; it expands to an empty string. */
  readonly onUnset?: (name: string) => void;
}

interface Cursor {
  readonly text: string;
  readonly file: string;
  /** Offset of the next character to read. */
  pos: number;
  /** Line of `pos`, from 1. */
  line: number;
}

interface Context {
  readonly cur: Cursor;
  readonly lookup: Lookup;
  readonly onUnset?: (name: string) => void;
}

// compose-go takes letters and digits of any script, `_`, `.`, `-`, `[` and `]`.
const KEY_CHAR = /^[\p{L}\p{N}_.\-[\]]$/u;
const EXPORT = /^export\s+/;
// Blanks between a key, its separator and its value; never a line break.
const BLANK = /[ \t\v\f\r\u0085\u00a0]/;
const ESCAPE = /\\(?:[abcfnrtv$"\\]|0\d{0,3})/g;
const ESCAPED: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '"': '"', '\\': '\\' };

/** Parses the file's text into its variables, in order; a later duplicate wins. */
export function parseDotenv(text: string, options: DotenvOptions): Map<string, string> {
  const vars = new Map<string, string>();
  // As in docker compose, the outer environment wins over the file's own earlier lines.
  const lookup: Lookup = (name) => options.lookup?.(name) ?? vars.get(name);
  const cur: Cursor = { text: text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n'), file: options.file, pos: 0, line: 1 };
  const ctx: Context = { cur, lookup, ...(options.onUnset && { onUnset: options.onUnset }) };
  while (skipBlankLines(cur)) {
    const entry = parseEntry(ctx);
    if (entry) vars.set(entry[0], entry[1]);
  }
  return vars;
}

/** Moves past empty and `#` lines; false at the end of the text. */
function skipBlankLines(cur: Cursor): boolean {
  while (cur.pos < cur.text.length) {
    const trimmed = currentLine(cur).trim();
    if (trimmed !== '' && !trimmed.startsWith('#')) return true;
    nextLine(cur);
  }
  return false;
}

function parseEntry(ctx: Context): [string, string] | undefined {
  const { cur } = ctx;
  const line = currentLine(cur);
  const sep = line.search(/[=:]/);
  const key = readKey(cur, sep < 0 ? line : line.slice(0, sep));
  if (sep < 0) {
    nextLine(cur);
    const inherited = ctx.lookup(key);
    return inherited === undefined ? undefined : [key, inherited];
  }
  cur.pos += sep + 1;
  while (BLANK.test(cur.text[cur.pos] ?? '')) cur.pos++;
  const at = { line: cur.line, column: column(cur) };
  const quote = cur.text[cur.pos];
  if (quote === "'") return [key, readQuoted(cur, key, quote)];
  if (quote === '"') return [key, expand(ctx, key, unescape(readQuoted(cur, key, quote)), at)];
  return [key, expand(ctx, key, readUnquoted(cur), at)];
}

/** The name before the separator, without `export`; refuses characters compose refuses. */
function readKey(cur: Cursor, text: string): string {
  const indent = text.length - text.trimStart().length;
  const exported = EXPORT.exec(text.slice(indent));
  const start = indent + (exported?.[0].length ?? 0);
  const key = text.slice(start).trimEnd();
  if (key === '') throw envError(`missing variable name in ${JSON.stringify(currentLine(cur).trim())}`, cur, cur.line, start + 1);
  let offset = start;
  for (const c of key) {
    if (!KEY_CHAR.test(c)) {
      throw envError(`unexpected character ${JSON.stringify(c)} in variable name ${JSON.stringify(key)}`, cur, cur.line, offset + 1);
    }
    offset += c.length;
  }
  return key;
}

// The rest of the line; an inline comment starts at ` #` (a tab before `#` does not count, as in compose).
function readUnquoted(cur: Cursor): string {
  const text = currentLine(cur);
  const comment = text.indexOf(' #');
  nextLine(cur);
  return (comment < 0 ? text : text.slice(0, comment)).trimEnd();
}

// A backslash keeps the quote itself from closing the value; any other escaped character keeps its backslash here.
function readQuoted(cur: Cursor, key: string, quote: string): string {
  const openLine = cur.line;
  const openColumn = column(cur);
  let value = '';
  let escaped = false;
  for (let i = cur.pos + 1; i < cur.text.length; i++) {
    const c = cur.text[i]!;
    if (c === quote && !escaped) {
      cur.pos = i + 1;
      endOfValue(cur);
      return value;
    }
    if (c === '\n') cur.line++;
    if (c === '\\' && !escaped) {
      escaped = true;
      continue;
    }
    value += escaped && c !== quote ? `\\${c}` : c;
    escaped = false;
  }
  const kind = quote === '"' ? 'double' : 'single';
  throw envError(`the ${kind} quote opening the value of ${key} is never closed`, cur, openLine, openColumn);
}

// After a closing quote only blanks and a comment may follow on that line.
function endOfValue(cur: Cursor): void {
  const rest = currentLine(cur);
  const trimmed = rest.trim();
  if (trimmed !== '' && !trimmed.startsWith('#')) {
    const col = column(cur) + rest.length - rest.trimStart().length;
    throw envError(`unexpected text after the closing quote: ${JSON.stringify(trimmed)}`, cur, cur.line, col);
  }
  nextLine(cur);
}

// Double-quoted escapes as compose reads them: `\$` stays a literal `$` through
// expansion, `\0` + three octal digits is a character, an unknown escape is kept.
function unescape(value: string): string {
  return value.replace(ESCAPE, (match) => {
    const c = match[1]!;
    if (c === '$') return '$$';
    if (c !== '0') return ESCAPED[c] ?? match;
    const digits = match.slice(2);
    const code = /^[0-7]{3}$/.test(digits) ? parseInt(digits, 8) : 256;
    return code < 256 ? String.fromCharCode(code) : `\\${digits}`;
  });
}

function expand(ctx: Context, key: string, value: string, at: { line: number; column: number }): string {
  if (!value.includes('$')) return value;
  try {
    return substitute(value, ctx.lookup, ctx.onUnset);
  } catch (err) {
    if (!(err instanceof TemplateError)) throw err;
    throw envError(templateErrorMessage(err, key, value), ctx.cur, at.line, at.column);
  }
}

/** The text from the cursor to the end of its line. */
function currentLine(cur: Cursor): string {
  return cur.text.slice(cur.pos, lineEnd(cur));
}

function lineEnd(cur: Cursor): number {
  const end = cur.text.indexOf('\n', cur.pos);
  return end < 0 ? cur.text.length : end;
}

function nextLine(cur: Cursor): void {
  cur.pos = lineEnd(cur) + 1;
  cur.line++;
}

function column(cur: Cursor): number {
  return cur.pos - (cur.text.lastIndexOf('\n', cur.pos - 1) + 1) + 1;
}

function envError(message: string, cur: Cursor, line: number, column: number): ComposeError {
  return new ComposeError(ComposeErrorCode.EnvFile, message, { pos: { file: cur.file, line, column } });
}
