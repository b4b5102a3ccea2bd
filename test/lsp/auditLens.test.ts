// The audit verdict as a code lens on each principal of a template, over stdio.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../testUtil';
import { LspClient, docUri, positionOf } from './harness';

describe('audit code lens over stdio', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(async () => {
    await client.stop();
  });

  it('puts the verdict on each user and role of a CloudFormation template', async () => {
    const text = fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'audit', 'cfn-principals.yaml'), 'utf8');
    const uri = docUri('cfn-principals.yaml');
    await client.open(uri, text, 'yaml');
    await client.diagnosticsFor(uri, 1);
    const lenses = (await client.codeLens(uri)) ?? [];
    const bob = lenses.find((l) => l.range.start.line === positionOf(text, 'Bob:').line);
    assert.ok(bob, 'a lens on Bob');
    assert.match(bob!.command!.title, /^MFA audit: not-enforced — /);
    const alice = lenses.find((l) => l.range.start.line === positionOf(text, 'Alice:').line);
    assert.equal(alice!.command!.title, 'MFA audit: enforced — nothing sensitive without MFA');
    const lambda = lenses.find((l) => l.range.start.line === positionOf(text, 'LambdaRole:').line);
    assert.equal(lambda!.command!.title, 'MFA audit: not-applicable — only AWS services may assume it');
  });

  it('puts the verdict on each principal block of a .tf, reading the other .tf files of its folder', async () => {
    const file = path.join(REPO_ROOT, 'test', 'fixtures', 'audit', 'tf-hcl', 'users.tf');
    const text = fs.readFileSync(file, 'utf8');
    const uri = pathToFileURL(file).href;
    await client.open(uri, text, 'terraform');
    const lenses = (await client.codeLens(uri)) ?? [];
    const erin = lenses.find((l) => l.range.start.line === positionOf(text, 'resource "aws_iam_user" "erin"').line);
    // erin's group gets AdministratorAccess and the Trek10 deny in attachments.tf and policies.tf.
    assert.match(erin?.command?.title ?? '', /^MFA audit: partial — [\d,]+ sensitive actions without MFA, e\.g\. iam:/);
    const frank = lenses.find((l) => l.range.start.line === positionOf(text, 'resource "aws_iam_user" "frank"').line);
    assert.match(frank?.command?.title ?? '', /^MFA audit: not-enforced — /);
    assert.equal(lenses.length, 2, 'the role of attachments.tf has its lens there');
  });

  it('a .tf alone (no folder on disk) is its own configuration', async () => {
    const text = 'resource "aws_iam_user" "solo" {\n  name = "solo"\n}\nresource "aws_iam_user_policy_attachment" "solo" {\n  user       = aws_iam_user.solo.name\n  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"\n}\n';
    const uri = docUri('solo.tf');
    await client.open(uri, text, 'terraform');
    const lenses = (await client.codeLens(uri)) ?? [];
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.command!.title.split(' — ')[0]]),
      [[0, 'MFA audit: not-enforced']],
    );
  });
});
