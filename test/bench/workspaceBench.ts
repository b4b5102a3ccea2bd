// The editor at workspace scale, for `npm run bench` (or alone: node out/test/bench/workspaceBench.js):
// a generated workspace of 10,000 files (policies from test/data/corpus, and files that are not
// policies), plus node_modules and .git trees that are skipped. Measured over stdio as an editor
// sees it: the time to the full workspace report, by the background scan (pushed) and by
// workspace/diagnostic (pulled), and an open file's change → diagnostics latency *while* the
// workspace is being checked.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { ClientCapabilities, DocumentDiagnosticReport, WorkspaceDiagnosticReport } from 'vscode-languageserver/node';
import { LineIndex } from '../../server/src/core/positions';
import { EDITOR_CAPABILITIES, LspClient, docUri } from '../lsp/harness';
import { CORPUS_DIR, REPO_ROOT, VARIANTS_DIR } from '../testUtil';

type Stats = (samples: number[]) => string;

const FILES = Number(process.env.BENCH_WORKSPACE_FILES ?? 10000);
/** e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" for a profile of the server. */
const NODE_ARGS = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);

function corpusPolicies(): string[] {
  const texts: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith('.json') && !entry.name.endsWith('.index.json')) texts.push(fs.readFileSync(p, 'utf8'));
    }
  };
  walk(CORPUS_DIR);
  return texts;
}

/** What a repository holds beside its policies: manifests, configs, fixtures, CI files. */
function notPolicy(i: number): { ext: string; text: string } {
  switch (i % 4) {
    case 0:
      return { ext: 'json', text: JSON.stringify({ name: `pkg-${i}`, version: `1.${i % 50}.0`, dependencies: { lodash: '^4.17.21', express: '^4.19.0' }, scripts: { test: 'node --test' } }, null, 2) };
    case 1:
      return { ext: 'yaml', text: `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: service-${i}\nspec:\n  replicas: ${1 + (i % 5)}\n  template:\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/app:${i}\n` };
    case 2:
      return { ext: 'json', text: JSON.stringify({ items: Array.from({ length: 20 }, (_, k) => ({ id: `${i}-${k}`, label: `Item ${k}`, enabled: k % 2 === 0 })) }, null, 2) };
    default:
      return { ext: 'yml', text: `name: ci-${i}\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci && npm test\n` };
  }
}

/** Half policies (the corpus, copied round), half not; 100 files a folder; node_modules and .git beside them. */
export function generateWorkspace(files = FILES): { dir: string; policies: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-mfa-guard-bench-workspace-'));
  const corpus = corpusPolicies();
  const policies = Math.floor(files / 2);
  for (let i = 0; i < files; i++) {
    const folder = path.join(dir, i < policies ? 'policies' : 'app', `d${String(Math.floor(i / 100)).padStart(3, '0')}`);
    if (i % 100 === 0) fs.mkdirSync(folder, { recursive: true });
    if (i < policies) fs.writeFileSync(path.join(folder, `p${i}.json`), corpus[i % corpus.length]);
    else {
      const { ext, text } = notPolicy(i);
      fs.writeFileSync(path.join(folder, `f${i}.${ext}`), text);
    }
  }
  // Skipped trees: never read.
  for (const skipped of ['node_modules/aws-sdk/policies', '.git/objects/pack']) {
    const folder = path.join(dir, skipped);
    fs.mkdirSync(folder, { recursive: true });
    for (let i = 0; i < 1000; i++) fs.writeFileSync(path.join(folder, `s${i}.json`), corpus[i % corpus.length]);
  }
  return { dir, policies };
}

/** A force-MFA policy of about 6 KB, the open file. */
function openPolicy(): string {
  const base = JSON.parse(fs.readFileSync(path.join(VARIANTS_DIR, 'aws-docs-self-manage-credentials-2022-11.json'), 'utf8'));
  const statements = [...base.Statement];
  for (let i = 0; JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2).length < 6 * 1024; i++) {
    statements.splice(statements.length - 1, 0, { ...base.Statement[i % (base.Statement.length - 1)], Sid: `Copy${i}` });
  }
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
}

function rssMb(pid: number | undefined): string | undefined {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb && (Number(kb) / 1024).toFixed(0);
  } catch {
    return undefined;
  }
}

