import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from '../../server/src/core/parse/parseDocument';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findings, readVariant, REPO_ROOT, VARIANTS_DIR } from '../testUtil';

const doc = { Version: '2012-10-17', Statement: [{ Sid: 'S', Effect: 'Deny', NotAction: 'iam:*', Resource: '*' }] };

describe('finding policies in a document', () => {
  it('reads a bare policy document with ranges that point at the source text', () => {
    const text = JSON.stringify(doc, null, 2);
    const [p] = parseDocument(text).policies;
    assert.equal(p.shape, 'document');
    assert.equal(text.slice(p.version!.range.start, p.version!.range.end), '"2012-10-17"');
    const s = p.statements[0];
    assert.equal(text.slice(s.notAction!.values[0].range.start, s.notAction!.values[0].range.end), '"iam:*"');
    assert.equal(text.slice(s.sid!.range.start, s.sid!.range.end), '"S"');
  });

  for (const [name, wrapped, path] of [
    ['PolicyDocument wrapper', { PolicyName: 'x', PolicyDocument: doc }, ['PolicyDocument']],
    ['Policy wrapper', { Policy: doc }, ['Policy']],
    ['AWS CLI get-policy-version output', { PolicyVersion: { Document: doc, VersionId: 'v1', IsDefaultVersion: true } }, ['PolicyVersion', 'Document']],
  ] as const) {
    it(`finds the policy inside a ${name}`, () => {
      const { policies } = parseDocument(JSON.stringify(wrapped));
      assert.equal(policies.length, 1);
      assert.deepEqual(policies[0].path, path);
    });
  }

  it('reads a bare statement fragment', () => {
    const { policies } = parseDocument(JSON.stringify(doc.Statement[0]));
    assert.equal(policies[0].shape, 'statement-fragment');
    assert.equal(policies[0].statements[0].effect?.value, 'Deny');
  });

  it('reads statement properties pasted without braces, and says so', () => {
    const text = '"Effect": "Deny",\n"NotAction": "iam:*",\n"Resource": "*",\n"Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}';
    const found = findings(text);
    assert.ok(found.some((f) => f.rule === 'IAM001' && /without the surrounding/.test(f.message)));
    const mfa001 = found.find((f) => f.rule === 'MFA001');
    assert.equal(mfa001?.text, '"iam:*"', 'ranges still point into the original text');
  });

  it('reads a policy published with line numbers', () => {
    const text = readVariant('aws-docs-s3-bucket-policy-require-mfa-and-age-2021.txt');
    const { policies, problems } = parseDocument(text);
    assert.equal(policies.length, 1);
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /Line numbers/);
  });

  it('a non-policy JSON document has no policies and no problems', () => {
    const { policies, problems } = parseDocument('{"name": "my-app", "version": "1.0.0", "dependencies": {}}');
    assert.equal(policies.length, 0);
    assert.equal(problems.length, 0);
  });
});

describe('tolerance', () => {
  it("reports Trek10's `\"Null\": [ \"k\": \"v\" ]` at the colon and still reads the condition", () => {
    const text = readVariant('trek10-force-mfa-2017-improved.txt');
    const syntax = findings(text).filter((f) => f.rule === 'IAM001');
    assert.ok(syntax.length >= 1);
    assert.ok(syntax.every((f) => f.text === ':'), 'points at the colon inside the brackets');
    const deny = parseDocument(text).policies[0].statements.find((s) => s.sid?.value === 'DenyEverythingExceptForBelowUnlessMFAd')!;
    const key = deny.condition!.operators[0].keys[0];
    assert.equal(key.name, 'aws:MultiFactorAuthAge');
    assert.equal(key.values[0].value, 'true');
  });

  it('reports wrong types and keeps analysing the other statements', () => {
    const text = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 5, Resource: '*' },
        { Effect: 'Deny', NotAction: 'iam:*', Resource: '*', Condition: [] },
        { Effect: 'Deny', NotAction: 'iam:*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } },
        'not a statement',
      ],
    });
    const found = findings(text);
    const wrongType = found.filter((f) => f.rule === 'IAM002').map((f) => f.text);
    assert.deepEqual(wrongType, ['5', '[]', '"not a statement"']);
    assert.ok(found.some((f) => f.rule === 'MFA001'), 'the valid statement is still analysed');
  });

  it('survives "Statement": {} and deep nesting', () => {
    assert.doesNotThrow(() => findings('{"Version": "2012-10-17", "Statement": {}}'));
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    assert.doesNotThrow(() => findings(deep));
  });

  it('puts an error at the end of a truncated document inside the text', () => {
    const text = '{"Version": "2012-10-17", "Statement": [';
    const found = findings(text).filter((f) => f.rule === 'IAM001');
    assert.ok(found.length > 0);
    for (const f of found) assert.ok(f.range.start < text.length && f.range.end <= text.length && f.range.end > f.range.start);
  });
});

describe('streaming location of policies in large texts', () => {
  const fixtures = path.join(REPO_ROOT, 'test', 'fixtures');
  const documents: [string, string][] = [
    ...fs.readdirSync(VARIANTS_DIR).filter((f) => f.endsWith('.json')).map((f): [string, string] => [f, fs.readFileSync(path.join(VARIANTS_DIR, f), 'utf8')]),
    ...fs.readdirSync(fixtures).filter((f) => f.endsWith('.json')).map((f): [string, string] => [f, fs.readFileSync(path.join(fixtures, f), 'utf8')]),
    ...['force-mfa.tf.json', 'terraform-plan.json', 'policy-document.tf.json'].map((f): [string, string] => [f, fs.readFileSync(path.join(fixtures, 'infra', f), 'utf8')]),
  ];
  const template = JSON.stringify({
    Resources: Object.fromEntries(
      documents.slice(0, 30).map(([name, text], i) => [`R${i}`, { Type: 'AWS::IAM::ManagedPolicy', Metadata: { name }, Properties: { PolicyDocument: JSON.parse(text) } }]),
    ),
    Outputs: { Policy: { Value: JSON.stringify(JSON.parse(documents[0][1])) } },
  }, null, 2);
  documents.push(['synthetic template', template]);

  for (const [name, text] of documents) {
    it(`${name}: the same policies, ranges and problems as the whole-text parse`, () => {
      const whole = parseDocument(text, { streaming: false });
      const streamed = parseDocument(text, { streaming: true });
      assert.deepEqual(JSON.parse(JSON.stringify(streamed.policies)), JSON.parse(JSON.stringify(whole.policies)));
      assert.deepEqual(streamed.problems, whole.problems);
    });
  }

  it('the synthetic template holds its 30 policies and the one in a string', () => {
    assert.equal(parseDocument(template, { streaming: true }).policies.length, 31);
  });
});
