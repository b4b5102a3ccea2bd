// Issue 14: hostile input. Each test is one attack found against the CLI and the core, with
// its input generated here and the expectation stated as a property: a time bound that is a
// generous multiple of a baseline measured in the same test, an exit code and a report, the
// bytes outside a fix unchanged, a message instead of silence.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { evaluatePolicy } from '../../server/src/core/analysis/evaluate';
import { wildcardMatch, wildcardMatchIgnoreCase } from '../../server/src/core/catalog/wildcard';
import { compileGlobs, MAX_GLOBS } from '../../server/src/config/globs';
import { readProjectConfig } from '../../server/src/config/projectConfig';
import { code, escapeMarkdown } from '../../server/src/core/explain/text';
import { fixAll } from '../../server/src/core/fixes/fixEngine';
import { lint } from '../../server/src/core/lint';
import { writeFixedFile } from '../../server/src/cli/safeWrite';
import { decode } from '../../server/src/cli/files';
import { formatText } from '../../server/src/cli/formatters/text';
import { regionOf } from '../../server/src/cli/report';
import { LineIndex } from '../../server/src/core/positions';
import { cli } from '../cliUtil';

/** Wall time of `fn` in ms. */
function timed<T>(fn: () => T): { ms: number; value: T } {
  const start = process.hrtime.bigint();
  const value = fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

/** A generous bound from a baseline: `factor` times it, plus a second for a loaded machine. */
function bound(baselineMs: number, factor: number): number {
  return baselineMs * factor + 1000;
}

const MFA_DENY = (notAction: unknown, extra: object = {}) => ({ Effect: 'Deny', NotAction: notAction, Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } }, ...extra });
const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `iam-mfa-guard-${prefix}-`));
}

/** Reference matcher: dynamic programming over prefixes, obviously correct and polynomial. */
function referenceMatch(pattern: string, text: string): boolean {
  let row = new Array<boolean>(text.length + 1).fill(false);
  row[0] = true;
  for (const p of pattern) {
    const next = new Array<boolean>(text.length + 1).fill(false);
    if (p === '*') {
      next[0] = row[0];
      for (let j = 1; j <= text.length; j++) next[j] = next[j - 1] || row[j];
    } else for (let j = 1; j <= text.length; j++) next[j] = row[j - 1] && (p === '?' || p === text[j - 1]);
    row = next;
  }
  return row[text.length];
}

describe('hostile input: wildcards are matched in linear time', () => {
  it('agrees with a reference matcher on random patterns', () => {
    const chars = fc.constantFrom('a', 'b', '*', '?', ':');
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 10 }).map((a) => a.join('')), fc.array(fc.constantFrom('a', 'b', ':'), { maxLength: 12 }).map((a) => a.join('')), (pattern, text) => {
        assert.equal(wildcardMatch(pattern, text), referenceMatch(pattern, text), `${pattern} vs ${text}`);
      }),
      { seed: 14, numRuns: 3000 },
    );
    assert.equal(wildcardMatchIgnoreCase('IAM:Get*', 'iam:getuser'), true);
    assert.equal(wildcardMatch('IAM:Get*', 'iam:getuser'), false);
  });

  it('"iam:" + "*?" x 34 in Action, in the service part and in StringLike finish within a bound of a plain wildcard', () => {
    const hostile = '*?'.repeat(34);
    const baseline = timed(() => lint(policy({ Effect: 'Allow', Action: 'iam:*User*', Resource: '*' }, MFA_DENY('iam:Get*')))).ms;
    const attacks = [
      policy({ Effect: 'Allow', Action: `iam:${hostile}`, Resource: '*' }),
      policy({ Effect: 'Allow', Action: `${hostile}:GetUser`, Resource: '*' }),
      policy(MFA_DENY(`iam:${hostile}x`)),
      policy({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringLike: { 'aws:MultiFactorAuthPresent': `${hostile}x` } } }),
    ];
    for (const text of attacks) {
      const { ms, value } = timed(() => lint(text));
      assert.ok(ms < bound(baseline, 50), `${ms.toFixed(0)} ms, baseline ${baseline.toFixed(1)} ms`);
      assert.ok(value.parsed.policies.length === 1);
    }
  });

  it('a Resource ARN pattern of "*?" x 34 is matched in linear time by the request evaluator', () => {
    const hostile = `arn:aws:s3:::${'*?'.repeat(40)}x`;
    const request = { action: 's3:GetObject', resource: `arn:aws:s3:::${'a'.repeat(60)}`, principalArn: 'arn:aws:iam::123456789012:user/grace', context: 'access-key' as const };
    const parsed = (resource: string) => lint(policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: resource })).parsed.policies[0];
    const baseline = timed(() => evaluatePolicy(parsed('arn:aws:s3:::a*'), request)).ms;
    const { ms } = timed(() => evaluatePolicy(parsed(hostile), request));
    assert.ok(ms < bound(baseline, 50), `${ms.toFixed(0)} ms`);
  });
});

