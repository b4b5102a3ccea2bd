// SARIF 2.1.0, the subset GitHub code scanning reads (and a little more that other viewers
// use: relatedLocations, invocation notifications, rule configuration overrides).
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ALL_RULE_METAS, Finding, RuleMeta, Severity, SeveritySetting } from '../../core';
import { packageInfo } from '../../shared/packageInfo';
import { PROJECT_URL, ruleDocsUrl } from '../../shared/ruleDocs';
import type { FileReport, Region, ReportedFinding, RunReport } from '../report';
import { nodeCrypto } from '../../shared/nodeCrypto';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SRCROOT = '%SRCROOT%';
/** The partialFingerprints key; bump the version if the recipe in fingerprintOf changes. */
export const FINGERPRINT_KEY = 'iamMfaGuardFinding/v1';

type Level = 'error' | 'warning' | 'note' | 'none';

export function sarifLevel(severity: Severity): Level {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

export interface SarifArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

export interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface SarifLocation {
  id?: number;
  physicalLocation: { artifactLocation: SarifArtifactLocation; region?: SarifRegion };
  message?: { text: string };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: Level;
  message: { text: string };
  locations: SarifLocation[];
  relatedLocations?: SarifLocation[];
  partialFingerprints: Record<string, string>;
}

export interface SarifReportingDescriptor {
  id: string;
  name: string;
  shortDescription: { text: string };
  helpUri: string;
  help: { text: string; markdown: string };
  defaultConfiguration: { level: Level; enabled?: boolean };
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: Array<{
    tool: { driver: { name: string; informationUri: string; version: string; semanticVersion: string; rules: SarifReportingDescriptor[] } };
    originalUriBaseIds: Record<string, { uri: string }>;
    columnKind: 'utf16CodeUnits';
    invocations: Array<{
      executionSuccessful: boolean;
      ruleConfigurationOverrides?: Array<{ descriptor: { id: string; index: number }; configuration: { level?: Level; enabled?: boolean } }>;
      toolExecutionNotifications?: Array<{ level: Level; message: { text: string }; locations?: SarifLocation[] }>;
    }>;
    results: SarifResult[];
  }>;
}

export function sarifLog(report: RunReport): SarifLog {
  const { version } = packageInfo();
  const rules = ALL_RULE_METAS.map(descriptorOf);
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const indexOf = (id: string): number => {
    let index = ruleIndex.get(id);
    if (index === undefined) {
      // A finding from a rule the registry does not list: describe it rather than drop it.
      index = rules.push(descriptorOf({ id, title: id, defaultSeverity: 'warning', enabledByDefault: true })) - 1;
      ruleIndex.set(id, index);
    }
    return index;
  };

  const results: SarifResult[] = [];
  for (const file of report.files) {
    const artifact = artifactLocationOf(file, report.cwd);
    const occurrences = new Map<string, number>();
    for (const finding of file.findings) {
      const related = (finding.related ?? []).map(
        (r, i): SarifLocation => ({ id: i, physicalLocation: { artifactLocation: artifact, region: sarifRegion(r.region) }, message: { text: r.message } }),
      );
      const identity = findingIdentity(finding, artifact.uri);
      const seen = occurrences.get(identity) ?? 0;
      occurrences.set(identity, seen + 1);
      results.push({
        ruleId: finding.rule,
        ruleIndex: indexOf(finding.rule),
        level: sarifLevel(finding.severity),
        message: { text: finding.message },
        locations: [{ physicalLocation: { artifactLocation: artifact, region: sarifRegion(finding.region) } }],
        ...(related.length > 0 ? { relatedLocations: related } : {}),
        partialFingerprints: { [FINGERPRINT_KEY]: sha256(`${identity}\u0000${seen}`) },
      });
    }
  }

  const overrides = Object.entries(report.options.rules).map(([id, setting]: [string, SeveritySetting]) => ({
    descriptor: { id, index: indexOf(id) },
    configuration: setting === 'off' ? { enabled: false } : { enabled: true, level: sarifLevel(setting) },
  }));
  const notifications = [
    ...report.skipped.map((s) => notification('warning', s.displayPath, `Skipped ${s.displayPath}: ${s.reason}`, report.cwd)),
    ...report.failed.map((s) => notification('error', s.displayPath, `Could not lint ${s.displayPath}: ${s.reason}`, report.cwd)),
  ];

  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'iam-mfa-guard', informationUri: PROJECT_URL, version, semanticVersion: version, rules } },
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(report.cwd) } },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: report.failed.length === 0,
            ...(overrides.length > 0 ? { ruleConfigurationOverrides: overrides } : {}),
            ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        results,
      },
    ],
  };
}

export function formatSarif(report: RunReport): string {
  return JSON.stringify(sarifLog(report), null, 2) + '\n';
}

// Any id: a finding from a rule the registry does not list is described too.
function descriptorOf(meta: Omit<RuleMeta, 'id'> & { readonly id: string }): SarifReportingDescriptor {
  const url = ruleDocsUrl(meta.id);
  return {
    id: meta.id,
    name: pascalCase(meta.title) || meta.id,
    shortDescription: { text: meta.title },
    helpUri: url,
    help: { text: `${meta.title}. See ${url}`, markdown: `**${meta.id}**: ${meta.title}. [Rule documentation](${url})` },
    defaultConfiguration: { level: sarifLevel(meta.defaultSeverity), ...(meta.enabledByDefault ? {} : { enabled: false }) },
  };
}

/** "MFA device can be removed without MFA" → "MfaDeviceCanBeRemovedWithoutMfa" (SARIF wants an identifier-like name). */
function pascalCase(title: string): string {
  return title
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1).toLowerCase())
    .join('');
}

function sarifRegion(r: Region): SarifRegion {
  return { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn };
}

/** Relative to the working folder (GitHub resolves it against the checkout), forward slashes. */
export function artifactLocationOf(file: Pick<FileReport, 'source' | 'displayPath'>, cwd: string): SarifArtifactLocation {
  if (file.source.kind === 'stdin') return { uri: encodeURIComponent(file.displayPath) };
  const relative = path.relative(cwd, file.source.absolutePath);
  if (relative && !relative.startsWith('..') && !path.isAbsolute(relative)) {
    return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
  }
  return { uri: pathToFileURL(file.source.absolutePath).href };
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : href + '/';
}

function notification(level: Level, displayPath: string, text: string, cwd: string) {
  const absolutePath = path.resolve(cwd, displayPath);
  const artifact =
    displayPath === '<stdin>' ? undefined : artifactLocationOf({ source: { kind: 'file', absolutePath, displayPath }, displayPath }, cwd);
  return { level, message: { text }, ...(artifact ? { locations: [{ physicalLocation: { artifactLocation: artifact } }] } : {}) };
}

/**
 * What makes a finding the same finding after unrelated edits: its rule, its file, the text it
 * points at (whitespace ignored) and the statement it is in (by Sid, else by policy path and
 * index). Never line or column numbers. Identical identities in one file are told apart by
 * their order (the caller appends the occurrence number).
 */
function findingIdentity(finding: ReportedFinding, uri: string): string {
  // The flagged text and the statement were taken from the file when it was linted (lintFile.ts).
  const { flagged, statement } = finding.identity ?? { flagged: '', statement: '' };
  return [finding.rule, uri, flagged, statement].join('\u0000');
}

function sha256(text: string): string {
  return nodeCrypto().createHash('sha256').update(text, 'utf8').digest('hex');
}
