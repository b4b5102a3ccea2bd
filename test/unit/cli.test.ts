// The command-line linter: formats, exit codes, inputs. Most tests call run() in-process on
// files written to a temporary folder; one spawns the built binary on examples/.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { lint } from '../../server/src/core/lint';
import { ALL_RULE_METAS } from '../../server/src/core/rules/registry';
import { regionOf } from '../../server/src/cli/report';
import { LineIndex } from '../../server/src/core/positions';
import type { JsonFinding } from '../../server/src/cli/formatters/json';
import { FINGERPRINT_KEY, type SarifLog } from '../../server/src/cli/formatters/sarif';
import { RULE_DOCS_BASE_URL, ruleDocsUrl } from '../../server/src/shared/ruleDocs';
import { AWS_EXEMPTION, REPO_ROOT, mfaDeny, policyText } from '../testUtil';
import { cli } from '../cliUtil';

const MAIN_JS = path.join(REPO_ROOT, 'out', 'server', 'src', 'cli', 'main.js');
const PACKAGE_VERSION = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

// Fixture texts. What the core reports for each is checked where it matters, so a change in
// the core shows up as a clear failure here rather than as a confusing one.
const IAM_STAR = policyText(mfaDeny('iam:*')); // MFA001 error on "iam:*", MFA007 + MFA009 information
const BOOL_DENY = policyText(mfaDeny(['sts:GetSessionToken'], 'Bool')); // MFA003 error
// MFA004 warning with a related location (the Deny that covers the action today)
const IFEXISTS_ALLOW = policyText(
  { Sid: 'AllowKeys', Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } } },
  mfaDeny(AWS_EXEMPTION),
);
const CLEAN = policyText({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }); // nothing
const AWS_DENY = policyText(mfaDeny(AWS_EXEMPTION)); // MFA007, MFA009 information; MFA010 when on
const TYPO = policyText({ Effect: 'Allow', Action: 's3:GetObjekt', Resource: '*' }); // IAM007 warning
const NOT_A_POLICY = JSON.stringify({ name: 'left-pad', version: '1.3.0' }, null, 2);
const MALFORMED = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow", ';

function tempDir(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-mfa-guard-cli-'));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, ...name.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return dir;
}

/** Offset of a 1-based line/column, computed independently of the core's LineIndex. */
function offsetOf(text: string, line: number, column: number): number {
  const lines = text.split(/(?<=\r\n|\n|\r(?!\n))/);
  let offset = 0;
  for (let i = 0; i < line - 1; i++) offset += lines[i].length;
  return offset + column - 1;
}

function textAt(source: string, f: Pick<JsonFinding, 'line' | 'column' | 'endLine' | 'endColumn'>): string {
  return source.slice(offsetOf(source, f.line, f.column), offsetOf(source, f.endLine, f.endColumn));
}

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});
function fixture(files: Record<string, string | Buffer>): string {
  const dir = tempDir(files);
  dirs.push(dir);
  return dir;
}

