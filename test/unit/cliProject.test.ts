// The CLI with a project's .iam-mfa-guard.json, YAML templates, in-file suppression and --max-warnings.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cli as runCli } from '../cliUtil';
import { REPO_ROOT, VARIANTS_DIR } from '../testUtil';

const cli = (args: string[], cwd: string) => runCli(args, { cwd });

describe('project configuration and infrastructure files', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-mfa-guard-project-'));
    fs.mkdirSync(path.join(dir, 'policies', 'legacy'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'templates'));
    fs.copyFileSync(path.join(VARIANTS_DIR, 'aws-docs-self-manage-credentials-2022-11.json'), path.join(dir, 'policies', 'current.json'));
    fs.copyFileSync(path.join(VARIANTS_DIR, 'aws-docs-notaction-deny-all-users-not-using-mfa-2018-09.json'), path.join(dir, 'policies', 'legacy', 'old.json'));
    fs.copyFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'infra', 'force-mfa-template.yaml'), path.join(dir, 'templates', 'force-mfa.yaml'));
    fs.writeFileSync(path.join(dir, 'templates', 'workflow.yml'), 'on: push\njobs: {build: {runs-on: ubuntu-latest, steps: [{run: "echo {{ not: yaml"}]}}\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lints YAML templates found in folders, and leaves other YAML alone', async () => {
    const { stdout } = await cli(['--format', 'json', 'templates'], dir);
    const results = JSON.parse(stdout) as { file: string; rule: string; line: number }[];
    assert.ok(results.some((r) => r.file === 'templates/force-mfa.yaml' && r.rule === 'MFA001' && r.line === 27));
    assert.ok(!results.some((r) => r.file === 'templates/workflow.yml'));
  });

  it('applies .iam-mfa-guard.json rules and ignore globs from the nearest folder upward', async () => {
    fs.writeFileSync(path.join(dir, '.iam-mfa-guard.json'), JSON.stringify({ rules: { MFA009: 'off', MFA007: 'warning' }, ignore: ['policies/legacy/**'] }));
    try {
      const { stdout, code } = await cli(['policies'], dir);
      assert.doesNotMatch(stdout, /MFA009/);
      assert.match(stdout, /warning\s.*MFA007/);
      assert.doesNotMatch(stdout, /old\.json/);
      assert.match(stdout, /1 ignored by \.iam-mfa-guard\.json/);
      assert.equal(code, 0);
      const overridden = await cli(['--rule', 'MFA007=off', 'policies'], dir);
      assert.doesNotMatch(overridden.stdout, /MFA007/, 'the command line wins over the file');
    } finally {
      fs.rmSync(path.join(dir, '.iam-mfa-guard.json'));
    }
  });

  it('says what is wrong with a broken config file and still lints', async () => {
    fs.writeFileSync(path.join(dir, '.iam-mfa-guard.json'), JSON.stringify({ rules: { MFA999: 'off', MFA009: 'loud' } }));
    try {
      const { stderr, stdout } = await cli(['policies/current.json'], dir);
      assert.match(stderr, /unknown rule "MFA999"/);
      assert.match(stderr, /"MFA009" must be one of/);
      assert.match(stdout, /MFA009/);
    } finally {
      fs.rmSync(path.join(dir, '.iam-mfa-guard.json'));
    }
  });

  it('counts findings suppressed in the files in the summary', async () => {
    const text = fs.readFileSync(path.join(dir, 'policies', 'current.json'), 'utf8').replace('"DenyAllExceptListedIfNoMFA"', '"DenyAllExceptListedIfNoMFA_IgnoreMFA009"');
    fs.writeFileSync(path.join(dir, 'policies', 'suppressed.json'), text);
    const { stdout } = await cli(['policies/suppressed.json'], dir);
    assert.doesNotMatch(stdout, /MFA009$/m);
    assert.match(stdout, /1 suppressed in the files/);
  });

  it('--max-warnings turns too many warnings into exit 1', async () => {
    const file = path.join(VARIANTS_DIR, 'terraform-aws-modules-iam-group-v6-2026.rendered.json');
    assert.equal((await cli([file], dir)).code, 0);
    assert.equal((await cli(['--max-warnings', '0', file], dir)).code, 1);
    assert.equal((await cli(['--max-warnings', '5', file], dir)).code, 0);
    assert.equal((await cli(['--max-warnings', 'many', file], dir)).code, 2);
  });
});
