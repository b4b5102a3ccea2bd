// The Terraform HCL parser: web-tree-sitter running the Terraform dialect of
// @tree-sitter-grammars/tree-sitter-hcl, both WebAssembly (no native build). Loading it is
// asynchronous and costs a few tens of milliseconds, so it happens once, and only when a `.tf`
// text that may hold a policy is seen; everything after that (parse, analysis, fixes) is synchronous.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Language, Parser, Tree } from 'web-tree-sitter';

export type { Node as HclNode, Tree as HclTree } from 'web-tree-sitter';

const GRAMMAR_FILE = 'tree-sitter-terraform.wasm';
const RUNTIME_FILE = 'tree-sitter.wasm';

let parser: Parser | undefined;
let loading: Promise<void> | undefined;

/**
 * The .wasm files: next to the bundle (the .vsix ships them in dist/), else from the npm
 * packages (tests, the command line run from a checkout).
 */
function wasmPath(file: string): string {
  const beside = path.join(__dirname, file);
  if (existsSync(beside)) return beside;
  return file === GRAMMAR_FILE ? require.resolve(`@tree-sitter-grammars/tree-sitter-hcl/${GRAMMAR_FILE}`) : require.resolve(`web-tree-sitter/${RUNTIME_FILE}`);
}

/** Loads the parser once; later calls return the same promise. */
export function loadHclParser(): Promise<void> {
  loading ??= (async () => {
    await Parser.init({ locateFile: () => wasmPath(RUNTIME_FILE) });
    const language = await Language.load(wasmPath(GRAMMAR_FILE));
    const created = new Parser();
    created.setLanguage(language);
    parser = created;
  })();
  // A failed load may be retried (a missing file in a broken install is reported each time).
  loading.catch(() => (loading = undefined));
  return loading;
}

export function hclParserReady(): boolean {
  return parser !== undefined;
}

/** Parses a text; undefined until loadHclParser() has resolved. The caller deletes the tree. */
export function parseHclTree(text: string): Tree | undefined {
  return parser?.parse(text) ?? undefined;
}

/** A `.tf` text that may hold a policy mentions one of these; any other costs one regular-expression test. */
export const HCL_MIGHT_HOLD_POLICY = /Statement|aws_iam_policy_document|file\(/;
