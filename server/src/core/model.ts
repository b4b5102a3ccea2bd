// The policy model the parser builds and the analysis reads. Every node keeps the
// offsets of the text it came from, so findings land on the exact characters.
import type { HclDecodedString } from './parse/hcl/hclStrings';

/** Half-open character range [start, end) into the analysed text. */
export interface TextRange {
  readonly start: number;
  readonly end: number;
}

/** A JSON scalar as written, with where it was written. */
export interface ScalarNode {
  readonly value: string | number | boolean | null;
  readonly range: TextRange;
}

/** A string value (an action, a resource, a Sid …) with its range. */
export interface StringNode {
  readonly value: string;
  readonly range: TextRange;
}

/**
 * A statement element that takes one string or an array of strings
 * (Action, NotAction, Resource, NotResource).
 */
export interface StringListNode {
  /** The property name, e.g. "NotAction". */
  readonly key: string;
  readonly keyRange: TextRange;
  /** Range of the value (the string or the whole array). */
  readonly range: TextRange;
  /** Range of the whole property, key and value. */
  readonly propertyRange: TextRange;
  readonly isArray: boolean;
  readonly values: readonly StringNode[];
  /** Entries whose value is not known here (CloudFormation `!Ref`, `Fn::GetAtt`, Terraform `var.x` …). */
  readonly unknownValues: number;
  /** Those entries: what they are (`Ref`, `var.x`, `a Terraform interpolation`) and where. */
  readonly unknownEntries?: readonly StringNode[];
}

export interface ConditionKeyNode {
  /** As written (keys are case-insensitive for IAM). */
  readonly name: string;
  readonly nameRange: TextRange;
  readonly propertyRange: TextRange;
  readonly valueRange: TextRange;
  readonly values: readonly ScalarNode[];
}

export interface ConditionOperatorNode {
  /** As written, e.g. "ForAnyValue:StringLikeIfExists". */
  readonly name: string;
  readonly nameRange: TextRange;
  readonly propertyRange: TextRange;
  readonly valueRange: TextRange;
  readonly keys: readonly ConditionKeyNode[];
}

export interface ConditionNode {
  readonly range: TextRange;
  readonly propertyRange: TextRange;
  readonly operators: readonly ConditionOperatorNode[];
}

/** Principal / NotPrincipal: kept loosely, the MFA analysis only needs to know it is there. */
export interface PrincipalNode {
  readonly key: 'Principal' | 'NotPrincipal';
  readonly range: TextRange;
  /** "*" or the AWS/Service/Federated values flattened. */
  readonly values: readonly StringNode[];
}

export interface StatementNode {
  /** Position in its policy's Statement array (0 for a single-object Statement). */
  readonly index: number;
  readonly range: TextRange;
  readonly sid?: StringNode;
  readonly effect?: StringNode;
  readonly action?: StringListNode;
  readonly notAction?: StringListNode;
  readonly resource?: StringListNode;
  readonly notResource?: StringListNode;
  readonly principal?: PrincipalNode;
  readonly condition?: ConditionNode;
  /** Every property name of the statement object as written, with its range. */
  readonly elements: readonly StringNode[];
}

export type PolicyShape =
  /** {"Version", "Statement"} */
  | 'document'
  /** a lone statement object {"Sid", "Effect", …} */
  | 'statement-fragment';

export interface PolicyDocumentNode {
  readonly shape: PolicyShape;
  /** The object that holds Version/Statement (or the fragment itself). */
  readonly range: TextRange;
  readonly version?: StringNode;
  /** The "Statement" property (absent for a fragment). */
  readonly statementProperty?: { readonly keyRange: TextRange; readonly range: TextRange; readonly isArray: boolean };
  readonly statements: readonly StatementNode[];
  /**
   * Statement entries (or the whole Statement) whose value is computed at deploy time: a
   * CloudFormation `Fn::If` or `Ref`, a Terraform `var.x` or `concat(…)`, a dynamic block without
   * content, a statement whose Effect is computed. What each is (its function or expression) and where. Not read as statements, and no finding that rests on
   * every statement of the policy is reported while one is there (RuleMeta.restsOnEveryStatement).
   */
  readonly unknownStatements?: readonly StringNode[];
  /** Where the policy was found, e.g. ["PolicyVersion", "Document"]. */
  readonly path: readonly (string | number)[];
  /** Set when the policy is a JSON string inside the document (Terraform `policy`): the string's range. */
  readonly embeddedIn?: TextRange;
  /** Read from Terraform's `aws_iam_policy_document` (statement/not_actions/condition blocks), not IAM JSON. */
  readonly fromTerraformDataSource?: boolean;
  /**
   * HCL: the data source's name and the documents of the same file it merges
   * (`source_policy_documents`, `override_policy_documents` = [data.aws_iam_policy_document.NAME.json]).
   */
  readonly terraformDocument?: { readonly name: string; readonly sources: readonly string[]; readonly overrides: readonly string[] };
}

/** A problem found while reading the text or the policy structure. */
export interface ParseProblem {
  readonly code: string;
  readonly message: string;
  readonly range: TextRange;
  /** Lower than the code's default (a duplicate key is a warning); a user's setting still wins. */
  readonly severity?: 'warning';
}

/** "hcl": Terraform `*.tf` files. */
export type SourceFormat = 'json' | 'yaml' | 'hcl';

export interface ParsedDocument {
  readonly text: string;
  readonly format: SourceFormat;
  readonly policies: readonly PolicyDocumentNode[];
  readonly problems: readonly ParseProblem[];
  /** The text was refused before reading (nested too deeply): it may hold policies no one checked. */
  readonly notAnalysed?: boolean;
  /** HCL: the Terraform strings that hold JSON policies, decoded (what a fix writes back through). */
  readonly embeddedTexts?: readonly HclDecodedString[];
  /** HCL: `file("${path.module}/x.json")` and `templatefile(…)` policies, checked in the file they name. */
  readonly fileReferences?: readonly FileReference[];
  /** HCL: `policy = data.aws_iam_policy_document.NAME.json`, the document it names being in this file or not. */
  readonly documentReferences?: readonly { readonly range: TextRange; readonly name: string }[];
}

export interface FileReference {
  /** The call, e.g. file("${path.module}/policies/x.json"). */
  readonly range: TextRange;
  /** Relative to the folder of the file that names it ('/'-separated). */
  readonly path: string;
  readonly call: 'file' | 'templatefile';
}
