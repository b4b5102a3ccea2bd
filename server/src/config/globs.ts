// Glob patterns from `.iam-mfa-guard.json` and the editor's settings: other people's text,
// so they are bounded, validated and matched without regular expressions. picomatch compiles
// a glob into a backtracking RegExp (`*a*a*a*a*a*a*ab` hangs it) and throws on some input;
// this matcher works segment by segment with one back-up point per `*` and `**`, so a match
// costs at most pattern × path steps whatever the pattern.
//
// Syntax: `*` (any run within a segment, dot files included), `?` (one character), `**` (any
// number of segments), `[abc]`, `[a-z]`, `[!x]`/`[^x]`, `{a,b}` (expanded, bounded) and `\`
// to escape. Patterns match the whole path, with `/` as separator.

export const MAX_GLOB_LENGTH = 1024;
export const MAX_GLOBS = 1000;
/** Alternatives one pattern's braces may expand to. */
export const MAX_BRACE_EXPANSION = 256;

export interface CompiledGlobs {
  /** Whether any pattern matches the path ("/"-separated). */
  readonly matches: (path: string) => boolean;
  /** One line per pattern that was not used, naming it; the others still apply. */
  readonly problems: readonly string[];
  readonly count: number;
}

type Token = { kind: 'char'; code: number } | { kind: 'any' } | { kind: 'star' } | { kind: 'class'; negated: boolean; ranges: number[] };
/** `undefined` is a `**` segment. */
type Segment = Token[] | undefined;

export const NO_GLOBS: CompiledGlobs = { matches: () => false, problems: [], count: 0 };

/** Compiles once; `what` names the list in problems ("ignore", "iamMfaGuard.exclude"). */
export function compileGlobs(patterns: readonly unknown[], what: string, options: { nocase?: boolean } = {}): CompiledGlobs {
  const problems: string[] = [];
  const compiled: Segment[][] = [];
  const nocase = options.nocase === true;
  let considered = 0;
  for (const pattern of patterns) {
    if (considered === MAX_GLOBS) {
      problems.push(`${what}: only the first ${MAX_GLOBS.toLocaleString('en-US')} of ${patterns.length.toLocaleString('en-US')} globs apply`);
      break;
    }
    considered++;
    if (typeof pattern !== 'string') {
      problems.push(`${what}: ${describeValue(pattern)} is not a glob string; ignored`);
      continue;
    }
    if (pattern.trim() === '') {
      problems.push(`${what}: an empty glob matches nothing; ignored`);
      continue;
    }
    if (pattern.length > MAX_GLOB_LENGTH) {
      problems.push(`${what}: the glob ${quote(pattern)} is ${pattern.length.toLocaleString('en-US')} characters long, over the limit of ${MAX_GLOB_LENGTH}; ignored`);
      continue;
    }
    const alternatives = expandBraces(pattern);
    if (!alternatives) {
      problems.push(`${what}: the glob ${quote(pattern)} expands to more than ${MAX_BRACE_EXPANSION} patterns; ignored`);
      continue;
    }
    for (const alternative of alternatives) compiled.push(compileOne(nocase ? alternative.toLowerCase() : alternative));
  }
  if (compiled.length === 0) return { matches: () => false, problems, count: 0 };
  return {
    matches: (path: string) => {
      const segments = (nocase ? path.toLowerCase() : path).split('/');
      return compiled.some((pattern) => matchSegments(pattern, segments));
    },
    problems,
    count: compiled.length,
  };
}