describe('hostile input: globs', () => {
  it('matches the usual globs as picomatch did', () => {
    const g = compileGlobs(['policies/legacy/**', '**/*.draft.json', 'x/{a,b}/[cd]?.json', '\\*.json'], 'ignore');
    assert.deepEqual(g.problems, []);
    for (const yes of ['policies/legacy/old.json', 'policies/legacy/a/b.json', 'deep/er/p.draft.json', 'p.draft.json', 'x/a/c1.json', 'x/b/d9.json', '*.json']) assert.ok(g.matches(yes), yes);
    for (const no of ['policies/current.json', 'x/c/c1.json', 'x/a/e1.json', 'a.json', 'policies/legacyx/a.json']) assert.ok(!g.matches(no), no);
  });

  it('"*a*a*a*a*a*a*a*ab" against a long path is bounded, and bad globs are named while the rest apply', () => {
    const path1 = 'a'.repeat(5000) + '/policy.json';
    const baseline = timed(() => compileGlobs(['**/*.json'], 'ignore').matches(path1)).ms;
    const hostile = compileGlobs(['*a*a*a*a*a*a*a*ab', '**/**/**/**/**/**/**/**/**/**/x', 'legacy/**'], 'ignore');
    const { ms, value } = timed(() => hostile.matches(path1) || hostile.matches('a/'.repeat(2000) + 'y'));
    assert.equal(value, false);
    assert.ok(hostile.matches('legacy/a.json'));
    assert.ok(ms < bound(baseline, 100), `${ms.toFixed(0)} ms`);

    const long = 'x'.repeat(65_537);
    const mixed = compileGlobs(['', long, 5, 'legacy/**'], 'ignore');
    assert.ok(mixed.matches('legacy/a.json'), 'the valid glob still applies');
    assert.equal(mixed.problems.length, 3);
    assert.match(mixed.problems.join('\n'), /empty glob/);
    assert.match(mixed.problems.join('\n'), /"xxxxxxxxxx.*65,537 characters/);

    const many = compileGlobs(Array.from({ length: 200_000 }, (_, i) => `dir${i}/**`), 'ignore');
    assert.ok(many.matches('dir0/a.json'));
    assert.ok(!many.matches(`dir${MAX_GLOBS + 5}/a.json`));
    assert.match(many.problems[0], /only the first 1,000 of 200,000/);
  });

  it('the CLI reports bad ignore globs in .iam-mfa-guard.json, still applies the others, and does not hang', async () => {
    const dir = tempDir('globs');
    fs.mkdirSync(path.join(dir, 'legacy'));
    fs.writeFileSync(path.join(dir, 'legacy', 'old.json'), policy(MFA_DENY('iam:*')));
    fs.writeFileSync(path.join(dir, 'current.json'), policy(MFA_DENY('iam:*')));
    fs.writeFileSync(path.join(dir, '.iam-mfa-guard.json'), JSON.stringify({ ignore: ['', 'y'.repeat(70_000), '*a*a*a*a*a*a*a*a*a*a*ab', 'legacy/**'] }));
    const r = await cli(['.'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /empty glob/);
    assert.match(r.stderr, /70,000 characters/);
    assert.match(r.stdout, /current\.json/);
    assert.doesNotMatch(r.stdout, /old\.json/);
    assert.match(r.stdout, /1 ignored/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('hostile input: the config file', () => {
  it('a FIFO, a link to /dev/zero and a link to /etc/passwd are refused quickly, without their content', async () => {
    const targets: [string, () => void][] = [];
    const dir = tempDir('config');
    const config = path.join(dir, '.iam-mfa-guard.json');
    const secret = path.join(dir, 'secret.txt');
    fs.writeFileSync(secret, 'root:x:0:0:TOP-SECRET-CONTENT:/root:/bin/bash\n');
    targets.push(['fifo', () => execFileSync('mkfifo', [config])]);
    targets.push(['/dev/zero', () => fs.symlinkSync('/dev/zero', config)]);
    targets.push(['a non-JSON file', () => fs.symlinkSync(secret, config)]);
    targets.push(['a huge file', () => fs.writeFileSync(config, ' '.repeat(2 * 1024 * 1024) + '{}')]);
    fs.writeFileSync(path.join(dir, 'p.json'), policy(MFA_DENY('iam:*')));
    for (const [what, make] of targets) {
      fs.rmSync(config, { force: true });
      make();
      const r = await cli(['p.json'], { cwd: dir });
      assert.equal(r.code, 1, what);
      assert.match(r.stdout, /MFA001/, `${what}: the policy is still linted`);
      assert.match(r.stderr, /cannot read .*\.iam-mfa-guard\.json: .*it is not applied/, what);
      assert.doesNotMatch(r.stderr, /TOP-SECRET|root:x/, what);
      assert.equal(readProjectConfig(config).problems.length, 1, what);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('hostile input: folder walking and --fix through links', () => {
  it('a diamond of symlinks 12 levels deep lints each file once', async () => {
    const dir = tempDir('diamond');
    let level = path.join(dir, 'l0');
    fs.mkdirSync(level);
    fs.writeFileSync(path.join(level, 'p.json'), policy(MFA_DENY('iam:*')));
    for (let i = 1; i <= 12; i++) {
      const next = path.join(dir, `l${i}`);
      fs.mkdirSync(next);
      fs.symlinkSync(level, path.join(next, 'a'));
      fs.symlinkSync(level, path.join(next, 'b'));
      level = next;
    }
    const r = await cli(['--format', 'json', '.'], { cwd: dir });
    const findings = JSON.parse(r.stdout) as { file: string }[];
    const once = lint(policy(MFA_DENY('iam:*'))).findings.length;
    assert.equal(new Set(findings.map((f) => path.basename(f.file))).size, 1);
    assert.equal(findings.length, once, 'one file, linted once');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('does not follow a link out of the tree, and --fix does not write through it', async () => {
    const outside = tempDir('outside');
    const tree = tempDir('tree');
    const victim = path.join(outside, 'victim.json');
    const original = policy(MFA_DENY(['iam:*', 'sts:GetSessionToken']));
    fs.writeFileSync(victim, original);
    fs.symlinkSync(victim, path.join(tree, 'link.json'));
    fs.symlinkSync(outside, path.join(tree, 'linkdir'));
    fs.writeFileSync(path.join(tree, 'own.json'), original);
    const r = await cli(['--fix', '--format', 'json', '.'], { cwd: tree });
    const findings = JSON.parse(r.stdout) as { file: string }[];
    assert.deepEqual([...new Set(findings.map((f) => f.file))], ['own.json']);
    assert.equal(fs.readFileSync(victim, 'utf8'), original);
    assert.notEqual(fs.readFileSync(path.join(tree, 'own.json'), 'utf8'), original, 'the file in the tree is fixed');
    fs.rmSync(outside, { recursive: true, force: true });
    fs.rmSync(tree, { recursive: true, force: true });
  });
});

describe('hostile input: cost grows about linearly', () => {
  const statements = (n: number) =>
    Array.from({ length: n }, (_, i) => (i % 2 ? MFA_DENY(['iam:*', 'sts:GetSessionToken'], { Sid: `D${i}` }) : { Sid: `A${i}`, Effect: 'Allow', Action: ['iam:DeactivateMFADevice', 's3:GetObject'], Resource: '*' }));

  it('20,000 statements take at most a few times 10x the time of 2,000', () => {
    lint(policy(...statements(200))); // warm the catalog
    const small = timed(() => lint(JSON.stringify({ Version: '2012-10-17', Statement: statements(2_000) }))).ms;
    const { ms, value } = timed(() => lint(JSON.stringify({ Version: '2012-10-17', Statement: statements(20_000) })));
    assert.ok(value.findings.length >= 20_000);
    assert.ok(ms < bound(small, 30), `20,000: ${ms.toFixed(0)} ms; 2,000: ${small.toFixed(0)} ms`);
  });

  it('fix-all on 200 fixable policies takes at most a few times 10x the time of 20', () => {
    const template = (n: number) => {
      const resources: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) resources[`P${i}`] = { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: JSON.parse(policy(...statements(6))) } };
      return JSON.stringify({ Resources: resources }, null, 2);
    };
    const small = template(20);
    const large = template(200);
    const base = timed(() => fixAll(small)).ms;
    const { ms, value } = timed(() => fixAll(large));
    assert.ok(value.applied.length >= 200, `${value.applied.length} fixes`);
    assert.ok(ms < bound(base, 30), `200 policies: ${ms.toFixed(0)} ms; 20: ${base.toFixed(0)} ms`);
    // Every policy is fixed as it would be alone.
    const alone = fixAll(small);
    assert.equal(alone.applied.length * 10, value.applied.length);
  });

  it('1,000,000 actions and 150,000 findings in one policy: no stack overflow, every finding reported and printed', () => {
    const million = lint(policy(MFA_DENY(new Array(1_000_000).fill('s3:GetObject').map((a, i) => (i % 1000 ? a : `s3:Get${i}`)))));
    assert.ok(million.parsed.policies[0].statements[0].notAction!.values.length === 1_000_000);
    const result = lint(policy(MFA_DENY(new Array(150_000).fill('x'))));
    assert.ok(result.findings.length >= 150_000);
    const text = policy(MFA_DENY(new Array(150_000).fill('x')));
    const lines = new LineIndex(text);
    const output = formatText(
      {
        options: { quiet: false } as never,
        cwd: '/',
        files: [
          {
            source: { kind: 'stdin', displayPath: '<stdin>' },
            displayPath: '<stdin>',
            policyCount: result.parsed.policies.length,
            suppressedCount: 0,
            findings: result.findings.map((f) => ({ ...f, region: regionOf(lines, f.range), related: f.related?.map((r) => ({ ...r, region: regionOf(lines, r.range) })) })),
          },
        ],
        skipped: [],
        failed: [],
        ignored: [],
      } as never,
      false,
    );
    assert.ok(output.split('\n').length > 150_000);
  });
});

describe('hostile input: depth guards cannot be bypassed', () => {
  it('a comment holding a quote before 100,000 brackets, a deep Terraform policy string, 8 KB of YAML "- - -"', () => {
    const cases: { text: string; format?: 'yaml' }[] = [
      { text: `{"Statement": /* " */ ${'['.repeat(100_000)}` },
      { text: `// "\n{"Statement": ${'['.repeat(100_000)}` },
      { text: JSON.stringify({ resource: { aws_iam_policy: { p: { policy: `{"Version":"2012-10-17","Statement":${'['.repeat(100_000)}` } } } }) },
      { text: `Statement:\n${'- '.repeat(4_000)}x\n`, format: 'yaml' },
      { text: `Statement: ${'['.repeat(50_000)}\n`, format: 'yaml' },
      { text: `Statement:\n${Array.from({ length: 3000 }, (_, i) => ' '.repeat(i) + 'a:').join('\n')}\n`, format: 'yaml' },
    ];
    for (const { text, format } of cases) {
      const result = lint(text, { format });
      assert.ok(result.findings.some((f) => /not analysed/.test(f.message)), `${text.slice(0, 40)}: says it was not analysed`);
    }
  });
});

describe('hostile input: --fix never loses a byte', () => {
  const broken = policy(MFA_DENY(['iam:*', 'sts:GetSessionToken']));

  it('reading UTF-8 gives what TextDecoder gives, whichever path it takes (BOMs, invalid bytes, any byte string)', () => {
    const expected = (bytes: Buffer) => {
      const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
      const body = bytes.subarray(bom);
      let lossless = true;
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(body);
      } catch {
        text = new TextDecoder('utf-8').decode(body);
        lossless = false;
      }
      return { text, bom: bom > 0, lossless };
    };
    const check = (bytes: Buffer) => {
      if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) return; // UTF-16
      const read = decode(bytes);
      if (read.kind !== 'text') return assert.ok(bytes.subarray(0, 8003).includes(0)); // binary
      const want = expected(bytes);
      assert.equal(read.text, want.text);
      assert.deepEqual(read.stored, { encoding: 'utf-8', bom: want.bom, lossless: want.lossless });
    };
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    for (const bytes of [Buffer.from(broken), Buffer.concat([bom, Buffer.from(broken)]), Buffer.concat([bom, bom, Buffer.from('{}')]), Buffer.from('é ✓ 😀 "x"'), Buffer.from([0x7b, 0xc3, 0x28, 0x7d]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.alloc(0), bom]) check(bytes);
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (array) => check(Buffer.from(array))), { numRuns: 2000, seed: 18 });
  });

  it('keeps a UTF-8 BOM, UTF-16 (both byte orders) and the file mode; bytes outside the fix are unchanged', async () => {
    const dir = tempDir('encodings');
    const files: [string, Buffer][] = [
      ['bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(broken)])],
      ['le.json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(broken, 'utf16le')])],
      ['be.json', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(broken, 'utf16le').swap16()])],
    ];
    for (const [name, bytes] of files) {
      fs.writeFileSync(path.join(dir, name), bytes);
      fs.chmodSync(path.join(dir, name), 0o640);
    }
    const r = await cli(['--fix', '.'], { cwd: dir });
    assert.match(r.stderr, /fixed bom\.json/);
    const expected = fixAll(broken).text;
    assert.notEqual(expected, broken);
    for (const [name, bytes] of files) {
      const after = fs.readFileSync(path.join(dir, name));
      assert.deepEqual([...after.subarray(0, 2)], [...bytes.subarray(0, 2)], `${name}: BOM kept`);
      const read = decode(after);
      assert.equal(read.kind === 'text' && read.text, expected, `${name}: same encoding, the fixed text`);
      assert.equal(fs.statSync(path.join(dir, name)).mode & 0o777, 0o640, `${name}: mode kept`);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a file that is not valid UTF-8, and says so; the file is unchanged', async () => {
    const dir = tempDir('invalid');
    const withBadByte = Buffer.from(broken.replace('"Resource"', '"Sid": "X", "Resource"'));
    withBadByte[withBadByte.indexOf('"X"') + 1] = 0xc3; // a lone UTF-8 lead byte inside the Sid
    fs.writeFileSync(path.join(dir, 'p.json'), withBadByte);
    const r = await cli(['--fix', 'p.json'], { cwd: dir });
    assert.match(r.stderr, /not fixed p\.json: it is not valid UTF-8/);
    assert.ok(fs.readFileSync(path.join(dir, 'p.json')).equals(withBadByte));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes by rename (a failed write leaves the original whole) and refuses a file changed since it was read', () => {
    const dir = tempDir('atomic');
    const file = path.join(dir, 'p.json');
    fs.writeFileSync(file, broken);
    const original = fs.readFileSync(file);
    const stored = { encoding: 'utf-8' as const, bom: false, lossless: true };
    // The module object itself (the namespace import is read-only): what safeWrite calls.
    const nodeFs = createRequire(__filename)('node:fs') as { writeSync: unknown };
    const realWrite = nodeFs.writeSync;
    nodeFs.writeSync = () => {
      throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    };
    let outcome;
    try {
      outcome = writeFixedFile({ absolutePath: file, original, stored }, fixAll(broken).text);
    } finally {
      nodeFs.writeSync = realWrite;
    }
    assert.deepEqual(outcome, { written: false, reason: 'writing failed (ENOSPC); the file is unchanged' });
    assert.ok(fs.readFileSync(file).equals(original));
    assert.deepEqual(fs.readdirSync(dir), ['p.json'], 'no temp file left behind');

    fs.writeFileSync(file, broken.replace('2012-10-17', '2012-10-17 '));
    const changed = writeFixedFile({ absolutePath: file, original, stored }, fixAll(broken).text);
    assert.equal(changed.written, false);
    assert.match((changed as { reason: string }).reason, /changed since it was read/);

    fs.writeFileSync(file, broken);
    const inode = fs.statSync(file).ino;
    assert.deepEqual(writeFixedFile({ absolutePath: file, original, stored }, fixAll(broken).text), { written: true });
    assert.notEqual(fs.statSync(file).ino, inode, 'replaced by rename, not truncated in place');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('hostile input: wrong results from hostile text', () => {
  it('Terraform elements named constructor and __proto__ are names, not look-ups', () => {
    const text = JSON.stringify({
      data: { aws_iam_policy_document: { constructor: { statement: [{ effect: 'Deny', not_actions: ['iam:*'], resources: ['*'], constructor: ['x'], __proto__: ['y'], condition: [{ test: 'BoolIfExists', variable: 'aws:MultiFactorAuthPresent', values: ['false'] }] }] } } },
    }).replace('"__proto__"', '"__proto__"');
    const result = lint(text.replace(/"constructor":\["x"\]/, '"constructor":["x"],"__proto__":["y"]'));
    assert.ok(result.findings.some((f) => f.rule === 'MFA001'));
    for (const f of result.findings) assert.doesNotMatch(f.message, /function|native code|\[object/);
  });

  it('a directive inside a quoted YAML string suppresses nothing; a Sid suppresses only by its exact suffix', () => {
    const yaml = [
      'Description: "# iam-mfa-guard-disable-file MFA001"',
      "Other: '# iam-mfa-guard-disable-file MFA001'",
      'Statement:',
      '  - Effect: Deny',
      '    NotAction: ["iam:*"]',
      '    Resource: "*"',
      '    Condition: {BoolIfExists: {"aws:MultiFactorAuthPresent": "false"}}',
      '',
    ].join('\n');
    const result = lint(yaml, { format: 'yaml' });
    assert.ok(result.findings.some((f) => f.rule === 'MFA001'));
    assert.equal(result.suppressed.length, 0);
    const sid = lint(policy(MFA_DENY(['iam:*'], { Sid: 'NeverIgnoreMFA001OrIgnoreMFA003' })));
    assert.ok(sid.findings.some((f) => f.rule === 'MFA001'), 'MFA001 is not suppressed by a Sid that only contains its name');
    const exact = lint(policy(MFA_DENY(['iam:*'], { Sid: 'DenyIgnoreMFA001' })));
    assert.ok(!exact.findings.some((f) => f.rule === 'MFA001') && exact.suppressed.some((f) => f.rule === 'MFA001'));
  });

  it('a duplicate key is read as IAM reads it (the last one) and warned about', () => {
    const text = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}, "Effect": "Deny", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}]}`;
    const result = lint(text);
    assert.equal(result.analyses[0].statements[0].effect, 'Deny');
    assert.ok(result.findings.some((f) => f.rule === 'MFA001'), 'analysed as the Deny IAM sees');
    const warnings = result.findings.filter((f) => /Duplicate key/.test(f.message));
    assert.equal(warnings.length, 2);
    assert.ok(warnings.every((w) => w.severity === 'warning'));
    assert.equal(text.slice(warnings[0].range.start, warnings[0].range.end), '"Effect"');
    assert.ok(warnings[0].range.start < text.lastIndexOf('"Effect"'));
  });

  it('YAML aliases are resolved, merge keys merged, and a second document analysed', () => {
    const yaml = [
      'base: &deny',
      '  Effect: Deny',
      '  Resource: "*"',
      '  Condition: {BoolIfExists: {"aws:MultiFactorAuthPresent": "false"}}',
      'Policy:',
      '  Version: "2012-10-17"',
      '  Statement:',
      '    - <<: *deny',
      '      NotAction: ["iam:*"]',
      '---',
      'Version: "2012-10-17"',
      'Statement: &s',
      '  - Effect: Allow',
      '    Action: iam:DeactivateMFADevice',
      '    Resource: "*"',
      '  - Effect: Deny',
      '    Action: "*"',
      '    Resource: "*"',
      '    Condition: {Bool: {"aws:MultiFactorAuthPresent": "false"}}',
      '',
    ].join('\n');
    const result = lint(yaml, { format: 'yaml' });
    assert.equal(result.parsed.policies.length, 2);
    assert.equal(result.analyses[0].statements[0].effect, 'Deny', 'merged from the anchor');
    assert.ok(result.findings.some((f) => f.rule === 'MFA001'));
    assert.ok(result.findings.some((f) => f.rule === 'MFA003'), 'the second document is analysed');
    const aliased = lint('x: &p\n  Version: "2012-10-17"\n  Statement:\n    - Effect: Deny\n      NotAction: "iam:*"\n      Resource: "*"\n      Condition: {BoolIfExists: {"aws:MultiFactorAuthPresent": "false"}}\ny: *p\n', { format: 'yaml' });
    assert.equal(aliased.parsed.policies.length, 2, 'the alias is read as the policy it names');
    const laughs = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill('*' + String.fromCharCode(97 + i)).join(', ')}]`), 'Statement: *j', ''].join('\n');
    const { ms, value } = timed(() => lint(laughs, { format: 'yaml' }));
    assert.ok(ms < 20_000 && value.findings.some((f) => /aliases expand/.test(f.message)), `billion laughs: ${ms.toFixed(0)} ms`);
  });
});

describe('hostile input: what the user reads', () => {
  it('control characters never reach the terminal in text output', async () => {
    const dir = tempDir('esc');
    fs.writeFileSync(path.join(dir, 'p.json'), policy({ Effect: 'Allow', Action: 'iam:Get\u001b]0;pwned\u0007\u001b[2J', Resource: '*' }));
    const r = await cli(['--no-color', 'p.json'], { cwd: dir });
    assert.match(r.stdout, /IAM007/);
    assert.doesNotMatch(r.stdout + r.stderr, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('code spans hold any text, and escaped Markdown shows the text itself', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('`', 'a', ' ', '[', ']', '(', ')', '!') }), (text) => {
        const span = code(text);
        const fence = /^`+/.exec(span)![0];
        // The span closes only at its end: no run of exactly the fence's length inside.
        const inner = span.slice(fence.length, span.length - fence.length);
        assert.ok(!inner.split(/[^`]+/).includes(fence), span);
        assert.equal(inner.length === text.length ? inner : inner.slice(1, -1), text.replace(/[\r\n]+/g, ' '));
      }),
      { seed: 14, numRuns: 500 },
    );
    const escaped = escapeMarkdown('x `![i](http://e/a.png)` [l](http://e) <img src=x> *a* _b_ | c');
    assert.doesNotMatch(escaped, /(^|[^\\])[`[\]<*_|]/);
  });
});
