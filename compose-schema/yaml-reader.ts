// YAML text → the yaml package's documents, with the work any text can cause
// bounded: binary data and files with too many nodes are refused before the
// package builds its (large) syntax tree for them.
import { Composer, Lexer, Parser, type CST, type Document, type LineCounter, type ScalarTag } from 'yaml';
import { ComposeError, ComposeErrorCode, type SourcePos } from '../errors.js';

/** Deeper than any real compose file; keeps recursion and output bounded. */
export const MAX_DEPTH = 128;
/**
 * Keys, values and collections one file may hold. Real compose files have a
 * few thousand; 100,000 environment entries are 200,000. The cap keeps a file
 * at the size limit made of tiny nodes from costing the parser (about ten
 * microseconds and a kilobyte per node) tens of seconds and gigabytes.
 */
export const MAX_NODES = 250_000;
/**
 * Characters of double-quoted scalars one file may hold. The yaml package
 * unescapes them a character at a time (about a quarter of a microsecond and
 * 30 bytes each); other scalar styles cost next to nothing per character.
 */
export const MAX_DOUBLE_QUOTED_CHARS = 4 * 1024 * 1024;

// The lexer's marker announcing that the next lexeme is a plain or block scalar's source.
const SCALAR_MARKER = '\x1f';
// Lexemes that start a node other than a scalar: collections, block sequence items, explicit keys, aliases.
const NODE_STARTS = new Set(['[', '{', '-', '?']);

// go-yaml (what docker compose uses) reads a leading-zero integer such as a
// file mode `0440` as octal; YAML 1.2's core schema would read it as decimal.
const octalInt: ScalarTag = {
  identify: (value) => typeof value === 'number',
  default: true,
  tag: 'tag:yaml.org,2002:int',
  format: 'OCT',
  test: /^0[0-7]+$/,
  resolve: (text) => parseInt(text, 8),
};

/** The documents of one compose file's text; the first YAML error of any of them is thrown. */
export function readYamlDocuments(text: string, file: string, lines: LineCounter): Document.Parsed[] {
  checkText(text, file);
  const composer = new Composer({
    prettyErrors: false,
    // The package's own check compares each key with every earlier key of its
    // mapping, which is quadratic; the tree conversion checks with a Set instead.
    uniqueKeys: false,
    merge: false,
    version: '1.2',
    customTags: (tags) => [octalInt, ...tags],
  });
  const docs = Array.from(composer.compose(countedTokens(text, file, lines)));
  for (const doc of docs) {
    const err = doc.errors[0];
    if (err) throw yamlError(describeYamlError(err.message), posAt(file, lines, err.pos[0]));
  }
  return docs;
}

// What the package's parser.parse() does, with each lexeme counted on the way
// through, so a file over MAX_NODES stops while only a bounded part is parsed.
function* countedTokens(text: string, file: string, lines: LineCounter): Generator<CST.Token> {
  const parser = new Parser(lines.addNewLine);
  lines.addNewLine(0);
  let nodes = 0;
  let doubleQuoted = 0;
  let scalarNext = false;
  for (const lexeme of new Lexer().lex(text)) {
    // Plain and block scalars come after a marker, and their source may start
    // with any character: only the marker counts. Quoted scalars come whole.
    if (scalarNext) scalarNext = false;
    else if (lexeme === SCALAR_MARKER) {
      scalarNext = true;
      nodes++;
    } else if (NODE_STARTS.has(lexeme) || lexeme[0] === '*' || lexeme[0] === "'") nodes++;
    else if (lexeme[0] === '"') {
      nodes++;
      doubleQuoted += lexeme.length;
    }
    if (nodes > MAX_NODES) throw yamlError(`the file has more than ${count(MAX_NODES)} YAML nodes (keys, values and collections)`, posAt(file, lines, parser.offset));
    if (doubleQuoted > MAX_DOUBLE_QUOTED_CHARS) {
      const limit = `${MAX_DOUBLE_QUOTED_CHARS / 1024 / 1024} MiB`;
      throw yamlError(`double-quoted strings add up to more than ${limit} in the file: write long text as a block scalar (|)`, posAt(file, lines, parser.offset));
    }
    yield* parser.next(lexeme);
  }
  yield* parser.end();
}

const count = (n: number): string => n.toLocaleString('en-US');

// Binary data is refused up front: the YAML parser would otherwise report
// something confusing at a random offset.
function checkText(text: string, file: string): void {
  const nul = text.indexOf('\u0000');
  if (nul >= 0) throw yamlError('file is binary, not YAML (it contains NUL bytes)', posAt(file, undefined, nul, text));
}

function describeYamlError(message: string): string {
  if (/call stack/i.test(message)) return `nesting is too deep (more than ${MAX_DEPTH} levels)`;
  return message.replace(/ at line \d+, column \d+.*$/s, '').trim();
}

/** The line and column of `offset`, from the line counter when it has seen that far, else by counting. */
export function posAt(file: string, lines: LineCounter | undefined, offset: number, text?: string): SourcePos {
  if (lines && lines.lineStarts.length > 0) {
    const { line, col } = lines.linePos(offset);
    return { file, line, column: col };
  }
  const before = (text ?? '').slice(0, offset).split('\n');
  return { file, line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

export function yamlError(message: string, pos: SourcePos): ComposeError {
  return new ComposeError(ComposeErrorCode.Yaml, message, { pos });
}
