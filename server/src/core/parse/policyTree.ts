// Reads IAM policies out of a syntax tree (jsonc-parser's Node: JSON directly, YAML through
// yamlTree.ts) into the model. Every reader in readers.ts ends here; a reader for another
// syntax either builds the same Node tree or produces the model itself.
import { Node, createScanner, printParseErrorCode, SyntaxKind } from 'jsonc-parser';
import type {
  ConditionKeyNode,
  ConditionNode,
  ConditionOperatorNode,
  ParseProblem,
  PolicyDocumentNode,
  PrincipalNode,
  ScalarNode,
  StatementNode,
  StringListNode,
  StringNode,
  TextRange,
} from '../model';
import { GeneralCode } from '../ruleIds';
import { decodeJsonString, decodeYamlScalar, looksLikeEmbeddedPolicy } from './embedded';
import { intrinsicValue } from './intrinsics';
import { SYNTAX_MESSAGES, parseJson } from './jsonSyntax';
import { terraformPolicyDocuments } from './terraformDocument';
import { jsonDepthExceeded, MAX_NESTING } from './depthGuard';
import { lastOfEachKey, shadowedKeys } from './duplicateKeys';

const MAX_DEPTH = 64;

export class PolicyReader {
  constructor(
    private readonly text: string,
    private readonly problems: ParseProblem[],
    /** Offsets of the parsed text mapped back to the user's text. */
    private readonly rangeOf: (n: Node) => TextRange,
    /** JSON string values may hold policies of their own (Terraform `policy`). */
    private readonly readsEmbedded: boolean,
    private readonly embeddedIn?: TextRange,
    /** How a string node is written: a JSON string literal, or a YAML scalar (block, quoted). */
    private readonly stringSyntax: 'json' | 'yaml' = 'json',
  ) {}

  /**
   * Walks the tree and reads every object that holds a "Statement" as a policy. This finds
   * bare documents and every wrapper alike ({"PolicyDocument": …}, {"Policy": …},
   * {"PolicyVersion": {"Document": …}}, CloudFormation resources) without a list of names.
   */
  collect(node: Node, path: readonly (string | number)[], depth: number, out: PolicyDocumentNode[]): void {
    if (depth > MAX_DEPTH) return;
    if (node.type === 'object') {
      const dataSource = propertyOf(node, 'aws_iam_policy_document');
      if (dataSource?.type === 'object') {
        for (const { name, policy } of terraformPolicyDocuments(dataSource)) {
          const statements = propertyOf(policy, 'Statement');
          if (statements) out.push({ ...this.readPolicy(policy, statements, [...path, ...pathFromRoot(dataSource), name]), fromTerraformDataSource: true });
        }
      }
      const statement = propertyOf(node, 'Statement');
      if (statement && looksLikePolicy(node, statement)) {
        out.push(this.readPolicy(node, statement, [...path, ...pathFromRoot(node)]));
        return;
      }
      for (const prop of node.children ?? []) {
        const pair = prop.children;
        if (pair && pair[0] && pair[1] && pair[1] !== dataSource) this.collect(pair[1], path, depth + 1, out);
      }
    } else if (node.type === 'array') {
      for (const child of node.children ?? []) this.collect(child, path, depth + 1, out);
    } else if (node.type === 'string' && this.readsEmbedded && looksLikeEmbeddedPolicy(node.value)) {
      this.collectEmbedded(node, [...path, ...pathFromRoot(node)], out);
    }
  }

