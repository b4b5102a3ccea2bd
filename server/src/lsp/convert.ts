// Core offsets and severities to LSP shapes. The only place the two vocabularies meet.
import { DiagnosticSeverity, Range } from 'vscode-languageserver/node';
import type { LineIndex, Severity, TextRange } from '../core';

export function toRange(lines: LineIndex, range: TextRange): Range {
  return { start: lines.positionAt(range.start), end: lines.positionAt(range.end) };
}

export const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};
