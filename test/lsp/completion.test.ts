// Completion over stdio: actions inside "Action", condition operators and keys, Effect and
// Version values. The cursor is marked with "|" in the fixture text.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CompletionItem } from 'vscode-languageserver/node';
import { LspClient, docUri } from './harness';
import { LineIndex } from '../../server/src/core/positions';

/** Opens `marked` (with "|" at the cursor) and asks for completion there. */
async function complete(client: LspClient, marked: string): Promise<{ items: CompletionItem[]; text: string; offset: number }> {
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const uri = docUri('complete.json');
  await client.open(uri, text);
  await client.diagnosticsFor(uri, 1);
  const items = await client.completion(uri, new LineIndex(text).positionAt(offset));
  return { items, text, offset };
}

const policy = (statement: string) => `{\n  "Version": "2012-10-17",\n  "Statement": [\n    ${statement}\n  ]\n}`;

describe('completion over stdio', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(async () => {
    await client.stop();
  });

  it('offers service prefixes first in an empty "Action" string', async () => {
    const { items } = await complete(client, policy('{ "Effect": "Allow", "Action": "|", "Resource": "*" }'));
    const labels = items.map((i) => i.label);
    for (const prefix of ['iam:', 's3:', 'ec2:', 'sts:']) assert.ok(labels.includes(prefix), prefix);
    const iam = items.find((i) => i.label === 'iam:')!;
    assert.equal(iam.detail, 'AWS Identity and Access Management (IAM)');
    const sorted = [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
    assert.ok(sorted[0].label.endsWith(':'), 'service prefixes sort first');
  });

  it('offers the real actions of the service after "iam:", with access level and a description on resolve', async () => {
    const marked = policy('{ "Effect": "Deny", "NotAction": [ "iam:GetUser", "iam:Deac|" ], "Resource": "*" }');
    const { items, text } = await complete(client, marked);
    const labels = new Set(items.map((i) => i.label));
    for (const action of ['iam:DeactivateMFADevice', 'iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'iam:ListMFADevices', 'iam:*']) assert.ok(labels.has(action), action);
    assert.ok(![...labels].some((l) => typeof l === 'string' && l.startsWith('s3:')), 'only the typed service');
    const deactivate = items.find((i) => i.label === 'iam:DeactivateMFADevice')!;
    assert.match(deactivate.detail ?? '', /^Write · never without MFA$/);
    assert.match(items.find((i) => i.label === 'iam:EnableMFADevice')!.detail ?? '', /self-service/);
    // The edit replaces the string's whole content, between the quotes.
    const start = text.indexOf('"iam:Deac"') + 1;
    const lines = new LineIndex(text);
    const edit = deactivate.textEdit as { range: { start: unknown; end: unknown }; newText: string };
    assert.deepEqual(edit.range, { start: lines.positionAt(start), end: lines.positionAt(start + 'iam:Deac'.length) });
    assert.equal(edit.newText, 'iam:DeactivateMFADevice');
    const resolved = await client.request<CompletionItem>('completionItem/resolve', deactivate);
    const doc = resolved.documentation as { value: string };
    assert.match(doc.value, /Grants permission to deactivate the specified MFA device/);
  });

  it('offers quoted actions where no string is open yet', async () => {
    const { items } = await complete(client, policy('{ "Effect": "Allow", "Action": [ | ], "Resource": "*" }'));
    const s3 = items.find((i) => i.label === 's3:')!;
    const edit = s3.textEdit as { newText: string };
    assert.ok(edit.newText.startsWith('"s3:'), edit.newText);
  });

  it('offers condition operators as keys of "Condition", with what they do for an absent key', async () => {
    const { items } = await complete(client, policy('{ "Effect": "Deny", "Action": "*", "Resource": "*", "Condition": { "|" } }'));
    const byLabel = new Map(items.map((i) => [i.label, i]));
    for (const op of ['Bool', 'BoolIfExists', 'Null', 'NumericGreaterThan', 'NumericGreaterThanIfExists', 'StringLike', 'ForAnyValue:StringLike']) assert.ok(byLabel.has(op), op);
    assert.equal(byLabel.get('BoolIfExists')!.detail, 'matches when the key is absent');
    assert.equal(byLabel.get('Bool')!.detail, 'does not match when the key is absent');
    assert.ok(!byLabel.has('NullIfExists'));
  });

  it('offers the MFA keys first, the global keys, and the keys of the statement\'s services inside an operator', async () => {
    const { items } = await complete(client, policy('{ "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", "Condition": { "Bool": { "|" } } }'));
    const sorted = [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
    assert.deepEqual(sorted.slice(0, 2).map((i) => i.label).sort(), ['aws:MultiFactorAuthAge', 'aws:MultiFactorAuthPresent']);
    const labels = new Set(items.map((i) => i.label));
    for (const key of ['aws:SourceIp', 'aws:ViaAWSService', 'iam:PassedToService']) assert.ok(labels.has(key), key);
    assert.ok(![...labels].some((l) => String(l).startsWith('s3:')), 'no keys of services the statement does not use');
    const resolved = await client.request<CompletionItem>('completionItem/resolve', items.find((i) => i.label === 'aws:MultiFactorAuthPresent'));
    assert.match((resolved.documentation as { value: string }).value, /Absent\*\* from requests signed with long-term access keys/);
  });

  it('offers Effect and Version values', async () => {
    const effect = await complete(client, policy('{ "Effect": "|", "Action": "*", "Resource": "*" }'));
    assert.deepEqual(effect.items.map((i) => i.label), ['Deny', 'Allow']);
    const version = await complete(client, '{\n  "Version": "|",\n  "Statement": []\n}');
    assert.deepEqual(version.items.map((i) => i.label), ['2012-10-17', '2008-10-17']);
    assert.deepEqual(version.items[1].tags, [1], '2008-10-17 is marked deprecated');
  });

  it('offers statement elements as keys of a statement', async () => {
    const { items } = await complete(client, policy('{ "Effect": "Deny", "|" }'));
    const labels = items.map((i) => i.label);
    for (const key of ['Sid', 'Action', 'NotAction', 'Resource', 'Condition']) assert.ok(labels.includes(key), key);
  });
});
