/**
 * Writes schema/policy-pack.schema.json and schema/bundle.schema.json from the zod schemas.
 * Run: npx tsx scripts/generate-schemas.ts (a unit test checks the committed files match).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { bundleSchema } from '../src/domain/bundle/schema.ts';
import { policyPackSchema } from '../src/domain/policy/schema.ts';

export function generatedSchemas(): Record<string, string> {
  const render = (schema: z.ZodType, id: string, title: string) =>
    `${JSON.stringify(
      { ...z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }), $id: id, title },
      null,
      2,
    )}\n`;
  return {
    'schema/policy-pack.schema.json': render(
      policyPackSchema,
      'https://oversight.example/schema/policy-pack.schema.json',
      'Oversight policy pack',
    ),
    'schema/bundle.schema.json': render(
      bundleSchema,
      'https://oversight.example/schema/bundle.schema.json',
      'Oversight organisation bundle',
    ),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  for (const [path, text] of Object.entries(generatedSchemas())) {
    writeFileSync(`${root}${path}`, text);
    console.log(`wrote ${path}`);
  }
}
