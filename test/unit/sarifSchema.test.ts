// SARIF output validated against the OASIS SARIF 2.1.0 schema (as shipped in
// @microsoft/jest-sarif, used here for its schema file only).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { cli } from '../cliUtil';
import { REPO_ROOT } from '../testUtil';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

async function sarifFor(paths: string[]): Promise<unknown> {
  return JSON.parse((await cli(['--format', 'sarif', ...paths], { cwd: REPO_ROOT })).stdout);
}

describe('SARIF 2.1.0 schema', () => {
  // The schema's language-tag pattern is not valid as a unicode regular expression.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);

  it('the report on the examples, fixtures, YAML and Terraform files is valid SARIF 2.1.0', async () => {
    const log = (await sarifFor(['examples', 'test/fixtures'])) as { runs: { results: unknown[]; tool: { driver: { rules: unknown[] } } }[] };
    const valid = validate(log);
    assert.deepEqual(validate.errors ?? [], []);
    assert.equal(valid, true);
    assert.ok(log.runs[0].results.length > 30, 'it has results to validate');
    assert.ok(log.runs[0].tool.driver.rules.length >= 29, 'every rule is described');
  });

  it('a broken document is caught by the validator (the test can fail)', async () => {
    const log = (await sarifFor(['examples'])) as { runs: { results: { level: string }[] }[] };
    log.runs[0].results[0].level = 'catastrophic';
    assert.equal(validate(log), false);
  });
});