  /** A policy serialised into a JSON string: parsed on its own, its ranges mapped back through the escapes. */
  private collectEmbedded(node: Node, path: readonly (string | number)[], out: PolicyDocumentNode[]): void {
    const outer = this.rangeOf(node);
    const decoded =
      this.stringSyntax === 'yaml' ? decodeYamlScalar(this.text, node.offset, node.offset + node.length, String(node.value)) : decodeJsonString(this.text, node.offset, node.offset + node.length);
    if (!decoded) return;
    // The string's own nesting is not the document's: a policy string 100,000 brackets deep is guarded on its own.
    if (jsonDepthExceeded(decoded.text, MAX_NESTING) >= 0) {
      this.problems.push({ code: GeneralCode.Syntax, message: `The embedded policy is nested more than ${MAX_NESTING} levels deep: it is not analysed.`, range: outer });
      return;
    }
    const inner = parseJson(decoded.text);
    if (!inner.root) return;
    const at = (offset: number) => decoded.boundaries[Math.max(0, Math.min(offset, decoded.boundaries.length - 1))] - node.offset + outer.start;
    for (const e of inner.errors) {
      const start = at(e.offset);
      this.problems.push({ code: GeneralCode.Syntax, message: `JSON syntax error in the embedded policy: ${SYNTAX_MESSAGES[printParseErrorCode(e.error)] ?? printParseErrorCode(e.error)}.`, range: { start, end: Math.max(start + 1, at(e.offset + e.length)) } });
    }
    const reader = new PolicyReader(decoded.text, this.problems, (n) => ({ start: at(n.offset), end: at(n.offset + n.length) }), false, outer);
    const found: PolicyDocumentNode[] = [];
    reader.collect(inner.root, path, 0, found);
    for (const p of found) out.push(p);
  }

  /** Without any Statement, a lone statement object (or an array of them) is a fragment. */
  collectFragments(root: Node, out: PolicyDocumentNode[]): void {
    const candidates = root.type === 'array' ? root.children ?? [] : [root];
    candidates.forEach((node, i) => {
      if (node.type === 'object' && looksLikeStatement(node)) {
        const statements = [this.readStatement(node, 0)];
        out.push({ shape: 'statement-fragment', range: this.rangeOf(node), statements, path: root.type === 'array' ? [i] : [], embeddedIn: this.embeddedIn });
      }
    });
  }

  private readPolicy(node: Node, statementProp: Node, path: readonly (string | number)[]): PolicyDocumentNode {
    this.warnDuplicates(node);
    const version = propertyOf(node, 'Version');
    let versionNode: StringNode | undefined;
    if (version) {
      if (version.type === 'string') versionNode = { value: version.value, range: this.rangeOf(version) };
      else this.typeProblem(version, 'Version', 'a string such as "2012-10-17"');
    }
    const statements: StatementNode[] = [];
    // Fn::If around a statement, `Statement = var.extra`: known only when the stack or plan is made.
    const unknownStatements: StringNode[] = [];
    const unknownStatement = (node: Node) => {
      const intrinsic = intrinsicValue(node);
      if (intrinsic) unknownStatements.push({ value: intrinsic.name, range: this.rangeOf(node) });
      return intrinsic !== undefined;
    };
    let isArray = false;
    if (statementProp.type === 'array') {
      isArray = true;
      (statementProp.children ?? []).forEach((child, i) => {
        if (unknownStatement(child)) return;
        if (child.type === 'object') statements.push(this.readStatementOf(child, i, unknownStatements));
        else this.typeProblem(child, 'Each Statement entry', 'an object');
      });
    } else if (unknownStatement(statementProp)) {
      // Nothing of it is known here.
    } else if (statementProp.type === 'object') {
      statements.push(this.readStatementOf(statementProp, 0, unknownStatements));
    } else {
      this.typeProblem(statementProp, 'Statement', 'an array of statement objects');
    }
    const keyNode = statementProp.parent?.children?.[0];
    return {
      shape: 'document',
      embeddedIn: this.embeddedIn,
      range: this.rangeOf(node),
      version: versionNode,
      statementProperty: { keyRange: keyNode ? this.rangeOf(keyNode) : this.rangeOf(statementProp), range: this.rangeOf(statementProp), isArray },
      statements,
      ...(unknownStatements.length > 0 ? { unknownStatements } : {}),
      path,
    };
  }

