// Terraform `.tf` files over stdio, as an editor with HashiCorp's extension (language id
// "terraform") or without it (a `.tf` file under another id) sees them.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, CodeLens, Diagnostic, TextEdit } from 'vscode-languageserver/node';
import { lint } from '../../server/src/core/lint';
import { loadHclParser } from '../../server/src/core/parse/hcl/hclParser';
import { parsesAsHcl, REPO_ROOT } from '../testUtil';
import { applyTextEdits, LspClient, docUri, hoverText, positionOf, rangeOf } from './harness';

const FORMS = fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'hcl', 'forms', 'main.tf'), 'utf8');

describe('Terraform over stdio', () => {
  let client: LspClient;
  before(async () => {
    await loadHclParser();
    client = await LspClient.start();
  });
  after(async () => {
    await client.stop();
  });

  const actionsFor = (uri: string, diagnostics: Diagnostic[], only?: string[]) =>
    client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics, only } });

  it('publishes the same findings as the core, at the HCL ranges, for language id "terraform"', async () => {
    const uri = docUri('main.tf');
    await client.open(uri, FORMS, 'terraform');
    const { diagnostics } = await client.diagnosticsFor(uri, 1);
    const expected = lint(FORMS, { format: 'hcl' }).findings;
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.message]),
      expected.map((f) => [f.rule, f.message]),
    );
    const mfa003 = diagnostics.filter((d) => d.code === 'MFA003');
    assert.deepEqual(mfa003[0].range, rangeOf(FORMS, 'Bool = {'.slice(0, 4)));
    assert.deepEqual(mfa003[2].range, rangeOf(FORMS, '"Bool"'));
  });

  it('reads a .tf opened under another language id (no Terraform extension installed)', async () => {
    const uri = docUri('plain.tf');
    await client.open(uri, FORMS, 'plaintext');
    const { diagnostics } = await client.diagnosticsFor(uri, 1);
    assert.equal(diagnostics.length, lint(FORMS, { format: 'hcl' }).findings.length);
  });

  it('hovers: a finding, an action inside jsonencode, an unknown value, a file() reference', async () => {
    const uri = docUri('hover.tf');
    await client.open(uri, FORMS, 'terraform');
    await client.diagnosticsFor(uri, 1);
    const onBool = hoverText(await client.hover(uri, positionOf(FORMS, 'Bool = {', 1)));
    assert.match(onBool, /\*\*MFA003/);
    const onAction = hoverText(await client.hover(uri, positionOf(FORMS, '"iam:DeactivateMFADevice"', 3)));
    assert.match(onAction, /MFA002/);
    assert.match(onAction, /iam:DeactivateMFADevice/);
    const onUnknown = hoverText(await client.hover(uri, positionOf(FORMS, 'var.extra_exempt_action', 2)));
    assert.match(onUnknown, /\*\*Unknown value\*\* in `NotAction`: `var\.extra_exempt_action`/);
    assert.match(onUnknown, /no finding rests on it/);
    const onFile = hoverText(await client.hover(uri, positionOf(FORMS, 'file("${path.module}', 2)));
    assert.match(onFile, /Policy read from `policies\/self-manage\.json`/);
    const onReference = hoverText(await client.hover(uri, positionOf(FORMS, 'data.aws_iam_policy_document.force_mfa.json', 5)));
    const line = FORMS.slice(0, FORMS.indexOf('data "aws_iam_policy_document" "force_mfa"')).split('\n').length;
    assert.match(onReference, new RegExp(`Policy from \`data\\.aws_iam_policy_document\\.force_mfa\`\\*\\* \\(line ${line}\\) — checked there: \\d+ findings`));
  });

  it('quick-fixes write valid HCL: test = "BoolIfExists", and fix-all on the module', async () => {
    const uri = docUri('fix.tf');
    await client.open(uri, FORMS, 'terraform');
    const { diagnostics } = await client.diagnosticsFor(uri, 1);
    const dataSourceBool = diagnostics.filter((d) => d.code === 'MFA003')[2];
    const [action] = await actionsFor(uri, [dataSourceBool], ['quickfix']);
    assert.equal(action.title, 'Change "Bool" to "BoolIfExists"');
    const fixed = applyTextEdits(FORMS, action.edit!.changes![uri]);
    assert.ok(parsesAsHcl(fixed));
    assert.match(fixed, /test {5}= "BoolIfExists"\n {6}variable = "aws:MultiFactorAuthPresent"/);
    await client.change(uri, 2, fixed);
    const after = await client.diagnosticsFor(uri, 2);
    assert.equal(after.diagnostics.filter((d) => d.code === 'MFA003').length, 2);
    const all = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: after.diagnostics[0].range, context: { diagnostics: after.diagnostics, only: ['source.fixAll.iam-mfa-guard'] } });
    assert.equal(all.length, 1);
    const resolved = all[0].edit ? all[0] : await client.request<CodeAction>('codeAction/resolve', all[0]);
    const everything = applyTextEdits(fixed, resolved.edit!.changes![uri]);
    assert.ok(parsesAsHcl(everything));
    assert.ok(lint(everything, { format: 'hcl' }).findings.filter((f) => f.severity === 'error').length < after.diagnostics.filter((d) => d.severity === 1).length);
  });

  it('shows the per-policy code lens above each Terraform policy', async () => {
    const uri = docUri('lens.tf');
    await client.open(uri, FORMS, 'terraform');
    await client.diagnosticsFor(uri, 1);
    const lenses = (await client.codeLens(uri)) as CodeLens[];
    assert.ok(lenses.length >= 5, `${lenses.length} lenses`);
    assert.ok(lenses.every((l) => l.command?.title));
  });

  it('leaves a .tf without a policy alone', async () => {
    const uri = docUri('variables.tf');
    const text = fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'hcl', 'forms', 'variables.tf'), 'utf8');
    await client.open(uri, text, 'terraform');
    const { diagnostics } = await client.diagnosticsFor(uri, 1);
    assert.deepEqual(diagnostics, []);
  });
});

