// Machine-readable output: a flat array of findings with 1-based positions
// (endColumn exclusive, as ESLint reports it).
import type { Severity } from '../../core';
import { RunReport, regionOf } from '../report';

export interface JsonFinding {
  readonly file: string;
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export function jsonFindings(report: RunReport): JsonFinding[] {
  const out: JsonFinding[] = [];
  for (const file of report.files) {
    for (const f of file.findings) {
      out.push({ file: file.displayPath, rule: f.rule, severity: f.severity, message: f.message, ...regionOf(file.lineIndex, f.range) });
    }
  }
  return out;
}

export function formatJson(report: RunReport): string {
  return JSON.stringify(jsonFindings(report), null, 2) + '\n';
}
