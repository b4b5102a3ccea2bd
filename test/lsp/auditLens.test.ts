// The audit verdict as a code lens on each principal of a template, over stdio.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
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
});
