// Which documents the server takes, settings that apply without a restart, and documents that
// must never take it down.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readVariant } from '../testUtil';
import { LspClient, docUri, positionOf } from './harness';

const MFA001_VARIANT = 'aws-docs-notaction-deny-all-users-not-using-mfa-2018-09.json';

describe('document selection and settings', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start({ settings: {} });
  });
  after(async () => {
    await client.stop();
  });

  it('gives a JSON file that holds no policy an empty list, and no hover, lens or completion', async () => {
    const text = JSON.stringify({ name: 'some-package', version: '1.0.0', scripts: { test: 'node --test' }, Effective: true }, null, 2);
    const uri = docUri('package.json');
    await client.open(uri, text);
    const { diagnostics } = await client.diagnosticsFor(uri, 1);
    assert.deepEqual(diagnostics, []);
    assert.equal(await client.hover(uri, positionOf(text, 'some-package', 2)), null);
    assert.deepEqual(await client.codeLens(uri), []);
    assert.deepEqual(await client.completion(uri, positionOf(text, 'node --test', 2)), []);
  });

  it('does not publish again for every keystroke in a non-policy file', async () => {
    const text = '{ "a": 1 }';
    const uri = docUri('data.json');
    await client.open(uri, text);
    await client.diagnosticsFor(uri, 1);
    const from = client.published.length;
    await client.change(uri, 2, '{ "a": 2 }');
    // A policy document opened after it is answered; the non-policy change was not.
    const marker = docUri('marker.json');
    await client.open(marker, readVariant(MFA001_VARIANT));
    await client.diagnosticsFor(marker, 1);
    assert.ok(!client.published.slice(from).some((p) => p.uri === uri));
  });

  it('applies per-rule severities and "off" from the settings, and a change of settings without a restart', async () => {
    const text = readVariant(MFA001_VARIANT);
    client.settings = { rules: { MFA009: 'off', MFA001: 'warning' } };
    await client.changeSettings(client.settings);
    const uri = docUri('settings.json');
    await client.open(uri, text);
    const first = await client.diagnosticsFor(uri, 1);
    assert.deepEqual(
      first.diagnostics.map((d) => [d.code, d.severity]),
      [
        ['MFA007', 3],
        ['MFA001', 2],
      ],
    );
    const from = client.published.length;
    await client.changeSettings({ rules: { MFA007: 'off' } });
    const second = await client.waitForDiagnostics(uri, () => true, 15000, from);
    assert.deepEqual(
      second.diagnostics.map((d) => [d.code, d.severity]),
      [
        ['MFA001', 1],
        ['MFA009', 3],
      ],
    );
    await client.changeSettings({});
  });

  it('honours exclude globs and enable: false', async () => {
    const text = readVariant(MFA001_VARIANT);
    await client.changeSettings({ exclude: ['**/legacy/**'] });
    const excluded = docUri('legacy/old.json');
    await client.open(excluded, text);
    assert.deepEqual((await client.diagnosticsFor(excluded, 1)).diagnostics, []);
    assert.equal(await client.hover(excluded, positionOf(text, 'iam:*', 1)), null);

    const from = client.published.length;
    await client.changeSettings({ enable: false });
    const other = docUri('other.json');
    await client.open(other, text);
    assert.deepEqual((await client.diagnosticsFor(other, 1)).diagnostics, []);

    await client.changeSettings({});
    const back = await client.waitForDiagnostics(other, (p) => p.diagnostics.length > 0, 15000, from);
    assert.ok(back.diagnostics.some((d) => d.code === 'MFA001'), 're-enabled without a restart');
  });

  it('forces a file by include glob even when the core finds no policy in it', async () => {
    const text = '{ "Statement": 5, "Effect": ';
    const uri = docUri('drafts/forced.json');
    await client.changeSettings({ include: ['drafts/**', '**/drafts/**'] });
    await client.open(uri, text);
    const forced = await client.diagnosticsFor(uri, 1);
    assert.ok(forced.diagnostics.some((d) => d.code === 'IAM001'), 'the syntax error of a forced file is shown');
    await client.changeSettings({});
    const plain = docUri('plain/notforced.json');
    await client.open(plain, text);
    assert.deepEqual((await client.diagnosticsFor(plain, 1)).diagnostics, []);
  });

  it('falls back to pushed settings for a client without workspace/configuration', async () => {
    const pushed = await LspClient.start({ capabilities: {}, initializationOptions: { settings: { rules: { MFA001: 'hint' } } } });
    try {
      const text = readVariant(MFA001_VARIANT);
      const uri = docUri('pushed.json');
      await pushed.open(uri, text);
      const { diagnostics } = await pushed.diagnosticsFor(uri, 1);
      assert.equal(diagnostics.find((d) => d.code === 'MFA001')?.severity, 4);
      const from = pushed.published.length;
      await pushed.changeSettings(null, { iamMfaGuard: { rules: { MFA001: 'off' } } });
      const next = await pushed.waitForDiagnostics(uri, () => true, 15000, from);
      assert.ok(!next.diagnostics.some((d) => d.code === 'MFA001'));
    } finally {
      await pushed.stop();
    }
  });
});

