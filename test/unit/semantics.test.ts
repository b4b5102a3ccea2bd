// Issue 13: the defects of the coarse resource model and the operator corners, each reproduced
// positive and negative, with the resource type each action is authorised against spelled out.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzePolicy } from '../../server/src/core/analysis/policyAnalysis';
import { statementMarkdown } from '../../server/src/core/service/hover';
import { fixAll } from '../../server/src/core/fixes/fixEngine';
import { parseDocument } from '../../server/src/core/parse/parseDocument';
import { AWS_EXEMPTION, findings, findingsOf, mfaDeny, policyText } from '../testUtil';

const OWN_USER = 'arn:aws:iam::*:user/${aws:username}'; // resource type "user"
const OWN_MFA = 'arn:aws:iam::*:mfa/${aws:username}'; // resource type "mfa"
const ANY_MFA = 'arn:aws:iam::*:mfa/*';
const IF_NO_MFA = { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } };

const analysis = (text: string) => analyzePolicy(parseDocument(text).policies[0], 0);

describe('resource types: each action is matched on the resource it is authorised against', () => {
  const allowOwn = { Sid: 'AllowOwn', Effect: 'Allow', Action: ['iam:DeactivateMFADevice', 'iam:EnableMFADevice', 'iam:CreateVirtualMFADevice'], Resource: [OWN_USER, ANY_MFA] };

  it('a Deny of DeactivateMFADevice on mfa/${aws:username} does not protect it (DeactivateMFADevice takes the user type)', () => {
    const text = policyText(allowOwn, { Sid: 'DenyRemoval', Effect: 'Deny', Action: 'iam:DeactivateMFADevice', Resource: OWN_MFA, Condition: IF_NO_MFA });
    assert.ok(analysis(text).reachableOnSelf('access-key').has('iam:DeactivateMFADevice'));
    const found = findingsOf('MFA002', text);
    assert.ok(found.some((f) => f.data?.via === 'resource' && f.text === JSON.stringify(OWN_MFA)), JSON.stringify(found));
    assert.ok(found.some((f) => f.data?.via === 'allow'));
  });

  it('negative: the same Deny on user/${aws:username} protects it', () => {
    const text = policyText(allowOwn, { Sid: 'DenyRemoval', Effect: 'Deny', Action: 'iam:DeactivateMFADevice', Resource: OWN_USER, Condition: IF_NO_MFA });
    assert.ok(!analysis(text).reachableOnSelf('access-key').has('iam:DeactivateMFADevice'));
    assert.equal(findingsOf('MFA002', text).length, 0);
  });

  it('a Deny on user/${aws:username} does not cover CreateVirtualMFADevice (mfa type): no enrolment lockout for it', () => {
    const deny = { Sid: 'DenyEnrolment', Effect: 'Deny', Action: ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice'], Resource: OWN_USER, Condition: IF_NO_MFA };
    const a = analysis(policyText(deny));
    assert.ok(a.reachableOnSelf('access-key').has('iam:CreateVirtualMFADevice'));
    assert.ok(!a.reachableOnSelf('access-key').has('iam:EnableMFADevice'), 'EnableMFADevice takes the user type');
    const [f] = findingsOf('MFA008', policyText(deny));
    assert.deepEqual(f.data?.blockedActions, ['iam:EnableMFADevice']);
  });

  it('a Resource of mfa/* (neither "*" nor the caller\'s own) on CreateVirtualMFADevice is an enrolment lockout', () => {
    const deny = { Sid: 'DenyDevices', Effect: 'Deny', Action: 'iam:CreateVirtualMFADevice', Resource: ANY_MFA, Condition: IF_NO_MFA };
    const [f] = findingsOf('MFA008', policyText(deny));
    assert.deepEqual(f?.data?.blockedActions, ['iam:CreateVirtualMFADevice']);
    // negative: devices named admin-* only leave the caller's own (mfa/alice) open
    assert.equal(findingsOf('MFA008', policyText({ ...deny, Resource: 'arn:aws:iam::*:mfa/admin-*' })).length, 0);
  });

  it('NotResource with an entry that is not the caller\'s own covers every other resource', () => {
    const deny = mfaDeny(AWS_EXEMPTION, 'BoolIfExists', { Resource: undefined, NotResource: [OWN_USER, ANY_MFA] });
    delete (deny as Record<string, unknown>).Resource;
    const a = analysis(policyText(deny));
    for (const action of ['iam:DeactivateMFADevice', 'iam:CreateAccessKey', 'iam:DetachUserPolicy']) {
      assert.ok(a.reachableOnSelf('access-key').has(action), `${action} on user/alice is excluded`);
      assert.ok(!a.reachableOnOthers('access-key').has(action), `${action} on user/bob is denied`);
    }
    assert.ok(!a.reachableOnSelf('access-key').has('s3:GetObject'), 's3 objects are not in the NotResource list');
    const [f] = findingsOf('MFA002', policyText(deny));
    assert.equal(f.severity, 'error');
    assert.equal(f.data?.via, 'notresource');
    assert.equal(f.text, JSON.stringify(OWN_USER));
    // negative: a NotResource of the admins' users leaves the caller's user denied
    assert.equal(findingsOf('MFA002', policyText({ ...deny, NotResource: ['arn:aws:iam::*:user/admins/*'] })).length, 0);
  });
});

describe('ForAnyValue with IfExists on an absent MFA key', () => {
  it('is not counted on: MFA003 says the access-key context is open, and suggests the plain IfExists operator', () => {
    const deny = { Sid: 'DenyNoMfa', Effect: 'Deny', NotAction: AWS_EXEMPTION, Resource: '*', Condition: { 'ForAnyValue:StringEqualsIfExists': { 'aws:MultiFactorAuthPresent': 'false' } } };
    const [f] = findingsOf('MFA003', policyText(deny));
    assert.deepEqual(f.data?.contexts, ['access-key']);
    assert.equal(f.data?.suggestedOperator, 'StringEqualsIfExists');
    assert.equal(findingsOf('MFA011', policyText(deny)).length, 0, 'the MFA key is not "another key"');
    const { text } = fixAll(policyText(deny));
    assert.equal(findingsOf('MFA003', text).length, 0, text);
  });

  it('negative: StringEqualsIfExists without the set operator holds for access keys', () => {
    const deny = { Effect: 'Deny', NotAction: AWS_EXEMPTION, Resource: '*', Condition: { StringEqualsIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } };
    assert.equal(findingsOf('MFA003', policyText(deny)).length, 0);
  });
});

describe('lockout through an Allow', () => {
  const selfService = (condition?: object) => ({
    Sid: 'AllowManageOwnMfa',
    Effect: 'Allow',
    Action: ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'iam:ListMFADevices', 'iam:ResyncMFADevice'],
    Resource: [ANY_MFA, OWN_USER],
    ...(condition ? { Condition: condition } : {}),
  });

  it('the only grant of CreateVirtualMFADevice / EnableMFADevice requires MFA: every new user is locked out', () => {
    const found = findingsOf('MFA008', policyText(selfService({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } })));
    assert.deepEqual(found.map((f) => [f.text, f.severity]), [['"iam:CreateVirtualMFADevice"', 'warning'], ['"iam:EnableMFADevice"', 'warning']]);
  });

  it('negative: granted without a condition', () => {
    assert.equal(findingsOf('MFA008', policyText(selfService())).length, 0);
  });

  it('grants EnableMFADevice but never CreateVirtualMFADevice: says what the policy alone cannot do', () => {
    const allow = { Effect: 'Allow', Action: ['iam:EnableMFADevice', 'iam:ListMFADevices'], Resource: OWN_USER };
    const [f, ...rest] = findingsOf('MFA008', policyText(allow));
    assert.equal(rest.length, 0);
    assert.equal(f.severity, 'information');
    assert.match(f.message, /never iam:CreateVirtualMFADevice/);
    assert.match(f.message, /Another policy must grant/);
  });
});

