// Helpers shared by the tests: where things are, and small builders for policies.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../server/src/core/findings';
import { lint, LintOptions } from '../server/src/core/lint';
import { RECOMMENDED_EXEMPTION } from '../server/src/core';
import { parseHclTree } from '../server/src/core/parse/hcl/hclParser';

/** The repository root (tests run from out/test/…). */
export const REPO_ROOT = findRepoRoot(__dirname);
/** Third-party reference data kept in the repository (origin and licence: test/data/SOURCES.md). */
export const DATA_DIR = path.join(REPO_ROOT, 'test', 'data');
/** The published force-MFA policies and their INDEX.md. */
export const VARIANTS_DIR = path.join(DATA_DIR, 'variants');
/** AWS managed policies and community policies. */
export const CORPUS_DIR = path.join(DATA_DIR, 'corpus');

function findRepoRoot(start: string): string {
  let dir = start;
  while (!fs.existsSync(path.join(dir, 'package.json')) || dir.endsWith(`${path.sep}out`)) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('repository root not found from ' + start);
    dir = parent;
  }
  return dir;
}

export function readVariant(file: string): string {
  return fs.readFileSync(path.join(VARIANTS_DIR, file), 'utf8');
}

/** A policy document text from statement objects, pretty-printed like most real policies. */
export function policyText(...statements: object[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
}

export interface Located extends Finding {
  /** The exact text the finding points at. */
  readonly text: string;
}

export function findings(text: string, options?: LintOptions): Located[] {
  return lint(text, options).findings.map((f) => ({ ...f, text: text.slice(f.range.start, f.range.end) }));
}

export function findingsOf(rule: string, text: string, options?: LintOptions): Located[] {
  return findings(text, options).filter((f) => f.rule === rule);
}

/** The standard deny-unless-MFA statement with a given exemption and operator. */
export function mfaDeny(notAction: string | string[], operator = 'BoolIfExists', extra: object = {}): object {
  return { Sid: 'DenyAllExceptListedIfNoMFA', Effect: 'Deny', NotAction: notAction, Resource: '*', Condition: { [operator]: { 'aws:MultiFactorAuthPresent': 'false' } }, ...extra };
}

/** The AWS-recommended exemption, from the core that owns it. */
export const AWS_EXEMPTION = [...RECOMMENDED_EXEMPTION];

/** tree-sitter's verdict on Terraform text: no ERROR and no MISSING node anywhere (the parser must be loaded). */
export function parsesAsHcl(text: string): boolean {
  const tree = parseHclTree(text)!;
  try {
    return !tree.rootNode.hasError;
  } finally {
    tree.delete();
  }
}
