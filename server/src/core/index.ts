// The core's public entry: what the LSP and CLI adapters (and anything else outside the core)
// may use. Everything else under core/ is an internal detail that can move.
export { lint, mightHoldPolicy, prepareLint } from './lint';
export type { LintOptions, LintResult } from './lint';
export { SEVERITY_ORDER, SEVERITY_SETTING_LIST, atLeast, parseSeverity, parseSeveritySetting } from './findings';
export type { Finding, RelatedLocation, Severity, SeveritySetting } from './findings';
export type { FileReference, ParsedDocument, SourceFormat, TextRange } from './model';
export { parseDocument } from './parse/parseDocument';
export type { ContextId } from './analysis/contexts';
export { LineIndex, contains } from './positions';
export type { Position } from './positions';
export { ALL_RULE_METAS, RULES_BY_ID } from './rules/registry';
export type { RuleMeta } from './rules/rule';
export { applyFix, fixAll, fixesFor, isFixable } from './fixes/fixEngine';
export type { FixAllResult } from './fixes/fixEngine';
export { minimalEdit } from './fixes/fix';
export type { Fix } from './fixes/fix';
export type { Edit } from 'jsonc-parser';
export { RECOMMENDED_EXEMPTION } from './analysis/mfaSets';
export { formatCount, plural } from './explain/text';
export * from './service';
