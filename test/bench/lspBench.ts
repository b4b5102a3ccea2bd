// Language-server figures for `npm run bench`, measured over stdio like an editor sees them.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { lint, prepareLint } from '../../server/src/core/lint';
import { LineIndex } from '../../server/src/core/positions';
import { LspClient, docUri, positionOf } from '../lsp/harness';
import { REPO_ROOT, VARIANTS_DIR } from '../testUtil';
import { workspaceBench } from './workspaceBench';

type Stats = (samples: number[]) => string;

/** A force-MFA policy of about `bytes` (IAM's managed-policy limit is 6,144 characters). */
function policyOfSize(bytes: number): string {
  const base = JSON.parse(fs.readFileSync(path.join(VARIANTS_DIR, 'aws-docs-self-manage-credentials-2022-11.json'), 'utf8'));
  const statements = [...base.Statement];
  for (let i = 0; JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2).length < bytes; i++) {
    statements.splice(statements.length - 1, 0, { ...base.Statement[i % (base.Statement.length - 1)], Sid: `Copy${i}` });
  }
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
}

/**
 * A CloudFormation template of about `bytes`. `policyShare` of its resources are IAM managed
 * policies (force-MFA ones, flawed and sound); the rest are functions, tables and buckets with
 * the properties such templates carry.
 */
function templateOfSize(bytes: number, policyShare: number): string {
  const policy = JSON.parse(fs.readFileSync(path.join(VARIANTS_DIR, 'aws-docs-notaction-deny-all-users-not-using-mfa-2018-09.json'), 'utf8'));
  const own = JSON.parse(fs.readFileSync(path.join(VARIANTS_DIR, 'aws-docs-self-manage-credentials-2022-11.json'), 'utf8'));
  const other = (i: number) => ({
    Type: 'AWS::Lambda::Function',
    Properties: {
      FunctionName: { 'Fn::Sub': `\${AWS::StackName}-handler-${i}` },
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      MemorySize: 512,
      Timeout: 30,
      Role: { 'Fn::GetAtt': [`Role${i}`, 'Arn'] },
      Environment: { Variables: { TABLE: { Ref: `Table${i}` }, STAGE: 'prod', LOG_LEVEL: 'info' } },
      Tags: [{ Key: 'team', Value: 'platform' }, { Key: 'cost-centre', Value: `cc-${i % 17}` }],
    },
  });
  const resources: Record<string, unknown> = {};
  const every = Math.max(1, Math.round(1 / policyShare));
  for (let i = 0; JSON.stringify({ Resources: resources }, null, 2).length < bytes; i++) {
    resources[`Resource${i}`] = i % every === 0 ? { Type: 'AWS::IAM::ManagedPolicy', Properties: { ManagedPolicyName: `p${i}`, PolicyDocument: i % (2 * every) ? policy : own } } : other(i);
  }
  return JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources }, null, 2);
}

/**
 * A Terraform module of about `bytes`: one resource in ten an IAM policy (jsonencode, a heredoc,
 * or an aws_iam_policy_document data source, flawed and sound), the rest functions with the
 * attributes, blocks and references such modules carry.
 */
export function terraformModuleOfSize(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  const push = (s: string) => {
    parts.push(s);
    size += s.length;
  };
  for (let i = 0; size < bytes; i++) {
    if (i % 30 === 0) {
      push(`data "aws_iam_policy_document" "force_mfa_${i}" {
  statement {
    sid = "AllowManageOwnMFA"
    actions = [
      "iam:CreateVirtualMFADevice",
      "iam:EnableMFADevice",
      "iam:ListMFADevices",
      "iam:ResyncMFADevice",
    ]
    resources = ["arn:aws:iam::*:mfa/*", "arn:aws:iam::*:user/&{aws:username}"]
  }
  statement {
    sid         = "DenyAllExceptListedIfNoMFA"
    effect      = "Deny"
    not_actions = ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:ListMFADevices", "iam:ListVirtualMFADevices", "iam:ResyncMFADevice", "sts:GetSessionToken"]
    resources   = ["*"]
    condition {
      test     = "BoolIfExists"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["false"]
    }
  }
}

`);
    } else if (i % 30 === 10) {
      push(`resource "aws_iam_policy" "jsonencode_${i}" {
  name = "force-mfa-${i}"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyAllExceptListedIfNoMFA"
        Effect    = "Deny"
        NotAction = ["iam:*"]
        Resource  = "*"
        Condition = { Bool = { "aws:MultiFactorAuthPresent" = "false" } }
      },
    ]
  })
}

`);
    } else if (i % 30 === 20) {
      push(`resource "aws_iam_group_policy" "heredoc_${i}" {
  group  = aws_iam_group.engineers.name
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Deny",
    "NotAction": ["iam:ListMFADevices", "iam:EnableMFADevice", "iam:CreateVirtualMFADevice"],
    "Resource": "*",
    "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}
  }]
}
POLICY
}

`);
    } else {
      push(`resource "aws_lambda_function" "handler_${i}" {
  function_name = "\${var.stage}-handler-${i}"
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  memory_size   = 512
  timeout       = 30
  role          = aws_iam_role.handler[${i % 7}].arn
  environment {
    variables = {
      TABLE     = aws_dynamodb_table.table_${i}.name
      STAGE     = var.stage
      LOG_LEVEL = "info"
    }
  }
  tags = merge(local.tags, { team = "platform", cost_centre = "cc-${i % 17}" })
}

`);
    }
  }
  return parts.join('');
}