describe('text format', () => {
  test('one line per finding as file:line:col  severity  message  RULE, at the flagged text', async () => {
    const cwd = fixture({ 'bad.json': IAM_STAR });
    const { code, stdout, stderr } = await cli(['bad.json'], { cwd });
    assert.equal(code, 1);
    assert.equal(stderr, '');
    const lines = stdout.split('\n');
    const mfa001 = lines.filter((l) => l.endsWith('  MFA001'));
    assert.equal(mfa001.length, 1, stdout);
    const match = /^bad\.json:(\d+):(\d+) +error +(.+)  MFA001$/.exec(mfa001[0]);
    assert.ok(match, mfa001[0]);
    const at = offsetOf(IAM_STAR, Number(match[1]), Number(match[2]));
    assert.equal(IAM_STAR.slice(at, at + '"iam:*"'.length), '"iam:*"');
    assert.match(match[3], /iam:\*/);
    // the information-level findings are shown by default, with the short label "info"
    assert.ok(lines.some((l) => /^bad\.json:\d+:\d+ +info +.+  MFA009$/.test(l)), stdout);
    assert.ok(!/\u001b\[/.test(stdout), 'no colour when stdout is not a TTY');
  });

  test('summary counts problems by severity, files with problems, files linted and files with policies', async () => {
    const cwd = fixture({ 'a.json': IAM_STAR, 'b.json': TYPO, 'c.json': CLEAN, 'd.json': NOT_A_POLICY });
    const { stdout } = await cli(['.'], { cwd });
    const summary = stdout.trimEnd().split('\n').at(-1);
    // IAM_STAR: 1 error + 2 info; TYPO: 1 warning
    assert.equal(summary, '✖ 4 problems (1 error, 1 warning, 2 info) in 2 of 4 files (3 with IAM policies)');
  });

  test('no problems: a tick and the same summary shape; --quiet prints nothing at all', async () => {
    const cwd = fixture({ 'c.json': CLEAN, 'd.json': NOT_A_POLICY });
    const clean = await cli(['.'], { cwd });
    assert.equal(clean.code, 0);
    assert.equal(clean.stdout, '✔ 0 problems (0 errors, 0 warnings, 0 info) in 0 of 2 files (1 with IAM policies)\n');
    const quiet = await cli(['--quiet', '.'], { cwd });
    assert.equal(quiet.stdout, '');
    const quietWithFindings = await cli(['-q', '.'], { cwd: fixture({ 'a.json': TYPO }) });
    assert.match(quietWithFindings.stdout, /IAM007\n$/);
    assert.doesNotMatch(quietWithFindings.stdout, /problem/);
  });

  test('related locations are listed under their finding', async () => {
    const cwd = fixture({ 'ifexists.json': IFEXISTS_ALLOW });
    const expected = lint(IFEXISTS_ALLOW).findings.find((f) => f.rule === 'MFA004');
    assert.ok(expected?.related?.length, 'fixture: MFA004 with a related location');
    const { stdout } = await cli(['ifexists.json'], { cwd });
    const lines = stdout.split('\n');
    const i = lines.findIndex((l) => l.endsWith('MFA004'));
    assert.ok(i >= 0, stdout);
    const r = /^ {4}↳ ifexists\.json:(\d+):(\d+) {2}\S/.exec(lines[i + 1]);
    assert.ok(r, lines[i + 1]);
    assert.equal(offsetOf(IFEXISTS_ALLOW, Number(r[1]), Number(r[2])), expected.related[0].range.start);
    assert.ok(lines[i + 1].includes(expected.related[0].message));
  });

  test('colour only on a TTY, and never with NO_COLOR or --no-color', async () => {
    const cwd = fixture({ 'bad.json': IAM_STAR });
    const tty = await cli(['bad.json'], { cwd, isTTY: true });
    assert.match(tty.stdout, /\u001b\[31merror/);
    assert.match(tty.stdout, /\u001b\[1m\u001b\[31m✖/);
    const noColorEnv = await cli(['bad.json'], { cwd, isTTY: true, env: { NO_COLOR: '1' } });
    assert.doesNotMatch(noColorEnv.stdout, /\u001b\[/);
    const noColorFlag = await cli(['--no-color', 'bad.json'], { cwd, isTTY: true });
    assert.doesNotMatch(noColorFlag.stdout, /\u001b\[/);
    assert.equal(noColorFlag.stdout, (await cli(['bad.json'], { cwd })).stdout);
  });
});

describe('json format', () => {
  test('an array of {file, rule, severity, message, line, column, endLine, endColumn}, 1-based, end exclusive', async () => {
    const cwd = fixture({ 'bad.json': IAM_STAR, 'typo.json': TYPO, 'broken.json': MALFORMED });
    const { stdout, code } = await cli(['--format', 'json', 'bad.json', 'typo.json', 'broken.json'], { cwd });
    assert.equal(code, 1);
    const items = JSON.parse(stdout) as JsonFinding[];
    const sources: Record<string, string> = { 'bad.json': IAM_STAR, 'typo.json': TYPO, 'broken.json': MALFORMED };
    let expectedCount = 0;
    for (const [file, text] of Object.entries(sources)) {
      const expected = lint(text).findings.filter((f) => f.severity !== 'hint');
      expectedCount += expected.length;
      const mine = items.filter((i) => i.file === file);
      assert.equal(mine.length, expected.length, file);
      mine.forEach((item, k) => {
        assert.deepEqual(Object.keys(item), ['file', 'rule', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn']);
        assert.equal(item.rule, expected[k].rule);
        assert.equal(item.severity, expected[k].severity);
        assert.equal(item.message, expected[k].message);
        assert.ok(item.line >= 1 && item.column >= 1);
        // the 1-based positions select exactly the characters the core flagged
        assert.equal(textAt(text, item), text.slice(expected[k].range.start, expected[k].range.end), `${file} ${item.rule}`);
      });
    }
    assert.equal(items.length, expectedCount);
    const star = items.find((i) => i.rule === 'MFA001');
    assert.ok(star);
    assert.equal(textAt(IAM_STAR, star), '"iam:*"');
    assert.equal(star.endColumn - star.column, '"iam:*"'.length);
  });

  test('positions count CRLF line ends as one line break', async () => {
    const crlf = IAM_STAR.replace(/\n/g, '\r\n');
    const cwd = fixture({ 'crlf.json': crlf });
    const items = JSON.parse((await cli(['-f', 'json', 'crlf.json'], { cwd })).stdout) as JsonFinding[];
    const star = items.find((i) => i.rule === 'MFA001');
    assert.ok(star);
    assert.equal(textAt(crlf, star), '"iam:*"');
    assert.equal(star.line, IAM_STAR.slice(0, IAM_STAR.indexOf('"iam:*"')).split('\n').length);
  });

  test('regions: 1-based, end column exclusive, across lines and CRLF', () => {
    const text = 'ab\r\ncd\nef';
    const index = new LineIndex(text);
    assert.deepEqual(regionOf(index, { start: 1, end: 6 }), { line: 1, column: 2, endLine: 2, endColumn: 3 });
    assert.equal(textAt(text, regionOf(index, { start: 1, end: 6 })), text.slice(1, 6));
    assert.deepEqual(regionOf(index, { start: 7, end: 9 }), { line: 3, column: 1, endLine: 3, endColumn: 3 });
    assert.deepEqual(regionOf(index, { start: 4, end: 4 }), { line: 2, column: 1, endLine: 2, endColumn: 1 });
  });

  test('no findings is an empty array, not nothing', async () => {
    const cwd = fixture({ 'c.json': CLEAN });
    const { stdout, code } = await cli(['--format=json', 'c.json'], { cwd });
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(stdout), []);
  });
});

describe('sarif format', () => {
  let log: SarifLog;
  let cwd: string;
  before(async () => {
    cwd = fixture({ 'policies/prod/star.json': IAM_STAR, 'policies/bool.json': BOOL_DENY, 'policies/ifexists.json': IFEXISTS_ALLOW, 'typo.json': TYPO });
    const { stdout, code } = await cli(['--format', 'sarif', '.'], { cwd });
    assert.equal(code, 1);
    log = JSON.parse(stdout) as SarifLog;
  });

  test('has the fields GitHub code scanning requires', () => {
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /sarif-2\.1\.0/);
    assert.equal(log.runs.length, 1);
    const driver = log.runs[0].tool.driver;
    assert.equal(driver.name, 'iam-mfa-guard');
    assert.equal(driver.version, PACKAGE_VERSION);
    assert.match(driver.informationUri, /^https:\/\//);
    assert.ok(log.runs[0].results.length > 0);
  });

  test('one reportingDescriptor per rule, each linking to a rule page that exists in the repository', () => {
    const rules = log.runs[0].tool.driver.rules;
    assert.deepEqual(
      rules.map((r) => r.id),
      ALL_RULE_METAS.map((m) => m.id),
    );
    for (const [i, rule] of rules.entries()) {
      const meta = ALL_RULE_METAS[i];
      assert.equal(rule.shortDescription.text, meta.title);
      assert.match(rule.name, /^[A-Za-z][A-Za-z0-9]*$/);
      assert.equal(rule.helpUri, ruleDocsUrl(rule.id));
      assert.ok(rule.helpUri.startsWith(RULE_DOCS_BASE_URL));
      const inRepo = rule.helpUri.replace(/^https:\/\/github\.com\/[^/]+\/[^/]+\/blob\/main\//, '');
      assert.ok(fs.existsSync(path.join(REPO_ROOT, inRepo)), `${inRepo} exists`);
      const level = { error: 'error', warning: 'warning', information: 'note', hint: 'note' }[meta.defaultSeverity];
      assert.equal(rule.defaultConfiguration.level, level);
      assert.equal(rule.defaultConfiguration.enabled, meta.enabledByDefault ? undefined : false);
    }
  });

  test('results: ruleIndex points at their rule, levels mapped, forward-slash relative URIs, 1-based regions', () => {
    const run0 = log.runs[0];
    const sources: Record<string, string> = { 'policies/prod/star.json': IAM_STAR, 'policies/bool.json': BOOL_DENY, 'policies/ifexists.json': IFEXISTS_ALLOW, 'typo.json': TYPO };
    for (const result of run0.results) {
      assert.equal(run0.tool.driver.rules[result.ruleIndex].id, result.ruleId);
      assert.ok(['error', 'warning', 'note'].includes(result.level));
      const location = result.locations[0].physicalLocation;
      assert.ok(location.artifactLocation.uri in sources, location.artifactLocation.uri);
      assert.equal(location.artifactLocation.uriBaseId, '%SRCROOT%');
      const region = location.region!;
      const text = sources[location.artifactLocation.uri];
      const expected = lint(text).findings.filter((f) => f.rule === result.ruleId && f.message === result.message.text);
      assert.equal(expected.length, 1);
      const flagged = textAt(text, { line: region.startLine, column: region.startColumn, endLine: region.endLine, endColumn: region.endColumn });
      assert.equal(flagged, text.slice(expected[0].range.start, expected[0].range.end));
    }
    const levels = new Set(run0.results.map((r) => `${r.ruleId}:${r.level}`));
    assert.ok(levels.has('MFA001:error'));
    assert.ok(levels.has('IAM007:warning'));
    assert.ok(levels.has('MFA009:note'), 'information is a note');
    assert.equal(run0.originalUriBaseIds['%SRCROOT%'].uri, `${pathToFileURL(cwd).href}/`);
  });

  test('relatedLocations where the finding has related ranges', () => {
    const mfa004 = log.runs[0].results.find((r) => r.ruleId === 'MFA004');
    assert.ok(mfa004?.relatedLocations?.length);
    const related = lint(IFEXISTS_ALLOW).findings.find((f) => f.rule === 'MFA004')!.related![0];
    const loc = mfa004.relatedLocations[0];
    assert.equal(loc.message?.text, related.message);
    assert.equal(loc.physicalLocation.artifactLocation.uri, 'policies/ifexists.json');
    const r = loc.physicalLocation.region!;
    assert.equal(textAt(IFEXISTS_ALLOW, { line: r.startLine, column: r.startColumn, endLine: r.endLine, endColumn: r.endColumn }), IFEXISTS_ALLOW.slice(related.range.start, related.range.end));
    assert.equal(log.runs[0].results.find((r) => r.ruleId === 'MFA001')?.relatedLocations, undefined);
  });

  test('partialFingerprints: distinct per finding, unchanged when lines are inserted above, changed when the flagged text changes', async () => {
    const fingerprints = log.runs[0].results.map((r) => r.partialFingerprints[FINGERPRINT_KEY]);
    assert.ok(fingerprints.every((f) => /^[0-9a-f]{64}$/.test(f)));
    assert.equal(new Set(fingerprints).size, fingerprints.length);

    const sarifOf = async (text: string) => {
      const dir = fixture({ 'p.json': text });
      return (JSON.parse((await cli(['--format', 'sarif', 'p.json'], { cwd: dir })).stdout) as SarifLog).runs[0].results;
    };
    const original = await sarifOf(IAM_STAR);
    // A new statement above, and blank lines: every finding moves down, nothing else changes.
    const shifted = policyText({ Sid: 'ReadOnly', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }, mfaDeny('iam:*')).replace('{\n', '{\n\n\n\n');
    const moved = await sarifOf(shifted);
    const byRule = (results: typeof original, rule: string) => results.find((r) => r.ruleId === rule)!;
    for (const rule of ['MFA001', 'MFA007', 'MFA009']) {
      assert.ok(byRule(moved, rule).locations[0].physicalLocation.region!.startLine > byRule(original, rule).locations[0].physicalLocation.region!.startLine + 3, rule);
      assert.equal(byRule(moved, rule).partialFingerprints[FINGERPRINT_KEY], byRule(original, rule).partialFingerprints[FINGERPRINT_KEY], rule);
    }
    // A different flagged text is a different finding.
    const changed = await sarifOf(policyText(mfaDeny('iam:Put*')));
    assert.ok(byRule(changed, 'MFA001'));
    assert.notEqual(byRule(changed, 'MFA001').partialFingerprints[FINGERPRINT_KEY], byRule(original, 'MFA001').partialFingerprints[FINGERPRINT_KEY]);
  });

  test('--rule overrides and unreadable paths are recorded in the invocation', async () => {
    const { stdout, code } = await cli(['--format', 'sarif', '--rule', 'MFA001=off', 'missing.json', 'policies'], { cwd });
    assert.equal(code, 2);
    const run0 = (JSON.parse(stdout) as SarifLog).runs[0];
    assert.equal(run0.invocations[0].executionSuccessful, false);
    assert.ok(run0.invocations[0].toolExecutionNotifications?.some((n) => n.level === 'error' && n.message.text.includes('missing.json')));
    assert.deepEqual(run0.invocations[0].ruleConfigurationOverrides?.[0].descriptor.id, 'MFA001');
    assert.ok(!run0.results.some((r) => r.ruleId === 'MFA001'));
    assert.ok(run0.results.some((r) => r.ruleId === 'MFA003'));
  });
});

describe('exit codes', () => {
  test('0 without error-level findings, 1 with, 0 with --exit-zero', async () => {
    const cwd = fixture({ 'clean.json': CLEAN, 'typo.json': TYPO, 'bad.json': IAM_STAR });
    assert.equal((await cli(['clean.json', 'typo.json'], { cwd })).code, 0, 'warnings alone do not fail');
    assert.equal((await cli(['clean.json', 'bad.json'], { cwd })).code, 1);
    const zero = await cli(['--exit-zero', 'bad.json'], { cwd });
    assert.equal(zero.code, 0);
    assert.match(zero.stdout, /MFA001/, '--exit-zero still reports');
  });

  test('2 for usage errors, with a message on stderr and nothing on stdout', async () => {
    const cwd = fixture({ 'bad.json': IAM_STAR });
    const cases: [string[], RegExp][] = [
      [[], /no files or folders given/],
      [['--frobnicate', 'bad.json'], /unknown option "--frobnicate"/],
      [['--format', 'xml', 'bad.json'], /--format must be one of text, json, sarif/],
      [['--severity', 'loud', 'bad.json'], /--severity must be one of/],
      [['--rule', 'MFA999=error', 'bad.json'], /unknown rule "MFA999"/],
      [['--rule', 'MFA010', 'bad.json'], /--rule expects ID=SEVERITY/],
      [['--rule', 'MFA010=loud', 'bad.json'], /severity must be one of error, warning \(warn\), information \(info\), hint, off/],
      [['--max-file-size', 'lots', 'bad.json'], /--max-file-size must be a number/],
      [['--exit-zero'], /no files or folders given/],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(argv, { cwd });
      assert.equal(r.code, 2, argv.join(' '));
      assert.match(r.stderr, message);
      assert.match(r.stderr, /--help/);
      assert.equal(r.stdout, '');
    }
  });

  test('a missing path is exit 2 even with --exit-zero, and the other files are still linted and reported', async () => {
    const cwd = fixture({ 'bad.json': IAM_STAR, 'clean.json': CLEAN });
    const r = await cli(['missing.json', 'bad.json', 'no-such-folder', 'clean.json'], { cwd });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot read missing\.json: no such file or folder/);
    assert.match(r.stderr, /cannot read no-such-folder: no such file or folder/);
    assert.match(r.stdout, /^bad\.json:\d+:\d+ +error .* MFA001$/m);
    assert.match(r.stdout, /in 1 of 2 files .*; 2 could not be read$/m);
    assert.equal((await cli(['--exit-zero', 'missing.json', 'clean.json'], { cwd })).code, 2);
  });

  test('a missing path alone: exit 2, a clear message, and no tick in the summary', async () => {
    const cwd = fixture({});
    const r = await cli(['missing.json'], { cwd });
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'iam-mfa-guard: cannot read missing.json: no such file or folder\n');
    assert.doesNotMatch(r.stdout, /✔/);
    assert.equal(r.stdout, '✖ 0 problems (0 errors, 0 warnings, 0 info) in 0 of 0 files (0 with IAM policies); 1 could not be read\n');
  });

  test('a folder with nothing to lint says so on stderr, and the summary has no tick', async () => {
    const cwd = fixture({ 'notes.txt': 'hello' });
    const r = await cli(['.'], { cwd });
    assert.equal(r.code, 0);
    assert.match(r.stderr, /no files to lint in \. \(a folder yields its \*\.json/);
    assert.match(r.stdout, /^⚠ 0 problems .* in 0 of 0 files/);
  });

  test('empty or non-policy stdin gets a note on stderr, a policy on stdin none', async () => {
    const cwd = fixture({});
    const empty = await cli(['-'], { cwd, stdin: '' });
    assert.equal(empty.code, 0);
    assert.equal(empty.stderr, 'iam-mfa-guard: <stdin> is empty: nothing was checked\n');
    assert.doesNotMatch(empty.stdout, /✔/);
    for (const text of ['hello world\n', NOT_A_POLICY]) {
      const other = await cli(['-'], { cwd, stdin: text });
      assert.match(other.stderr, /^iam-mfa-guard: <stdin> holds no IAM policy: nothing was checked \(expected a policy document/, text);
      assert.match(other.stdout, /^⚠ 0 problems/);
    }
    const policy = await cli(['-'], { cwd, stdin: CLEAN });
    assert.equal(policy.stderr, '');
    assert.match(policy.stdout, /^✔ 0 problems .*\(1 with IAM policies\)$/m);
    const broken = await cli(['-'], { cwd, stdin: MALFORMED });
    assert.equal(broken.stderr, '', 'a syntax error is a finding, not "no policy"');
    assert.match(broken.stdout, /IAM001/);
  });

  test('the summary has the same shape whatever the counts: one count per severity shown', async () => {
    const cwd = fixture({ 'typo.json': TYPO, 'bad.json': IAM_STAR });
    const last = async (argv: string[]) => (await cli(argv, { cwd })).stdout.trimEnd().split('\n').at(-1);
    assert.equal(await last(['typo.json']), '✖ 1 problem (0 errors, 1 warning, 0 info) in 1 of 1 file (1 with IAM policies)');
    assert.equal(await last(['bad.json']), '✖ 3 problems (1 error, 0 warnings, 2 info) in 1 of 1 file (1 with IAM policies)');
    assert.equal(await last(['--severity', 'warning', 'bad.json']), '✖ 1 problem (1 error, 0 warnings) in 1 of 1 file (1 with IAM policies)');
    assert.equal(await last(['--severity', 'error', 'typo.json']), '✔ 0 problems (0 errors) in 0 of 1 file (1 with IAM policies)');
    assert.equal(await last(['--severity', 'hint', 'typo.json']), '✖ 1 problem (0 errors, 1 warning, 0 info, 0 hints) in 1 of 1 file (1 with IAM policies)');
  });

  test('"warn" and "info" are accepted wherever a severity is written', async () => {
    const cwd = fixture({ 'bad.json': IAM_STAR, 'typo.json': TYPO });
    const warned = await cli(['--format', 'json', '--rule', 'MFA001=warn', 'bad.json'], { cwd });
    assert.equal(warned.code, 0, 'MFA001 is now a warning');
    assert.equal((JSON.parse(warned.stdout) as JsonFinding[]).find((f) => f.rule === 'MFA001')?.severity, 'warning');
    const shown = await cli(['--severity', 'WARN', 'typo.json'], { cwd });
    assert.match(shown.stdout, /IAM007/);
    const info = await cli(['--format', 'json', '--rule', 'iam007=Info', 'typo.json'], { cwd });
    assert.equal((JSON.parse(info.stdout) as JsonFinding[])[0].severity, 'information');
    fs.writeFileSync(path.join(cwd, '.iam-mfa-guard.json'), JSON.stringify({ rules: { MFA001: 'warn' } }));
    const configured = await cli(['bad.json'], { cwd });
    assert.equal(configured.stderr, '');
    assert.equal(configured.code, 0);
    assert.match(configured.stdout, /warning +.*MFA001$/m);
  });

  test('--help and --version', async () => {
    const cwd = fixture({});
    const help = await cli(['--help'], { cwd });
    assert.equal(help.code, 0);
    for (const flag of ['--format', '--severity', '--rule', '--no-color', '--quiet', '--exit-zero', '--max-file-size', '--version']) {
      assert.ok(help.stdout.includes(flag), flag);
    }
    const version = await cli(['--version'], { cwd });
    assert.equal(version.code, 0);
    assert.equal(version.stdout, `${PACKAGE_VERSION}\n`);
  });

  test('"lsp" is a subcommand, not a path: without a transport it is a usage error', async () => {
    const r = await cli(['lsp'], { cwd: fixture({}) });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /lsp --stdio/);
    assert.doesNotMatch(r.stderr, /cannot read lsp/);
  });
});

describe('inputs', () => {
  test('"-" reads stdin, shown as <stdin>', async () => {
    const cwd = fixture({});
    const text = await cli(['-'], { cwd, stdin: IAM_STAR });
    assert.equal(text.code, 1);
    assert.match(text.stdout, /^<stdin>:\d+:\d+ +error .* MFA001$/m);
    const json = JSON.parse((await cli(['--format', 'json', '-'], { cwd, stdin: IAM_STAR })).stdout) as JsonFinding[];
    assert.ok(json.length > 0);
    assert.ok(json.every((f) => f.file === '<stdin>'));
    const star = json.find((f) => f.rule === 'MFA001')!;
    assert.equal(textAt(IAM_STAR, star), '"iam:*"');
  });

  test('folders are searched recursively for *.json, skipping node_modules and .git', async () => {
    const cwd = fixture({
      'top.json': TYPO,
      'a/b/c/deep.json': TYPO,
      'a/UPPER.JSON': TYPO,
      'a/notes.txt': TYPO,
      'a/policy.json.bak': TYPO,
      'node_modules/pkg/p.json': TYPO,
      'a/node_modules/p.json': TYPO,
      '.git/hooks/h.json': TYPO,
    });
    const items = JSON.parse((await cli(['--format', 'json', '.'], { cwd })).stdout) as JsonFinding[];
    const files = [...new Set(items.map((i) => i.file.split(path.sep).join('/')))].sort();
    assert.deepEqual(files, ['a/UPPER.JSON', 'a/b/c/deep.json', 'top.json']);
    // A file named explicitly is linted whatever its extension.
    const explicit = await cli(['--format', 'json', 'a/notes.txt'], { cwd });
    assert.equal((JSON.parse(explicit.stdout) as JsonFinding[])[0].rule, 'IAM007');
    // The same file reached twice is linted once.
    const twice = JSON.parse((await cli(['--format', 'json', 'top.json', '.', './top.json'], { cwd })).stdout) as JsonFinding[];
    assert.equal(twice.filter((i) => i.file === 'top.json').length, 1);
    const summary = (await cli(['a'], { cwd })).stdout.trimEnd().split('\n').at(-1);
    assert.match(summary!, /in 2 of 2 files/);
  });

  test('a JSON file with no IAM policy gets no findings but is counted as linted', async () => {
    const cwd = fixture({ 'package.json': NOT_A_POLICY, 'tsconfig.json': '{"compilerOptions": {"strict": true}}' });
    const r = await cli(['.'], { cwd });
    assert.equal(r.code, 0);
    assert.equal(r.stdout, '⚠ 0 problems (0 errors, 0 warnings, 0 info) in 0 of 2 files (0 with IAM policies)\n', 'no tick when no policy was checked');
  });

  test('malformed JSON gives IAM001 findings, not a crash', async () => {
    const cwd = fixture({ 'broken.json': MALFORMED, 'bad.json': IAM_STAR });
    const r = await cli(['--format', 'json', 'broken.json', 'bad.json'], { cwd });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, '');
    const items = JSON.parse(r.stdout) as JsonFinding[];
    assert.ok(items.some((i) => i.file === 'broken.json' && i.rule === 'IAM001' && i.severity === 'error'));
    assert.ok(items.some((i) => i.file === 'bad.json' && i.rule === 'MFA001'), 'the next file is still linted');
  });

  test('binary and over-size files are skipped with a note on stderr; the exit code is unaffected', async () => {
    const binary = Buffer.concat([Buffer.from('{"Version": "2012-10-17"'), Buffer.from([0, 1, 2, 0xff, 0xfe, 0])]);
    const cwd = fixture({ 'blob.json': binary, 'big.json': CLEAN + ' '.repeat(5000), 'clean.json': CLEAN });
    const r = await cli(['--max-file-size', '2000', '.'], { cwd });
    assert.equal(r.code, 0);
    assert.match(r.stderr, /skipped blob\.json: binary file/);
    assert.match(r.stderr, /skipped big\.json: 5(\.\d)? KB is over the --max-file-size limit of 2 KB/);
    assert.equal(r.stdout, '✔ 0 problems (0 errors, 0 warnings, 0 info) in 0 of 1 file (1 with IAM policies); 2 skipped\n');
    const both = await cli(['--max-file-size', '2K', 'big.json', 'clean.json'], { cwd });
    assert.match(both.stderr, /skipped big\.json/);
    const stdin = await cli(['--max-file-size', '100', '-'], { cwd, stdin: IAM_STAR });
    assert.equal(stdin.code, 0);
    assert.match(stdin.stderr, /skipped <stdin>: .* over the --max-file-size limit/);
  });

  test('a UTF-8 BOM is not a syntax error and UTF-16 files are read', async () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(IAM_STAR)]);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(IAM_STAR, 'utf16le')]);
    const cwd = fixture({ 'bom.json': bom, 'utf16.json': utf16 });
    const items = JSON.parse((await cli(['--format', 'json', '.'], { cwd })).stdout) as JsonFinding[];
    for (const file of ['bom.json', 'utf16.json']) {
      const rules = items.filter((i) => i.file === file).map((i) => i.rule);
      assert.ok(rules.includes('MFA001'), file);
      assert.ok(!rules.includes('IAM001'), file);
      assert.equal(textAt(IAM_STAR, items.find((i) => i.file === file && i.rule === 'MFA001')!), '"iam:*"');
    }
  });
});

describe('--rule and --severity', () => {
  test('--rule turns an off-by-default rule on, changes a severity, or turns a rule off', async () => {
    const cwd = fixture({ 'aws.json': AWS_DENY, 'bad.json': IAM_STAR });
    const rulesOf = async (argv: string[]) => (JSON.parse((await cli(['--format', 'json', ...argv], { cwd })).stdout) as JsonFinding[]).map((i) => `${i.rule}:${i.severity}`);
    assert.ok(!(await rulesOf(['aws.json'])).some((r) => r.startsWith('MFA010')), 'MFA010 is off by default');
    assert.ok((await rulesOf(['--rule', 'MFA010=warning', 'aws.json'])).includes('MFA010:warning'));
    assert.ok((await rulesOf(['--rule', 'mfa010=error', 'aws.json'])).includes('MFA010:error'), 'ids are case-insensitive');
    // on as a hint: hidden unless --severity hint
    assert.ok(!(await rulesOf(['--rule', 'MFA010=hint', 'aws.json'])).some((r) => r.startsWith('MFA010')));
    assert.ok((await rulesOf(['--rule', 'MFA010=hint', '--severity', 'hint', 'aws.json'])).includes('MFA010:hint'));

    assert.ok((await rulesOf(['bad.json'])).includes('MFA001:error'));
    assert.ok(!(await rulesOf(['--rule', 'MFA001=off', 'bad.json'])).some((r) => r.startsWith('MFA001')));
    const both = await rulesOf(['--rule', 'MFA001=off,MFA009=off', 'bad.json']);
    assert.deepEqual(both, ['MFA007:information']);
    assert.equal((await cli(['--rule', 'MFA001=warning', 'bad.json'], { cwd })).code, 0, 'no error left, exit 0');
    assert.equal((await cli(['--rule', 'MFA007=error', 'aws.json'], { cwd })).code, 1, 'raised to error, exit 1');
  });

  test('--severity sets the lowest severity shown; hidden findings are not counted', async () => {
    const cwd = fixture({ 'bad.json': IAM_STAR, 'typo.json': TYPO });
    const severities = async (level: string) =>
      new Set((JSON.parse((await cli(['--format', 'json', '--severity', level, '.'], { cwd })).stdout) as JsonFinding[]).map((i) => i.severity));
    assert.deepEqual([...(await severities('error'))], ['error']);
    assert.deepEqual([...(await severities('warning'))].sort(), ['error', 'warning']);
    assert.deepEqual([...(await severities('info'))].sort(), ['error', 'information', 'warning']);
    const text = await cli(['--severity', 'error', '.'], { cwd });
    assert.match(text.stdout, /✖ 1 problem \(1 error\) in 1 of 2 files/, 'hidden severities have no count');
    assert.equal(text.code, 1);
  });
});

describe('the built binary', () => {
  test('main.js starts with a shebang', () => {
    assert.equal(fs.readFileSync(MAIN_JS, 'utf8').split('\n')[0], '#!/usr/bin/env node');
  });

  test('on examples/: reports the known flaws and exits 1; --exit-zero exits 0', () => {
    const r = spawnSync(process.execPath, [MAIN_JS, 'examples/'], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(r.stderr, '');
    assert.equal(r.status, 1);
    const sep = path.sep === '\\' ? '\\\\' : '/';
    for (const [file, rule] of [
      ['aws-docs-notaction-deny-all-users-not-using-mfa-2018-09.json', 'MFA001'],
      ['aws-docs-s3-production-bucket-recent-mfa-2019.json', 'MFA003'],
      ['aws-docs-iam-mfa-selfmanage-2018-11-21.json', 'MFA002'],
    ]) {
      assert.match(r.stdout, new RegExp(`^examples${sep}${file.replace(/\./g, '\\.')}:\\d+:\\d+ +error .* ${rule}$`, 'm'), `${rule} in ${file}`);
    }
    assert.doesNotMatch(r.stdout, /self-manage-credentials-2022-11\.json:\d+:\d+ +error/, 'the current AWS policy has no errors');
    const jsonFiles = fs.readdirSync(path.join(REPO_ROOT, 'examples')).filter((f) => f.endsWith('.json')).length;
    assert.match(r.stdout, new RegExp(`^✖ \\d+ problems \\(\\d+ errors, .*\\) in \\d+ of ${jsonFiles} files \\(${jsonFiles} with IAM policies\\)$`, 'm'));

    const zero = spawnSync(process.execPath, [MAIN_JS, '--exit-zero', '--format', 'sarif', 'examples'], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(zero.status, 0);
    const log = JSON.parse(zero.stdout) as SarifLog;
    assert.ok(log.runs[0].results.some((x) => x.ruleId === 'MFA001' && x.locations[0].physicalLocation.artifactLocation.uri === 'examples/aws-docs-notaction-deny-all-users-not-using-mfa-2018-09.json'));
  });

  test('a missing path from the real binary: exit 2 and a one-line message, no stack trace', () => {
    const r = spawnSync(process.execPath, [MAIN_JS, 'does-not-exist.json'], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'iam-mfa-guard: cannot read does-not-exist.json: no such file or folder\n');
  });
});
