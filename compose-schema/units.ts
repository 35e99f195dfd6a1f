// Value syntaxes compose borrows from Go and Docker: durations (Go's
// time.ParseDuration plus days and weeks), byte sizes (docker's
// units.RAMInBytes) and command lines (split as go-shellwords does).

const DURATION_UNITS: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
  d: 86400e9,
  w: 604800e9,
};
const DURATION_PART = /(\d*)(?:\.(\d*))?([^\d.]*)/y;

/** `1m30s`, `1.5h`, `300ms`, `2d`, `0` → nanoseconds; undefined when malformed (a bare `5` has no unit). */
export function parseDuration(text: string): number | undefined {
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') return undefined;
  let total = 0;
  DURATION_PART.lastIndex = 0;
  while (DURATION_PART.lastIndex < rest.length) {
    const [, whole = '', fraction, unitName = ''] = DURATION_PART.exec(rest) ?? [];
    const unit = DURATION_UNITS[unitName];
    if ((whole === '' && !fraction) || unit === undefined) return undefined;
    // Whole units exactly, the fraction truncated to the nanosecond, as Go does.
    total += Number(whole || '0') * unit + (fraction ? Math.trunc((Number(fraction) * unit) / 10 ** fraction.length) : 0);
  }
  return sign * total;
}

/** Nanoseconds → the text Go's time.Duration.String() prints (`1m30s`, `500ms`, `1h0m0s`, `1.5µs`). */
export function formatDuration(ns: number): string {
  const n = Math.round(ns);
  if (n === 0) return '0s';
  if (n < 0) return `-${formatDuration(-n)}`;
  if (n < 1e3) return `${n}ns`;
  if (n < 1e6) return decimal(n, 1e3, 'µs');
  if (n < 1e9) return decimal(n, 1e6, 'ms');
  const hours = Math.floor(n / 3600e9);
  const minutes = Math.floor((n % 3600e9) / 60e9);
  const seconds = decimal(n % 60e9, 1e9, 's');
  if (hours > 0) return `${hours}h${minutes}m${seconds}`;
  if (minutes > 0) return `${minutes}m${seconds}`;
  return seconds;
}

// `value / unit` written exactly, trailing zeros of the fraction dropped.
function decimal(value: number, unit: number, suffix: string): string {
  const whole = Math.floor(value / unit);
  const digits = String(unit).length - 1;
  const fraction = String(value % unit).padStart(digits, '0').replace(/0+$/, '');
  return `${whole}${fraction === '' ? '' : `.${fraction}`}${suffix}`;
}

const INTEGER = /^[-+]?\d+$/;
const BYTE_SIZE = /^(\d+(?:\.\d+)*) ?([kmgtp])?i?b?$/i;
const BYTE_UNITS: Readonly<Record<string, number>> = { k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40, p: 2 ** 50 };

/**
 * Docker's RAM sizes → bytes: an integer as is (so `-1`, "unlimited", is
 * kept), else `512m`, `1gb`, `1.5g`, `100 KiB` in powers of 1024, truncated
 * to a whole byte. Undefined when malformed.
 */
export function parseByteSize(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (INTEGER.test(value)) return Number(value);
  const match = BYTE_SIZE.exec(value);
  if (!match || match[1]!.split('.').length > 2) return undefined;
  const unit = match[2] ? BYTE_UNITS[match[2].toLowerCase()]! : 1;
  return Math.trunc(Number(match[1]) * unit);
}

/** Words of a command line, and what followed an unquoted `;`, `&`, `|`, `<` or `>` (left out). */
export interface ShellWords {
  readonly words: string[];
  readonly dropped?: string;
}

interface SplitState {
  words: string[];
  /** The word being read, in pieces: a string grown a character at a time costs an object per character. */
  word: string[];
  inWord: boolean;
  quote: '' | "'" | '"' | '`' | '$(';
}

/**
 * Splits a command line as docker compose does (go-shellwords): quotes and
 * backslashes, no expansion; `$(...)` and backquotes stay as written; the
 * line ends at an unquoted control character. Undefined when unbalanced.
 */
export function splitShellWords(line: string): ShellWords | undefined {
  const s: SplitState = { words: [], word: [], inWord: false, quote: '' };
  // The characters splitting treats specially; runs of any others are copied whole.
  const special = /[\\;&|<>"'`() \t\r\n]/g;
  for (let i = 0; i < line.length; i++) {
    special.lastIndex = i;
    const next = special.exec(line)?.index ?? line.length;
    if (next > i) {
      s.word.push(line.slice(i, next));
      s.inWord = true;
      i = next;
      if (i === line.length) break;
    }
    const c = line[i]!;
    if (c === '\\' && s.quote !== "'") {
      if (i + 1 >= line.length) return undefined;
      // Code units, not code points: only ASCII is special, so a surrogate pair is copied either way.
      s.word.push(s.quote === '`' || s.quote === '$(' ? `\\${line[++i]}` : line[++i]!);
      s.inWord = true;
    } else if (s.quote === '' && (c === ';' || c === '&' || c === '|' || c === '<' || c === '>')) {
      // `2>` is a redirection as a whole: its digits go with it.
      const fd = c === '>' && /^\d+$/.test(s.word.join('')) ? s.word.join('') : '';
      if (fd !== '') s.inWord = false;
      return finish(s, fd + line.slice(i));
    } else if (!step(s, c)) {
      return undefined;
    }
  }
  return s.quote === '' ? finish(s) : undefined;
}

// One special character outside an escape; false on a parenthesis a shell would reject.
function step(s: SplitState, c: string): boolean {
  if ((c === ' ' || c === '\t' || c === '\r' || c === '\n') && s.quote === '') {
    if (s.inWord) s.words.push(s.word.join(''));
    s.word = [];
    s.inWord = false;
    return true;
  }
  if ((c === '"' || c === "'") && (s.quote === '' || s.quote === c)) {
    s.quote = s.quote === c ? '' : c;
    s.inWord = true;
    return true;
  }
  if (c === '`' && (s.quote === '' || s.quote === '`')) s.quote = s.quote === '`' ? '' : '`';
  else if (c === '(' && s.quote === '') {
    if (!(s.word.at(-1) ?? '').endsWith('$')) return false;
    s.quote = '$(';
  } else if (c === ')' && (s.quote === '' || s.quote === '$(')) {
    if (s.quote === '') return false;
    s.quote = '';
  }
  s.word.push(c);
  s.inWord = true;
  return true;
}

function finish(s: SplitState, dropped?: string): ShellWords {
  if (s.inWord) s.words.push(s.word.join(''));
  return dropped === undefined ? { words: s.words } : { words: s.words, dropped };
}