describe('false alarms that are gone', () => {
  it('the AWS 2016 pair (Bool "false" + Null "true", same NotAction/NotResource) covers every context: no MFA003', () => {
    const notResource = [OWN_USER, OWN_MFA];
    const both = (condition: object) => ({ Effect: 'Deny', NotAction: AWS_EXEMPTION, NotResource: notResource, Condition: condition });
    const text = policyText(both({ Bool: { 'aws:MultiFactorAuthPresent': 'false' } }), both({ Null: { 'aws:MultiFactorAuthAge': 'true' } }));
    assert.equal(findingsOf('MFA003', text).length, 0);
    // negative: either one alone misses a context
    assert.equal(findingsOf('MFA003', policyText(both({ Bool: { 'aws:MultiFactorAuthPresent': 'false' } }))).length, 1);
  });

  it('MFA003 is not reported when the only actions that slip through are those another Deny exempts on purpose', () => {
    const strong = mfaDeny([...AWS_EXEMPTION, 'iam:ChangePassword']);
    const weak = { Sid: 'DenyIamWithoutMfa', Effect: 'Deny', Action: ['iam:ChangePassword', 'iam:EnableMFADevice'], Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } };
    assert.equal(findingsOf('MFA003', policyText(strong, weak)).length, 0);
    // negative: an action the strong deny does not exempt is covered by it anyway; one only the weak deny names is a gap
    const weaker = { ...weak, Action: ['iam:ChangePassword'] };
    assert.equal(findingsOf('MFA003', policyText(mfaDeny(AWS_EXEMPTION.concat('iam:ChangePassword')), weaker)).length, 0);
    assert.equal(findingsOf('MFA003', policyText(weak)).length, 1);
  });

  it('MFA002 is not reported when only other users\' devices are exposed; MFA007 says so', () => {
    const others = { Sid: 'AllowOthers', Effect: 'Allow', Action: 'iam:DeactivateMFADevice', Resource: 'arn:aws:iam::*:user/*' };
    const denyOwn = { Sid: 'DenyOwnUnlessMfa', Effect: 'Deny', Action: 'iam:DeactivateMFADevice', Resource: OWN_USER, Condition: IF_NO_MFA };
    const text = policyText(others, denyOwn);
    assert.equal(findingsOf('MFA002', text).length, 0);
    const [f] = findingsOf('MFA007', text);
    assert.equal(f.severity, 'warning');
    assert.equal(f.text, '"arn:aws:iam::*:user/*"');
    // negative: without the deny it is the caller's own device too
    assert.equal(findingsOf('MFA002', policyText(others, mfaDeny(AWS_EXEMPTION, 'Bool'))).length, 1);
  });

  it('MFA007 does not claim EnableMFADevice "on mfa/*" (it is checked against the user)', () => {
    const allow = { Effect: 'Allow', Action: ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'iam:DeleteVirtualMFADevice'], Resource: [ANY_MFA, OWN_USER] };
    const found = findingsOf('MFA007', policyText(allow, mfaDeny(AWS_EXEMPTION))).filter((f) => f.data?.via === 'allow');
    assert.deepEqual(found.map((f) => f.data?.actions), [['iam:DeleteVirtualMFADevice']], 'only deleting devices takes the mfa type');
    for (const f of found) assert.ok(!(f.data?.actions as string[]).includes('iam:EnableMFADevice'), f.message);
    // negative: on user/* it is reported
    const wide = { ...allow, Resource: ['arn:aws:iam::*:user/*'] };
    assert.ok(findingsOf('MFA007', policyText(wide, mfaDeny(AWS_EXEMPTION))).some((f) => (f.data?.actions as string[]).includes('iam:EnableMFADevice')));
  });

  it('MFA007 does not say an exempt action is open on every user when another Deny covers it without MFA', () => {
    const closing = { Sid: 'DenyOthers', Effect: 'Deny', Action: ['iam:EnableMFADevice', 'iam:ResyncMFADevice'], NotResource: [OWN_USER, OWN_MFA], Condition: IF_NO_MFA };
    assert.equal(findingsOf('MFA007', policyText(mfaDeny(AWS_EXEMPTION), closing)).length, 0);
    assert.equal(findingsOf('MFA007', policyText(mfaDeny(AWS_EXEMPTION))).length, 1);
  });
});