describe('Terraform completion over stdio', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(async () => {
    await client.stop();
  });

  it('offers actions in not_actions and jsonencode NotAction, operators in test, keys in variable — while typing', async () => {
    const typing = FORMS.replace('"iam:ResyncMFADevice",\n      "iam:ChangePassword"', '"iam:Resync",\n      "iam:ChangePassword"').replace('NotAction = ["iam:*"]', 'NotAction = ["iam:Deac"]').replace('test     = "Bool"', 'test     = "BoolIf"');
    const uri = docUri('complete.tf');
    await client.open(uri, typing, 'terraform');
    await client.diagnosticsFor(uri, 1);
    const inDataSource = await client.completion(uri, positionOf(typing, '"iam:Resync"', 11));
    assert.ok(inDataSource.some((c) => c.label === 'iam:ResyncMFADevice'), 'not_actions entry');
    const item = inDataSource.find((c) => c.label === 'iam:ResyncMFADevice')!;
    const quoted = rangeOf(typing, '"iam:Resync"');
    assert.deepEqual((item.textEdit as TextEdit).range, { start: { ...quoted.start, character: quoted.start.character + 1 }, end: { ...quoted.end, character: quoted.end.character - 1 } });
    const inJsonencode = await client.completion(uri, positionOf(typing, '"iam:Deac"', 9));
    assert.ok(inJsonencode.some((c) => c.label === 'iam:DeactivateMFADevice'), 'jsonencode NotAction entry');
    const inTest = await client.completion(uri, positionOf(typing, '"BoolIf"', 7));
    assert.ok(inTest.some((c) => c.label === 'BoolIfExists'));
    const inVariable = await client.completion(uri, positionOf(typing, 'variable = "aws:Multi', 'variable = "aws:Multi'.length));
    assert.ok(inVariable.some((c) => c.label === 'aws:MultiFactorAuthPresent'));
    const onName = await client.completion(uri, positionOf(typing, '"force-mfa-bare"', 3));
    assert.deepEqual(onName, [], 'a name is not a policy element');
  });
});
