// The reader of each syntax, by format.
import type { SourceFormat } from '../model';
import { hclReader } from './hcl/hclDocument';
import { jsonReader } from './jsonReader';
import type { SyntaxReader } from './reader';
import { yamlReader } from './yamlReader';

export const READERS: Readonly<Record<SourceFormat, SyntaxReader>> = {
  json: jsonReader,
  yaml: yamlReader,
  hcl: hclReader,
};
