// The core's completion entries as LSP completion items: offsets to ranges, kinds to numbers.
import { CompletionItem, CompletionItemKind, CompletionItemTag, InsertTextFormat, MarkupContent, MarkupKind } from 'vscode-languageserver/node';
import { CompletionCapabilities, CompletionData, CompletionDocumentation, CompletionEntry, CompletionKind, LineIndex, provideCompletion as coreCompletion, provideHclCompletion as coreHclCompletion, resolveCompletion as coreResolve } from '../core';
import { toRange } from './convert';

export type { CompletionCapabilities };

const KINDS: Record<CompletionKind, CompletionItemKind> = {
  module: CompletionItemKind.Module,
  constant: CompletionItemKind.Constant,
  function: CompletionItemKind.Function,
  operator: CompletionItemKind.Operator,
  property: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
};

/** `inPolicy`: the document is known to hold a policy (so a path without "Statement" still counts). */
export function provideCompletion(text: string, offset: number, lines: LineIndex, caps: CompletionCapabilities, inPolicy: boolean): CompletionItem[] {
  return coreCompletion(text, offset, caps, inPolicy).map((entry) => toItem(entry, lines));
}

/** Inside a string of a Terraform policy: actions, operators, condition keys, effects. */
export function provideHclCompletion(text: string, offset: number, lines: LineIndex, caps: CompletionCapabilities): CompletionItem[] {
  return coreHclCompletion(text, offset, caps).map((entry) => toItem(entry, lines));
}

export function resolveCompletion(item: CompletionItem): CompletionItem {
  const documentation = coreResolve(item.data as CompletionData | undefined);
  if (documentation) item.documentation = toDocumentation(documentation);
  return item;
}

function toItem(entry: CompletionEntry, lines: LineIndex): CompletionItem {
  const item: CompletionItem = { label: entry.label, kind: KINDS[entry.kind] };
  if (entry.detail !== undefined) item.detail = entry.detail;
  if (entry.documentation) item.documentation = toDocumentation(entry.documentation);
  if (entry.sortText !== undefined) item.sortText = entry.sortText;
  if (entry.data) item.data = entry.data;
  if (entry.retrigger) item.command = { title: 'Suggest actions', command: 'editor.action.triggerSuggest' };
  if (entry.deprecated) item.tags = [CompletionItemTag.Deprecated];
  item.textEdit = { range: toRange(lines, entry.insert.range), newText: entry.insert.newText };
  if (entry.insert.snippet) item.insertTextFormat = InsertTextFormat.Snippet;
  if (entry.filterText !== undefined) item.filterText = entry.filterText;
  return item;
}

function toDocumentation(documentation: CompletionDocumentation): string | MarkupContent {
  return documentation.markdown ? { kind: MarkupKind.Markdown, value: documentation.value } : documentation.value;
}
