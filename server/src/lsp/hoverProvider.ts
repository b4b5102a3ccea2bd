// Hovers come from the core's language service; this only turns offsets into positions.
import { Hover, MarkupKind } from 'vscode-languageserver/node';
import { provideHover as coreHover } from '../core';
import { toRange } from './convert';
import type { DocumentState } from './documents';

export function provideHover(state: DocumentState, offset: number): Hover | null {
  if (state.selection !== 'policy' || !state.result) return null;
  const hover = coreHover(state.result, offset);
  if (!hover) return null;
  return { contents: { kind: MarkupKind.Markdown, value: hover.markdown }, range: hover.range && toRange(state.lines, hover.range) };
}
