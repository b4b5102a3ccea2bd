// The audit's figures for `npm run bench`: a generated export of 5,000 users, 500 groups,
// 2,000 roles and 3,000 policies, read and audited in process, then the whole command-line
// process on the same export written to a temp file (target < 5 s), with its peak memory.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { auditGraph } from '../../server/src/core/audit/audit';
import { readAccountExport } from '../../server/src/core/audit/accountExport';
import { CLI_BUNDLE, runNode } from './cliBench';
import { generateAccountExport } from './generateExport';

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
/** Preloaded with -r: prints the process's CPU time (all threads) and peak resident memory on stderr as it exits. */
const USAGE = `process.on('exit',()=>{const u=process.resourceUsage();process.stderr.write('\\nusage '+u.userCPUTime+' '+u.systemCPUTime+' '+u.maxRSS+'\\n')});\n`;

export function benchAudit(runs = 3): { text: string } {
  const text = generateAccountExport({ users: 5000, groups: 500, roles: 2000, policies: 3000 });
  const times: { read: number; audit: number; total: number; cpu: number; evaluations: number }[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const graph = readAccountExport(text, 'generated.json');
    const t1 = performance.now();
    const result = auditGraph(graph);
    const t2 = performance.now();
    const c = process.cpuUsage(c0);
    times.push({ read: t1 - t0, audit: t2 - t1, total: t2 - t0, cpu: (c.user + c.system) / 1000, evaluations: result.evaluations });
  }
  const best = times.reduce((a, b) => (a.total <= b.total ? a : b));
  const first = times[0];
  let out =
    `\nAudit of a generated export (5,000 users, 500 groups, 2,000 roles, 3,000 policies, ${(text.length / 1e6).toFixed(1)} MB), load average ${os.loadavg()[0].toFixed(1)}:\n` +
    `  in process: first run ${s(first.total)} (read ${s(first.read)}, audit ${s(first.audit)}; CPU ${s(first.cpu)}), best of ${runs} ${s(best.total)}; ${best.evaluations} distinct policy sets evaluated   target < 5 s`;

  // The whole process a user runs: node start-up, reading the file, the audit, 20 MB of JSON out.
  if (!fs.existsSync(CLI_BUNDLE)) return { text: out + '\n  CLI bundle not built (node scripts/bundle.mjs --only=cli): no whole-process figure' };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-mfa-guard-audit-bench-'));
  try {
    const file = path.join(dir, 'account-authorization-details.json');
    fs.writeFileSync(file, text);
    const reporter = path.join(dir, 'usage.js');
    fs.writeFileSync(reporter, USAGE);
    const samples = Array.from({ length: runs }, () => {
      const run = runNode(['-r', reporter, CLI_BUNDLE, 'audit', file, '--format', 'json']);
      const [user, system, rss] = (/usage (\d+) (\d+) (\d+)/.exec(run.stderr) ?? []).slice(1).map(Number);
      return { wall: run.ms, cpu: (user + system) / 1000, rssMb: rss / 1024, outMb: run.stdout.length / 1e6 };
    });
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const wall = samples.map((x) => x.wall);
    out +=
      `\n  whole CLI process (packages/cli/dist/cli.js audit <export> --format json: start-up, read, audit, ${samples[0].outMb.toFixed(1)} MB of JSON out): median ${s(median(wall))} (min ${s(Math.min(...wall))}, n=${runs}; CPU ${s(median(samples.map((x) => x.cpu)))})   target < 5 s` +
      `\n  peak resident memory of that process: ${median(samples.map((x) => x.rssMb)).toFixed(0)} MB; load average at end ${os.loadavg()[0].toFixed(1)}`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { text: out };
}

if (require.main === module) console.log(benchAudit(Number(process.argv[2] ?? 1)).text);
