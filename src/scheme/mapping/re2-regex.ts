import { RE2JS } from 're2js';

/** How many compiled patterns to keep: JSONata builds a regex object on every evaluation of a literal. */
const CACHE_SIZE = 256;
const compiled = new Map<string, RE2JS>();

/**
 * The regex engine JSONata runs mapping regexes on (`jsonata(text, { RegexEngine: Re2Regex })`):
 * RE2 (re2js, pure JavaScript) matches in time linear in the input, so a pattern such as
 * `/(a+)+$/` cannot backtrack for minutes on a hostile value the way a native RegExp does — and
 * a native regex runs in one uninterruptible call that the step guard never sees.
 *
 * JSONata uses the engine the way it uses RegExp with the `g` flag: set `lastIndex`, call `exec`,
 * read `index` and the groups, then `lastIndex` for the next match. RE2 has no backreferences and
 * no lookaround; `compileRe2` rejects those when the expression is compiled.
 */
export class Re2Regex {
  lastIndex = 0;
  private readonly pattern: RE2JS;

  constructor(source: RegExp) {
    this.pattern = compileRe2(source);
  }

  exec(text: string): ((string | undefined)[] & { index: number; input: string }) | null {
    const from = this.lastIndex;
    const matcher = from <= text.length ? this.pattern.matcher(text) : null;
    if (!matcher?.find(from)) {
      this.lastIndex = 0;
      return null;
    }
    const match = [matcher.group() ?? ''] as (string | undefined)[] & { index: number; input: string };
    // Like RegExp: an unmatched group is undefined (RE2 says null).
    for (let group = 1; group <= matcher.groupCount(); group++) match.push(matcher.group(group) ?? undefined);
    match.index = matcher.start();
    match.input = text;
    this.lastIndex = matcher.end();
    return match;
  }
}

/** The RE2 form of a JSONata regex literal (flags i and m); throws RE2's syntax error for what RE2 cannot run. */
export function compileRe2(source: RegExp): RE2JS {
  const key = `${source.flags}/${source.source}`;
  let pattern = compiled.get(key);
  if (!pattern) {
    pattern = RE2JS.compile(
      RE2JS.translateRegExp(source.source),
      (source.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0) | (source.multiline ? RE2JS.MULTILINE : 0),
    );
    if (compiled.size >= CACHE_SIZE) compiled.delete(compiled.keys().next().value as string);
    compiled.set(key, pattern);
  }
  return pattern;
}
