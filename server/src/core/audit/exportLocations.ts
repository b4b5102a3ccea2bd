// Offsets for locations given as JSON paths (a large export read with JSON.parse): the export's
// tree is built once with jsonc-parser, only when an output asks for offsets (SARIF, editor).
import { findNodeAtLocation, Node, parseTree } from 'jsonc-parser';
import type { TextRange } from '../model';
import type { SourceLocation } from './model';

export class LocationResolver {
  private readonly trees = new Map<string, Node | undefined>();

  constructor(private readonly texts: ReadonlyMap<string, string>) {}

  /** The range of a location in its file, or undefined when the file or path is not there. */
  rangeOf(location: SourceLocation | undefined): TextRange | undefined {
    if (!location) return undefined;
    if (location.range) return location.range;
    if (!location.path) return undefined;
    let tree = this.trees.get(location.file);
    if (!this.trees.has(location.file)) {
      const text = this.texts.get(location.file);
      tree = text === undefined ? undefined : parseTree(text, [], { allowTrailingComma: true });
      this.trees.set(location.file, tree);
    }
    if (!tree) return undefined;
    const node = location.path.length ? findNodeAtLocation(tree, [...location.path]) : tree;
    return node ? { start: node.offset, end: node.offset + node.length } : undefined;
  }
}