describe('the iam:*MFA* exemption', () => {
  it('gets MFA002 with a fix that expands the wildcard minus the never-without-MFA set', () => {
    const text = policyText(mfaDeny(['iam:*MFA*', 'iam:GetUser', 'sts:GetSessionToken']));
    const [f] = findingsOf('MFA002', text);
    const replacement = f.data?.replacement as string[];
    assert.ok(replacement.includes('iam:CreateVirtualMFADevice') && replacement.includes('iam:EnableMFADevice') && replacement.includes('iam:ListMFADevices'));
    assert.ok(!replacement.includes('iam:DeactivateMFADevice') && !replacement.includes('iam:DeleteVirtualMFADevice'));
    const fixed = fixAll(text);
    assert.ok(fixed.applied.some((a) => a.rule === 'MFA002'), JSON.stringify(fixed.applied));
    assert.equal(findingsOf('MFA002', fixed.text).length, 0);
    assert.equal(findings(fixed.text).filter((x) => x.rule === 'MFA008').length, 0, 'enrolment still exempt');
  });
});

describe('YAML CloudFormation: a PolicyDocument written as a JSON string', () => {
  const json = (indent: string) =>
    ['{', '  "Version": "2012-10-17",', '  "Statement": [{', '    "Effect": "Deny", "NotAction": ["iam:*", "sts:GetSessionToken"], "Resource": "*",', '    "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}', '  }]', '}']
      .map((l) => indent + l)
      .join('\n');
  const template = (value: string) => `Resources:\n  Policy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: ${value}\n`;
  const oneLine = '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotAction": ["iam:*", "sts:GetSessionToken"], "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}]}';
  const styles: [string, string][] = [
    ['| literal', template('|\n' + json('        '))],
    ['> folded', template('>\n' + json('        '))],
    ["'single-quoted'", template(`'${oneLine}'`)],
    ['"double-quoted"', template(JSON.stringify(oneLine))],
  ];

  for (const [style, text] of styles) {
    it(`${style}: findings land inside the string at the exact place, and fixes keep the style`, () => {
      const found = findings(text, { format: 'yaml' });
      const mfa001 = found.find((f) => f.rule === 'MFA001')!;
      const quote = style.startsWith('"') ? '\\"' : '"'; // inside a double-quoted scalar the quotes are escaped
      assert.equal(mfa001.text, `${quote}iam:*${quote}`);
      assert.equal(found.find((f) => f.rule === 'MFA003')?.text, `${quote}Bool${quote}`);
      const { text: fixed, applied } = fixAll(text, { format: 'yaml' });
      assert.ok(applied.some((a) => a.rule === 'MFA001') && applied.some((a) => a.rule === 'MFA003'), JSON.stringify(applied));
      const header = /PolicyDocument: (\S)/.exec(fixed)![1];
      assert.equal(header, /PolicyDocument: (\S)/.exec(text)![1], 'same scalar style');
      if (!style.startsWith('|') && !style.startsWith('>')) assert.equal(fixed.split('\n').length, text.split('\n').length, 'a one-line string stays on one line');
      const after = findings(fixed, { format: 'yaml' });
      assert.deepEqual(after.filter((f) => f.severity === 'error').map((f) => f.rule), []);
      assert.equal(lintPolicies(fixed), 1);
    });
  }

  it('negative: a plain YAML mapping is read as before, and a string that is not a policy is ignored', () => {
    assert.equal(lintPolicies(template('"just text with Statement in it"')), 0);
  });
});

