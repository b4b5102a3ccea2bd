// `audit --format sarif`: one result per principal that can act without MFA, located on the
// principal in the export or template, with the deciding statements as related locations.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LineIndex, LocationResolver } from '../../core';
import type { AuditResult, PrincipalReport, SourceLocation, Verdict } from '../../core';
import { packageInfo } from '../../shared/packageInfo';
import { PROJECT_URL } from '../../shared/ruleDocs';
import { SARIF_SCHEMA, SRCROOT, SarifLocation } from './sarif';
import { nodeCrypto } from '../../shared/nodeCrypto';

const RULES: { id: string; verdict: Verdict | 'input'; level: 'error' | 'warning' | 'note'; text: string }[] = [
  { id: 'AUDIT001', verdict: 'not-enforced', level: 'error', text: 'Principal can act without MFA: MFA is not enforced' },
  { id: 'AUDIT002', verdict: 'partial', level: 'error', text: 'Principal can do some sensitive actions without MFA: MFA is partly enforced' },
  { id: 'AUDIT003', verdict: 'console-only', level: 'warning', text: 'MFA is enforced for console sessions only: long-term access keys pass' },
  { id: 'AUDIT000', verdict: 'input', level: 'warning', text: 'Part of the input could not be read' },
];

export function formatAuditSarif(result: AuditResult, texts: ReadonlyMap<string, string>, cwd: string): string {
  const resolver = new LocationResolver(texts);
  const lines = new Map<string, LineIndex>();
  const locate = (loc: SourceLocation | undefined, message?: string): SarifLocation | undefined => {
    const range = resolver.rangeOf(loc);
    if (!loc || !range) return undefined;
    const text = texts.get(loc.file);
    if (text === undefined) return undefined;
    let index = lines.get(loc.file);
    if (!index) lines.set(loc.file, (index = new LineIndex(text)));
    const s = index.positionAt(range.start);
    const e = index.positionAt(range.end);
    const relative = path.isAbsolute(loc.file) ? path.relative(cwd, loc.file) : loc.file;
    const uri = relative.startsWith('..') ? pathToFileURL(path.resolve(cwd, loc.file)).href : relative.split(path.sep).join('/');
    return {
      physicalLocation: { artifactLocation: relative.startsWith('..') ? { uri } : { uri, uriBaseId: SRCROOT }, region: { startLine: s.line + 1, startColumn: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 } },
      ...(message ? { message: { text: message } } : {}),
    };
  };
  const results = [];
  for (const p of result.principals) {
    const rule = RULES.find((r) => r.verdict === p.verdict);
    if (!rule) continue;
    const location = locate(p.location);
    const related: SarifLocation[] = [];
    for (const pol of p.policies) {
      for (const d of pol.deciding) {
        const loc = locate(d.location, `${pol.name}${d.sid ? ` ${d.sid}` : ` statement ${d.index}`}: ${d.role === 'stops-without-mfa' ? 'stops requests without MFA' : 'allows without MFA'}`);
        if (loc) related.push({ ...loc, id: related.length + 1 });
      }
    }
    results.push({
      ruleId: rule.id,
      ruleIndex: RULES.indexOf(rule),
      level: rule.level,
      message: { text: message(p) },
      locations: location ? [location] : [],
      ...(related.length ? { relatedLocations: related } : {}),
      partialFingerprints: { 'iamMfaGuardAudit/v1': nodeCrypto().createHash('sha256').update(`${p.arn}\u0000${p.verdict}`).digest('hex').slice(0, 32) },
    });
  }
  for (const problem of result.problems) {
    const location = locate(problem.location);
    results.push({ ruleId: 'AUDIT000', ruleIndex: RULES.length - 1, level: 'warning' as const, message: { text: problem.message }, locations: location ? [location] : [], partialFingerprints: { 'iamMfaGuardAudit/v1': nodeCrypto().createHash('sha256').update(problem.message).digest('hex').slice(0, 32) } });
  }
  const info = packageInfo();
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'iam-mfa-guard-audit',
            version: info.version,
            informationUri: PROJECT_URL,
            rules: RULES.map((r) => ({ id: r.id, name: r.verdict === 'input' ? 'InputProblem' : r.verdict.replace(/(^|-)(\w)/g, (_, _d, c: string) => c.toUpperCase()), shortDescription: { text: r.text }, helpUri: `${PROJECT_URL}/blob/main/docs/audit.md`, defaultConfiguration: { level: r.level } })),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(cwd.endsWith(path.sep) ? cwd : cwd + path.sep).href } },
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

function message(p: PrincipalReport): string {
  const r = p.reachableWithoutMfa;
  const what = r.dangerous.length ? `, e.g. ${r.dangerous.slice(0, 3).join(', ')}` : '';
  return `${p.type} ${p.name}: ${p.verdict} — ${r.count} sensitive action${r.count === 1 ? '' : 's'} reachable without MFA${what}. ${p.exposure.summary}.`;
}
