// jsonc-parser as every JSON reader here uses it: tolerant options, a byte-order mark read as
// white space, and its error codes in words.
import { Node, ParseError, parseTree } from 'jsonc-parser';
import { fastJsonTree } from './fastJsonTree';

export const SYNTAX_MESSAGES: Record<string, string> = {
  InvalidSymbol: 'Invalid symbol',
  InvalidNumberFormat: 'Invalid number format',
  PropertyNameExpected: 'Property name expected',
  ValueExpected: 'Value expected',
  ColonExpected: 'Colon expected',
  CommaExpected: 'Comma expected',
  CloseBraceExpected: 'Closing brace "}" expected',
  CloseBracketExpected: 'Closing bracket "]" expected',
  EndOfFileExpected: 'End of file expected',
  InvalidCommentToken: 'Invalid comment',
  UnexpectedEndOfComment: 'Unexpected end of comment',
  UnexpectedEndOfString: 'Unterminated string',
  UnexpectedEndOfNumber: 'Unexpected end of number',
  InvalidUnicode: 'Invalid unicode escape',
  InvalidEscapeCharacter: 'Invalid escape character',
  InvalidCharacter: 'Invalid character',
};

export function parseJson(text: string): { text: string; root: Node | undefined; errors: ParseError[] } {
  const errors: ParseError[] = [];
  // A byte-order mark is not JSON, but editors write it: read it as white space (same length, same offsets).
  if (text.charCodeAt(0) === 0xfeff) text = ' ' + text.slice(1);
  // Plain, valid JSON (nearly every file) takes the fast reader, which builds the same tree; the rest, jsonc-parser.
  const root = fastJsonTree(text) ?? parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  return { text, root, errors };
}
