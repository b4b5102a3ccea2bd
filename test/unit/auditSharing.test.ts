// The audit shares work between principals (per policy document and context, per IAM request
// loop and action, per policy cut, one context for policies without MFA conditions) and keeps
// action sets as sparse bit sets. Neither may change a result: a generated account, with
// boundaries, tags, force-MFA policies and SCPs, audited with sharing must equal the same
// account audited principal by principal with nothing shared; the bit sets must agree with
// plain sets of action names.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auditGraph, AuditOptions } from '../../server/src/core/audit/audit';
import { readAccountExport } from '../../server/src/core/audit/accountExport';
import { ActionBits, BitAccumulator } from '../../server/src/core/audit/actionBits';
import { dangerOrder } from '../../server/src/core/audit/danger';
import { readServiceControlPolicy } from '../../server/src/core/audit/scp';
import { generateAccountExport } from '../bench/generateExport';

const managed = (name: string, statement: object) => ({
  PolicyName: name,
  Arn: `arn:aws:iam::210987654321:policy/${name}`,
  DefaultVersionId: 'v1',
  PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [statement] })) }],
});

/**
 * A generated export, with permissions boundaries on some users and roles, and IAM permissions
 * whose answer depends on the principal's tags or name (so sharing answers between principals
 * that differ there would show).
 */
function generatedAccount(seed: number): string {
  const account = JSON.parse(generateAccountExport({ users: 240, groups: 30, roles: 90, policies: 140, seed }));
  const policyArns: string[] = account.Policies.map((p: { Arn: string }) => p.Arn);
  account.Policies.push(
    managed('create-users-if-eng', { Effect: 'Allow', Action: 'iam:CreateUser', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'eng' } } }),
    managed('delete-user-3', { Effect: 'Allow', Action: 'iam:DeleteUser', Resource: 'arn:aws:iam::210987654321:user/user-3' }),
    managed('own-keys', { Effect: 'Allow', Action: 'iam:*AccessKey*', Resource: 'arn:aws:iam::*:user/${aws:username}' }),
  );
  account.GroupDetailList.forEach((g: { AttachedManagedPolicies: unknown[] }, i: number) => {
    if (i % 3 === 0) g.AttachedManagedPolicies.push({ PolicyName: 'create-users-if-eng', PolicyArn: 'arn:aws:iam::210987654321:policy/create-users-if-eng' });
  });
  account.UserDetailList.forEach((u: { AttachedManagedPolicies: unknown[] }, i: number) => {
    if (i % 4 === 3) u.AttachedManagedPolicies.push({ PolicyName: 'delete-user-3', PolicyArn: 'arn:aws:iam::210987654321:policy/delete-user-3' });
    if (i % 5 === 2) u.AttachedManagedPolicies.push({ PolicyName: 'own-keys', PolicyArn: 'arn:aws:iam::210987654321:policy/own-keys' });
  });
  account.UserDetailList.forEach((u: Record<string, unknown>, i: number) => {
    if (i % 9 === 4) u.PermissionsBoundary = { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: policyArns[(i * 7) % policyArns.length] };
    if (i % 23 === 5) u.PermissionsBoundary = { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: 'arn:aws:iam::aws:policy/PowerUserAccess' };
  });
  // The force-MFA policy of the generator (policy-0) on some users directly.
  account.UserDetailList.forEach((u: { AttachedManagedPolicies: unknown[] }, i: number) => {
    if (i % 6 === 1) u.AttachedManagedPolicies.push({ PolicyName: 'policy-0', PolicyArn: policyArns[0] });
  });
  account.RoleDetailList.forEach((r: Record<string, unknown>, i: number) => {
    if (i % 11 === 3) r.PermissionsBoundary = { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: policyArns[(i * 5) % policyArns.length] };
  });
  return JSON.stringify(account);
}

const SCP_DENY_WITHOUT_MFA = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'NoDeletesWithoutMfa', Effect: 'Deny', Action: ['s3:Delete*', 'ec2:Terminate*', 'iam:Delete*'], Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }],
});
const SCP_ALLOW_LIST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'OnlyTheseServices', Effect: 'Allow', Action: ['s3:*', 'ec2:*', 'iam:*', 'lambda:*', 'sqs:*', 'kms:*', 'sts:*'], Resource: '*' }],
});

