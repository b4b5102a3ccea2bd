// The snippet library: every snippet is a safe policy as shipped, each corrected one was
// corrected for a flaw the linter reports on its source, and every published family is there.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { lint } from '../../server/src/core/lint';
import { expandSnippet, listSnippets, parseSnippetsFile, PolicySnippet } from '../../server/src/snippets/expand';
import { REPO_ROOT, VARIANTS_DIR } from '../testUtil';

const SNIPPETS_FILE = path.join(REPO_ROOT, 'snippets', 'iam-mfa-guard.code-snippets');
const SOURCES_FILE = path.join(REPO_ROOT, 'snippets', 'SOURCES.json');

interface Source {
  readonly variant: string;
  readonly family: string;
  readonly changes: readonly string[];
  /** Information findings RULES.md gives every policy of this design (beyond MFA007/MFA009). */
  readonly acceptedInformation?: readonly string[];
  readonly note?: string;
}

const snippets = listSnippets(SNIPPETS_FILE);
const sources = JSON.parse(fs.readFileSync(SOURCES_FILE, 'utf8')) as Record<string, Source>;

/** INDEX.md flaw codes -> the rule that reports them. A rule id stands for itself. */
const FLAW_RULE: Readonly<Record<string, string>> = {
  A: 'MFA001',
  B: 'MFA002',
  C: 'MFA003',
  'F′': 'MFA014',
  "F'": 'MFA014',
  H: 'IAM001',
  I: 'MFA008',
  K: 'MFA004',
  L: 'MFA015',
};
const ruleOf = (change: string) => (/^(MFA|IAM)\d{3}$/.test(change) ? change : FLAW_RULE[change]);

/** Information every policy of the kind gets (RULES.md): the activation race, and an unscoped exemption. */
const ALWAYS_ACCEPTED_INFORMATION = new Set(['MFA007', 'MFA009']);
/**
 * Information RULES.md gives every policy of a particular design, accepted only where
 * SOURCES.json declares it: MFA008 for a deliberate deny of "*" (iSEC strict: an admin
 * enrols devices), MFA011 for aws:ViaAWSService (AWS Knowledge Center variant).
 */
const DECLARABLE_INFORMATION = new Set(['MFA008', 'MFA011']);

/** The snippet as a policy document: statement-level bodies wrapped in Version/Statement. */
function asDocument(snippet: PolicySnippet): string {
  const text = expandSnippet(snippet.body);
  return snippet.kind === 'statement' ? `{"Version":"2012-10-17","Statement":[\n${text}\n]}` : text;
}

describe('snippet expansion (VS Code snippet grammar)', () => {
  it('replaces placeholders by their defaults and mirrors them to the same tab stop', () => {
    assert.equal(expandSnippet(['arn:aws:iam::${1:123456789012}:user/x', '$1 ${2:a ${3:nested}} $3']), 'arn:aws:iam::123456789012:user/x\n123456789012 a nested nested');
  });

  it('takes a tab stop\'s value from a placeholder that comes later', () => {
    assert.equal(expandSnippet('$1-${1:late}'), 'late-late');
  });

  it('uses the first option of a choice, drops $0 and empty tab stops', () => {
    assert.equal(expandSnippet('"${1|28800,43200|}" $1$0${2}${0}'), '"28800" 28800');
  });

  it('undoes \\$, \\} and \\\\ and leaves other backslashes and stray $ alone', () => {
    assert.equal(expandSnippet('user/\\${aws:username} \\} \\\\ \\n $ ${ $-'), 'user/${aws:username} } \\ \\n $ ${ $-');
  });

  it('unescapes choice options', () => {
    assert.equal(expandSnippet('${1|a\\,b,c|}'), 'a,b');
  });

  it('expands an unescaped ${aws:username} as VS Code would: variable "aws" with default "username"', () => {
    assert.equal(expandSnippet('user/${aws:username}'), 'user/username');
    assert.equal(expandSnippet('$TM_FILENAME ${TM_FILENAME}', { variables: { TM_FILENAME: 'p.json' } }), 'p.json p.json');
  });

  it('reads prefixes, kinds and descriptions from a snippets file with comments', () => {
    const [a, b] = parseSnippetsFile('// c\n{"x": {"prefix": ["p-statement", "q"], "body": "{}", "description": "d"}, "y": {"prefix": "y", "body": ["a", "b"]},}');
    assert.deepEqual([a.name, a.prefix, a.prefixes, a.kind, a.description, a.snippetText], ['x', 'p-statement', ['p-statement', 'q'], 'statement', 'd', '{}']);
    assert.deepEqual([b.kind, b.snippetText, b.description], ['document', 'a\nb', '']);
  });
});