describe('robustness', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(async () => {
    await client.stop();
  });

  const MALFORMED: Record<string, string> = {
    'truncated policy': '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Deny", "NotAction": [ "iam:*", ',
    'deep nesting': '{ "Statement": ' + '['.repeat(5000) + ']'.repeat(10),
    'deep objects': '{ "Statement": [ { "Condition": ' + '{ "a": '.repeat(3000) + '1' + ' }'.repeat(3000) + ' } ] }',
    'binary junk': '{"Statement":"\u0000\u0001\uFFFF\uD800' + String.fromCharCode(...Array.from({ length: 200 }, (_, i) => (i * 7919) % 65536)),
    'wrong types everywhere': '{ "Version": 5, "Statement": [ 1, "two", null, { "Effect": [], "Action": {}, "Condition": [ { "Bool": 1 } ], "Resource": 3 } ] }',
    'operators and keys of the wrong shape': '{ "Statement": { "Effect": "Deny", "Action": "*", "Condition": { "Bool": "x", "Null": [ "aws:MultiFactorAuthAge", "true" ], "": { "": [] } } } }',
    // IAM's own limit is 10 KB per policy; this is ~50 KB of wildcards on one line.
    'huge single line': '{ "Statement": [ { "Effect": "Deny", "Action": [' + Array.from({ length: 3000 }, (_, i) => `"s3:Get${i}*"`).join(',') + '], "Resource": "*" } ] }',
    'empty': '',
    'only whitespace and a BOM': '\uFEFF  \n\t ',
  };

  for (const [name, text] of Object.entries(MALFORMED)) {
    it(`survives ${name}: answers diagnostics, hover, completion and lenses, then the next request`, async () => {
      const uri = docUri(`${name.replace(/\W+/g, '-')}.json`);
      await client.open(uri, text);
      await client.diagnosticsFor(uri, 1);
      const lastLine = Math.max(0, text.split('\n').length - 1);
      for (const position of [{ line: 0, character: 0 }, { line: 0, character: Math.min(40, text.length) }, { line: lastLine, character: 10_000 }, { line: 999, character: 0 }]) {
        await client.hover(uri, position);
        await client.completion(uri, position);
      }
      await client.codeLens(uri);
      // A change is analysed too (a policy gets diagnostics for it, anything else need not):
      // the hover that follows waits for that analysis.
      await client.change(uri, 2, text + '}');
      await client.hover(uri, { line: 0, character: 1 });
      assert.ok(client.alive, 'the server is still running');
      // The next, ordinary request is answered.
      const ok = docUri('after.json');
      const policy = readVariant(MFA001_VARIANT);
      await client.open(ok, policy);
      const { diagnostics } = await client.diagnosticsFor(ok, 1);
      assert.ok(diagnostics.some((d) => d.code === 'MFA001'));
    });
  }

  it('answers requests about documents it never saw with null or empty lists', async () => {
    const uri = 'file:///never/opened.json';
    assert.equal(await client.hover(uri, { line: 0, character: 0 }), null);
    assert.deepEqual(await client.completion(uri, { line: 0, character: 0 }), []);
    assert.deepEqual(await client.codeLens(uri), []);
    assert.equal(await client.request('workspace/executeCommand', { command: 'iamMfaGuard.showReachable', arguments: [{ uri }] }), null);
    assert.equal(await client.request('workspace/executeCommand', { command: 'iamMfaGuard.showReachable', arguments: ['nonsense'] }), null);
    assert.ok(client.alive);
  });
});
