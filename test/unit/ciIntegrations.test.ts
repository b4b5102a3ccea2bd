// The GitHub Action (action.yml) and the pre-commit hook (.pre-commit-hooks.yaml): each test
// reads the file and runs what it runs — the action's shell steps with its inputs and the
// runner's environment variables, the hook's entry with its args and the staged files its
// `files` pattern selects — on a small repository with one flawed and one clean policy.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import { AWS_EXEMPTION, mfaDeny, policyText, REPO_ROOT } from '../testUtil';

const FLAWED = policyText(mfaDeny('iam:*')); // MFA001 error
const CLEAN = policyText({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });
const CFN_YAML = `Resources:\n  ForceMfa:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Deny\n            NotAction: ${JSON.stringify(AWS_EXEMPTION)}\n            Resource: "*"\n            Condition:\n              BoolIfExists:\n                aws:MultiFactorAuthPresent: "false"\n`;

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});
function workspace(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-mfa-guard-ci-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

interface ActionStep {
  name: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

const action = parse(fs.readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as Action;

/** `${{ inputs.x }}` as the runner expands it, for the expressions action.yml uses in env. */
function expand(value: string, inputs: Record<string, string>): string {
  return value.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_m, name: string) => {
    assert.ok(name in inputs, `action.yml uses an undeclared input "${name}"`);
    return inputs[name];
  });
}

/** Runs the action's shell steps in order, as the runner would on ubuntu-latest. */
function runAction(cwd: string, given: Record<string, string>) {
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, given[k] ?? v.default ?? '']));
  const outputFile = path.join(cwd, '.github-output');
  const summaryFile = path.join(cwd, '.github-step-summary');
  fs.writeFileSync(outputFile, '');
  fs.writeFileSync(summaryFile, '');
  const results: { step: string; status: number | null; stdout: string; stderr: string }[] = [];
  for (const step of action.runs.steps.filter((s) => s.run)) {
    assert.equal(step.shell, 'bash', `${step.name}: shell`);
    const env: Record<string, string> = { ...(process.env as Record<string, string>), GITHUB_ACTION_PATH: REPO_ROOT, GITHUB_WORKSPACE: cwd, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = expand(v, inputs);
    const r = spawnSync('bash', ['-e', '-c', step.run!], { cwd, env, encoding: 'utf8' });
    results.push({ step: step.name, status: r.status, stdout: r.stdout, stderr: r.stderr });
  }
  const outputs = Object.fromEntries(
    fs
      .readFileSync(outputFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return { results, outputs, summary: fs.readFileSync(summaryFile, 'utf8') };
}

describe('GitHub Action (action.yml)', () => {
  it('is a composite action whose lint step feeds the SARIF upload and the outputs', () => {
    assert.equal(action.runs.using, 'composite');
    const lint = action.runs.steps.find((s) => s.id === 'lint');
    assert.ok(lint?.run, 'a lint step that runs a script');
    const upload = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    assert.ok(upload, 'uploads with github/codeql-action/upload-sarif');
    assert.equal(upload.with?.sarif_file, '${{ steps.lint.outputs.sarif-file }}');
    assert.match(upload.if ?? '', /always\(\)/, 'findings fail the lint step; the upload still runs');
    assert.equal(action.outputs['sarif-file'].value, '${{ steps.lint.outputs.sarif-file }}');
    assert.equal(action.outputs['exit-code'].value, '${{ steps.lint.outputs.exit-code }}');
  });

  it('on a flawed policy: a SARIF report with the finding, the text report in the log and summary, and a failing step', () => {
    const cwd = workspace({ 'policies/force-mfa.json': FLAWED, 'templates/stack.yaml': CFN_YAML, 'README.md': '# not a policy' });
    const { results, outputs, summary } = runAction(cwd, { paths: 'policies templates' });
    assert.equal(results.length, 1);
    const [lint] = results;
    assert.equal(lint.status, 1, lint.stderr);
    assert.match(lint.stdout, /^policies\/force-mfa\.json:\d+:\d+ +error .*MFA001$/m);
    assert.equal(outputs['sarif-file'], 'iam-mfa-guard.sarif');
    assert.equal(outputs['exit-code'], '1');
    const sarif = JSON.parse(fs.readFileSync(path.join(cwd, outputs['sarif-file']), 'utf8'));
    assert.equal(sarif.version, '2.1.0');
    const results0 = sarif.runs[0].results as { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
    assert.ok(results0.some((r) => r.ruleId === 'MFA001' && r.locations[0].physicalLocation.artifactLocation.uri === 'policies/force-mfa.json'));
    assert.ok(results0.some((r) => r.locations[0].physicalLocation.artifactLocation.uri === 'templates/stack.yaml'), 'YAML templates are linted too');
    assert.match(summary, /### IAM MFA Guard[\s\S]*✖ \d+ problems \(1 error/);
  });

  it('passes extra arguments through, and succeeds on clean policies', () => {
    const cwd = workspace({ 'a.json': CLEAN, 'b.json': FLAWED });
    const turnedOff = runAction(cwd, { args: '--rule MFA001=off --rule MFA007=off' });
    assert.equal(turnedOff.results[0].status, 0, turnedOff.results[0].stdout + turnedOff.results[0].stderr);
    assert.equal(turnedOff.outputs['exit-code'], '0');
    const sarif = JSON.parse(fs.readFileSync(path.join(cwd, 'iam-mfa-guard.sarif'), 'utf8'));
    assert.ok(!sarif.runs[0].results.some((r: { ruleId: string }) => r.ruleId === 'MFA001'));
    const strict = runAction(cwd, { args: '--rule MFA001=off --rule MFA007=warn --max-warnings 0', 'sarif-file': 'report.sarif' });
    assert.equal(strict.results[0].status, 1, 'MFA007 made a warning exceeds --max-warnings 0');
    assert.equal(strict.outputs['sarif-file'], 'report.sarif');
  });
});

interface Hook {
  id: string;
  entry: string;
  args?: string[];
  language: string;
  files: string;
  pass_filenames?: boolean;
}

describe('pre-commit hook (.pre-commit-hooks.yaml)', () => {
  const hooks = parse(fs.readFileSync(path.join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
  const hook = hooks.find((h) => h.id === 'iam-mfa-guard')!;
  /** What pre-commit runs: the entry (relative to the hook's repository for `script`), its args, the staged files its pattern matches. */
  const runHook = (cwd: string, staged: string[]) => {
    assert.equal(hook.language, 'script');
    const files = staged.filter((f) => new RegExp(hook.files).test(f));
    const r = spawnSync(path.join(REPO_ROOT, hook.entry), [...(hook.args ?? []), ...files], { cwd, encoding: 'utf8' });
    return { files, status: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('selects policy files (JSON, YAML, templates, Terraform), not the rest', () => {
    const staged = ['policy.json', 'a/b.jsonc', 'stack.yaml', 'ci.yml', 'old.template', 'main.tf', 'README.md', 'notes.txt'];
    assert.deepEqual(
      staged.filter((f) => new RegExp(hook.files).test(f)),
      ['policy.json', 'a/b.jsonc', 'stack.yaml', 'ci.yml', 'old.template', 'main.tf'],
    );
    assert.notEqual(hook.pass_filenames, false, 'the staged files are passed to the CLI');
  });

  it('fails the commit on a flawed policy, naming the file; passes quietly on clean ones', () => {
    const cwd = workspace({ 'bad.json': FLAWED, 'good.json': CLEAN, 'stack.yaml': CFN_YAML, 'README.md': '# readme' });
    const flawed = runHook(cwd, ['bad.json', 'good.json', 'stack.yaml', 'README.md']);
    assert.equal(flawed.status, 1, flawed.stderr);
    assert.match(flawed.stdout, /^bad\.json:\d+:\d+ +error .*MFA001$/m);
    const clean = runHook(cwd, ['good.json', 'README.md']);
    assert.equal(clean.status, 0, clean.stderr);
    assert.equal(clean.stdout, '', '--quiet: nothing printed when clean');
  });
});