  /** A statement of a policy document; one whose Effect is computed at deploy time may allow or deny: it counts as unknown too. */
  private readStatementOf(node: Node, index: number, unknownStatements: StringNode[]): StatementNode {
    const statement = this.readStatement(node, index);
    const effect = statement.effect ? undefined : propertyOf(node, 'Effect');
    const intrinsic = effect && intrinsicValue(effect);
    if (intrinsic) unknownStatements.push({ value: `an Effect of ${intrinsic.name}`, range: this.rangeOf(node) });
    return statement;
  }

  readStatement(node: Node, index: number): StatementNode {
    this.warnDuplicates(node);
    const stringOf = (name: string): StringNode | undefined => {
      const v = propertyOf(node, name);
      if (!v) return undefined;
      if (v.type !== 'string') {
        this.typeProblem(v, name, 'a string');
        return undefined;
      }
      return { value: v.value, range: this.rangeOf(v) };
    };
    const conditionValue = propertyOf(node, 'Condition');
    return {
      index,
      range: this.rangeOf(node),
      sid: stringOf('Sid'),
      effect: stringOf('Effect'),
      action: this.readStringList(node, 'Action'),
      notAction: this.readStringList(node, 'NotAction'),
      resource: this.readStringList(node, 'Resource'),
      notResource: this.readStringList(node, 'NotResource'),
      principal: this.readPrincipal(node),
      condition: conditionValue ? this.readCondition(conditionValue) : undefined,
      elements: this.elementNames(node),
    };
  }

  /** The statement's property names, as written. */
  private elementNames(node: Node): StringNode[] {
    const names: StringNode[] = [];
    for (const p of node.children ?? []) {
      const key = p.children?.[0];
      if (key) names.push({ value: String(key.value), range: this.rangeOf(key) });
    }
    return names;
  }

  private readStringList(statement: Node, name: string): StringListNode | undefined {
    const value = propertyOf(statement, name);
    if (!value) return undefined;
    const prop = value.parent!;
    const keyNode = prop.children![0];
    const values: StringNode[] = [];
    const unknownEntries: StringNode[] = [];
    if (value.type === 'array') {
      for (const item of value.children ?? []) this.readListEntry(item, name, true, values, unknownEntries);
    } else {
      this.readListEntry(value, name, false, values, unknownEntries);
    }
    return { key: name, keyRange: this.rangeOf(keyNode), range: this.rangeOf(value), propertyRange: this.rangeOf(prop), isArray: value.type === 'array', values, unknownValues: unknownEntries.length, unknownEntries };
  }

  /** One entry of a string list: a string, a template CloudFormation fills in, or a value only known at deploy time. */
  private readListEntry(item: Node, name: string, inArray: boolean, values: StringNode[], unknownEntries: StringNode[]): void {
    const intrinsic = intrinsicValue(item);
    if (item.type === 'string') values.push({ value: item.value, range: this.rangeOf(item) });
    else if (intrinsic?.template !== undefined) values.push({ value: intrinsic.template, range: this.rangeOf(item) });
    else if (inArray) this.typeProblem(item, `Each ${name} entry`, 'a string');
    else this.typeProblem(item, name, 'a string or an array of strings');
    if (intrinsic && intrinsic.template === undefined) unknownEntries.push({ value: intrinsic.name, range: this.rangeOf(item) });
  }

  private readPrincipal(statement: Node): PrincipalNode | undefined {
    for (const key of ['Principal', 'NotPrincipal'] as const) {
      const value = propertyOf(statement, key);
      if (!value) continue;
      const values: StringNode[] = [];
      const visit = (n: Node, depth: number): void => {
        if (depth > 4) return;
        if (n.type === 'string') values.push({ value: n.value, range: this.rangeOf(n) });
        else if (n.type === 'array') (n.children ?? []).forEach((c) => visit(c, depth + 1));
        else if (n.type === 'object') (n.children ?? []).forEach((p) => p.children?.[1] && visit(p.children[1], depth + 1));
      };
      visit(value, 0);
      return { key, range: this.rangeOf(value), values };
    }
    return undefined;
  }

