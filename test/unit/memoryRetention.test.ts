// The core's caches outlive every text they see: an editor sends a new 1 MB text per edit, and a
// name cached as a slice of one (V8 slices strings without copying) kept that whole text alive.
// Each format is edited N times with names that change each time; after a full collection the
// heap must not hold the old texts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { lint, prepareLint, type LintOptions } from '../../server/src/core';

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

const EDITS = 12;
const FILLER = 'x'.repeat(1_000_000);

/** Heap growth, in MB, across `EDITS` lints of a 1 MB text whose names change at each edit. */
async function retainedMb(textAt: (edit: number) => string, options: LintOptions): Promise<number> {
  await prepareLint(textAt(0), options);
  lint(textAt(0), options); // catalog and parsers loaded before the baseline
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  for (let edit = 1; edit <= EDITS; edit++) {
    const result = lint(textAt(edit), options);
    assert.ok(result.analyses.length > 0, 'the policy was found');
  }
  collectGarbage();
  return (process.memoryUsage().heapUsed - before) / 1e6;
}

/** Names of 13 characters or more, each new at every edit: what typing produces. */
const statement = (edit: number) => ({
  Effect: 'Allow',
  Action: [`s3:GetObjectVersionForReplication${edit}`, `ec2:DescribeInstancesLongName${edit}`, `s3:Get*${'x'.repeat(12)}${edit}`],
  Resource: [`arn:aws:s3:::bucket-name-long-enough/${edit}`],
  Condition: { StringEqualsIfExists: { [`aws:PrincipalTag/team-name-${edit}`]: 'x' }, BoolIfExists: { 'aws:MultiFactorAuthPresnt': 'false' } },
});

describe('caches keep no document text alive', () => {
  it('a CloudFormation JSON template edited again and again', async () => {
    const text = (edit: number) =>
      JSON.stringify({ Description: FILLER, Resources: { P: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: { Version: '2012-10-17', Statement: [statement(edit)] } } } } });
    const mb = await retainedMb(text, { format: 'json' });
    assert.ok(mb < 4, `${mb.toFixed(1)} MB retained after ${EDITS} edits of a 1 MB text`);
  });

  it('a CloudFormation YAML template', async () => {
    const text = (edit: number) =>
      `Description: "${FILLER}"\nResources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: ${JSON.stringify({ Version: '2012-10-17', Statement: [statement(edit)] })}\n`;
    const mb = await retainedMb(text, { format: 'yaml' });
    assert.ok(mb < 4, `${mb.toFixed(1)} MB retained after ${EDITS} edits of a 1 MB text`);
  });

  it('a Terraform file', async () => {
    const text = (edit: number) => {
      const s = statement(edit);
      return (
        `locals {\n  filler = "${FILLER}"\n}\n\n` +
        `data "aws_iam_policy_document" "p" {\n  statement {\n    effect = "Allow"\n    actions = ${JSON.stringify(s.Action)}\n    resources = ${JSON.stringify(s.Resource)}\n  }\n}\n`
      );
    };
    const mb = await retainedMb(text, { format: 'hcl' });
    assert.ok(mb < 4, `${mb.toFixed(1)} MB retained after ${EDITS} edits of a 1 MB text`);
  });
});
