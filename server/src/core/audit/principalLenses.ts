// For the editor: the verdict of every principal a template defines, placed on the principal.
import type { TextRange } from '../model';
import { auditGraph, PrincipalReport, VERDICT_PHRASE } from './audit';
import { SOURCES } from './sources';
import { readTerraformConfiguration, TerraformFile, TerraformReadOptions } from './terraformHclSource';

export interface PrincipalLens {
  readonly range: TextRange;
  readonly title: string;
  readonly principal: PrincipalReport;
}

/**
 * Lenses for a CloudFormation or Terraform text; none for other texts (account exports are
 * audited from the CLI). `siblings`: the other `.tf` files of a `.tf` file's folder, which
 * Terraform reads as one configuration with it (attachments there count here); `options` reads
 * the files their file() calls name.
 */
export function principalLenses(text: string, file: string, siblings: readonly TerraformFile[] = [], options: TerraformReadOptions = {}): PrincipalLens[] {
  const reader = SOURCES.find((s) => s.name !== 'account export' && s.accepts(text, file));
  if (!reader) return [];
  const graph = reader.name === 'Terraform HCL' ? readTerraformConfiguration([{ file, text }, ...siblings], file, options) : reader.read(text, file);
  if (graph.users.length === 0 && graph.roles.length === 0) return [];
  const result = auditGraph(graph, { dangerousLimit: 3 });
  const lenses: PrincipalLens[] = [];
  for (const p of result.principals) {
    const range = p.location?.range;
    // Only the principals written in this file (not those of its sibling files).
    if (!range || p.location?.file !== file) continue;
    lenses.push({ range, title: lensTitle(p), principal: p });
  }
  return lenses.sort((a, b) => a.range.start - b.range.start);
}

export function lensTitle(p: PrincipalReport): string {
  const r = p.reachableWithoutMfa;
  const head = `MFA audit: ${p.verdict}`;
  if (p.verdict === 'not-applicable') return `${head} — ${p.trust?.note ?? VERDICT_PHRASE[p.verdict]}`;
  if (r.count === 0) return `${head} — nothing sensitive without MFA`;
  const unknown = p.policies.filter((x) => x.unknown).map((x) => x.name);
  return `${head} — ${r.count.toLocaleString('en-US')} sensitive action${r.count === 1 ? '' : 's'} without MFA, e.g. ${r.dangerous.slice(0, 2).join(', ')}${unknown.length ? ` (unknown policy ${unknown[0]} counted as Allow *)` : ''}`;
}
