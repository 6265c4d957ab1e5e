import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { accessDocTables } from '../../src/domain/access/matrix.ts';

describe('docs/access.md', () => {
  it('carries the access matrix exactly as the policy table decides it', () => {
    const doc = readFileSync(new URL('../../docs/access.md', import.meta.url), 'utf8');
    const tables = /<!-- access matrix[^>]*-->\n\n([\s\S]*?)\n\n<!-- end of access matrix -->/.exec(
      doc,
    )?.[1];
    expect(tables).toBe(accessDocTables());
  });
});
