// Which files hold policies in which syntax, for the CLI and the language server alike.
import type { SourceFormat } from '../core/model';

const YAML_EXTENSIONS = /\.(ya?ml)$/i;
const LINTED_EXTENSIONS = /\.(json|jsonc|ya?ml|template|tf)$/i;
/** Terraform HCL; `*.tf.json` is JSON. */
const HCL_EXTENSIONS = /\.tf$/i;

/** Files a folder walk lints: JSON, JSONC, YAML, CloudFormation ".template" and Terraform ".tf" files. */
export function isLintedFileName(name: string): boolean {
  return LINTED_EXTENSIONS.test(name);
}

/** YAML by extension; a ".template" (CloudFormation's old habit) by its first character. */
export function formatOf(fileName: string, text: string): SourceFormat {
  if (YAML_EXTENSIONS.test(fileName)) return 'yaml';
  if (HCL_EXTENSIONS.test(fileName)) return 'hcl';
  if (/\.template$/i.test(fileName)) return /^\s*[{[]/.test(text.replace(/^\uFEFF/, '')) ? 'json' : 'yaml';
  return 'json';
}

/** The language id a file read from disk is checked as, as an editor would name it. */
export function languageIdOf(fileName: string): 'yaml' | 'terraform' | 'json' {
  return YAML_EXTENSIONS.test(fileName) ? 'yaml' : HCL_EXTENSIONS.test(fileName) ? 'terraform' : 'json';
}

/** Git's test for a binary file: a NUL byte in its first 8,000 bytes. */
export function looksBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, 8000).includes(0);
}
