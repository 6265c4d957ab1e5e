/**
 * Writes the column reference in docs/import.md (between the GENERATED markers) from the import
 * tables, so the documentation and the importer never disagree.
 * Run: npx tsx scripts/generate-import-docs.ts (a unit test checks the committed file matches).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { importKinds, tables } from '../src/domain/import/tables.ts';

const begin = '<!-- GENERATED: columns (scripts/generate-import-docs.ts) -->';
const end = '<!-- END GENERATED -->';

function columnReference(): string {
  return importKinds
    .map((kind) => {
      const spec = tables[kind];
      const rows = spec.columns.map((c) => {
        const aliases = c.aliases?.length ? c.aliases.map((a) => `\`${a}\``).join(', ') : '';
        return `| \`${c.name}\` | ${c.required ? 'yes' : ''} | ${c.description} | ${aliases} | \`${c.example}\` |`;
      });
      const oneOf = spec.oneOf
        ? `\nGive ${spec.oneOf.map((set) => set.map((c) => `\`${c}\``).join(' and ')).join(', or ')}.\n`
        : '';
      return [
        `### ${spec.title}: \`${kind}.csv\``,
        '',
        '| column | required | what it holds | also read from | example |',
        '| --- | --- | --- | --- | --- |',
        ...rows,
        oneOf,
      ].join('\n');
    })
    .join('\n');
}

export function generatedImportDocs(current: string): string {
  const start = current.indexOf(begin);
  const finish = current.indexOf(end);
  if (start < 0 || finish < start) throw new Error('docs/import.md lacks the GENERATED markers');
  return `${current.slice(0, start + begin.length)}\n\n${columnReference().trimEnd()}\n\n${current.slice(finish)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = fileURLToPath(new URL('../docs/import.md', import.meta.url));
  writeFileSync(file, generatedImportDocs(readFileSync(file, 'utf8')));
  console.log('wrote docs/import.md');
}
