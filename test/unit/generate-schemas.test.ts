import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generatedSchemas } from '../../scripts/generate-schemas.ts';

describe('published JSON Schemas', () => {
  it.each(Object.entries(generatedSchemas()))(
    '%s equals the generated output (run scripts/generate-schemas.ts)',
    (path, text) => {
      const committed = JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8'));
      expect(committed).toEqual(JSON.parse(text));
    },
  );
});
