import { describe, expect, it } from 'vitest';
import { formatPath } from '../src/scheme/load-scheme.js';
import { issuePath } from '../web/src/lib/issue-path.js';

describe('issuePath', () => {
  it('writes paths exactly like the scheme loader', () => {
    for (const path of [
      ['mapping', 'document', 'order_no'],
      ['mapping', 'document', '...custom'],
      ['tests', 0, 'name'],
      ['source', 'params', 'FCustId.FNumber'],
      ['mapping', 'document', '物流费'],
    ]) {
      expect(issuePath(path)).toBe(formatPath(path));
    }
  });
});
