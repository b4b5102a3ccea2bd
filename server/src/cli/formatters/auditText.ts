// `audit` for the terminal: one row per principal, most exposed first, then the reasons.
import { VERDICTS } from '../../core';
import type { AuditResult, PrincipalReport } from '../../core';

export function formatAuditText(result: AuditResult): string {
  const rows = result.principals.map((p) => [p.exposure.level, p.verdict, p.type, p.name, String(p.reachableWithoutMfa.count), credentialsCell(p), decidingCell(p)]);
  const header = ['exposure', 'verdict', 'type', 'principal', 'no-MFA', 'credentials', 'decided by'];
  const widths = header.map((h, i) => Math.min(40, Math.max(h.length, ...rows.map((r) => r[i].length))));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : clip(c, widths[i]).padEnd(widths[i]))).join('  ').trimEnd();
  const out: string[] = [line(header), line(widths.map((w) => '-'.repeat(w)))];
  for (const r of rows) out.push(line(r));
  out.push('');
  for (const p of result.principals) {
    if (p.reachableWithoutMfa.count === 0 && !p.notes.length) continue;
    out.push(`${p.name} (${p.arn}): ${p.exposure.summary}`);
    if (p.reachableWithoutMfa.dangerous.length) out.push(`  without MFA: ${p.reachableWithoutMfa.dangerous.join(', ')}${p.reachableWithoutMfa.count > p.reachableWithoutMfa.dangerous.length ? ` and ${p.reachableWithoutMfa.count - p.reachableWithoutMfa.dangerous.length} more` : ''}`);
    if (p.dependsOnKeys.length) out.push(`  depends on: ${p.dependsOnKeys.join(', ')} (counted as reachable)`);
    for (const n of p.notes) out.push(`  note: ${n}`);
  }
  const counts = VERDICTS.filter((v) => result.counts[v]).map((v) => `${result.counts[v]} ${v}`);
  out.push(`${result.principals.length} principal${result.principals.length === 1 ? '' : 's'}: ${counts.join(', ') || 'none'}${result.problems.length ? `; ${result.problems.length} input problem${result.problems.length === 1 ? '' : 's'} (see stderr)` : ''}`);
  return out.join('\n') + '\n';
}

function clip(s: string, w: number): string {
  return s.length <= w ? s : s.slice(0, w - 1) + '…';
}

function credentialsCell(p: PrincipalReport): string {
  const c = p.credentials;
  if (p.type === 'role') return '-';
  if (!c.known) return 'unknown';
  if (c.source === 'template') {
    // What the template does not define may exist outside it: "?".
    const keys = c.activeAccessKeys === undefined ? 'keys ?' : `${c.activeAccessKeys} key${c.activeAccessKeys === 1 ? '' : 's'}`;
    return [keys, c.consolePassword ? 'password' : 'password ?', c.mfaDevice ? 'MFA' : 'MFA ?'].join(', ');
  }
  const parts: string[] = [];
  if (c.activeAccessKeys) parts.push(`${c.activeAccessKeys} key${c.activeAccessKeys > 1 ? 's' : ''}`);
  if (c.consolePassword) parts.push('password');
  parts.push(c.mfaDevice ? 'MFA' : 'no MFA');
  return parts.join(', ');
}

function decidingCell(p: PrincipalReport): string {
  const names: string[] = [];
  for (const pol of p.policies) {
    for (const d of pol.deciding) names.push(`${pol.name}${d.sid ? `/${d.sid}` : `#${d.index}`}${d.role === 'stops-without-mfa' ? ' (deny)' : ''}`);
  }
  for (const d of p.trust?.deciding ?? []) names.push(`trust${d.sid ? `/${d.sid}` : `#${d.index}`}`);
  return names.slice(0, 3).join(', ') + (names.length > 3 ? ` +${names.length - 3}` : '');
}