function scps(...texts: string[]) {
  return texts.map((t, i) => readServiceControlPolicy(t, `scp-${i}.json`).scp!);
}

function bothWays(text: string, options: AuditOptions = {}) {
  const shared = auditGraph(readAccountExport(text, 'generated.json'), options);
  const alone = auditGraph(readAccountExport(text, 'generated.json'), { ...options, shareEvaluations: false });
  return { shared, alone };
}

describe('shared evaluation = principal-by-principal evaluation', () => {
  for (const [name, seed, options] of [
    ['no SCP', 5, {}],
    ['a deny-list SCP with an MFA condition', 11, { scps: scps(SCP_DENY_WITHOUT_MFA) }],
    ['an allow-list SCP beside a deny-list SCP', 17, { scps: scps(SCP_ALLOW_LIST, SCP_DENY_WITHOUT_MFA) }],
  ] as const) {
    it(`gives every principal the same report (${name})`, () => {
      const { shared, alone } = bothWays(generatedAccount(seed), options);
      assert.equal(shared.principals.length, 330);
      // The shared audit did share (else this compares one path with itself)…
      assert.ok(shared.evaluations < alone.evaluations, `${shared.evaluations} shared evaluations, ${alone.evaluations} alone`);
      // …and the account is varied enough to mean something.
      const seen = new Set(shared.principals.map((p) => p.verdict));
      for (const v of ['enforced', 'not-enforced', 'not-applicable']) assert.ok(seen.has(v as never), `some principal is ${v}: ${[...seen]}`);
      assert.ok(shared.principals.some((p) => p.policies.some((x) => x.kind === 'boundary')));
      assert.ok(shared.principals.some((p) => p.policies.some((x) => x.deciding.some((d) => d.role === 'stops-without-mfa'))));
      assert.ok(shared.principals.some((p) => p.reachableWithoutMfa.dangerous.some((a) => a.startsWith('iam:'))));
      // Tags and names decide some IAM answers here.
      const reaches = (action: string) => new Set(shared.principals.filter((p) => p.reachableWithoutMfa.dangerous.includes(action)).map((p) => p.name));
      const creators = shared.principals.filter((p) => p.policies.some((x) => x.name === 'create-users-if-eng') && p.verdict === 'not-enforced' && !p.policies.some((x) => /AdministratorAccess/.test(x.name)));
      assert.ok(creators.some((p) => reaches('iam:CreateUser').has(p.name)) && creators.some((p) => !reaches('iam:CreateUser').has(p.name)), 'iam:CreateUser for the eng team only');
      assert.deepEqual(shared.principals, alone.principals);
      assert.deepEqual(shared.counts, alone.counts);
    });
  }

  it('a policy text used twice by one principal (through two groups) is reported as before', () => {
    const account = JSON.parse(generatedAccount(3));
    // Two groups carrying the same inline document (read once), a user in both.
    const doc = encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Same', Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: '*' }] }));
    const arn = (kind: string, name: string) => `arn:aws:iam::210987654321:${kind}/${name}`;
    for (const name of ['twin-a', 'twin-b']) account.GroupDetailList.push({ Path: '/', GroupName: name, GroupId: `AGPA${name}`, Arn: arn('group', name), GroupPolicyList: [{ PolicyName: 'same', PolicyDocument: doc }], AttachedManagedPolicies: [] });
    account.UserDetailList.push({ Path: '/', UserName: 'twin-user', UserId: 'AIDATWIN', Arn: arn('user', 'twin-user'), GroupList: ['twin-a', 'twin-b'], AttachedManagedPolicies: [], Tags: [] });
    const { shared, alone } = bothWays(JSON.stringify(account));
    const user = shared.principals.find((p) => p.name === 'twin-user')!;
    assert.equal(user.verdict, 'not-enforced');
    const same = user.policies.filter((p) => p.name === 'same');
    assert.equal(same.length, 2);
    // Each group's copy is its own policy, each with its deciding statement.
    assert.deepEqual(
      same.map((p) => p.deciding.map((d) => d.sid)),
      [['Same'], ['Same']],
    );
    assert.deepEqual(shared.principals, alone.principals);
  });
});

