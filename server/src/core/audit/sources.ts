// One entry point for every source of principals: an account export, a CloudFormation template
// (JSON or YAML), a Terraform configuration (*.tf.json, or HCL *.tf: a folder of .tf files is
// one configuration, read with readTerraformConfiguration). Each reader returns a
// PrincipalGraph; add a new one to SOURCES.
import { readAccountExport } from './accountExport';
import { readCloudFormation } from './cloudformationSource';
import type { PrincipalGraph } from './model';
import { loadHclParser } from '../parse/hcl/hclParser';
import { readTerraformHcl } from './terraformHclSource';
import { readTerraformJson } from './terraformSource';

export interface PrincipalSourceReader {
  readonly name: string;
  /** Cheap test on the text and file name. */
  accepts(text: string, file: string): boolean;
  read(text: string, file: string): PrincipalGraph;
}

const EXPORT_KEYS = /"(UserDetailList|GroupDetailList|RoleDetailList)"\s*:/;

export const SOURCES: PrincipalSourceReader[] = [
  { name: 'account export', accepts: (text) => EXPORT_KEYS.test(text.slice(0, 1 << 20)) || (text.trimStart().startsWith('{') && /"Policies"\s*:\s*\[/.test(text.slice(0, 4096)) && /PolicyVersionList/.test(text)), read: readAccountExport },
  { name: 'Terraform JSON', accepts: (text, file) => /\.tf\.json$/i.test(file) || (/^\s*\{/.test(text) && /"resource"\s*:/.test(text) && /"aws_iam_/.test(text)), read: readTerraformJson },
  { name: 'Terraform HCL', accepts: (text, file) => isTerraformHcl(file) && text.includes('aws_iam_'), read: (text, file) => readTerraformHcl(text, file) },
  { name: 'CloudFormation', accepts: (text) => /AWS::IAM::(User|Group|Role|ManagedPolicy|Policy|UserToGroupAddition|AccessKey|VirtualMFADevice)\b/.test(text), read: readCloudFormation },
];

/** The graph of the first reader that accepts the text; undefined when none does (not an error: a folder holds other files). */
export function readPrincipalSource(text: string, file: string): PrincipalGraph | undefined {
  const reader = SOURCES.find((s) => s.accepts(text, file));
  return reader?.read(text, file);
}


export function isTerraformHcl(file: string): boolean {
  return /\.tf$/i.test(file);
}

/** Loads what a reader needs before it can run synchronously (the Terraform parser, for a `.tf` with IAM resources). */
export async function preparePrincipalSource(text: string, file: string): Promise<void> {
  if (isTerraformHcl(file) && text.includes('aws_iam_')) await loadHclParser();
}
