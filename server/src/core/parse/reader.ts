// One reader per syntax behind one interface: parseDocument() picks the reader for the
// document's format, after the depth guard. Adding a syntax (Terraform HCL, …) is one reader
// module and one line in readers.ts; see docs/architecture.md.
import type { ParsedDocument, SourceFormat } from '../model';

export interface ParseOptions {
  /** "yaml" for CloudFormation/SAM YAML templates; JSON (with comments) otherwise. */
  readonly format?: SourceFormat;
  /**
   * Find the policies of a large JSON text in one streaming pass and build trees only for
   * them. Default: for texts over 64 KB. The result is the same as the whole-text parse.
   */
  readonly streaming?: boolean;
}

export interface SyntaxReader {
  /** The format this reader reads; ParsedDocument.format of its results. */
  readonly format: SourceFormat;
  /**
   * The policies of `text`, with every syntax problem as an IAM001 ParseProblem whose range is
   * in `text`. Must not throw on any input; recover what it can (a policy with a syntax error
   * still gets its findings).
   */
  read(text: string, options: ParseOptions): ParsedDocument;
}
