// `audit --format json`: {"principals":[{"arn","type","name","verdict","reachableWithoutMfa":{…},"policies":[…],"credentials":{…}}]}.
import type { AuditResult, PrincipalReport } from '../../core';

export function formatAuditJson(result: AuditResult): string {
  const principals = result.principals.map((p) => principalJson(p));
  return JSON.stringify({ principals, counts: result.counts, problems: result.problems.map((p) => p.message) }, null, 2) + '\n';
}

function principalJson(p: PrincipalReport) {
  return {
    arn: p.arn,
    type: p.type,
    name: p.name,
    verdict: p.verdict,
    reachableWithoutMfa: p.reachableWithoutMfa,
    withMfaCount: p.withMfaCount,
    exposure: p.exposure,
    policies: p.policies.map((x) => ({
      name: x.name,
      kind: x.kind,
      ...(x.arn ? { arn: x.arn } : {}),
      ...(x.via ? { via: x.via } : {}),
      ...(x.unknown ? { unknown: true } : {}),
      ...(x.problem ? { problem: x.problem } : {}),
      deciding: x.deciding.map((d) => ({ ...(d.sid !== undefined ? { sid: d.sid } : {}), index: d.index, effect: d.effect, role: d.role })),
    })),
    credentials: p.credentials,
    ...(p.groups ? { groups: p.groups } : {}),
    ...(p.trust ? { trust: { trusted: p.trust.trusted, note: p.trust.note, deciding: p.trust.deciding.map((d) => ({ sid: d.sid, index: d.index, effect: d.effect, role: d.role })) } } : {}),
    ...(p.dependsOnKeys.length ? { dependsOnKeys: p.dependsOnKeys } : {}),
    ...(p.notes.length ? { notes: p.notes } : {}),
  };
}
