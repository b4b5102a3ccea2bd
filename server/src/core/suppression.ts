// In-file suppression. JSON has no comments, so a statement opts out through its Sid
// ("…_IgnoreMFA009"); YAML templates, JSONC and Terraform files use comments:
//   # iam-mfa-guard-disable MFA009 MFA007       (the statement or policy it sits in, or the one on the next line)
//   # iam-mfa-guard-disable-file MFA010         (the whole file)
// Suppressed findings are kept apart and counted, never silently lost.
import { createScanner, SyntaxKind } from 'jsonc-parser';
import { Lexer } from 'yaml';
import type { PolicyAnalysis } from './analysis/policyAnalysis';
import type { Finding } from './findings';
import type { SourceFormat, TextRange } from './model';

export interface Suppression {
  readonly rules: ReadonlySet<string>;
  /** Where it applies; undefined for the whole file. */
  readonly scope?: TextRange;
  readonly how: 'sid' | 'comment' | 'file-comment';
}

/** Only the end of the Sid counts: "NeverIgnoreMFA001OrIgnoreMFA003" turns off MFA003, not MFA001. */
const SID_IGNORE = /Ignore((?:MFA|IAM)\d{3})$/i;
const DIRECTIVE = /iam-mfa-guard-disable(-file)?((?:[\s,]+(?:MFA|IAM)\d{3})+)/i;

export function findSuppressions(text: string, format: SourceFormat, analyses: readonly PolicyAnalysis[]): Suppression[] {
  const out: Suppression[] = [];
  for (const analysis of analyses) {
    for (const s of analysis.statements) {
      const sid = s.node.sid?.value;
      if (!sid) continue;
      const m = SID_IGNORE.exec(sid);
      if (m) out.push({ rules: new Set([m[1].toUpperCase()]), scope: s.node.range, how: 'sid' });
    }
  }
  for (const comment of comments(text, format)) {
    const m = DIRECTIVE.exec(comment.text);
    if (!m) continue;
    const rules = new Set(m[2].split(/[\s,]+/).filter(Boolean).map((r) => r.toUpperCase()));
    if (m[1]) {
      out.push({ rules, how: 'file-comment' });
      continue;
    }
    const scope = scopeOf(text, comment.range, analyses);
    if (scope) out.push({ rules, scope, how: 'comment' });
  }
  return out;
}

export function isSuppressed(finding: Finding, suppressions: readonly Suppression[]): Suppression | undefined {
  return suppressions.find((s) => s.rules.has(finding.rule) && (!s.scope || (finding.range.start >= s.scope.start && finding.range.start <= s.scope.end)));
}

/** The innermost statement (else policy) that holds the comment or starts on the next line. */
function scopeOf(text: string, comment: TextRange, analyses: readonly PolicyAnalysis[]): TextRange | undefined {
  const lineEnd = text.indexOf('\n', comment.end);
  const nextLineEnd = lineEnd < 0 ? text.length : (text.indexOf('\n', lineEnd + 1) + 1 || text.length + 1) - 1;
  const candidates: TextRange[] = [];
  for (const a of analyses) {
    candidates.push(a.policy.range);
    for (const s of a.statements) candidates.push(s.node.range);
  }
  const holds = (r: TextRange) => (r.start <= comment.start && comment.start <= r.end) || (lineEnd >= 0 && r.start > lineEnd && r.start <= nextLineEnd);
  return candidates.filter(holds).sort((x, y) => x.end - x.start - (y.end - y.start))[0];
}

function comments(text: string, format: SourceFormat): { text: string; range: TextRange }[] {
  if (!text.includes('iam-mfa-guard-disable')) return [];
  const out: { text: string; range: TextRange }[] = [];
  if (format === 'hcl') {
    // Terraform comments: `#` and `//` to the end of the line, `/* … */`.
    for (const m of text.matchAll(/(^|[ \t])(#|\/\/)([^\n]*)|\/\*[\s\S]*?\*\//gm)) {
      const start = m.index! + (m[1]?.length ?? 0);
      out.push({ text: m[0].slice(m[1]?.length ?? 0), range: { start, end: m.index! + m[0].length } });
    }
    return out;
  }
  if (format === 'yaml') {
    // Real comments only, as the YAML lexer sees them: a "#" inside a quoted or block scalar
    // is text, and a directive copied into a string must not switch rules off.
    let offset = 0;
    for (const token of new Lexer().lex(text)) {
      if (token.charCodeAt(0) === 35 /* # */) out.push({ text: token.slice(1), range: { start: offset, end: offset + token.length } });
      // The lexer's own markers (document, flow end, scalar) are not source text.
      if (token !== '\x02' && token !== '\x18' && token !== '\x1f') offset += token.length;
    }
    return out;
  }
  const scanner = createScanner(text, false);
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.LineCommentTrivia || kind === SyntaxKind.BlockCommentTrivia) {
      const start = scanner.getTokenOffset();
      out.push({ text: text.slice(start, start + scanner.getTokenLength()), range: { start, end: start + scanner.getTokenLength() } });
    }
  }
  return out;
}
