// Core offsets and severities to LSP shapes. The only place the two vocabularies meet.
import { DiagnosticSeverity, Range } from 'vscode-languageserver/node';
import type { Severity } from '../core/findings';
import type { TextRange } from '../core/model';
import type { LineIndex } from '../core/positions';

export function toRange(lines: LineIndex, range: TextRange): Range {
  return { start: lines.positionAt(range.start), end: lines.positionAt(range.end) };
}

export const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Whether a half-open range holds the offset; an empty range holds its own position. */
export function contains(range: TextRange, offset: number): boolean {
  return range.start === range.end ? offset === range.start : range.start <= offset && offset < range.end;
}