async function changeLatency(client: LspClient, name: string, text: string, rounds: number, languageId = 'json'): Promise<number[]> {
  const uri = docUri(name);
  await client.open(uri, text, languageId);
  await client.diagnosticsFor(uri, 1);
  const samples: number[] = [];
  // An edit as an editor sends it: toggle one operator between "BoolIfExists" and "Bool".
  const at = text.indexOf('"BoolIfExists"');
  const lines = new LineIndex(text);
  for (let v = 2; v < rounds + 2; v++) {
    const [from, to] = v % 2 ? ['"Bool"', '"BoolIfExists"'] : ['"BoolIfExists"', '"Bool"'];
    const range = { start: lines.positionAt(at), end: lines.positionAt(at + from.length) };
    const start = performance.now();
    await client.edit(uri, v, range, to);
    await client.diagnosticsFor(uri, v);
    samples.push(performance.now() - start);
  }
  await client.close(uri);
  return samples;
}

function rssOf(client: LspClient): string | undefined {
  const kb = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${client.child.pid}/status`, 'utf8'))?.[1];
  return kb && (Number(kb) / 1024).toFixed(0);
}

export async function lspBench(stats: Stats): Promise<void> {
  console.log('\nLanguage server over stdio (debounce 0, so the figures are the analysis and the transport):');
  // What VS Code starts is the production bundle (npm run bench builds it, as vsce does); without it, the compiled modules.
  const bundle = path.join(REPO_ROOT, 'dist', 'server.js');
  const serverPath = fs.existsSync(bundle) ? bundle : undefined;
  const bareStart = performance.now();
  spawnSync(process.execPath, ['-e', '0']);
  const bare = performance.now() - bareStart;
  const startAt = performance.now();
  const client = await LspClient.start({ settings: { debounceMs: 0 }, direct: true, serverPath });
  console.log(
    `  start to initialize answered (${serverPath ? 'dist/server.js bundle' : 'compiled modules; run npm run bundle for the bundle'}): ${(performance.now() - startAt).toFixed(0)} ms, of which a bare node start is ${bare.toFixed(0)} ms   (extension activation target < 200 ms)`,
  );
  try {
    const small = policyOfSize(6 * 1024);
    console.log(`  change -> diagnostics, ${(small.length / 1024).toFixed(1)} KB policy:  ${stats(await changeLatency(client, 'bench-6k.json', small, 200))}   target p95 < 10 ms`);
    const rssAfterPolicy = rssOf(client);
    if (rssAfterPolicy) console.log(`  server resident memory with the catalog loaded, after the 6 KB policy: ${rssAfterPolicy} MB   target < 150 MB`);
    const template = templateOfSize(1024 * 1024, 0.1);
    const policies = lint(template).parsed.policies.length;
    console.log(`  change -> diagnostics, ${(template.length / 1024 / 1024).toFixed(2)} MB CloudFormation template, ${policies} force-MFA policies among its resources:  ${stats(await changeLatency(client, 'bench-1m.json', template, 40))}   target < 150 ms`);
    const allPolicies = templateOfSize(1024 * 1024, 1);
    console.log(`  worst case, ${(allPolicies.length / 1024 / 1024).toFixed(2)} MB template of nothing but ${lint(allPolicies).parsed.policies.length} force-MFA policies:  ${stats(await changeLatency(client, 'bench-1m-all.json', allPolicies, 30))}`);
    const module = terraformModuleOfSize(1024 * 1024);
    await prepareLint(module, { format: 'hcl' });
    const tfPolicies = lint(module, { format: 'hcl' }).parsed.policies.length;
    console.log(`  change -> diagnostics, ${(module.length / 1024 / 1024).toFixed(2)} MB Terraform module (.tf), ${tfPolicies} policies (jsonencode, heredoc, aws_iam_policy_document) among its resources:  ${stats(await changeLatency(client, 'bench-1m.tf', module, 40, 'terraform'))}   target p95 < 150 ms`);

    const uri = docUri('bench-completion.json');
    const text = small.replace('"iam:GetUser"', '"iam:Get"');
    await client.open(uri, text);
    await client.diagnosticsFor(uri, 1);
    const at = positionOf(text, '"iam:Get"', 8);
    const completion: number[] = [];
    for (let i = 0; i < 200; i++) {
      const start = performance.now();
      const items = await client.completion(uri, at);
      completion.push(performance.now() - start);
      if (i === 0 && !items.some((c) => String(c.label).includes('GetUser'))) throw new Error('completion returned no iam:Get… actions');
    }
    console.log(`  completion inside "Action":  ${stats(completion)}   target p95 < 20 ms`);
    const rss = rssOf(client);
    if (rss) console.log(`  server resident memory after the 1 MB templates: ${rss} MB`);
  } finally {
    await client.stop();
  }

  const notPolicy = fs.readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8');
  const cost: number[] = [];
  for (let i = 0; i < 200; i++) {
    const start = performance.now();
    lint(notPolicy);
    cost.push(performance.now() - start);
  }
  console.log(`  a non-policy JSON file (package-lock.json, ${(notPolicy.length / 1024).toFixed(0)} KB), in process:  ${stats(cost)}   target < 1 ms`);

  await workspaceBench(stats);
}
