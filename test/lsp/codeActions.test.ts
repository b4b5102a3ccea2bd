// Quick-fixes over stdio: asked for each diagnostic like an editor does, applied, re-checked.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ParseError, parseTree } from 'jsonc-parser';
import type { CodeAction, Diagnostic } from 'vscode-languageserver/node';
import { readVariant, VARIANTS_DIR } from '../testUtil';
import { applyTextEdits, LspClient, docUri } from './harness';
import * as fs from 'node:fs';

const parses = (text: string) => {
  const errors: ParseError[] = [];
  parseTree(text, errors);
  return errors.length === 0;
};

describe('code actions over stdio', () => {
  let client: LspClient;
  let version = 0;
  before(async () => {
    client = await LspClient.start();
  });
  after(async () => {
    await client.stop();
  });

  const actionsFor = (uri: string, diagnostics: Diagnostic[], only?: string[]) =>
    client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics, only } });

  it('offers the allowlist rewrite for MFA001, and applying it removes the finding', async () => {
    const text = readVariant('aws-docs-notaction-deny-all-users-not-using-mfa-2018-09.json');
    const uri = docUri('mfa001.json');
    await client.open(uri, text);
    const { diagnostics } = await client.diagnosticsFor(uri, 1);
    const mfa001 = diagnostics.filter((d) => d.code === 'MFA001');
    const actions = await actionsFor(uri, mfa001, ['quickfix']);
    assert.equal(actions.length, 1, 'the policy grants no IAM actions: one allowlist, the AWS one');
    assert.equal(actions[0].kind, 'quickfix');
    assert.equal(actions[0].isPreferred, true);
    assert.match(actions[0].title, /Replace "iam:\*" with the AWS-recommended self-service list/);
    assert.deepEqual(actions[0].diagnostics, mfa001);
    const unfiltered = await actionsFor(uri, mfa001);
    assert.deepEqual(unfiltered.map((a) => a.kind), ['quickfix', 'source.fixAll.iam-mfa-guard'], 'without "only", fix-all is offered too');
    // Offered on every cursor move, so its edit waits for codeAction/resolve.
    const lazy = unfiltered[1];
    assert.equal(lazy.edit, undefined);
    const resolved = await client.request<CodeAction>('codeAction/resolve', lazy);
    const resolvedText = applyTextEdits(text, resolved.edit!.changes![uri]);
    assert.ok(parses(resolvedText) && !resolvedText.includes('"iam:*"'));
    const fixed = applyTextEdits(text, actions[0].edit!.changes![uri]);
    assert.ok(parses(fixed));
    await client.change(uri, 2, fixed);
    const after = await client.diagnosticsFor(uri, 2);
    assert.ok(!after.diagnostics.some((d) => d.code === 'MFA001'));
    assert.ok(after.diagnostics.every((d) => d.severity! >= 3), 'no error or warning is left');
  });

  it('offers a fix for every fixable finding of every published variant, and each one removes its finding', async () => {
    const files = fs.readdirSync(VARIANTS_DIR).filter((f) => f.endsWith('.json'));
    let applied = 0;
    for (const file of files) {
      const text = fs.readFileSync(`${VARIANTS_DIR}/${file}`, 'utf8');
      const uri = docUri(`variant-${file}`);
      await client.open(uri, text, 'json', ++version);
      const { diagnostics } = await client.diagnosticsFor(uri, version);
      for (const diagnostic of diagnostics) {
        const actions = await actionsFor(uri, [diagnostic], ['quickfix']);
        for (const action of actions) {
          const fixed = applyTextEdits(text, action.edit!.changes![uri]);
          assert.ok(parses(fixed), `${file} ${diagnostic.code}: ${action.title}`);
          applied++;
        }
      }
      await client.close(uri);
    }
    assert.ok(applied > 50, `${applied} fixes applied`);
  });

  it('computes fix-all at once for a client that cannot resolve edits later', async () => {
    const plain = await LspClient.start({ capabilities: { textDocument: { publishDiagnostics: {} } } });
    try {
      const text = readVariant('aws-docs-notaction-deny-all-users-not-using-mfa-2018-09.json');
      const uri = docUri('eager.json');
      await plain.open(uri, text);
      const { diagnostics } = await plain.diagnosticsFor(uri, 1);
      const actions = await plain.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics: [] } });
      const fixAll = actions.find((a) => a.kind === 'source.fixAll.iam-mfa-guard')!;
      assert.ok(fixAll.edit, 'the edit comes with the action');
    } finally {
      await plain.stop();
    }
  });

  it('source.fixAll.iam-mfa-guard fixes everything safe in one edit', async () => {
    const text = readVariant('trek10-force-mfa-2017-original.corrected.json');
    const uri = docUri('fixall.json');
    await client.open(uri, text, 'json', 1);
    const { diagnostics } = await client.diagnosticsFor(uri, 1);
    assert.ok(diagnostics.some((d) => d.severity === 1));
    const [fixAll, ...rest] = await actionsFor(uri, [], ['source.fixAll']);
    assert.equal(rest.length, 0);
    assert.equal(fixAll.kind, 'source.fixAll.iam-mfa-guard');
    const fixed = applyTextEdits(text, fixAll.edit!.changes![uri]);
    await client.change(uri, 2, fixed);
    const after = await client.diagnosticsFor(uri, 2);
    assert.ok(!after.diagnostics.some((d) => d.severity === 1), 'no error left');
    const again = await actionsFor(uri, [], ['source.fixAll.iam-mfa-guard']);
    assert.deepEqual(again, [], 'idempotent: nothing left to fix');
  });

  it('explains in the hover why a fixable finding has no fix (syntax errors in the file)', async () => {
    const text = readVariant('trek10-force-mfa-2017-original.txt');
    const uri = docUri('broken.json');
    await client.open(uri, text, 'json', 1);
    const { diagnostics } = await client.diagnosticsFor(uri, 1);
    const mfa001 = diagnostics.find((d) => d.code === 'MFA001')!;
    assert.deepEqual(await actionsFor(uri, [mfa001]), []);
    const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: mfa001.range.start });
    assert.match(hover.contents.value, /No quick-fix while the file has syntax errors/);
  });
});