describe('the snippet library', () => {
  it('has snippets, with unique names and prefixes in the iam-mfa-/force-mfa- namespaces', () => {
    assert.ok(snippets.length >= 20, `only ${snippets.length} snippets`);
    const prefixes = snippets.flatMap((s) => s.prefixes);
    assert.equal(new Set(prefixes).size, prefixes.length, 'duplicate prefix');
    for (const s of snippets) {
      for (const p of s.prefixes) assert.match(p, /^(iam-mfa|force-mfa)-[a-z0-9-]+$/, s.name);
    }
  });

  it('names publisher and date in every description, and says what changed in corrected ones', () => {
    for (const s of snippets) {
      assert.match(s.description, /\b(19|20)\d\d\b/, `${s.name}: no date`);
      assert.ok(!s.description.includes('\n'), `${s.name}: description is one line`);
      const { changes = [] } = sources[s.name] ?? {};
      if (changes.length > 0) assert.match(s.description, / — \S/, `${s.name}: corrected, but the description does not say what changed`);
      else assert.doesNotMatch(s.description, / — /, `${s.name}: says it was changed, but SOURCES.json lists no fixed flaw`);
    }
  });

  it('escapes every "$" that is not a tab stop (so ${aws:username} survives insertion)', () => {
    for (const s of snippets) {
      for (const line of s.body) {
        const unescaped = line.replace(/\\[\\$}]/g, '').match(/\$(?![0-9]|\{[0-9])/);
        assert.equal(unescaped, null, `${s.name}: unescaped "$" in ${JSON.stringify(line)}`);
      }
      const raw = s.body.join('\n');
      const expanded = expandSnippet(s.body);
      assert.equal(expanded.split('${aws:username}').length, raw.split('\\${aws:username}').length, `${s.name}: \${aws:username} lost`);
    }
  });

  it('marks statement-level snippets by a prefix ending in -statement, and offers both forms', () => {
    const statementLevel = snippets.filter((s) => s.kind === 'statement');
    assert.ok(statementLevel.length >= 3);
    for (const s of statementLevel) assert.match(s.prefix, /-statement$/);
    for (const s of snippets.filter((x) => x.kind === 'document')) assert.doesNotMatch(s.prefix, /-statement$/);
    assert.ok(statementLevel.some((s) => /deny/.test(s.prefix)), 'a deny-unless-MFA statement');
    assert.ok(statementLevel.some((s) => /session-cap/.test(s.prefix)), 'a session-cap statement');
  });
});

describe('every snippet is safe as shipped (a)', () => {
  for (const snippet of snippets) {
    it(`${snippet.prefix}: expands, parses, and lints with no error or warning`, () => {
      const text = asDocument(snippet);
      const parsed = JSON.parse(text) as { Version?: string; Statement?: unknown };
      assert.equal(parsed.Version, '2012-10-17');
      assert.ok(parsed.Statement, 'has Statement');
      const source = sources[snippet.name];
      assert.ok(source, `${snippet.name}: no entry in SOURCES.json`);
      for (const rule of source.acceptedInformation ?? []) assert.ok(DECLARABLE_INFORMATION.has(rule), `${snippet.name}: ${rule} is not information RULES.md gives every such policy`);
      const accepted = new Set([...ALWAYS_ACCEPTED_INFORMATION, ...(source.acceptedInformation ?? [])]);
      const { findings } = lint(text);
      const unexpected = findings
        .filter((f) => f.severity !== 'information' || !accepted.has(f.rule))
        .map((f) => `${f.rule} ${f.severity} at ${JSON.stringify(text.slice(f.range.start, f.range.end))}: ${f.message}`);
      assert.deepEqual(unexpected, []);
      // A declared exception must be needed: it documents the design, not a blanket pass.
      for (const rule of source.acceptedInformation ?? []) assert.ok(findings.some((f) => f.rule === rule), `${snippet.name}: ${rule} declared but not reported`);
    });
  }
});

