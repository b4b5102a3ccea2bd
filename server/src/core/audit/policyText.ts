// A policy document inside an export or template: a JSON object as the AWS CLI writes it, or a
// string (URL-encoded as the IAM API returns it, or plain JSON as Terraform writes it).
import type { Node } from 'jsonc-parser';
import { parseDocument } from '../parse/parseDocument';
import type { PolicyDocumentNode } from '../model';
import type { PolicyText, SourceLocation } from './model';

export type PolicyRead = { readonly policy: PolicyText; readonly problem?: undefined } | { readonly policy?: undefined; readonly problem: string };

/** Reads the document at `node` of `text` (the whole source file): ranges stay file offsets. */
export function readPolicyNode(text: string, node: Node | undefined, file: string): PolicyRead {
  if (!node) return { problem: 'no policy document' };
  const location: SourceLocation = { file, range: { start: node.offset, end: node.offset + node.length } };
  if (node.type === 'object') {
    const slice = text.slice(node.offset, node.offset + node.length);
    const document = pickDocument(parseDocument(slice, { streaming: false }).policies);
    if (!document) return { problem: 'not a policy document (no "Statement")' };
    return { policy: { document, text: slice, baseOffset: node.offset, location, writtenAs: 'object' } };
  }
  if (node.type === 'string') return readPolicyString(String(node.value), location);
  return { problem: `a policy document must be an object or a string, not ${node.type}` };
}

/** Reads a document given as a parsed JSON value (an object, or a string). */
export function readPolicyValue(value: unknown, location: SourceLocation): PolicyRead {
  if (value === undefined || value === null) return { problem: 'no policy document' };
  if (typeof value === 'string') return readPolicyString(value, location);
  if (typeof value !== 'object' || Array.isArray(value)) return { problem: `a policy document must be an object or a string, not ${Array.isArray(value) ? 'an array' : typeof value}` };
  const text = JSON.stringify(value, null, 2);
  const document = pickDocument(parseDocument(text, { streaming: false }).policies);
  if (!document) return { problem: 'not a policy document (no "Statement")' };
  return { policy: { document, text, location, writtenAs: 'object' } };
}

/** A policy given as a string: URL-decoded when it is URL-encoded (RFC 3986, as the IAM API returns it). */
export function readPolicyString(value: string, location?: SourceLocation): PolicyRead {
  let decoded = value.trim();
  if (!decoded.startsWith('{')) {
    try {
      decoded = decodeURIComponent(decoded);
    } catch {
      return { problem: 'the policy document does not URL-decode (malformed %-escape)' };
    }
    // Some tools encode spaces as "+"; inside a policy a literal "+" is rare outside strings.
    if (decoded.includes('+') && !safeJson(decoded) && safeJson(decoded.replace(/\+/g, ' '))) decoded = decoded.replace(/\+/g, ' ');
  }
  const parsed = parseDocument(decoded, { streaming: false });
  const document = pickDocument(parsed.policies);
  if (!document) {
    const syntax = parsed.problems[0]?.message;
    return { problem: syntax ? `the policy document is not valid JSON (${syntax})` : 'not a policy document (no "Statement")' };
  }
  return { policy: { document, text: decoded, location, writtenAs: 'string' } };
}

function safeJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The document at the root, else the first one found. */
function pickDocument(policies: readonly PolicyDocumentNode[]): PolicyDocumentNode | undefined {
  return policies.find((p) => p.path.length === 0 && p.shape === 'document') ?? policies.find((p) => p.shape === 'document') ?? policies[0];
}
