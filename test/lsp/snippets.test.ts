// The published-policy snippets through the language server's completion (for editors that
// do not read VS Code's contributed snippets), and not twice in VS Code.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { lint } from '../../server/src/core/lint';
import { expandSnippet } from '../../server/src/snippets/expand';
import { LspClient, docUri, positionOf } from './harness';

describe('snippets in completion', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(async () => {
    await client.stop();
  });

  it('offers whole-policy snippets in an empty document, as LSP snippets', async () => {
    const uri = docUri('new-policy.json');
    await client.open(uri, '');
    const items = await client.completion(uri, { line: 0, character: 0 });
    const own = items.find((i) => i.label === 'force-mfa-manage-own-credentials');
    assert.ok(own, items.map((i) => i.label).join(', '));
    assert.equal(own.insertTextFormat, 2);
    assert.ok(!items.some((i) => String(i.label).endsWith('-statement')), 'statement snippets are not offered at the top');
    const text = expandSnippet((own.textEdit as { newText: string }).newText);
    assert.deepEqual(lint(text).findings.filter((f) => f.severity === 'error' || f.severity === 'warning'), []);
  });

  it('offers statement snippets inside "Statement": [ … ], and their text completes a clean policy', async () => {
    const text = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    \n  ]\n}';
    const uri = docUri('statements.json');
    await client.open(uri, text);
    const items = await client.completion(uri, positionOf(text, '    \n', 4));
    const deny = items.find((i) => i.label === 'force-mfa-deny-statement');
    assert.ok(deny, items.map((i) => i.label).join(', '));
    const inserted = text.replace('    \n', '    ' + expandSnippet(deny.insertText!) + '\n');
    const findings = lint(inserted).findings;
    assert.ok(findings.length > 0 && !findings.some((f) => f.rule === 'IAM001'), 'the inserted statement parses');
    assert.ok(!findings.some((f) => f.severity === 'error'));
  });

  it('is silent about snippets for a client that has them (VS Code)', async () => {
    const vscodeLike = await LspClient.start({ initializationOptions: { hasSnippets: true } });
    try {
      const uri = docUri('vscode.json');
      await vscodeLike.open(uri, '');
      const items = await vscodeLike.completion(uri, { line: 0, character: 0 });
      assert.ok(!items.some((i) => i.kind === 15), 'no snippet items');
    } finally {
      await vscodeLike.stop();
    }
  });
});
