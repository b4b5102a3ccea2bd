// Diagnostics over stdio, as an editor sees them: ids, exact ranges, severities, links,
// related information, data for quick-fixes; updates on change; only the latest version.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver/node';
import { lint } from '../../server/src/core/lint';
import { ruleDocsUrl } from '../../server/src/shared/ruleDocs';
import { AWS_EXEMPTION, readVariant } from '../testUtil';
import { LspClient, docUri, rangeOf } from './harness';

const ERROR = 1;
const WARNING = 2;
const INFORMATION = 3;

const summary = (d: Diagnostic) => ({ code: d.code, severity: d.severity, range: d.range });

describe('diagnostics over stdio', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(async () => {
    await client.stop();
  });

  it('publishes MFA001 on the NotAction "iam:*" entry of the IAM User Guide example, with its link, source and data', async () => {
    const text = readVariant('aws-docs-notaction-deny-all-users-not-using-mfa-2018-09.json');
    const uri = docUri('notaction.json');
    await client.open(uri, text);
    const { diagnostics, version } = await client.diagnosticsFor(uri, 1);
    assert.equal(version, 1);
    assert.deepEqual(diagnostics.map(summary), [
      { code: 'MFA007', severity: INFORMATION, range: rangeOf(text, '"NotAction"') },
      { code: 'MFA001', severity: ERROR, range: rangeOf(text, '"iam:*"') },
      { code: 'MFA009', severity: INFORMATION, range: rangeOf(text, '"iam:*"') },
    ]);
    const mfa001 = diagnostics.find((d) => d.code === 'MFA001')!;
    assert.equal(mfa001.source, 'iam-mfa-guard');
    assert.equal(mfa001.codeDescription?.href, ruleDocsUrl('MFA001'));
    assert.match(mfa001.message, /iam:DetachUserPolicy/);
    const data = mfa001.data as Record<string, unknown>;
    assert.equal(data.rule, 'MFA001');
    assert.equal(data.entry, 'iam:*');
    assert.deepEqual(data.contexts, ['access-key', 'no-mfa-session']);
  });

  it('matches the core finding for finding, message for message', async () => {
    const text = readVariant('trek10-force-mfa-2017-improved.txt');
    const uri = docUri('trek10.json');
    await client.open(uri, text);
    const { diagnostics } = await client.diagnosticsFor(uri, 1);
    const expected = lint(text).findings;
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.message]),
      expected.map((f) => [f.rule, f.message]),
    );
  });

  it('recovers from the invalid JSON Trek10 published and still reports the MFA flaws after it', async () => {
    const text = readVariant('trek10-force-mfa-2017-improved.txt');
    const uri = docUri('trek10-recovery.json');
    await client.open(uri, text);
    const { diagnostics } = await client.diagnosticsFor(uri, 1);
    // `"Null": [ "aws:MultiFactorAuthAge": "true" ]` — the colon inside the array is the error.
    const colon = text.indexOf('"aws:MultiFactorAuthAge": "true" ]') + '"aws:MultiFactorAuthAge"'.length;
    const syntax = diagnostics.filter((d) => d.code === 'IAM001');
    assert.ok(syntax.length >= 1, 'a JSON syntax error is reported');
    for (const d of syntax) {
      assert.equal(d.severity, ERROR);
      assert.deepEqual(d.range, rangeOf(text, ':', text.slice(0, colon + 1).split(':').length - 1));
    }
    // Findings before and after the syntax error: the rest of the document is still analysed.
    const deactivate = diagnostics.filter((d) => d.code === 'MFA002');
    assert.deepEqual(
      deactivate.map((d) => d.range),
      [rangeOf(text, '"iam:DeactivateMFADevice"', 1), rangeOf(text, '"iam:DeactivateMFADevice"', 2)],
    );
    assert.ok(deactivate.every((d) => d.severity === ERROR));
    const sid = diagnostics.find((d) => d.code === 'MFA012');
    assert.deepEqual(sid && summary(sid), { code: 'MFA012', severity: WARNING, range: rangeOf(text, '"DenyIamAccessToOtherAccountsUnlessMFAd"') });
  });

  it('points relatedInformation at the other statement involved', async () => {
    const text = readVariant('trek10-force-mfa-2017-improved.txt');
    const uri = docUri('related.json');
    await client.open(uri, text);
    const { diagnostics } = await client.diagnosticsFor(uri, 1);
    const withRelated = diagnostics.filter((d) => d.relatedInformation?.length);
    assert.ok(withRelated.length > 0, 'some finding names another statement');
    const expected = lint(text).findings.filter((f) => f.related?.length);
    for (const [i, d] of withRelated.entries()) {
      assert.equal(d.relatedInformation![0].location.uri, uri);
      assert.equal(d.relatedInformation![0].message, expected[i].related![0].message);
    }
  });

  it('updates on change: the fixed exemption drops MFA001, and the version is the new one', async () => {
    const text = readVariant('aws-docs-notaction-deny-all-users-not-using-mfa-2018-09.json');
    const uri = docUri('change.json');
    await client.open(uri, text);
    await client.diagnosticsFor(uri, 1);
    const fixed = text.replace('"iam:*"', JSON.stringify(AWS_EXEMPTION));
    await client.change(uri, 2, fixed);
    const { diagnostics } = await client.diagnosticsFor(uri, 2);
    assert.ok(!diagnostics.some((d) => d.code === 'MFA001'));
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      lint(fixed).findings.map((f) => f.rule),
    );
    // And back: the error returns at its place.
    await client.change(uri, 3, text);
    const again = await client.diagnosticsFor(uri, 3);
    assert.deepEqual(again.diagnostics.find((d) => d.code === 'MFA001')?.range, rangeOf(text, '"iam:*"'));
  });

  it('answers only the latest of several quick changes', async () => {
    const text = readVariant('aws-docs-notaction-deny-all-users-not-using-mfa-2018-09.json');
    const uri = docUri('burst.json');
    await client.open(uri, text);
    await client.diagnosticsFor(uri, 1);
    const from = client.published.length;
    for (let v = 2; v <= 6; v++) await client.change(uri, v, text.replace('"Resource": "*"', `"Resource": "arn:aws:s3:::bucket-${v}"`));
    await client.diagnosticsFor(uri, 6);
    const versions = client.published.slice(from).filter((p) => p.uri === uri).map((p) => p.version);
    assert.deepEqual(versions, [6], 'intermediate versions are never published');
  });

  it('publishes diagnostics without Unnecessary tags or related information to a client that does not take them', async () => {
    const plain = await LspClient.start({ capabilities: { workspace: { configuration: true } } });
    try {
      const text = readVariant('trek10-force-mfa-2017-improved.txt');
      const uri = docUri('plain.json');
      await plain.open(uri, text);
      const { diagnostics } = await plain.diagnosticsFor(uri, 1);
      assert.ok(diagnostics.length > 0);
      assert.ok(diagnostics.every((d) => !d.relatedInformation && !d.codeDescription && !d.tags));
      assert.ok(diagnostics.every((d) => typeof d.code === 'string' && d.source === 'iam-mfa-guard'));
    } finally {
      await plain.stop();
    }
  });

  it('clears the diagnostics of a closed document', async () => {
    const text = readVariant('aws-docs-notaction-deny-all-users-not-using-mfa-2018-09.json');
    const uri = docUri('closed.json');
    await client.open(uri, text);
    await client.diagnosticsFor(uri, 1);
    const from = client.published.length;
    await client.close(uri);
    const cleared = await client.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0, 15000, from);
    assert.deepEqual(cleared.diagnostics, []);
  });
});