  private readCondition(value: Node): ConditionNode | undefined {
    const prop = value.parent!;
    if (value.type !== 'object') {
      this.typeProblem(value, 'Condition', 'an object of condition operators');
      return { range: this.rangeOf(value), propertyRange: this.rangeOf(prop), operators: [] };
    }
    const operators: ConditionOperatorNode[] = [];
    this.warnDuplicates(value);
    for (const opProp of lastOfEachKey(value)) {
      const [opKey, opValue] = opProp.children ?? [];
      if (!opKey || !opValue) continue;
      const keys = this.readConditionKeys(opKey.value, opValue);
      operators.push({ name: String(opKey.value), nameRange: this.rangeOf(opKey), propertyRange: this.rangeOf(opProp), valueRange: this.rangeOf(opValue), keys });
    }
    return { range: this.rangeOf(value), propertyRange: this.rangeOf(prop), operators };
  }

  private readConditionKeys(operator: string, opValue: Node): ConditionKeyNode[] {
    if (opValue.type === 'object') {
      const keys: ConditionKeyNode[] = [];
      this.warnDuplicates(opValue);
      for (const keyProp of lastOfEachKey(opValue)) {
        const [keyName, keyValue] = keyProp.children ?? [];
        if (!keyName || !keyValue) continue;
        const values: ScalarNode[] = [];
        const pushScalar = (n: Node) => {
          if (n.type === 'string' || n.type === 'number' || n.type === 'boolean' || n.type === 'null') values.push({ value: n.value, range: this.rangeOf(n) });
          else this.typeProblem(n, `The value of ${keyName.value}`, 'a string, number or boolean');
        };
        if (keyValue.type === 'array') (keyValue.children ?? []).forEach(pushScalar);
        else pushScalar(keyValue);
        keys.push({ name: String(keyName.value), nameRange: this.rangeOf(keyName), propertyRange: this.rangeOf(keyProp), valueRange: this.rangeOf(keyValue), values });
      }
      return keys;
    }
    // `"Null": [ "aws:MultiFactorAuthAge": "true" ]` (Trek10, 2017) is invalid JSON, but the
    // intent is plain: read `"key": value` pairs back out of the brackets so the rest of
    // the analysis sees the condition the author meant. The syntax finding stays.
    if (opValue.type === 'array') {
      const recovered = recoverPairs(this.text, opValue, this.rangeOf);
      if (recovered.length > 0) return recovered;
    }
    this.typeProblem(opValue, `The ${operator} operator`, 'an object of condition keys');
    return [];
  }

  /** A key written twice: IAM reads the last one; say so at each earlier one. */
  private warnDuplicates(obj: Node): void {
    for (const key of shadowedKeys(obj)) {
      const name = String(key.value);
      this.problems.push({ code: GeneralCode.Syntax, message: `Duplicate key ${JSON.stringify(name.length > 60 ? name.slice(0, 60) + '…' : name)}: IAM reads only the last one, so this one is ignored.`, range: this.rangeOf(key), severity: 'warning' });
    }
  }

  private typeProblem(node: Node, what: string, expected: string): void {
    if (intrinsicValue(node)) return; // a CloudFormation function: an unknown value, not a wrong one
    this.problems.push({ code: GeneralCode.WrongType, message: `${what} must be ${expected}, not ${describe(node)}.`, range: this.rangeOf(node) });
  }
}

/**
 * The JSON path of a node, from its parent links: computed only for the few nodes that are
 * policies, rather than carried through the walk of every node of a 1 MB template.
 */
function pathFromRoot(node: Node): (string | number)[] {
  const path: (string | number)[] = [];
  let child = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type === 'property') path.unshift(String(parent.children![0].value));
    else if (parent.type === 'array') path.unshift(parent.children!.indexOf(child));
  }
  return path;
}

