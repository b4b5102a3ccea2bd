import type { AuditResult } from '../../core/audit/audit';
export function formatAuditHtml(result: AuditResult, ..._rest: unknown[]): string { return JSON.stringify(result.counts); }
