// The per-policy summary lens and its command, over stdio.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expandActionPattern } from '../../server/src/core/analysis/actionSet';
import { formatCount } from '../../server/src/core/explain/text';
import type { ShowReachableArgs } from '../../server/src/shared/lspProtocol';
import { AWS_EXEMPTION, readVariant } from '../testUtil';
import { LspClient, docUri, positionOf } from './harness';

describe('code lens over stdio', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(async () => {
    await client.stop();
  });

  async function lensesOf(file: string) {
    const text = readVariant(file);
    const uri = docUri(file);
    await client.open(uri, text);
    await client.diagnosticsFor(uri, 1);
    return { text, uri, lenses: (await client.codeLens(uri)) ?? [] };
  }

  it('summarises a sound policy above "Statement": self-service only', async () => {
    const { text, lenses } = await lensesOf('aws-docs-self-manage-credentials-2022-11.json');
    assert.equal(lenses.length, 1);
    assert.equal(lenses[0].command?.title, 'Without MFA — access key: 7 actions reachable (self-service only) · session: same');
    assert.equal(lenses[0].command?.command, 'iamMfaGuard.showReachable');
    assert.deepEqual(lenses[0].range.start, positionOf(text, '"Statement"'));
    const args = lenses[0].command!.arguments![0] as ShowReachableArgs;
    assert.deepEqual(args.contexts.map((c) => c.context), ['access-key', 'no-mfa-session']);
    // The policy's own exemption, which is AWS's list (already in sorted order).
    assert.deepEqual([...args.contexts[0].actions].sort(), AWS_EXEMPTION);
  });

  it('names the worst reachable action of a NotAction "iam:*" policy and carries the whole list', async () => {
    const { lenses } = await lensesOf('aws-docs-notaction-deny-all-users-not-using-mfa-2018-09.json');
    const count = expandActionPattern('iam:*').count();
    assert.match(lenses[0].command?.title ?? '', new RegExp(`^Without MFA — access key: ${formatCount(count)} IAM actions reachable \\(\\d+ change permissions or credentials\\), including iam:DetachUserPolicy · session: same$`));
    const args = lenses[0].command!.arguments![0] as ShowReachableArgs;
    assert.equal(args.contexts[0].count, count);
    assert.equal(args.contexts[0].actions.length, count);
    assert.ok(args.contexts[0].actions.includes('iam:DetachUserPolicy'));
    assert.equal(args.contexts[0].truncated, false);
  });

  it('tells the two contexts apart when Bool "false" lets access keys through', async () => {
    const { lenses } = await lensesOf('aws-docs-tutorial-force-mfa-2018-11-30a.txt');
    assert.equal(lenses.length, 1);
    assert.match(lenses[0].command!.title, /^Without MFA — access key: .+ · session: .+$/);
  });

  it('shows no lens for a policy without an MFA condition', async () => {
    const { lenses } = await lensesOf('isec-aws-recipes-CredentialsSelfManagement-Minimal.json');
    assert.deepEqual(lenses, []);
  });

  it('runs the command server-side for clients that do not implement it, returning the full list', async () => {
    assert.deepEqual(client.initializeResult.capabilities.executeCommandProvider?.commands, ['iamMfaGuard.showReachable']);
    const text = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: 'iam:DeleteUser', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }],
    });
    const uri = docUri('big.json');
    await client.open(uri, text);
    await client.diagnosticsFor(uri, 1);
    const [lens] = (await client.codeLens(uri))!;
    const carried = lens.command!.arguments![0] as ShowReachableArgs;
    assert.equal(carried.contexts[0].truncated, true, 'twenty thousand actions travel truncated in the lens');
    assert.equal(carried.contexts[0].actions.length, 1000);
    const full = await client.request<ShowReachableArgs>('workspace/executeCommand', { command: 'iamMfaGuard.showReachable', arguments: [carried] });
    assert.equal(full.contexts[0].actions.length, full.contexts[0].count);
    assert.equal(full.contexts[0].truncated, false);
    assert.ok(!full.contexts[0].actions.includes('iam:DeleteUser'));
    assert.ok(full.contexts[0].actions.includes('iam:DetachUserPolicy'));
  });

  it('leaves the command to a client that says it implements it', async () => {
    const vscodeLike = await LspClient.start({ initializationOptions: { clientCommands: ['iamMfaGuard.showReachable'] } });
    try {
      assert.equal(vscodeLike.initializeResult.capabilities.executeCommandProvider, undefined);
      const full = await vscodeLike.request<ShowReachableArgs[]>('iamMfaGuard/reachableActions', { uri: 'file:///not/open.json' });
      assert.deepEqual(full, []);
    } finally {
      await vscodeLike.stop();
    }
  });
});