function lintPolicies(text: string): number {
  return parseDocument(text, { format: 'yaml' }).policies.length;
}

describe('statement hover: the per-context decision table', () => {
  it('shows, for the requests the statement names, the decision in each context and which cells it decides', () => {
    const allow = { Sid: 'AllowOwnMfa', Effect: 'Allow', Action: ['iam:DeactivateMFADevice', 'iam:EnableMFADevice'], Resource: OWN_USER };
    const text = policyText(allow, mfaDeny(AWS_EXEMPTION));
    const a = analysis(text);
    const denyTable = statementMarkdown(a, a.statements[1]);
    assert.match(denyTable, /\| request \| access key \| no-MFA session \| MFA session \| stale MFA \|/);
    assert.match(denyTable, /\| `iam:DeactivateMFADevice` on `user\/alice` \| denied ✱ \| denied ✱ \| allowed \| allowed \|/);
    assert.ok(!/`iam:EnableMFADevice` on/.test(denyTable), 'an exempt action is not one the deny names');
    const allowTable = statementMarkdown(a, a.statements[0]);
    assert.match(allowTable, /\| `iam:EnableMFADevice` on `user\/alice` \| allowed ✱ \| allowed ✱ \| allowed ✱ \| allowed ✱ \|/);
    assert.match(allowTable, /\| `iam:DeactivateMFADevice` on `user\/alice` \| denied \| denied \| allowed ✱ \| allowed ✱ \|/);
  });
});
