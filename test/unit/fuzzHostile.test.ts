// Seeded fuzzing of the other inputs (issue 14): YAML templates, Terraform JSON, config files
// and globs, and the language server over stdio on mutated documents. `npm run fuzz` runs many
// more cases (FUZZ_RUNS); `npm test` a small seeded count.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { compileGlobs } from '../../server/src/config/globs';
import { readProjectConfig } from '../../server/src/config/projectConfig';
import { lint } from '../../server/src/core/lint';
import { fixAll } from '../../server/src/core/fixes/fixEngine';
import { CONFIG_CORPUS, mutatedText, terraformCorpus, yamlCorpus } from '../fuzz/hostileMutations';
import { corpus, mutatedDocument, SEED } from '../fuzz/mutations';
import { LspClient, docUri } from '../lsp/harness';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

function checkResult(text: string, format?: 'yaml'): void {
  const result = lint(text, { format });
  for (const f of result.findings) {
    assert.notEqual(f.rule, 'IAM000', f.message);
    assert.ok(f.range.start >= 0 && f.range.start <= f.range.end && f.range.end <= text.length, `${f.rule} range ${f.range.start}-${f.range.end} in ${text.length}`);
  }
}

describe(`fuzzing YAML, Terraform, config and the server (seed ${SEED}, ${RUNS} cases)`, () => {
  it('mutated YAML templates: lint never throws and ranges stay inside the text', () => {
    fc.assert(fc.property(mutatedText(yamlCorpus()), (text) => checkResult(text, 'yaml')), { seed: SEED + 10, numRuns: RUNS });
  });

  it('mutated Terraform JSON (policy strings, data sources, plans): lint and fix-all never throw', () => {
    const docs = terraformCorpus();
    fc.assert(
      fc.property(fc.oneof(mutatedDocument(docs), mutatedText(docs)), (text) => {
        checkResult(text);
        const fixed = fixAll(text);
        assert.equal(typeof fixed.text, 'string');
      }),
      { seed: SEED + 11, numRuns: Math.ceil(RUNS / 2) },
    );
  });

  it('mutated config files and globs: read without throwing, problems as lines, matching bounded', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-mfa-guard-fuzz-config-'));
    const file = path.join(dir, '.iam-mfa-guard.json');
    fc.assert(
      fc.property(mutatedText(CONFIG_CORPUS), fc.array(fc.string({ maxLength: 30 }), { maxLength: 8 }), (text, globs) => {
        fs.writeFileSync(file, text);
        const config = readProjectConfig(file);
        assert.ok(Array.isArray(config.problems) && config.problems.every((p) => typeof p === 'string'));
        for (const p of config.problems) assert.doesNotMatch(p, /[\u0000-\u0008\u000e-\u001f]/);
        config.ignoreGlobs.matches('a/b/c.json');
        const compiled = compileGlobs(globs, 'fuzz');
        const started = Date.now();
        compiled.matches('a'.repeat(200) + '/b.json');
        assert.ok(Date.now() - started < 2000);
      }),
      { seed: SEED + 12, numRuns: Math.ceil(RUNS / 2) },
    );
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('the language server over stdio on mutated documents', () => {
    let client: LspClient;
    before(async () => {
      client = await LspClient.start();
    });
    after(async () => {
      await client.stop();
    });

    it('answers every document with diagnostics whose ranges are valid, and stays alive', async () => {
      const cases = fc.sample(fc.oneof(mutatedDocument(corpus()), mutatedText(yamlCorpus()).map((t) => `#yaml\n${t}`), mutatedText(terraformCorpus())), { seed: SEED + 13, numRuns: Math.max(10, Math.ceil(RUNS / 20)) });
      let n = 0;
      for (const sample of cases) {
        const yaml = sample.startsWith('#yaml\n');
        const text = yaml ? sample.slice(6) : sample;
        const uri = docUri(`fuzz-${n++}.${yaml ? 'yaml' : 'json'}`);
        await client.open(uri, text, yaml ? 'yaml' : 'json');
        const { diagnostics } = await client.diagnosticsFor(uri, 1);
        const lines = text.split(/\r\n|\r|\n/).length;
        for (const d of diagnostics) assert.ok(d.range.start.line >= 0 && d.range.end.line < lines + 1, JSON.stringify(d.range));
        await client.hover(uri, { line: 1, character: 3 });
        await client.close(uri);
        assert.ok(client.alive);
      }
    });
  });
});
