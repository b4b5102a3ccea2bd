// Mutations of the other syntaxes the tool reads (issue 14): YAML templates, Terraform JSON
// with policy strings, and .iam-mfa-guard.json files. Text-level, seeded, and biased toward
// what attacks use: indicators, anchors and aliases, merge keys, tags, comments, quotes,
// brackets, control characters, huge repetitions.
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { REPO_ROOT } from '../testUtil';
import { corpus } from './mutations';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');

/** YAML texts: the fixture template and a few variants written as YAML. */
export function yamlCorpus(): string[] {
  const variants = corpus().slice(0, 12).flatMap((t) => {
    try {
      return [stringify(JSON.parse(t))];
    } catch {
      return [];
    }
  });
  return [fs.readFileSync(path.join(FIXTURES, 'infra', 'force-mfa-template.yaml'), 'utf8'), ...variants];
}

/** Terraform JSON: the fixtures, and variants serialised into `policy` strings. */
export function terraformCorpus(): string[] {
  const own = ['force-mfa.tf.json', 'policy-document.tf.json', 'terraform-plan.json'].map((f) => fs.readFileSync(path.join(FIXTURES, 'infra', f), 'utf8'));
  const wrapped = corpus().slice(0, 12).map((t, i) => JSON.stringify({ resource: { aws_iam_policy: { [`p${i}`]: { policy: t } } } }, null, 2));
  return [...own, ...wrapped];
}

export const CONFIG_CORPUS = [
  JSON.stringify({ rules: { MFA009: 'off', MFA010: 'hint' }, ignore: ['legacy/**', '**/*.draft.json'] }),
  JSON.stringify({ rules: { mfa007: 'warn', IAM007: 'info' }, ignore: ['{a,b}/**', '[!x]*.json', 'a\\*b'] }),
  '{"ignore": ["**"], "rules": {}}',
];

const INSERTS = ['- ', '? ', ': ', '&a ', '*a', '<<: *a', '!Sub ', '!!binary ', '# iam-mfa-guard-disable-file MFA001', '"', "'", '[', ']', '{', '}', '\n', '\n  ', '\t', '\u001b[2J', '\u0000', '\uFEFF', '${aws:username}', '$${', '*?*?*?*?*?*?*?*?', '{a,b}', '**/', '\\', '%', '---\n', '...\n', '|\n', '>-\n', ',', 'constructor', '__proto__'];

type TextMutation = (text: string) => string;

const position = (text: string, i: number) => (text.length ? i % (text.length + 1) : 0);

export const textMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  fc.tuple(fc.nat(), fc.constantFrom(...INSERTS)).map(([i, s]) => (t: string) => t.slice(0, position(t, i)) + s + t.slice(position(t, i))),
  fc.tuple(fc.nat(), fc.nat({ max: 40 })).map(([i, n]) => (t: string) => t.slice(0, position(t, i)) + t.slice(position(t, i) + n)),
  fc.tuple(fc.nat(), fc.nat({ max: 60 }), fc.integer({ min: 2, max: 300 })).map(([i, n, times]) => (t: string) => {
    const at = position(t, i);
    return t.slice(0, at) + t.slice(at, at + n).repeat(times) + t.slice(at);
  }),
  fc.tuple(fc.nat(), fc.nat()).map(([i, j]) => (t: string) => {
    const lines = t.split('\n');
    if (lines.length < 2) return t;
    const a = i % lines.length;
    const b = j % lines.length;
    [lines[a], lines[b]] = [lines[b], lines[a]];
    return lines.join('\n');
  }),
  fc.tuple(fc.nat(), fc.string({ unit: 'binary', maxLength: 6 })).map(([i, s]) => (t: string) => t.slice(0, position(t, i)) + s + t.slice(position(t, i))),
);

export const mutatedText = (documents: string[]): fc.Arbitrary<string> =>
  fc.tuple(fc.constantFrom(...documents), fc.array(textMutation, { minLength: 1, maxLength: 5 })).map(([doc, mutations]) => mutations.reduce((t, m) => m(t), doc));
