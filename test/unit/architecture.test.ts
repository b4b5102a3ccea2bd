// The layering and the one-home vocabularies of docs/architecture.md, checked on the sources.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseCliArgs } from '../../server/src/cli/args';
import { readProjectConfig } from '../../server/src/config/projectConfig';
import { ALL_RULE_METAS, parseSeverity, parseSeveritySetting } from '../../server/src/core';
import { ALL_RULE_IDS } from '../../server/src/core/ruleIds';
import { RULES_BY_RULE_ID } from '../../server/src/core/rules/registry';
import { normalizeSettings } from '../../server/src/lsp/settings';
import { REPO_ROOT } from '../testUtil';

const SRC = path.join(REPO_ROOT, 'server', 'src');

function sourcesUnder(dir: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourcesUnder(p));
    else if (entry.name.endsWith('.ts')) files.push(p);
  }
  return files;
}

function importsOf(file: string): string[] {
  return [...fs.readFileSync(file, 'utf8').matchAll(/^(?:import|export)\b[^;]*?from '([^']+)'/gms)].map((m) => m[1]);
}

describe('layering', () => {
  it('lsp/ and cli/ reach the core only through its public entry (core/index.ts)', () => {
    const offenders: string[] = [];
    for (const folder of ['lsp', 'cli', 'config']) {
      for (const file of sourcesUnder(path.join(SRC, folder))) {
        for (const spec of importsOf(file)) if (/\/core\//.test(spec)) offenders.push(`${path.relative(SRC, file)} imports ${spec}`);
      }
    }
    assert.deepEqual(offenders, []);
  });

  it('the core imports nothing from LSP, and parsing nothing from the rules', () => {
    const offenders: string[] = [];
    for (const file of sourcesUnder(path.join(SRC, 'core'))) {
      const rel = path.relative(SRC, file);
      for (const spec of importsOf(file)) {
        if (spec.startsWith('vscode-languageserver') || /\/lsp\//.test(spec)) offenders.push(`${rel} imports ${spec}`);
        if (rel.startsWith(path.join('core', 'parse')) && /rules\//.test(spec)) offenders.push(`${rel} imports ${spec}`);
      }
    }
    assert.deepEqual(offenders, []);
  });
});

describe('rule ids', () => {
  it('every rule the registry describes has its id in ruleIds.ts, and no id is unused', () => {
    assert.deepEqual(ALL_RULE_METAS.map((m) => m.id).sort(), [...ALL_RULE_IDS]);
  });

  it('each rule is listed under its own id', () => {
    for (const [id, rule] of Object.entries(RULES_BY_RULE_ID)) assert.equal(rule.id, id);
  });
});

describe('severity words', () => {
  it('accepts warn, info and none beside the LSP names, in any case', () => {
    assert.equal(parseSeveritySetting('warn'), 'warning');
    assert.equal(parseSeveritySetting('WARNING'), 'warning');
    assert.equal(parseSeveritySetting('info'), 'information');
    assert.equal(parseSeveritySetting('none'), 'off');
    assert.equal(parseSeveritySetting('fatal'), undefined);
    assert.equal(parseSeveritySetting('constructor'), undefined);
    assert.equal(parseSeverity('off'), undefined);
  });

  it('the CLI takes --rule X=warn and --severity warn', () => {
    const parsed = parseCliArgs(['--rule', 'MFA007=warn', '--severity', 'warn', 'x.json']);
    assert.equal(parsed.kind, 'run');
    if (parsed.kind !== 'run') return;
    assert.equal(parsed.options.rules.MFA007, 'warning');
    assert.equal(parsed.options.minSeverity, 'warning');
    assert.equal(parseCliArgs(['--rule', 'MFA007=loud', 'x.json']).kind, 'usage-error');
  });

  it('.iam-mfa-guard.json and the editor settings take warn too', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-mfa-guard-words-'));
    try {
      const file = path.join(dir, '.iam-mfa-guard.json');
      fs.writeFileSync(file, JSON.stringify({ rules: { MFA007: 'warn', MFA009: 'loud' } }));
      const config = readProjectConfig(file);
      assert.equal(config.rules.MFA007, 'warning');
      assert.equal(config.rules.MFA009, undefined);
      assert.equal(config.problems.length, 1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    assert.equal(normalizeSettings({ rules: { MFA007: 'warn' } }).rules.MFA007, 'warning');
  });
});
