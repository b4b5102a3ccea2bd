// The fast JSON reader must build exactly jsonc-parser's tree, or give up: on every file of the
// corpus, the variants and the fixtures, on hand-made edge cases, and on seeded cuts and
// splices of real policies (most of them broken JSON).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { Node, ParseError, parseTree } from 'jsonc-parser';
import { fastJsonTree } from '../../server/src/core/parse/fastJsonTree';
import { CORPUS_DIR, REPO_ROOT, VARIANTS_DIR } from '../testUtil';

function jsoncTree(text: string): { root: Node | undefined; errors: ParseError[] } {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  return { root, errors };
}

/** The fast tree is jsonc-parser's when it gives one; it gives one for every text jsonc-parser reads without error, unless `mayGiveUp`. */
function agrees(text: string, mayGiveUp = false): boolean {
  const fast = fastJsonTree(text);
  const { root, errors } = jsoncTree(text);
  if (fast === undefined) {
    if (!mayGiveUp) assert.ok(errors.length > 0, `gave up on valid JSON: ${JSON.stringify(text.slice(0, 80))}`);
    return false;
  }
  assert.equal(errors.length, 0, `built a tree where jsonc-parser reports ${JSON.stringify(errors)}: ${JSON.stringify(text.slice(0, 80))}`);
  assert.deepStrictEqual(fast, root);
  return true;
}

function filesBelow(dir: string, ext: RegExp): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesBelow(full, ext));
    else if (ext.test(entry.name)) out.push(full);
  }
  return out;
}

describe('fastJsonTree', () => {
  const files = [...filesBelow(CORPUS_DIR, /\.json$/), ...filesBelow(VARIANTS_DIR, /\.json$/), ...filesBelow(path.join(REPO_ROOT, 'test', 'fixtures'), /\.json$/)];

  test('builds jsonc-parser’s tree for every corpus, variant and fixture file that is valid JSON', () => {
    let built = 0;
    for (const file of files) if (agrees(fs.readFileSync(file, 'utf8').replace(/^\ufeff/, ' '), true)) built++;
    // The corpus is valid JSON throughout: nearly every file takes the fast path.
    assert.ok(built >= files.length * 0.95, `${built} of ${files.length}`);
  });

  test('edge cases: escapes, numbers, literals, empty containers, nesting, white space', () => {
    const valid = [
      '{}',
      '[]',
      ' \t\r\n{ "a" : [ ] , "b":{ } }\n',
      '"just a string"',
      '42',
      '-0',
      '[0, -1, 1.5, 1e3, 1E-3, -2.5e+10, 123456789012345678901234567890]',
      '[true, false, null]',
      '{"a\\"b": "c\\\\d\\/e\\b\\f\\n\\r\\t", "u": "\\u00e9\\uD83D\\uDE00\\u0000"}',
      '{"Statement": [{"Effect": "Deny", "NotAction": ["iam:*"], "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}]}',
      '{"dup": 1, "dup": 2}',
      '{"é ünïcode ✓": "\u2028 in a string"}',
      '[[[[[[]]]]]]',
    ];
    for (const text of valid) assert.ok(agrees(text), text);
  });

  test('gives up, rather than guess, where jsonc-parser is tolerant or reports errors', () => {
    const other = [
      '',
      '   ',
      '{"a": 1,}',
      '[1, 2,]',
      '// comment\n{}',
      '{"a": /* c */ 1}',
      '{"a": 01}',
      '{"a": 1.}',
      '{"a": .5}',
      '{"a": -}',
      '{"a": tru}',
      '{"a": truex}',
      '{"a": "\\x"}',
      '{"a": "\\u12"}',
      '{"a": "tab\there"}',
      '{"a": "unterminated',
      '{"a" 1}',
      '{a: 1}',
      '{"a": 1} extra',
      '{"a": 1}}',
      '[1 2]',
      '\u00a0{}',
      '{"a": NaN}',
    ];
    // jsonc-parser reads each of them (with or without errors): the callers fall back to it.
    for (const text of other) assert.equal(fastJsonTree(text), undefined, text);
  });

  test('seeded cuts and splices of real policies: the same tree or none', () => {
    const texts = files.slice(0, 400).map((f) => fs.readFileSync(f, 'utf8'));
    let seed = 12345;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    let trees = 0;
    for (let i = 0; i < 3000; i++) {
      const text = texts[random(texts.length)];
      const a = random(text.length + 1);
      const b = Math.min(text.length, a + random(8));
      const insert = ['', ',', '}', ']', '"', '\\', ' ', '/', '0', 'e', '-', '\n', ':'][random(13)];
      if (agrees(text.slice(0, a) + insert + text.slice(b), true)) trees++;
    }
    assert.ok(trees > 100, `${trees} of 3000 mutated texts were still valid JSON`);
  });
});
