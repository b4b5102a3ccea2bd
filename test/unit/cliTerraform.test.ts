// The command line on Terraform modules: folder scans include *.tf, file() references are
// followed, --fix writes HCL, SARIF points into the .tf.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cli } from '../cliUtil';
import { loadHclParser, parseHclTree } from '../../server/src/core/parse/hcl/hclParser';
import { REPO_ROOT } from '../testUtil';

const FORMS_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'hcl', 'forms');

describe('the command line on a Terraform module', () => {
  let dir: string;
  before(async () => {
    await loadHclParser();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-mfa-guard-tf-'));
    fs.cpSync(FORMS_DIR, path.join(dir, 'module'), { recursive: true });
    // What `terraform init` downloads is not the user's code.
    fs.mkdirSync(path.join(dir, 'module', '.terraform', 'modules', 'x'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'module', '.terraform', 'modules', 'x', 'main.tf'), fs.readFileSync(path.join(FORMS_DIR, 'main.tf')));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a folder scan lints *.tf (and skips .terraform/), and says which file a file() reference was checked in', async () => {
    const { code, stdout, stderr } = await cli(['--format', 'json', 'module'], { cwd: dir });
    assert.equal(code, 1);
    const findings = JSON.parse(stdout) as { file: string; rule: string; line: number }[];
    assert.deepEqual([...new Set(findings.map((f) => f.file))].sort(), ['module/main.tf', 'module/policies/self-manage.json']);
    assert.ok(findings.some((f) => f.file === 'module/main.tf' && f.rule === 'MFA003'));
    assert.match(stderr, /module\/main\.tf:\d+:\d+: the policy file\(\) reads is checked in module\/policies\/self-manage\.json/);
    const text = await cli(['module'], { cwd: dir });
    assert.match(text.stdout, /in 2 of 3 files \(2 with IAM policies\)/, 'main.tf, variables.tf and the policy file; nothing from .terraform/');
  });

  it('a .tf named alone brings the policy file it reads', async () => {
    const { stdout } = await cli(['--format', 'json', 'module/main.tf'], { cwd: dir });
    assert.deepEqual([...new Set((JSON.parse(stdout) as { file: string }[]).map((f) => f.file))], ['module/main.tf', 'module/policies/self-manage.json']);
  });

  it('SARIF locations point at the characters in the .tf', async () => {
    const { stdout } = await cli(['--format', 'sarif', 'module/main.tf'], { cwd: dir });
    const sarif = JSON.parse(stdout);
    const results = sarif.runs[0].results as { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[];
    const text = fs.readFileSync(path.join(FORMS_DIR, 'main.tf'), 'utf8');
    const lines = text.split('\n');
    const onTf = results.filter((r) => r.locations[0].physicalLocation.artifactLocation.uri.endsWith('main.tf') && r.ruleId === 'MFA003');
    assert.equal(onTf.length, 3);
    const { startLine, startColumn } = onTf[2].locations[0].physicalLocation.region;
    assert.equal(lines[startLine - 1].slice(startColumn - 1, startColumn - 1 + 6), '"Bool"');
  });

  it('--fix-dry-run prints the HCL diff; --fix writes valid HCL and a second run finds fewer errors', async () => {
    const target = path.join(dir, 'module', 'main.tf');
    const original = fs.readFileSync(target, 'utf8');
    const dry = await cli(['--fix-dry-run', 'module/main.tf'], { cwd: dir });
    assert.match(dry.stdout, /^-      test {5}= "Bool"$/m);
    assert.match(dry.stdout, /^\+      test {5}= "BoolIfExists"$/m);
    assert.equal(fs.readFileSync(target, 'utf8'), original, 'a dry run changes nothing');
    const count = async () => (JSON.parse((await cli(['--format', 'json', 'module/main.tf'], { cwd: dir })).stdout) as { file: string }[]).filter((f) => f.file === 'module/main.tf').length;
    const before = await count();
    const fixed = await cli(['--fix', 'module/main.tf'], { cwd: dir });
    assert.match(fixed.stderr, /fixed module\/main\.tf: MFA0\d\d /);
    const written = fs.readFileSync(target, 'utf8');
    const tree = parseHclTree(written)!;
    assert.equal(tree.rootNode.hasError, false);
    tree.delete();
    const afterCount = await count();
    assert.ok(afterCount < before, `${afterCount} < ${before}`);
  });
});
