// Hovers over stdio: a statement in the three request contexts, a finding's explanation, an
// action and a wildcard, a condition operator and key.
import assert from 'node:assert/strict';
import { FINDING_HOVER_MAX } from '../../server/src/core/service/hover';
import { after, before, describe, it } from 'node:test';
import { expandActionPattern } from '../../server/src/core/analysis/actionSet';
import { formatCount } from '../../server/src/core/explain/text';
import { readVariant } from '../testUtil';
import { LspClient, docUri, hoverText, positionOf, rangeOf } from './harness';

describe('hover over stdio', () => {
  let client: LspClient;
  const iamCount = formatCount(expandActionPattern('iam:*').count());
  const notAction = readVariant('aws-docs-notaction-deny-all-users-not-using-mfa-2018-09.json');
  const boolFalse = JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [{ Sid: 'DenyWithoutMFA', Effect: 'Deny', NotAction: ['iam:GetUser', 'iam:ListMFADevices'], Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } }],
    },
    null,
    2,
  );
  const trek10 = readVariant('trek10-force-mfa-2017-improved.txt');
  const uris = { notAction: docUri('notaction.json'), boolFalse: docUri('bool.json'), trek10: docUri('trek10.json') };

  before(async () => {
    client = await LspClient.start();
    await client.open(uris.notAction, notAction);
    await client.open(uris.boolFalse, boolFalse);
    await client.open(uris.trek10, trek10);
    await Promise.all(Object.values(uris).map((u) => client.diagnosticsFor(u, 1)));
  });
  after(async () => {
    await client.stop();
  });

  it('on a Sid: one plain sentence per request context', async () => {
    const hover = await client.hover(uris.notAction, positionOf(notAction, 'DenyAllUsersNotUsingMFA', 3));
    const text = hoverText(hover);
    assert.match(text, /\*\*Statement `DenyAllUsersNotUsingMFA` \(Deny\)\*\*/);
    assert.ok(
      text.includes(`Denies every action except the ${iamCount} matching \`iam:*\`, on any resource, whenever the request was not MFA-authenticated — including long-term access keys.`),
      text,
    );
    assert.ok(text.includes(`- **Long-term access key (CLI/SDK, no MFA):** Denies every action except the ${iamCount} matching \`iam:*\`, on any resource — \`aws:MultiFactorAuthPresent\` is absent, and \`BoolIfExists\` matches a missing key.`), text);
    assert.ok(text.includes('- **Session without MFA:** Denies every action except'), text);
    assert.ok(text.includes('- **MFA session:** Does not apply — `aws:MultiFactorAuthPresent` is "true", which does not match `BoolIfExists` "false".'), text);
    assert.deepEqual(hover!.range, rangeOf(notAction, '"DenyAllUsersNotUsingMFA"'));
  });

  it('on the Effect and on the statement brace too; Bool "false" misses access keys, in words', async () => {
    const onEffect = hoverText(await client.hover(uris.boolFalse, positionOf(boolFalse, '"Deny"', 2)));
    assert.ok(onEffect.includes('Denies every action except the 2 listed, on any resource, only in sessions signed in without MFA — not for long-term access keys (CLI/SDK), which carry no MFA key.'), onEffect);
    assert.ok(onEffect.includes('- **Long-term access key (CLI/SDK, no MFA):** Does not apply — `aws:MultiFactorAuthPresent` is absent, and `Bool` does not match a missing key.'), onEffect);
    const brace = boolFalse.indexOf('{', boolFalse.indexOf('"Statement"'));
    const onBrace = hoverText(await client.hover(uris.boolFalse, positionOf(boolFalse, '{', 0, boolFalse.slice(0, brace + 1).split('{').length - 1)));
    assert.ok(onBrace.includes('**Statement `DenyWithoutMFA` (Deny)**'), onBrace);
  });

  it('on a finding: what it means here, the attack in one line, the fix, the rule page — and not the message again', async () => {
    const text = hoverText(await client.hover(uris.notAction, positionOf(notAction, '"iam:*"', 3)));
    const finding = text.split('\n\n---\n\n')[0];
    assert.ok(finding.startsWith('**MFA001 · NotAction exemption lets IAM administration through without MFA**'), finding);
    assert.match(finding, /\*\*Here:\*\* Affects long-term access keys \(CLI\/SDK\) and sessions signed in without MFA, in statement `DenyAllUsersNotUsingMFA`\./);
    assert.match(finding, /\*\*Attack:\*\* .*aws iam create-access-key/);
    assert.match(finding, /\*\*Fix:\*\* Replace the wildcard with an explicit allowlist\. Quick fix \(Ctrl\+\.\): \*Replace "iam:\\\*" with/);
    assert.ok(finding.includes('[Rule page: MFA001](https://github.com/iam-mfa-guard/iam-mfa-guard/blob/main/docs/rules/MFA001.md)'));
    assert.ok(finding.length < FINDING_HOVER_MAX, `${finding.length} characters`);
    const { diagnostics } = await client.diagnosticsFor(uris.notAction, 1);
    const message = diagnostics.find((d) => d.code === 'MFA001')!.message;
    assert.ok(!text.includes(message.slice(0, 60)) && !text.includes('detach this very policy'), 'the diagnostic message is not repeated');
    assert.doesNotMatch(text, /Trek10|Duo|retrievable|inferred|reconstructed|Variants|aws-docs-[a-z0-9-]+-20\d\d/, 'no research notes or variant ids');
    assert.ok(!/\]\(MFA\d{3}\.md\)/.test(text), 'links between rule pages are made absolute');
  });

  it('every rule finding on every published variant: a short hover without research notes', async () => {
    const { lint } = await import('../../server/src/core/lint');
    const { provideHover } = await import('../../server/src/core/service/hover');
    const fs = await import('node:fs');
    const path = await import('node:path');
    const { VARIANTS_DIR } = await import('../testUtil');
    const seen = new Set<string>();
    for (const file of fs.readdirSync(VARIANTS_DIR).filter((f) => f.endsWith('.json'))) {
      const result = lint(fs.readFileSync(path.join(VARIANTS_DIR, file), 'utf8'), { rules: { MFA010: 'hint' } });
      for (const f of result.findings) {
        const hover = provideHover(result, f.range.start)!.markdown.split('\n\n---\n\n')[0];
        seen.add(f.rule);
        assert.ok(hover.length < FINDING_HOVER_MAX, `${f.rule} in ${file}: ${hover.length} characters`);
        assert.ok(!hover.includes(f.message.slice(0, 50)), `${f.rule} in ${file} repeats its message`);
        assert.doesNotMatch(hover, /retrievable|inferred|reconstructed|Variants \(flaw|\bflaw [A-L]\b/, `${f.rule} in ${file}`);
      }
    }
    assert.ok(seen.size >= 12, [...seen].join(', '));
  });

  it('on a wildcard: how many actions it covers, examples, and the MFA sets', async () => {
    const text = hoverText(await client.hover(uris.notAction, positionOf(notAction, '"iam:*"', 3)));
    assert.ok(text.includes(`**\`iam:*\`** covers ${iamCount} actions of AWS Identity and Access Management (IAM)`), text);
    assert.match(text, /For example `iam:DetachUserPolicy`/);
    assert.match(text, /Of these, \d+ must never work without MFA and 7 are in the self-service set\./);
    assert.match(text, /Without MFA under this policy: \*\*all\*\* reachable with a long-term access key/);
  });

  it('on an action: service, access level, description from iam-data, and its MFA set', async () => {
    const text = hoverText(await client.hover(uris.trek10, positionOf(trek10, '"iam:DeactivateMFADevice"', 5, 2)));
    assert.ok(text.includes('**`iam:DeactivateMFADevice`** — AWS Identity and Access Management (IAM) · Write'), text);
    assert.match(text, /Grants permission to deactivate the specified MFA device/);
    assert.match(text, /\*\*Never without MFA\*\*: with a stolen key it removes the owner's MFA device/);
    const selfService = hoverText(await client.hover(uris.trek10, positionOf(trek10, '"iam:EnableMFADevice"', 5, 2)));
    assert.match(selfService, /In the \*\*self-service set\*\*/);
  });

  it('on a condition operator: what it does when the key is absent, per request context', async () => {
    const ifExists = hoverText(await client.hover(uris.notAction, positionOf(notAction, 'BoolIfExists', 2)));
    assert.match(ifExists, /\*\*When the key is absent:\*\* \*\*Matches\.\*\*/);
    assert.ok(ifExists.includes('| Long-term access key (CLI/SDK, no MFA) | absent | matches |'), ifExists);
    assert.ok(ifExists.includes('| MFA session | "true" | does not match |'), ifExists);
    const plain = hoverText(await client.hover(uris.boolFalse, positionOf(boolFalse, '"Bool"', 2)));
    assert.match(plain, /\*\*When the key is absent:\*\* \*\*Does not match\.\*\*/);
    assert.ok(plain.includes('| Long-term access key (CLI/SDK, no MFA) | absent | does not match |'), plain);
  });

  it('on a condition key: when a request carries it', async () => {
    const text = hoverText(await client.hover(uris.notAction, positionOf(notAction, 'aws:MultiFactorAuthPresent', 4)));
    assert.match(text, /\*\*`aws:MultiFactorAuthPresent`\*\* — global condition key · Bool/);
    assert.match(text, /\*\*Absent\*\* from requests signed with long-term access keys/);
  });

  it('on "Statement": the policy summary', async () => {
    const text = hoverText(await client.hover(uris.notAction, positionOf(notAction, '"Statement"', 3)));
    assert.match(text, new RegExp(`Without MFA — access key: ${iamCount} IAM actions reachable \\(\\d+ change permissions or credentials\\), including iam:DetachUserPolicy · session: same`));
  });

  it('nothing on whitespace between statements', async () => {
    const hover = await client.hover(uris.boolFalse, { line: 0, character: 1 });
    assert.equal(hover, null);
  });
});
