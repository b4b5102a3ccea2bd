// CloudFormation/SAM YAML: the yaml library's tree as jsonc-parser nodes, then the same policy reading.
import type { PolicyDocumentNode, ParsedDocument } from '../model';
import { PolicyReader } from './policyTree';
import type { SyntaxReader } from './reader';

export const yamlReader: SyntaxReader = {
  format: 'yaml',
  read: (text) => parseYamlDocument(text),
};

function parseYamlDocument(text: string): ParsedDocument {
  // Required on first use: the yaml library is a fifth of a JSON-only run's start-up.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parseYamlTree } = require('./yamlTree') as typeof import('./yamlTree');
  const { root, problems } = parseYamlTree(text);
  const policies: PolicyDocumentNode[] = [];
  if (root) {
    const reader = new PolicyReader(text, problems, (n) => ({ start: n.offset, end: n.offset + n.length }), true, undefined, 'yaml');
    reader.collect(root, [], 0, policies);
    if (policies.length === 0) reader.collectFragments(root, policies);
  }
  return { text, format: 'yaml', policies, problems };
}

