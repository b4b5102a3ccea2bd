// The rule pages are linked from every diagnostic: each exists, and its examples agree with the linter.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { lint } from '../../server/src/core/lint';
import { ALL_RULE_METAS } from '../../server/src/core/rules/registry';
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
