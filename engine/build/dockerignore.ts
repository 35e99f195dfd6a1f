// `.dockerignore`: which context paths a build leaves out. One pattern per
// line, `#` comments, `!` for an exception; the last pattern that matches a
// path decides, and a pattern that matches a folder takes everything in it,
// as docker's matcher does. Pure.
import { compilePattern } from './path-pattern.js';

interface Rule {
  readonly exclude: boolean;
  readonly regex: RegExp;
}

export class IgnoreRules {
  private constructor(private readonly rules: readonly Rule[]) {}

  static parse(text: string): IgnoreRules {
    const rules: Rule[] = [];
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) continue;
      const exclude = !line.startsWith('!');
      const pattern = exclude ? line : line.slice(1).trim();
      if (pattern === '') continue;
      rules.push({ exclude, regex: compilePattern(pattern) });
    }
    return new IgnoreRules(rules);
  }

  static none(): IgnoreRules {
    return new IgnoreRules([]);
  }

  /** Whether the context path (relative, `/`-separated) is left out. */
  ignores(rel: string): boolean {
    const parts = rel.split('/');
    let ignored = false;
    for (const rule of this.rules) {
      // A rule on a folder covers what is under it: test the path and each of its parents.
      const hit = parts.some((_, i) => rule.regex.test(parts.slice(0, i + 1).join('/')));
      if (hit) ignored = rule.exclude;
    }
    return ignored;
  }

  /**
   * Whether an excluded folder may still hold an exception, so a walk must
   * look inside it (`dir` then `!dir/keep`).
   */
  hasExceptions(): boolean {
    return this.rules.some((rule) => !rule.exclude);
  }
}
