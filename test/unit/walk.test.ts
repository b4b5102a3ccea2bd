// isInside decides what a folder holds: links the walk follows, files --fix may write, the
// file() references the command line reads. A name that merely starts with ".." is inside.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { isInside } from '../../server/src/shared/walk';

describe('isInside', () => {
  const root = path.resolve('/work/module');
  it('the folder itself and what is below it are inside, names starting with ".." included', () => {
    for (const inner of [root, path.join(root, 'policy.json'), path.join(root, 'a', 'b.json'), path.join(root, '..data.json'), path.join(root, '...', 'x.json')]) {
      assert.equal(isInside(inner, root), true, inner);
    }
  });
  it('the parent, a sibling with the same prefix and anything above are outside', () => {
    for (const inner of [path.dirname(root), `${root}-other${path.sep}x.json`, path.join(root, '..', 'x.json'), path.resolve('/etc/passwd')]) {
      assert.equal(isInside(inner, root), false, inner);
    }
  });
});
