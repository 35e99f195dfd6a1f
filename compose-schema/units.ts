// Value syntaxes compose borrows from Go and Docker: durations
// (time.ParseDuration), byte sizes (units.RAMInBytes) and shell words.

const DURATION_UNITS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, μs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
const DURATION_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

/** Go duration syntax (`1m30s`, `1.5h`, `300ms`, `0`) → nanoseconds; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  let rest = text.trim();
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
    const match = DURATION_PART.exec(rest);
    if (!match) return undefined;
    total += Number(match[1]) * DURATION_UNITS[match[2]!]!;
  }
  return sign * Math.round(total);
}

/** Nanoseconds → the text Go's time.Duration.String() prints (`1m30s`, `500ms`, `1h0m0s`). */
export function formatDuration(ns: number): string {
  if (ns === 0) return '0s';
  if (ns < 0) return `-${formatDuration(-ns)}`;
  if (ns < 1e3) return `${ns}ns`;
  if (ns < 1e6) return `${trimFraction(ns / 1e3)}µs`;
  if (ns < 1e9) return `${trimFraction(ns / 1e6)}ms`;
  const hours = Math.floor(ns / 3600e9);
  const minutes = Math.floor((ns % 3600e9) / 60e9);
  const seconds = `${trimFraction((ns % 60e9) / 1e9)}s`;
  if (hours > 0) return `${hours}h${minutes}m${seconds}`;
  if (minutes > 0) return `${minutes}m${seconds}`;
  return seconds;
}

function trimFraction(value: number): string {
  return String(Number(value.toFixed(9)));
}

const BYTE_SIZE = /^(\d+(?:\.\d+)?)\s*([kmgtp])?(?:i?b)?$/i;
const BYTE_UNITS: Record<string, number> = { k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40, p: 2 ** 50 };

/** Docker's RAM sizes (`512m`, `1gb`, `1.5g`, `100k`, `1024`; powers of 1024) → bytes; undefined when malformed. */
export function parseByteSize(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
  const match = BYTE_SIZE.exec(value.trim());
  if (!match) return undefined;
  const unit = match[2] ? BYTE_UNITS[match[2].toLowerCase()]! : 1;
  return Math.floor(Number(match[1]) * unit);
}

/** Splits a command line into words as a POSIX shell would (quotes and backslashes, no expansion). */
export function splitShellWords(line: string): string[] | undefined {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return undefined;
      word += line.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (c === '"') {
      const read = readDoubleQuoted(line, i + 1);
      if (!read) return undefined;
      word += read.text;
      i = read.end;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

// Inside double quotes a backslash only escapes `"`, `\`, `$` and a backquote.
function readDoubleQuoted(line: string, from: number): { text: string; end: number } | undefined {
  let text = '';
  for (let i = from; i < line.length; i++) {
    const c = line[i]!;
    if (c === '"') return { text, end: i };
    if (c === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) text += line[++i];
    else text += c;
  }
  return undefined;
}
