// The Terraform audit's figure for `npm run bench`: the editor's lens request on a 1 MB `.tf`
// module (the server bench's module, plus one user and one attachment per policy), after an
// edit of one block — read the principals, audit them, place the lenses. User CPU time, as the
// machine is shared.
import { principalLenses } from '../../server/src/core/audit/principalLenses';
import { loadHclParser } from '../../server/src/core/parse/hcl/hclParser';
import { lint } from '../../server/src/core/lint';
import { terraformModuleOfSize } from './lspBench';

export function terraformModuleWithUsers(bytes: number): { text: string; users: number } {
  let text = terraformModuleOfSize(bytes);
  const policies = [...text.matchAll(/resource "aws_iam_policy" "(\w+)"/g)].map((m) => m[1]);
  policies.forEach((policy, i) => {
    text += `\nresource "aws_iam_user" "u${i}" {\n  name = "u${i}"\n}\nresource "aws_iam_user_policy_attachment" "a${i}" {\n  user       = aws_iam_user.u${i}.name\n  policy_arn = aws_iam_policy.${policy}.arn\n}\n`;
  });
  return { text, users: policies.length };
}

export async function benchTerraformLenses(runs: number): Promise<string> {
  await loadHclParser();
  const { text, users } = terraformModuleWithUsers(1 << 20);
  lint(text, { format: 'hcl' }); // as the server has linted the file before the lens request
  principalLenses(text, 'bench.tf'); // the first request fills the caches; the figure is for edits after it
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const edited = text.replace('name = "force-mfa-10"', `name = "force-mfa-10-${i}"`);
    lint(edited, { format: 'hcl' });
    const start = process.cpuUsage();
    principalLenses(edited, 'bench.tf');
    samples.push(process.cpuUsage(start).user / 1000);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)];
  const p95 = samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.95))];
  return `  audit lenses after an edit, ${(text.length / 1024 / 1024).toFixed(2)} MB Terraform module (.tf) with ${users} users: ${median.toFixed(0)} ms median, ${p95.toFixed(0)} ms p95 user CPU (${runs} edits)   target < 150 ms`;
}