function describeValue(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

/** The pattern for a message: short, and without control characters. */
function quote(pattern: string): string {
  const short = pattern.length > 60 ? `${pattern.slice(0, 60)}…` : pattern;
  return JSON.stringify(short).replace(/[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '\ufffd');
}

/** `{a,b}` alternatives (nested allowed), or undefined past the bound. Unbalanced braces are literal. */
function expandBraces(pattern: string): string[] | undefined {
  let results = [''];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) {
      results = results.map((r) => r + pattern.slice(i, i + 2));
      i += 2;
      continue;
    }
    if (c === '{') {
      const close = matchingBrace(pattern, i);
      if (close > 0) {
        const parts = splitTopLevel(pattern.slice(i + 1, close));
        if (parts.length > 1) {
          const expandedParts: string[] = [];
          for (const part of parts) {
            const inner = expandBraces(part);
            if (!inner) return undefined;
            for (const x of inner) expandedParts.push(x);
            if (expandedParts.length > MAX_BRACE_EXPANSION) return undefined;
          }
          if (results.length * expandedParts.length > MAX_BRACE_EXPANSION) return undefined;
          const next: string[] = [];
          for (const r of results) for (const x of expandedParts) next.push(r + x);
          results = next;
          i = close + 1;
          continue;
        }
      }
    }
    results = results.map((r) => r + c);
    i++;
  }
  return results;
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function compileOne(pattern: string): Segment[] {
  const segments: Segment[] = [];
  for (const raw of pattern.split('/')) {
    if (raw === '**') {
      if (segments.length === 0 || segments[segments.length - 1] !== undefined) segments.push(undefined); // `**/**` is one `**`
      continue;
    }
    segments.push(compileSegment(raw));
  }
  return segments;
}

function compileSegment(raw: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 92 /* \ */ && i + 1 < raw.length) tokens.push({ kind: 'char', code: raw.charCodeAt(++i) });
    else if (c === 42 /* * */) {
      if (tokens[tokens.length - 1]?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (c === 63 /* ? */) tokens.push({ kind: 'any' });
    else if (c === 91 /* [ */) {
      const parsed = parseClass(raw, i);
      if (parsed) {
        tokens.push(parsed.token);
        i = parsed.end;
      } else tokens.push({ kind: 'char', code: c });
    } else tokens.push({ kind: 'char', code: c });
  }
  return tokens;
}

function parseClass(raw: string, open: number): { token: Token; end: number } | undefined {
  let i = open + 1;
  const negated = raw[i] === '!' || raw[i] === '^';
  if (negated) i++;
  const ranges: number[] = [];
  let first = true;
  for (; i < raw.length; i++) {
    let c = raw.charCodeAt(i);
    if (c === 93 /* ] */ && !first) return { token: { kind: 'class', negated, ranges }, end: i };
    first = false;
    if (c === 92 && i + 1 < raw.length) c = raw.charCodeAt(++i);
    if (raw[i + 1] === '-' && i + 2 < raw.length && raw[i + 2] !== ']') {
      let to = raw.charCodeAt(i + 2);
      let skip = 2;
      if (to === 92 && i + 3 < raw.length) {
        to = raw.charCodeAt(i + 3);
        skip = 3;
      }
      ranges.push(Math.min(c, to), Math.max(c, to));
      i += skip;
    } else ranges.push(c, c);
  }
  return undefined; // no closing bracket: a literal "["
}

function tokenMatches(token: Token, code: number): boolean {
  switch (token.kind) {
    case 'char':
      return token.code === code;
    case 'any':
      return true;
    case 'class': {
      let inside = false;
      for (let r = 0; r < token.ranges.length && !inside; r += 2) inside = code >= token.ranges[r] && code <= token.ranges[r + 1];
      return inside !== token.negated;
    }
    default:
      return false;
  }
}

/**
 * Greedy matching with one back-up point at the last star, for characters within a segment and
 * for segments within a path alike: at most pattern × text steps, never exponential.
 */
function matchWithBackUp(patternLength: number, textLength: number, isStar: (p: number) => boolean, matches: (p: number, t: number) => boolean): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < textLength) {
    if (p < patternLength && isStar(p)) {
      star = ++p;
      resume = t;
      if (p === patternLength) return true;
    } else if (p < patternLength && matches(p, t)) {
      p++;
      t++;
    } else if (star >= 0) {
      p = star;
      t = ++resume;
    } else return false;
  }
  while (p < patternLength && isStar(p)) p++;
  return p === patternLength;
}

/** One segment against its tokens, `*` taking any run of characters. */
function matchSegment(tokens: readonly Token[], text: string): boolean {
  return matchWithBackUp(tokens.length, text.length, (p) => tokens[p].kind === 'star', (p, c) => tokenMatches(tokens[p], text.charCodeAt(c)));
}

/** Segments against the path's segments, `**` (undefined) taking any number of them. */
function matchSegments(pattern: readonly Segment[], path: readonly string[]): boolean {
  return matchWithBackUp(pattern.length, path.length, (p) => pattern[p] === undefined, (p, s) => matchSegment(pattern[p]!, path[s]));
}
