// Re-expresses a JSON policy in the three forms Terraform modules write it: jsonencode({ … })
// with bare keys and `=`, a heredoc, and a data "aws_iam_policy_document" block. Written the way
// `terraform fmt` lays them out, so the tests can compare findings with the JSON twin.
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** A Terraform string literal: `${` and `%{` escaped, as in a .tf file. */
export function hclString(value: string): string {
  return JSON.stringify(value).replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

function hclValue(value: unknown, indent: string): string {
  if (typeof value === 'string') return hclString(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => `${inner}${hclValue(v, inner)},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  const width = Math.max(...entries.map(([k]) => (IDENTIFIER.test(k) ? k : JSON.stringify(k)).length));
  return `{\n${entries.map(([k, v]) => `${inner}${(IDENTIFIER.test(k) ? k : JSON.stringify(k)).padEnd(width)} = ${hclValue(v, inner)}`).join('\n')}\n${indent}}`;
}

export function asJsonencode(policy: unknown): string {
  return `resource "aws_iam_policy" "twin" {\n  name   = "twin"\n  policy = jsonencode(${hclValue(policy, '  ')})\n}\n`;
}

/** The JSON text as published, in a heredoc (only `${` needs its escape there). */
export function asHeredoc(json: string): string {
  const body = json.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{').replace(/\s+$/, '');
  return `resource "aws_iam_policy" "twin" {\n  name   = "twin"\n  policy = <<EOF\n${body}\nEOF\n}\n`;
}

const ELEMENT_NAMES: Record<string, string> = { Sid: 'sid', Effect: 'effect', Action: 'actions', NotAction: 'not_actions', Resource: 'resources', NotResource: 'not_resources' };

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);

/** The data source's blocks for a policy whose elements it can express; undefined otherwise. */
export function asPolicyDocument(policy: Record<string, unknown>): string | undefined {
  const statements = list(policy.Statement) as Record<string, unknown>[];
  const lines = ['data "aws_iam_policy_document" "twin" {'];
  if (policy.Version !== undefined) lines.push(`  version = ${hclString(String(policy.Version))}`);
  for (const s of statements) {
    lines.push('  statement {');
    for (const [key, value] of Object.entries(s)) {
      if (key === 'Condition') {
        for (const [test, keys] of Object.entries(value as Record<string, Record<string, unknown>>)) {
          for (const [variable, values] of Object.entries(keys)) {
            lines.push('    condition {', `      test     = ${hclString(test)}`, `      variable = ${hclString(variable)}`, `      values   = [${list(values).map((v) => hclString(String(v))).join(', ')}]`, '    }');
          }
        }
      } else if (key === 'Principal' || key === 'NotPrincipal') {
        const block = key === 'Principal' ? 'principals' : 'not_principals';
        const entries = value === '*' ? [['*', ['*']]] : Object.entries(value as Record<string, unknown>);
        for (const [type, ids] of entries) lines.push(`    ${block} {`, `      type        = ${hclString(String(type))}`, `      identifiers = [${list(ids).map((v) => hclString(String(v))).join(', ')}]`, '    }');
      } else if (ELEMENT_NAMES[key]) {
        const name = ELEMENT_NAMES[key];
        const rendered = name === 'sid' || name === 'effect' ? hclString(String(value)) : `[${list(value).map((v) => hclString(String(v))).join(', ')}]`;
        lines.push(`    ${name} = ${rendered}`);
      } else {
        return undefined;
      }
    }
    lines.push('  }');
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}
