import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { cli } from '../cliUtil';
import { policyText } from '../testUtil';

const FORCE_MFA = policyText(
  { Sid: 'AllowOwnMfa', Effect: 'Allow', Action: ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'iam:DeactivateMFADevice'], Resource: ['arn:aws:iam::*:mfa/*', 'arn:aws:iam::*:user/${aws:username}'] },
  {
    Sid: 'DenyUnlessMFA',
    Effect: 'Deny',
    NotAction: ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'sts:GetSessionToken'],
    Resource: '*',
    Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
  },
  { Sid: 'SessionCap', Effect: 'Deny', Action: '*', Resource: '*', Condition: { NumericGreaterThan: { 'aws:MultiFactorAuthAge': '3600' }, Bool: { 'aws:ViaAWSService': 'false' } } },
);

function tempDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'explain-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

type Json = { file: string; policy: number; requests: { action: string; resource: string; contexts: Record<string, { decision: string; statements: { sid?: string; line: number }[]; dependsOn?: string[] }> }[] }[];

describe('iam-mfa-guard explain', () => {
  it('--format json: the decision per context with the deciding statements and their lines', async () => {
    const dir = tempDir({ 'p.json': FORCE_MFA });
    const user = 'arn:aws:iam::123456789012:user/alice';
    const r = await cli(['explain', '--format', 'json', '--request', `iam:DeactivateMFADevice=${user}`, '--request', 'iam:CreateVirtualMFADevice=arn:aws:iam::123456789012:mfa/phone', 'p.json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Json;
    assert.equal(out.length, 1);
    assert.equal(out[0].file, 'p.json');
    assert.equal(out[0].policy, 1);
    const [deactivate, create] = out[0].requests;
    assert.equal(deactivate.action, 'iam:DeactivateMFADevice');
    assert.equal(deactivate.resource, user);
    assert.deepEqual(Object.keys(deactivate.contexts), ['accessKey', 'noMfaSession', 'mfaSession', 'staleMfaSession']);
    assert.equal(deactivate.contexts.accessKey.decision, 'denied');
    assert.deepEqual(deactivate.contexts.accessKey.statements[0], { sid: 'DenyUnlessMFA', line: FORCE_MFA.slice(0, FORCE_MFA.indexOf('"Sid": "DenyUnlessMFA"')).split('\n').length - 1 });
    assert.equal(deactivate.contexts.noMfaSession.decision, 'denied');
    assert.equal(deactivate.contexts.mfaSession.decision, 'allowed');
    assert.equal(deactivate.contexts.staleMfaSession.decision, 'depends', 'the session cap hangs on aws:ViaAWSService');
    assert.deepEqual(deactivate.contexts.staleMfaSession.dependsOn, ['aws:viaawsservice']);
    assert.equal(create.contexts.accessKey.decision, 'allowed', 'enrolment is exempt');
  });

  it('default requests: the enrolment and dangerous actions on the principal\'s own resources; --max-age moves the stale session', async () => {
    const dir = tempDir({ 'p.json': FORCE_MFA });
    const r = await cli(['explain', '-f', 'json', '--principal', 'arn:aws:iam::111122223333:user/ops/grace', '--max-age', '100', 'p.json'], { cwd: dir });
    const requests = (JSON.parse(r.stdout) as Json)[0].requests;
    const deactivate = requests.find((q) => q.action === 'iam:DeactivateMFADevice')!;
    assert.equal(deactivate.resource, 'arn:aws:iam::111122223333:user/ops/grace');
    assert.ok(requests.some((q) => q.action === 'iam:CreateVirtualMFADevice' && q.resource === 'arn:aws:iam::111122223333:mfa/grace'));
    assert.ok(requests.some((q) => q.action === 'iam:CreateAccessKey'));
    // The cap of 3600 s does not apply to an MFA session 101 s old.
    assert.equal(deactivate.contexts.staleMfaSession.decision, 'allowed');
  });

  it('--assume nothing: the policy alone must allow', async () => {
    const dir = tempDir({ 'p.json': FORCE_MFA });
    const req = ['--request', 'iam:CreateAccessKey=arn:aws:iam::123456789012:user/alice', '--request', 'iam:EnableMFADevice=arn:aws:iam::123456789012:user/alice'];
    const withAll = (JSON.parse((await cli(['explain', '-f', 'json', ...req, 'p.json'], { cwd: dir })).stdout) as Json)[0].requests;
    const alone = (JSON.parse((await cli(['explain', '-f', 'json', '--assume', 'nothing', ...req, 'p.json'], { cwd: dir })).stdout) as Json)[0].requests;
    assert.equal(withAll[0].contexts.mfaSession.decision, 'allowed');
    assert.equal(alone[0].contexts.mfaSession.decision, 'denied', 'nothing grants CreateAccessKey');
    assert.equal(alone[1].contexts.accessKey.decision, 'allowed');
    assert.deepEqual(alone[1].contexts.accessKey.statements.map((s) => s.sid), ['AllowOwnMfa']);
  });

  it('reads folders, several files and stdin; text output names contexts and statements', async () => {
    const dir = tempDir({ 'a/one.json': FORCE_MFA, 'a/two.json': policyText({ Effect: 'Deny', Action: '*', Resource: '*' }) });
    const r = await cli(['explain', '--request', 'iam:GetUser=arn:aws:iam::123456789012:user/alice', 'a', '-'], { cwd: dir, stdin: FORCE_MFA });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /a\/one\.json policy 1/);
    assert.match(r.stdout, /a\/two\.json policy 1/);
    assert.match(r.stdout, /<stdin> policy 1/);
    assert.match(r.stdout, /access key +denied {2}by DenyUnlessMFA \(line \d+\)/);
    assert.match(r.stdout, /MFA session +allowed/);
  });

  it('--key and --absent give request facts: the session cap that depended on aws:ViaAWSService is decided', async () => {
    const dir = tempDir({ 'p.json': FORCE_MFA });
    const request = ['--request', 's3:GetObject=arn:aws:s3:::bucket/key', '--format', 'json'];
    const stale = async (...facts: string[]) => {
      const r = await cli(['explain', ...request, ...facts, 'p.json'], { cwd: dir });
      assert.equal(r.code, 0, r.stderr);
      return (JSON.parse(r.stdout) as Json)[0].requests[0].contexts.staleMfaSession;
    };
    const unknown = await stale();
    assert.equal(unknown.decision, 'depends');
    assert.deepEqual(unknown.dependsOn, ['aws:viaawsservice']);
    assert.equal((await stale('--key', 'aws:ViaAWSService=false')).decision, 'denied');
    assert.equal((await stale('--key', 'aws:ViaAWSService=true')).decision, 'allowed');
    // Bool on a key the request does not carry does not match: the cap does not apply.
    assert.equal((await stale('--absent', 'aws:ViaAWSService')).decision, 'allowed');
    for (const bad of [['--key', 'novalue'], ['--key', 'aws:MultiFactorAuthPresent=true'], ['--absent', 'aws:MultiFactorAuthAge'], ['--key', 'aws:SourceVpc=v', '--absent', 'aws:SourceVpc']]) {
      const r = await cli(['explain', ...bad, 'p.json'], { cwd: dir });
      assert.equal(r.code, 2, bad.join(' '));
      assert.match(r.stderr, /--(key|absent)/);
    }
  });

  it('usage errors exit 2', async () => {
    const dir = tempDir({});
    for (const args of [['explain'], ['explain', '--request', 'nonsense', 'x.json'], ['explain', '--assume', 'maybe', 'x.json'], ['explain', '--max-age', '-1', 'x.json']]) {
      const r = await cli(args, { cwd: dir });
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /explain/);
    }
    assert.equal((await cli(['explain', 'missing.json'], { cwd: dir })).code, 2);
  });

  it('a decision that hangs on a statement computed at deploy time names it and its line', async () => {
    const optional = { 'Fn::If': ['IsProduction', { Effect: 'Deny', Action: 's3:*', Resource: '*' }, { Ref: 'AWS::NoValue' }] };
    const template = JSON.stringify({ Resources: { P: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: { Version: '2012-10-17', Statement: [optional] } } } } }, null, 2);
    const line = template.slice(0, template.indexOf('"Fn::If"')).split('\n').length - 1;
    const dir = tempDir({ 't.json': template });
    const request = ['--request', 's3:GetObject=arn:aws:s3:::bucket/key', 't.json'];
    const json = JSON.parse((await cli(['explain', '--format', 'json', ...request], { cwd: dir })).stdout) as Json;
    const session = json[0].requests[0].contexts.mfaSession as { decision: string; dependsOnStatements?: unknown };
    assert.equal(session.decision, 'depends');
    assert.deepEqual(session.dependsOnStatements, [{ computedAtDeployTime: 'Fn::If', line }]);
    const text = (await cli(['explain', ...request], { cwd: dir })).stdout;
    assert.match(text, new RegExp(`MFA session +depends on the statement computed at deploy time on line ${line} \\(Fn::If\\)`));
  });
});
