// CloudFormation/SAM YAML: the yaml library's tree as jsonc-parser nodes, then the same policy reading.
import type { PolicyDocumentNode, ParsedDocument } from '../model';
import { PolicyReader } from './policyTree';
import type { SyntaxReader } from './reader';
import { parseYamlTree } from './yamlTree';

export const yamlReader: SyntaxReader = {
  format: 'yaml',
  read: (text) => parseYamlDocument(text),
};

function parseYamlDocument(text: string): ParsedDocument {
  const { root, problems } = parseYamlTree(text);
  const policies: PolicyDocumentNode[] = [];
  if (root) {
    const reader = new PolicyReader(text, problems, (n) => ({ start: n.offset, end: n.offset + n.length }), true, undefined, 'yaml');
    reader.collect(root, [], 0, policies);
    if (policies.length === 0) reader.collectFragments(root, policies);
  }
  return { text, format: 'yaml', policies, problems };
}

