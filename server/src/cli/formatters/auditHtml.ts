// `audit --format html`: one self-contained page an auditor can attach to a report. No network,
// no external scripts or styles: a sortable table (a few lines of inline script), one details
// block per principal, and an inline SVG of principal → groups → policies with the deciding
// statements highlighted. Every string from the input is escaped.
import { VERDICTS } from '../../core';
import type { AuditResult, PolicyReport, PrincipalReport } from '../../core';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const VERDICT_COLOURS: Record<string, string> = {
  'not-enforced': '#c62828',
  partial: '#ef6c00',
  'console-only': '#f9a825',
  enforced: '#2e7d32',
  'no-access': '#607d8b',
  'not-applicable': '#607d8b',
};

export function formatAuditHtml(result: AuditResult, generatedAt = new Date()): string {
  const e = escapeHtml;
  const rows = result.principals
    .map(
      (p, i) =>
        `<tr data-exposure="${p.exposure.score.toFixed(3)}"><td>${e(p.exposure.level)}</td><td><span class="v" style="background:${VERDICT_COLOURS[p.verdict]}">${e(p.verdict)}</span></td><td>${e(p.type)}</td><td><a href="#p${i}">${e(p.name)}</a></td><td data-n="${p.reachableWithoutMfa.count}">${p.reachableWithoutMfa.count}</td><td>${e(credentials(p))}</td><td>${e(p.exposure.summary)}</td></tr>`,
    )
    .join('\n');
  const details = result.principals.map((p, i) => principalDetails(p, i)).join('\n');
  const counts = VERDICTS.filter((v) => result.counts[v]).map((v) => `${result.counts[v]} ${v}`).join(' · ');
  const problems = result.problems.length ? `<h2>Input problems</h2><ul>${result.problems.map((p) => `<li>${e(p.message)}</li>`).join('')}</ul>` : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>IAM MFA Guard audit</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
th{cursor:pointer;background:#f4f4f4;user-select:none}th:after{content:" ⇅";color:#999}
.v{color:#fff;border-radius:3px;padding:1px 6px;white-space:nowrap}
details{border:1px solid #ddd;border-radius:4px;margin:8px 0;padding:6px 10px}summary{cursor:pointer;font-weight:600}
code{background:#f4f4f4;padding:0 3px}.deciding{color:#c62828;font-weight:600}.stops{color:#2e7d32;font-weight:600}
svg text{font:12px system-ui,sans-serif}
</style></head><body>
<h1>Who can act without MFA</h1>
<p>${result.principals.length} principals: ${e(counts)}. Generated ${e(generatedAt.toISOString())} by iam-mfa-guard audit (offline; nothing was fetched).</p>
${problems}
<table id="principals"><thead><tr><th>exposure</th><th>verdict</th><th>type</th><th>principal</th><th>sensitive actions without MFA</th><th>credentials</th><th>why</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<h2>Principals</h2>
${details}
<script>
(function(){var t=document.getElementById('principals');var dir={};
t.querySelectorAll('th').forEach(function(th,i){th.addEventListener('click',function(){
var rows=[].slice.call(t.tBodies[0].rows);dir[i]=!dir[i];
rows.sort(function(a,b){var x=a.cells[i],y=b.cells[i];var nx=x.getAttribute('data-n'),ny=y.getAttribute('data-n');
if(i===0){nx=a.getAttribute('data-exposure');ny=b.getAttribute('data-exposure');}
var c=(nx!==null&&ny!==null)?(parseFloat(nx)-parseFloat(ny)):x.textContent.localeCompare(y.textContent);return dir[i]?c:-c;});
rows.forEach(function(r){t.tBodies[0].appendChild(r);});});});})();
</script>
</body></html>
`;
}

function credentials(p: PrincipalReport): string {
  const c = p.credentials;
  if (p.type === 'role') return '—';
  if (!c.known) return 'unknown (no credential report)';
  if (c.source === 'template') {
    const keys = c.activeAccessKeys === undefined ? 'access keys not in the template' : `${c.activeAccessKeys} active access key(s)`;
    return [keys, c.consolePassword ? 'console password' : 'no password in the template', c.mfaDevice ? 'MFA device' : 'MFA device unknown'].join(', ') + ' (as the template defines them)';
  }
  return [c.activeAccessKeys ? `${c.activeAccessKeys} active access key(s)` : 'no active key', c.consolePassword ? 'console password' : 'no password', c.mfaDevice ? 'MFA device' : 'no MFA device'].join(', ');
}

function principalDetails(p: PrincipalReport, i: number): string {
  const e = escapeHtml;
  const r = p.reachableWithoutMfa;
  const list = r.dangerous.length ? `<p>Without MFA (${r.accessKey} with a long-term key, ${r.noMfaSession} in a session without MFA): ${r.dangerous.map((a) => `<code>${e(a)}</code>`).join(', ')}${r.count > r.dangerous.length ? ` and ${r.count - r.dangerous.length} more` : ''}</p>` : '<p>Nothing sensitive is reachable without MFA.</p>';
  const policies = p.policies.map((pol) => policyItem(pol)).join('');
  const trust = p.trust ? `<p>Trusts: ${p.trust.trusted.map((t) => `<code>${e(t)}</code>`).join(', ') || 'nobody'}${p.trust.note ? ` — ${e(p.trust.note)}` : ''}</p>` : '';
  const notes = [...p.notes, ...(p.dependsOnKeys.length ? [`depends on ${p.dependsOnKeys.join(', ')} (counted as reachable)`] : [])].map((n) => `<li>${e(n)}</li>`).join('');
  return `<details id="p${i}"><summary>${e(p.name)} — ${e(p.verdict)} <small>${e(p.arn)}</small></summary>
${list}${trust}
${graphSvg(p)}
<ul>${policies}</ul>${notes ? `<ul>${notes}</ul>` : ''}
</details>`;
}

function policyItem(pol: PolicyReport): string {
  const e = escapeHtml;
  const deciding = pol.deciding.map((d) => `<span class="${d.role === 'stops-without-mfa' ? 'stops' : 'deciding'}">${e(d.sid ? d.sid : `statement ${d.index}`)} (${d.role === 'stops-without-mfa' ? 'stops requests without MFA' : 'allows without MFA'})</span>`).join(', ');
  return `<li><code>${e(pol.name)}</code> ${e(pol.kind)}${pol.via ? ` via group ${e(pol.via)}` : ''}${pol.unknown ? ' <b>unknown: counted as Allow *</b>' : ''}${pol.problem && !pol.unknown ? ` — ${e(pol.problem)}` : ''}${deciding ? `: ${deciding}` : ''}</li>`;
}

/** principal → groups → policies, three columns; deciding policies highlighted. */
function graphSvg(p: PrincipalReport): string {
  const e = escapeHtml;
  const groups = [...new Set(p.policies.map((x) => x.via).filter((v): v is string => !!v)), ...(p.groups ?? []).filter((g) => !p.policies.some((x) => x.via === g))];
  const policies = p.policies;
  const rowH = 26;
  const height = Math.max(1, policies.length, groups.length) * rowH + 20;
  const cx = [10, 220, 430];
  const w = 190;
  const y = (i: number) => 10 + i * rowH;
  const box = (x: number, yy: number, label: string, style: string) => `<rect x="${x}" y="${yy}" width="${w}" height="20" rx="3" style="${style}"/><text x="${x + 6}" y="${yy + 14}">${e(label.length > 28 ? label.slice(0, 27) + '…' : label)}</text>`;
  const out: string[] = [];
  const principalY = y(0);
  out.push(box(cx[0], principalY, `${p.type} ${p.name}`, 'fill:#e3f2fd;stroke:#1565c0'));
  groups.forEach((g, i) => {
    out.push(`<line x1="${cx[0] + w}" y1="${principalY + 10}" x2="${cx[1]}" y2="${y(i) + 10}" stroke="#999"/>`);
    out.push(box(cx[1], y(i), `group ${g}`, 'fill:#f3e5f5;stroke:#6a1b9a'));
  });
  policies.forEach((pol, i) => {
    const from = pol.via ? groups.indexOf(pol.via) : -1;
    const x1 = from >= 0 ? cx[1] + w : cx[0] + w;
    const y1 = from >= 0 ? y(from) + 10 : principalY + 10;
    const deciding = pol.deciding.some((d) => d.role === 'allows-without-mfa');
    const stops = pol.deciding.some((d) => d.role === 'stops-without-mfa');
    const style = deciding ? 'fill:#ffebee;stroke:#c62828;stroke-width:2' : stops ? 'fill:#e8f5e9;stroke:#2e7d32;stroke-width:2' : 'fill:#fafafa;stroke:#999';
    out.push(`<line x1="${x1}" y1="${y1}" x2="${cx[2]}" y2="${y(i) + 10}" stroke="${deciding ? '#c62828' : '#999'}"/>`);
    const label = `${pol.kind === 'boundary' ? 'boundary ' : pol.kind === 'scp' ? 'SCP ' : ''}${pol.name}${pol.deciding[0] ? ` · ${pol.deciding[0].sid ?? '#' + pol.deciding[0].index}` : ''}`;
    out.push(box(cx[2], y(i), label, style));
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${cx[2] + w + 10}" height="${height}" role="img" aria-label="${e(`${p.name}: groups and policies`)}">${out.join('')}</svg>`;
}
