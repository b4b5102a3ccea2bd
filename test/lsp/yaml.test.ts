// CloudFormation YAML in the editor: diagnostics at the template's own lines, hovers, quick-fixes.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction } from 'vscode-languageserver/node';
import { REPO_ROOT } from '../testUtil';
import { LspClient, docUri, hoverText, rangeOf } from './harness';

describe('YAML templates over stdio', () => {
  let client: LspClient;
  const text = fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'infra', 'force-mfa-template.yaml'), 'utf8');
  const uri = docUri('template.yaml');
  before(async () => {
    client = await LspClient.start();
    await client.open(uri, text, 'yaml');
  });
  after(async () => {
    await client.stop();
  });

  it('publishes MFA001 and MFA003 on the template text', async () => {
    const { diagnostics } = await client.diagnosticsFor(uri, 1);
    assert.deepEqual(diagnostics.find((d) => d.code === 'MFA001')?.range, rangeOf(text, 'iam:*'));
    const bool = rangeOf(text, 'Bool:').start;
    assert.deepEqual(diagnostics.find((d) => d.code === 'MFA003')?.range, { start: bool, end: { line: bool.line, character: bool.character + 'Bool'.length } });
  });

  it('explains a finding on hover and fixes Bool in place', async () => {
    const { diagnostics } = await client.diagnosticsFor(uri, 1);
    const mfa003 = diagnostics.find((d) => d.code === 'MFA003')!;
    assert.match(hoverText(await client.hover(uri, mfa003.range.start)), /MFA003/);
    const [fix] = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: mfa003.range, context: { diagnostics: [mfa003], only: ['quickfix'] } });
    assert.deepEqual(fix.edit!.changes![uri], [{ range: mfa003.range, newText: 'BoolIfExists' }]);
  });

  it('leaves YAML without a policy alone', async () => {
    const other = docUri('workflow.yml');
    await client.open(other, 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n', 'yaml');
    assert.deepEqual((await client.diagnosticsFor(other, 1)).diagnostics, []);
  });
});

describe('a policy inside a Terraform JSON string, over stdio', () => {
  let client: LspClient;
  const text = fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'infra', 'terraform-plan.json'), 'utf8');
  const uri = docUri('plan.json');
  before(async () => {
    client = await LspClient.start();
    await client.open(uri, text);
  });
  after(async () => {
    await client.stop();
  });

  it('reports inside the string, explains on hover, and the quick-fix rewrites the string', async () => {
    const { diagnostics } = await client.diagnosticsFor(uri, 1);
    const mfa003 = diagnostics.find((d) => d.code === 'MFA003')!;
    assert.deepEqual(mfa003.range, rangeOf(text, '\\"NumericGreaterThan\\"'));
    assert.match(hoverText(await client.hover(uri, mfa003.range.start)), /MFA003/);
    const [fix] = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: mfa003.range, context: { diagnostics: [mfa003], only: ['quickfix'] } });
    const [edit] = fix.edit!.changes![uri];
    const policy = JSON.parse(JSON.parse(edit.newText)); // the string literal, then the policy in it
    assert.ok(JSON.stringify(policy).includes('NumericGreaterThanIfExists'));
  });
});
