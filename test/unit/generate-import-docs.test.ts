import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { generatedImportDocs } from '../../scripts/generate-import-docs.ts';

it('docs/import.md lists the columns the importer reads (run scripts/generate-import-docs.ts)', () => {
  const committed = readFileSync('docs/import.md', 'utf8');
  expect(committed).toBe(generatedImportDocs(committed));
});
