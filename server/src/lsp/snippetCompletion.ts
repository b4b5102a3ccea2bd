// The published-policy snippets as completion items, for editors that do not read VS Code's
// contributed snippets (Neovim, Helix, Emacs …). VS Code's own client says it has them.
import { getLocation } from 'jsonc-parser';
import { CompletionItem, CompletionItemKind, InsertTextFormat, MarkupKind } from 'vscode-languageserver/node';
import type { LineIndex } from '../core';
import { expandSnippet, listSnippets, PolicySnippet, SnippetKind } from '../snippets/expand';
import type { CompletionCapabilities } from './completionProvider';

let cached: readonly PolicySnippet[] | undefined;

function snippets(): readonly PolicySnippet[] {
  try {
    return (cached ??= listSnippets());
  } catch {
    return (cached = []); // a missing snippets file must not break completion
  }
}

/**
 * Whole-document snippets in an empty document; statement snippets where a new element of
 * "Statement": [ … ] can start.
 */
export function snippetCompletions(text: string, offset: number, lines: LineIndex, caps: CompletionCapabilities): CompletionItem[] {
  let kind: SnippetKind | undefined;
  if (text.trim() === '' || /^\s*[A-Za-z-]*\s*$/.test(text)) kind = 'document';
  else {
    const location = getLocation(text, offset);
    const path = location.path;
    const inStatementArray = typeof path[path.length - 1] === 'number' && path[path.length - 2] === 'Statement';
    if (inStatementArray && !location.isAtPropertyKey && !location.previousNode) kind = 'statement';
  }
  if (!kind) return [];
  // In an empty document the typed prefix is replaced with the whole policy.
  const replace = kind === 'document' ? { start: lines.positionAt(text.search(/\S|$/)), end: lines.positionAt(text.length) } : undefined;
  return snippets()
    .filter((s) => s.kind === kind)
    .map((s, i): CompletionItem => {
      const insert = caps.snippets ? s.snippetText : expandSnippet(s.body);
      return {
        label: s.prefix,
        kind: CompletionItemKind.Snippet,
        detail: s.name,
        documentation: { kind: MarkupKind.Markdown, value: `${s.description}\n\n\`\`\`json\n${expandSnippet(s.body)}\n\`\`\`` },
        sortText: `~${String(i).padStart(3, '0')}`,
        insertTextFormat: caps.snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
        ...(replace ? { textEdit: { range: replace, newText: insert }, filterText: s.prefix } : { insertText: insert }),
      };
    });
}
