// The rule pages are linked from every diagnostic: each exists, and its examples agree with the
// linter. docs/cli.md says what --help says.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { lint } from '../../server/src/core/lint';
import { ALL_RULE_METAS } from '../../server/src/core/rules/registry';
import { OPTIONS, usageText } from '../../server/src/cli/args';
import { isLintedFileName } from '../../server/src/shared/formats';
import { REPO_ROOT } from '../testUtil';

const DOCS = path.join(REPO_ROOT, 'docs', 'rules');

/** The first ```json block under a "## heading". */
function exampleUnder(markdown: string, heading: string): string | undefined {
  const at = markdown.indexOf(`## ${heading}`);
  if (at < 0) return undefined;
  const section = markdown.slice(at, markdown.indexOf('\n## ', at + 1) >>> 0);
  return /```json\n([\s\S]*?)```/.exec(section)?.[1];
}

describe('docs/rules', () => {
  for (const rule of ALL_RULE_METAS) {
    it(`${rule.id}.md exists, carries the title and severity, and its examples agree with the linter`, () => {
      const file = path.join(DOCS, `${rule.id}.md`);
      assert.ok(fs.existsSync(file), `${file} is missing`);
      const markdown = fs.readFileSync(file, 'utf8');
      assert.ok(markdown.startsWith(`# ${rule.id} — ${rule.title}`), `title of ${rule.id}.md`);
      assert.match(markdown, new RegExp(`Default severity: \\*\\*${rule.defaultSeverity}`));
      const options = { rules: { [rule.id]: rule.defaultSeverity } }; // turns on off-by-default rules
      const triggers = exampleUnder(markdown, 'Example that triggers it');
      if (triggers) assert.ok(lint(triggers, options).findings.some((f) => f.rule === rule.id), `"Example that triggers it" does not trigger ${rule.id}`);
      const passes = exampleUnder(markdown, 'Example that passes');
      if (passes) {
        const found = lint(passes, options).findings.filter((f) => f.rule === rule.id);
        assert.deepEqual(found.map((f) => f.message), [], `"Example that passes" triggers ${rule.id}`);
      }
      if (rule.id.startsWith('MFA')) assert.ok(triggers && passes, 'MFA pages show both examples');
    });
  }
});

describe('docs/cli.md', () => {
  const markdown = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'cli.md'), 'utf8');
  const help = usageText();
  /** `--long` and `-s` names in the first column of the options table. */
  const documented = new Set<string>();
  for (const row of markdown.slice(markdown.indexOf('## Options'), markdown.indexOf('\n## ', markdown.indexOf('## Options') + 1)).split('\n')) {
    const cell = /^\| ([^|]+) \|/.exec(row)?.[1] ?? '';
    for (const name of cell.matchAll(/`(--?[\w-]+)/g)) documented.add(name[1]);
  }
  const helped = new Set<string>();
  for (const line of help.split('\n')) {
    const m = /^ {2}(?:(-\w), )? *(--[\w-]+)/.exec(line);
    if (m) [m[1], m[2]].filter(Boolean).forEach((n) => helped.add(n));
  }
  const accepted = new Set(Object.entries(OPTIONS).flatMap(([long, spec]) => ['--' + long, ...('short' in spec ? ['-' + spec.short] : [])]));

  it('lists exactly the options --help lists, and those are exactly the options the CLI accepts', () => {
    assert.deepEqual([...documented].sort(), [...accepted].sort());
    assert.deepEqual([...helped].sort(), [...accepted].sort());
  });

  it('names the same folder extensions as --help, and they are the ones a folder walk lints', () => {
    for (const ext of ['json', 'jsonc', 'yaml', 'yml', 'template', 'tf']) {
      assert.ok(isLintedFileName(`x.${ext}`), ext);
      assert.ok(markdown.includes(`\`*.${ext}\``), `docs: *.${ext}`);
      assert.ok(help.includes(`*.${ext}`), `--help: *.${ext}`);
    }
    assert.ok(!isLintedFileName('notes.txt') && !isLintedFileName('README.md'));
  });

  it('documents the exit codes --help gives, and no command that cannot work yet', () => {
    for (const code of ['0', '1', '2']) assert.match(markdown, new RegExp(`^\\| ${code} \\|`, 'm'));
    assert.match(help, /1 error-level findings, or more warnings than\s+--max-warnings/);
    assert.match(markdown, /^\| 1 \| .*--max-warnings/m);
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    const codeBlocks = [...markdown.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1]).join('\n');
    if (manifest.private) assert.doesNotMatch(codeBlocks, /npx iam-mfa-guard/, 'the package is not on the registry');
  });
});

describe('README.md, the Marketplace page', () => {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  const settings = Object.keys(manifest.contributes.configuration.properties).sort();
  const tableSettings = (markdown: string) => [...markdown.matchAll(/^\| `(iamMfaGuard\.[\w.]+)` \|/gm)].map((m) => m[1]).sort();

  it('opens with the two commands: set up and lint the examples, and run every test', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    assert.ok(readme.indexOf('```sh') < readme.indexOf('\n## '), 'before the first section');
    const commands = firstBlock.split('\n').filter(Boolean).map((l) => l.replace(/\s+#.*$/, ''));
    assert.deepEqual(commands, ['npm ci && npm start', 'npm test']);
    assert.match(manifest.scripts.start, /examples\//);
  });

  it('has a settings table with every contributed setting, as docs/editors.md does', () => {
    assert.deepEqual(tableSettings(readme), settings);
    assert.deepEqual(tableSettings(fs.readFileSync(path.join(REPO_ROOT, 'docs', 'editors.md'), 'utf8')), settings);
    for (const key of settings) {
      const def = manifest.contributes.configuration.properties[key].default;
      const row = new RegExp(`^\\| \`${key.replace(/\./g, '\\.')}\` \\| \`([^\`]*)\` \\|`, 'm').exec(readme);
      assert.equal(row?.[1], typeof def === 'string' ? def : JSON.stringify(def), `default of ${key}`);
    }
  });

  it('shows a picture that exists, says how to install the .vsix, and leaves contributor material to CONTRIBUTING.md', () => {
    for (const image of readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)) assert.ok(fs.existsSync(path.join(REPO_ROOT, image[1])), image[1]);
    assert.match(readme, /!\[[^\]]+\]\(images\/screenshot\.png\)/);
    assert.match(readme, /code --install-extension iam-mfa-guard-[\d.]+\.vsix/);
    assert.ok(readme.includes(`iam-mfa-guard-${manifest.version}.vsix`), 'the version that npm run package builds');
    assert.doesNotMatch(readme, /\.\.\/shared|RULES\.md|DESIGN\.md/);
    assert.ok(fs.existsSync(path.join(REPO_ROOT, 'CONTRIBUTING.md')));
    for (const link of readme.matchAll(/\]\(((?!https?:)[^)#]+)(#[^)]*)?\)/g)) assert.ok(fs.existsSync(path.join(REPO_ROOT, link[1])), `link ${link[1]}`);
  });
});