function recoverPairs(text: string, array: Node, rangeOf: (n: Node) => TextRange): ConditionKeyNode[] {
  const at = (start: number, end: number) => rangeOf({ offset: start, length: end - start } as Node);
  const scanner = createScanner(text.slice(0, array.offset + array.length), false);
  scanner.setPosition(array.offset + 1);
  const tokens: { kind: SyntaxKind; value: string; start: number; end: number }[] = [];
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF && scanner.getTokenOffset() < array.offset + array.length - 1; kind = scanner.scan()) {
    if (kind === SyntaxKind.Trivia || kind === SyntaxKind.LineBreakTrivia) continue;
    tokens.push({ kind, value: scanner.getTokenValue(), start: scanner.getTokenOffset(), end: scanner.getTokenOffset() + scanner.getTokenLength() });
  }
  const keys: ConditionKeyNode[] = [];
  for (let i = 0; i + 2 < tokens.length; i++) {
    const [k, colon, v] = [tokens[i], tokens[i + 1], tokens[i + 2]];
    if (k.kind !== SyntaxKind.StringLiteral || colon.kind !== SyntaxKind.ColonToken) continue;
    let value: string | number | boolean | null;
    if (v.kind === SyntaxKind.StringLiteral) value = v.value;
    else if (v.kind === SyntaxKind.TrueKeyword) value = true;
    else if (v.kind === SyntaxKind.FalseKeyword) value = false;
    else if (v.kind === SyntaxKind.NumericLiteral) value = Number(v.value);
    else continue;
    const valueRange = at(v.start, v.end);
    keys.push({ name: k.value, nameRange: at(k.start, k.end), propertyRange: at(k.start, v.end), valueRange, values: [{ value, range: valueRange }] });
    i += 2;
  }
  return keys;
}

function describe(node: Node): string {
  switch (node.type) {
    case 'array':
      return 'an array';
    case 'object':
      return 'an object';
    case 'string':
      return `the string ${JSON.stringify(truncate(node.value, 40))}`;
    case 'null':
      return 'null';
    default:
      return `the ${node.type} ${String(node.value)}`;
  }
}

const truncate = (s: string, n: number) => (s.length > n ? s.slice(0, n) + '…' : s);

/** IAM element names are case-sensitive in the grammar; accept exact names only. */
export function propertyOf(obj: Node, name: string): Node | undefined {
  if (obj.type !== 'object') return undefined;
  // A repeated name: the last one, as IAM reads it.
  const props = obj.children ?? [];
  for (let i = props.length - 1; i >= 0; i--) {
    // Indexed, not destructured: array destructuring runs the iterator protocol, which costs
    // in the interpreter, and this runs for each element of every statement.
    const pair = props[i].children;
    if (pair && pair[0] && pair[0].value === name && pair[1]) return pair[1];
  }
  return undefined;
}

function looksLikePolicy(obj: Node, statement: Node): boolean {
  if (statement.type === 'array' || statement.type === 'object') return true;
  // {"Statement": 5} is a broken policy only if the object otherwise looks like one.
  return propertyOf(obj, 'Version') !== undefined;
}

function looksLikeStatement(obj: Node): boolean {
  return propertyOf(obj, 'Effect') !== undefined && ['Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'Condition'].some((k) => propertyOf(obj, k));
}

/**
 * The policies in a tree built by another reader (Terraform HCL): the same walk as for JSON,
 * with the tree's offsets mapped to the user's text by `rangeOf`.
 */
export function readPolicyTree(text: string, root: Node, problems: ParseProblem[], options: { rangeOf?: (n: Node) => TextRange; embeddedIn?: TextRange; path?: readonly (string | number)[]; fragments?: boolean } = {}): PolicyDocumentNode[] {
  const rangeOf = options.rangeOf ?? ((n: Node) => ({ start: n.offset, end: n.offset + n.length }));
  const reader = new PolicyReader(text, problems, rangeOf, false, options.embeddedIn);
  const policies: PolicyDocumentNode[] = [];
  reader.collect(root, options.path ?? [], 0, policies);
  if (policies.length === 0 && options.fragments) reader.collectFragments(root, policies);
  return policies;
}