describe('ActionBits: sparse bit sets agree with plain sets', () => {
  const universe = dangerOrder();
  let state = 12345;
  const random = () => ((state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  /** A random set: a few runs of neighbouring actions (as a service's actions are), or scattered ones. */
  const randomKeys = (): string[] => {
    const out = new Set<string>();
    const runs = Math.floor(random() * 6);
    for (let r = 0; r < runs; r++) {
      const start = Math.floor(random() * universe.length);
      const length = Math.floor(random() * 200);
      for (let i = start; i < Math.min(universe.length, start + length); i++) out.add(universe[i]);
    }
    for (let i = Math.floor(random() * 20); i > 0; i--) out.add(universe[Math.floor(random() * universe.length)]);
    if (random() < 0.1) universe.forEach((k) => out.add(k));
    return [...out];
  };
  const rank = new Map(universe.map((k, i) => [k, i]));
  const inOrder = (keys: Iterable<string>) => [...new Set(keys)].sort((x, y) => rank.get(x)! - rank.get(y)!);

  it('union, intersection, difference, subset, equality, count and order', () => {
    for (let round = 0; round < 100; round++) {
      const a = randomKeys();
      const b = randomKeys();
      const A = ActionBits.ofKeys(a);
      const B = ActionBits.ofKeys(b);
      const setB = new Set(b);
      assert.deepEqual(A.keys(), inOrder(a));
      assert.equal(A.count(), a.length);
      assert.equal(A.isEmpty, a.length === 0);
      assert.deepEqual(A.union(B).keys(), inOrder([...a, ...b]));
      assert.deepEqual(A.intersect(B).keys(), inOrder(a.filter((k) => setB.has(k))));
      assert.deepEqual(A.minus(B).keys(), inOrder(a.filter((k) => !setB.has(k))));
      assert.equal(A.intersects(B), a.some((k) => setB.has(k)));
      assert.equal(A.isSubsetOf(B), a.every((k) => setB.has(k)));
      assert.equal(A.equals(ActionBits.ofKeys([...a].reverse())), true);
      assert.equal(A.equals(B), inOrder(a).join() === inOrder(b).join());
      assert.equal(A.key === B.key, A.equals(B));
      const probe = universe[Math.floor(random() * universe.length)];
      assert.equal(A.has(probe), a.includes(probe));
      assert.deepEqual(A.mostDangerous(5).map((x) => x.toLowerCase()), inOrder(a).slice(0, 5));
    }
  });

  it('the accumulator combines as the sets do', () => {
    const acc = new BitAccumulator();
    const other = new BitAccumulator();
    for (let round = 0; round < 60; round++) {
      const a = randomKeys();
      const b = randomKeys();
      const c = randomKeys();
      const A = ActionBits.ofKeys(a);
      const B = ActionBits.ofKeys(b);
      const C = ActionBits.ofKeys(c);
      const setB = new Set(b);
      const setC = new Set(c);
      // (A ∪ B) ∩ C − B, and A ∩ (B as an accumulator), against the plain sets.
      acc.clear().or(A).or(B).and(C).andNot(B);
      assert.deepEqual(acc.toBits().keys(), inOrder([...a, ...b].filter((k) => setC.has(k) && !setB.has(k))));
      other.set(B);
      acc.set(A).andAccumulator(other);
      assert.deepEqual(acc.toBits().keys(), inOrder(a.filter((k) => setB.has(k))));
      acc.set(A).andNotAccumulator(other);
      assert.deepEqual(acc.toBits().keys(), inOrder(a.filter((k) => !setB.has(k))));
      assert.equal(acc.set(A).intersects(C), a.some((k) => setC.has(k)));
    }
  });

  it('every action of the catalog, and no other', () => {
    assert.equal(ActionBits.all().count(), universe.length);
    assert.deepEqual(ActionBits.all().keys(), universe);
    assert.equal(ActionBits.ofKeys(['not:an-action']).isEmpty, true);
  });
});
