// npm run bench: prints how fast the linter is. Figures, not pass/fail.
import { benchAudit } from './auditBench';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { lint } from '../../server/src/core/lint';
import { CORPUS_DIR, REPO_ROOT, VARIANTS_DIR } from '../testUtil';
import { CLI_BUNDLE, cliBench } from './cliBench';
import { lspBench } from './lspBench';
import { benchTerraformLenses } from './terraformAuditBench';

const MANAGED = path.join(CORPUS_DIR, 'aws-managed');

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return `median ${fmt(at(0.5))}  p95 ${fmt(at(0.95))}  max ${fmt(sorted[sorted.length - 1])}  (n=${samples.length})`;
}

const fmt = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`);

function timeProcess(args: string[], runs: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    times.push(performance.now() - start);
    if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  }
  return times;
}

async function main(): Promise<void> {
  console.log(`iam-mfa-guard benchmark — node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown cpu'})`);

  const files = fs.readdirSync(MANAGED).filter((f) => f.endsWith('.json'));
  const texts = files.map((f) => fs.readFileSync(path.join(MANAGED, f), 'utf8'));
  const bytes = texts.reduce((n, t) => n + t.length, 0);

  console.log(`${files.length} AWS managed policies, ${(bytes / 1e6).toFixed(1)} MB`);
  // 1. The bin users run: corpus, start-up, memory, big trees.
  if (fs.existsSync(CLI_BUNDLE)) cliBench();
  else console.log('\nCLI bundle not built (node scripts/bundle.mjs --only=cli); skipping the command-line figures');

  // 2. Cold start of the core in a fresh process: require + catalog + first lint.
  const cold = timeProcess(['-e', `const t=Date.now();const {lint}=require(${JSON.stringify(path.join(REPO_ROOT, 'out/server/src/core/lint.js'))});lint('{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":"iam:*","Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]}')`], 7);
  console.log(`\nCore cold start in a new process (node start + require + catalog + first lint):\n  ${stats(cold)}`);

  // 3. Per policy, in process, after one warm-up pass.
  texts.forEach((t) => lint(t));
  const perPolicy = texts.map((t) => {
    const start = performance.now();
    lint(t);
    return performance.now() - start;
  });
  console.log(`\nPer AWS managed policy, in process:\n  ${stats(perPolicy)}   target median < 2 ms`);

  const variants = fs.readdirSync(VARIANTS_DIR).filter((f) => f !== 'INDEX.md').map((f) => fs.readFileSync(path.join(VARIANTS_DIR, f), 'utf8'));
  variants.forEach((t) => lint(t));
  const perVariant: number[] = [];
  for (let round = 0; round < 20; round++) {
    for (const t of variants) {
      const start = performance.now();
      lint(t);
      perVariant.push(performance.now() - start);
    }
  }
  console.log(`Per force-MFA variant (full MFA analysis), in process, 20 rounds:\n  ${stats(perVariant)}`);

  // 4. How cost grows with the number of statements.
  const base = JSON.parse(fs.readFileSync(path.join(VARIANTS_DIR, 'aws-docs-self-manage-credentials-2022-11.json'), 'utf8'));
  console.log('\nGrowth with statements (aws-docs-self-manage-credentials-2022-11 repeated):');
  let previous = 0;
  for (const factor of [1, 10, 100]) {
    const statements = Array.from({ length: factor }, (_, i) => base.Statement.map((s: { Sid?: string }) => ({ ...s, Sid: `${s.Sid}${i}` }))).flat();
    const text = JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
    lint(text);
    const runs = factor === 100 ? 5 : 20;
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      lint(text);
      samples.push(performance.now() - start);
    }
    const median = [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)];
    console.log(`  ${String(factor).padStart(3)}× (${statements.length} statements, ${(text.length / 1024).toFixed(0)} KB): median ${fmt(median)}${previous ? `  (×${(median / previous).toFixed(1)} for ×10 statements)` : ''}`);
    previous = median;
  }

  await lspBench(stats);

  // The account audit (issue 16): a generated export of 5,000 users / 500 groups / 2,000 roles / 3,000 policies.
  console.log(benchAudit(3).text);
  // Terraform HCL principals (issue 16): the code lens request on a 1 MB .tf after an edit.
  console.log(await benchTerraformLenses(20));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