/** user + system CPU of a process, in ms (Linux /proc; undefined elsewhere). */
function cpuMs(pid: number | undefined): number | undefined {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

/** Edits the open document (Bool ↔ BoolIfExists) one after the other until `done()`; each sample is change → its publishDiagnostics, or → its textDocument/diagnostic answer. */
async function editWhile(client: LspClient, uri: string, text: string, done: () => boolean, pull: boolean): Promise<number[]> {
  const at = text.indexOf('"BoolIfExists"');
  const lines = new LineIndex(text);
  const samples: number[] = [];
  for (let v = 2; !done(); v++) {
    const [from, to] = v % 2 ? ['"Bool"', '"BoolIfExists"'] : ['"BoolIfExists"', '"Bool"'];
    const range = { start: lines.positionAt(at), end: lines.positionAt(at + from.length) };
    const start = performance.now();
    await client.edit(uri, v, range, to);
    if (pull) await client.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
    else await client.diagnosticsFor(uri, v);
    samples.push(performance.now() - start);
  }
  return samples;
}

export async function workspaceBench(stats: Stats): Promise<void> {
  const started = performance.now();
  const { dir, policies } = generateWorkspace();
  const bundle = path.join(REPO_ROOT, 'dist', 'server.js');
  const serverPath = fs.existsSync(bundle) ? bundle : undefined;
  console.log(
    `\nWorkspace of ${FILES.toLocaleString('en-US')} files (${policies.toLocaleString('en-US')} policies from test/data/corpus, the rest package manifests, Kubernetes and CI YAML, data JSON; ` +
      `plus 2,000 in node_modules and .git, skipped), generated in ${((performance.now() - started) / 1000).toFixed(1)} s; ${serverPath ? 'dist/server.js bundle' : 'compiled modules'}, load average ${os.loadavg()[0].toFixed(1)}:`,
  );
  const text = openPolicy();
  const settings = { workspaceScan: 'on', debounceMs: 0 };
  try {
    // The same edits with no scan, on the same machine in the same run: the baseline the figures below compare with.
    {
      const client = await LspClient.start({ settings: { debounceMs: 0 }, direct: true, serverPath, nodeArgs: NODE_ARGS, rootUri: pathToFileURL(dir).href });
      try {
        const uri = docUri('open-policy.json');
        await client.open(uri, text);
        await client.diagnosticsFor(uri, 1);
        let n = 0;
        const samples = await editWhile(client, uri, text, () => ++n > 60, false);
        console.log(`  baseline, no scan: open file's change -> diagnostics (6 KB policy, debounce 0):  ${stats(samples)}`);
      } finally {
        await client.stop();
      }
    }
    // Pushed: the background scan, for clients that take pushed diagnostics (VS Code's client, Neovim).
    {
      const startAt = performance.now();
      const client = await LspClient.start({ settings, direct: true, serverPath, nodeArgs: NODE_ARGS, rootUri: pathToFileURL(dir).href });
      const cpuBefore = cpuMs(client.child.pid);
      try {
        const uri = docUri('open-policy.json');
        await client.open(uri, text);
        await client.diagnosticsFor(uri, 1);
        let scanned: string | undefined;
        const finished = client.waitForLog(/^Workspace scan: /, 600000).then((line) => (scanned = line));
        const samples = await editWhile(client, uri, text, () => scanned !== undefined, false);
        await finished;
        const wall = performance.now() - startAt;
        const cpuAfter = cpuMs(client.child.pid);
        const published = [...client.latestDiagnostics().keys()].filter((u) => u !== uri).length;
        const rss = rssMb(client.child.pid);
        console.log(`  background scan (iamMfaGuard.workspaceScan "on"), server start to every file published: ${(wall / 1000).toFixed(1)} s wall${cpuBefore !== undefined && cpuAfter !== undefined ? `, ${((cpuAfter - cpuBefore) / 1000).toFixed(1)} s server CPU` : ''}; ${published} files with findings published${rss ? `; server resident memory afterwards ${rss} MB` : ''}`);
        console.log(`    server's own count: ${scanned!.replace(/^Workspace scan: /, '')}`);
        console.log(`  open file's change -> diagnostics while the scan runs (6 KB policy, debounce 0):  ${stats(samples)}   target p95 < 150 ms`);
      } finally {
        await client.stop();
      }
    }
    // Pulled: workspace/diagnostic, for clients that pull (LSP 3.17).
    {
      const capabilities: ClientCapabilities = { ...EDITOR_CAPABILITIES, textDocument: { ...EDITOR_CAPABILITIES.textDocument, diagnostic: { dynamicRegistration: false } } };
      const client = await LspClient.start({ settings, direct: true, serverPath, nodeArgs: NODE_ARGS, rootUri: pathToFileURL(dir).href, capabilities });
      try {
        const uri = docUri('open-policy.json');
        await client.open(uri, text);
        await client.request('textDocument/diagnostic', { textDocument: { uri } });
        let report: WorkspaceDiagnosticReport | undefined;
        const pullStart = performance.now();
        const pending = client.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] }, 600000).then((r) => (report = r));
        const samples = await editWhile(client, uri, text, () => report !== undefined, true);
        await pending;
        const full = performance.now() - pullStart;
        const againStart = performance.now();
        const again = await client.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: report!.items.map((i) => ({ uri: i.uri, value: i.resultId })) }, 600000);
        const unchanged = again.items.filter((i) => i.kind === 'unchanged').length;
        console.log(`  workspace/diagnostic, full report: ${(full / 1000).toFixed(1)} s for ${report!.items.length} policy files; again with previousResultIds: ${((performance.now() - againStart) / 1000).toFixed(1)} s (${unchanged} unchanged)`);
        console.log(`  open file's change -> textDocument/diagnostic answered while workspace/diagnostic runs:  ${stats(samples)}   target p95 < 150 ms`);
      } finally {
        await client.stop();
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const fmt = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`);
  const stats: Stats = (samples) => {
    const sorted = [...samples].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    return `median ${fmt(at(0.5))}  p95 ${fmt(at(0.95))}  max ${fmt(sorted[sorted.length - 1])}  (n=${samples.length})`;
  };
  workspaceBench(stats).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
