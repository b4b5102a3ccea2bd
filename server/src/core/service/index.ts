// The language service: one module per editor feature, in the core's own terms (offsets,
// markdown, plain objects). The LSP adapter only converts ranges and plumbs capabilities.
export { provideHover, findingMarkdown, statementMarkdown, FINDING_SECTIONS } from './hover';
export type { HoverInfo } from './hover';
export { provideCompletion, provideHclCompletion, resolveCompletion } from './completion';
export type { CompletionCapabilities, CompletionData, CompletionDocumentation, CompletionEntry, CompletionKind } from './completion';
export { policyLenses, policyReachability } from './codeLens';
export type { PolicyLens, PolicyReachability } from './codeLens';
export { DocumentFixes, documentFixes } from './fixes';
export { decideRequest, defaultRequests, DEFAULT_PRINCIPAL } from './decisions';
export type { Assumption, ContextDecision, RequestDecisions } from './decisions';