describe('snippet and linter agree on why a snippet was corrected (b)', () => {
  for (const snippet of snippets) {
    const source = sources[snippet.name];
    if (!source || source.changes.length === 0) continue;
    it(`${snippet.prefix}: ${source.variant} reports ${source.changes.join(', ')}`, () => {
      const text = fs.readFileSync(path.join(VARIANTS_DIR, source.variant), 'utf8');
      const reported = new Set(lint(text).findings.map((f) => f.rule));
      for (const change of source.changes) {
        const rule = ruleOf(change);
        assert.ok(rule, `unknown flaw code ${change}`);
        assert.ok(reported.has(rule), `${source.variant}: flaw ${change} (${rule}) not reported; got ${[...reported].join(', ')}`);
      }
    });
  }
});

describe('package.json contributes the snippets (c)', () => {
  it('for json and jsonc, pointing at the existing file', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    const contributed = (pkg.contributes?.snippets ?? []) as { language: string; path: string }[];
    for (const language of ['json', 'jsonc']) {
      const entry = contributed.find((c) => c.language === language);
      assert.ok(entry, `no snippets contributed for ${language}`);
      assert.equal(path.resolve(REPO_ROOT, entry.path), SNIPPETS_FILE);
    }
    assert.ok(fs.existsSync(SNIPPETS_FILE));
  });
});

describe('provenance: SOURCES.json (d)', () => {
  /** The published variant families issue 6 names, and the variant files that belong to each. */
  const FAMILIES: Readonly<Record<string, RegExp>> = {
    'aws-my-sec-creds': /^aws-docs-self-manage-credentials-/,
    'aws-manage-own-mfa-only': /^aws-docs-self-manage-mfa-only-/,
    'aws-iam-mfa-selfmanage': /^aws-docs-iam-mfa-selfmanage-/,
    // Since 2019-01 the tutorial tells you to save the my-sec-creds policy as Force_MFA.
    'aws-tutorial-force-mfa': /^aws-docs-(tutorial-force-mfa|self-manage-credentials)-/,
    'aws-security-blog-2016': /^aws-security-blog-2016-force-mfa/,
    'trek10-original': /^trek10-force-mfa-2017-original/,
    'trek10-improved': /^trek10-(force-mfa-2017-improved|improved-force-mfa-2017)/,
    'isec-8h-strict': /^isec-aws-recipes-EnforceMFA-8HourSession-(Strict|2015-04)/,
    'isec-12h-strict': /^isec-aws-recipes-EnforceMFA-12HourSession-(Strict|2015-04)/,
    'isec-8h-self-enrolment': /^isec-aws-recipes-EnforceMFA-8HourSession-AllowEnableMFA/,
    'isec-12h-self-enrolment': /^isec-aws-recipes-EnforceMFA-12HourSession-AllowEnableMFA/,
    'minimal-deny-boolifexists': /^aws-docs-condition-keys-(not-)?recommended-deny-/,
    'aws-knowledge-center-cli': /^aws-knowledge-center-mfa-cli-/,
    'role-trust': /^aws-docs-role-trust-require-mfa-/,
    'cross-account-role-trust': /^aws-docs-cross-account-role-trust-require-mfa/,
    's3-bucket-policy': /^aws-docs-s3-bucket-policy-require-mfa-and-age-/,
    'scp-require-mfa': /^aws-docs-scp-require-mfa-/,
    'allow-remove-mfa-recent': /^aws-docs-allow-remove-mfa-only-if-recent-mfa-/,
    'terraform-aws-modules-iam-group': /^terraform-aws-modules-iam-group-v6-/,
    'terraform-module-enforce-mfa': /^terraform-module-enforce-mfa-/,
  };

  it('has one entry per snippet and no other', () => {
    assert.deepEqual(Object.keys(sources).sort(), snippets.map((s) => s.name).sort());
  });

  it('names existing variant files and flaw codes', () => {
    for (const [name, source] of Object.entries(sources)) {
      assert.ok(fs.existsSync(path.join(VARIANTS_DIR, source.variant)), `${name}: ${source.variant} not in ${VARIANTS_DIR}`);
      assert.ok(Array.isArray(source.changes), `${name}: changes`);
      for (const change of source.changes) assert.ok(ruleOf(change), `${name}: unknown flaw code ${change}`);
    }
  });

  for (const [family, files] of Object.entries(FAMILIES)) {
    it(`covers ${family}`, () => {
      const members = Object.entries(sources).filter(([, s]) => s.family === family);
      assert.ok(members.length > 0, `no snippet for ${family}`);
      for (const [name, s] of members) assert.match(s.variant, files, `${name}: ${s.variant} is not of ${family}`);
      // At least one whole-document snippet per family.
      assert.ok(members.some(([name]) => snippets.find((x) => x.name === name)?.kind === 'document'), `${family}: no whole-document snippet`);
    });
  }
});
