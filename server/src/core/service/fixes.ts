// The fixes of one document version, computed once and shared by hover ("why no fix"),
// quick-fix and fix-all. Keyed by rule and range, as vscode-eslint keys its fixes, so a
// diagnostic that comes back from the editor finds its finding's fixes without re-linting.
import type { Finding } from '../findings';
import type { Fix } from '../fixes/fix';
import { FixAllResult, fixAll, fixesFor, isFixable, whyNoFix } from '../fixes/fixEngine';
import type { LintResult } from '../lint';
import type { TextRange } from '../model';

export class DocumentFixes {
  private readonly byFinding = new Map<Finding, readonly Fix[]>();
  private findingsByKey?: Map<string, Finding>;
  private all?: FixAllResult;

  constructor(readonly result: LintResult) {}

  /** The fixes of one of this result's findings (computed on first ask). */
  for(finding: Finding): readonly Fix[] {
    let fixes = this.byFinding.get(finding);
    if (!fixes) {
      fixes = isFixable(finding.rule) ? fixesFor(this.result, finding) : [];
      this.byFinding.set(finding, fixes);
    }
    return fixes;
  }

  /** The finding a diagnostic was made from: same rule, same range. */
  findingAt(rule: unknown, range: TextRange): Finding | undefined {
    if (typeof rule !== 'string') return undefined;
    if (!this.findingsByKey) {
      this.findingsByKey = new Map();
      for (const f of this.result.findings) {
        const key = fixKey(f.rule, f.range);
        if (!this.findingsByKey.has(key)) this.findingsByKey.set(key, f);
      }
    }
    return this.findingsByKey.get(fixKey(rule, range));
  }

  /** Why a fixable finding has no fix here; undefined when it has one or its rule has none. */
  whyNone(finding: Finding): string | undefined {
    return isFixable(finding.rule) ? whyNoFix(this.result, finding, this.for(finding)) : undefined;
  }

  /** Whether fix-all would have something to try (no re-lint needed to know). */
  hasSafeFix(): boolean {
    return this.result.findings.some((f) => this.for(f).some((x) => x.preferred && x.safeForFixAll));
  }

  /** Every safe fix, each kept only if it makes the document strictly better; computed once. */
  fixAll(): FixAllResult {
    return (this.all ??= fixAll(this.result.parsed.text, this.result.options));
  }
}

function fixKey(rule: string, range: TextRange): string {
  return `${rule}@${range.start}:${range.end}`;
}

const perResult = new WeakMap<LintResult, DocumentFixes>();

/** The fixes of a lint result: one cache per result, so per document version. */
export function documentFixes(result: LintResult): DocumentFixes {
  let fixes = perResult.get(result);
  if (!fixes) perResult.set(result, (fixes = new DocumentFixes(result)));
  return fixes;
}
