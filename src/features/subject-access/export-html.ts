/**
 * A subject access export as a readable, printable page: each part of it a section, each item
 * a table of its fields (nested fields by their path). Everything is escaped here, so the page
 * and the command line's HTML file show the same thing.
 */
import type { SubjectAccessExport } from './subject-access-service.ts';

const escapeHtml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

const words = (key: string) =>
  key
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/^./, (c) => c.toUpperCase());

/** [path, text] for every leaf of a value; empty arrays and nulls are left out. */
function leaves(value: unknown, path: string): [string, string][] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, `${path}[${i + 1}]`));
  if (typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => leaves(v, path ? `${path} › ${k}` : k));
  return [[path, String(value)]];
}

function itemTitle(item: unknown, index: number): string {
  if (!item || typeof item !== 'object') return `Item ${index + 1}`;
  const o = item as Record<string, unknown>;
  const label = [o.kind, o.name, o.meeting_date ?? o.starts_on ?? o.set_on ?? o.held_on]
    .filter((v) => typeof v === 'string')
    .join(', ');
  return `${index + 1}. ${label || 'Item'}`;
}

function table(value: unknown, caption: string): string {
  const rows = leaves(value, '')
    .map(
      ([k, v]) =>
        `<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">${escapeHtml(k)}</th><td class="govuk-table__cell">${escapeHtml(v).replace(/\n/g, '<br>')}</td></tr>`,
    )
    .join('');
  return `<table class="govuk-table"><caption class="govuk-table__caption govuk-table__caption--s">${escapeHtml(caption)}</caption><tbody class="govuk-table__body">${rows}</tbody></table>`;
}

export function exportHtml(doc: SubjectAccessExport): string {
  const parts: string[] = [];
  parts.push(
    `<p class="govuk-body">Exported ${escapeHtml(doc.exportedAt)}. ${escapeHtml(doc.notice)}</p>`,
  );
  parts.push('<h2 class="govuk-heading-m">Third parties to review</h2>');
  if (doc.thirdParties.length === 0) parts.push('<p class="govuk-body">None found.</p>');
  else
    parts.push(
      `<ul class="govuk-list govuk-list--bullet">${doc.thirdParties
        .map(
          (p) =>
            `<li>${escapeHtml(p.name)} (${p.kind === 'child' ? 'a child' : 'a staff member'}): ${p.appearsIn.length} ${p.appearsIn.length === 1 ? 'place' : 'places'}, <span class="govuk-hint">${escapeHtml(p.appearsIn.slice(0, 10).join('; '))}${p.appearsIn.length > 10 ? '; …' : ''}</span></li>`,
        )
        .join('')}</ul>`,
    );
  for (const [key, value] of Object.entries(doc.data)) {
    const count = Array.isArray(value) ? ` (${value.length})` : '';
    parts.push(`<h2 class="govuk-heading-m">${escapeHtml(words(key))}${count}</h2>`);
    if (Array.isArray(value)) {
      if (value.length === 0) parts.push('<p class="govuk-body">None.</p>');
      value.forEach((item, i) => {
        parts.push(table(item, itemTitle(item, i)));
      });
    } else parts.push(table(value, words(key)));
  }
  return parts.join('\n');
}

/** A whole HTML document, for the command line's --out FILE.html. */
export function exportHtmlDocument(doc: SubjectAccessExport): string {
  const title = `Subject access: ${doc.subject.name}`;
  return `<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:Arial,sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:1.5em;width:100%}th,td{border-bottom:1px solid #b1b4b6;padding:4px 8px;text-align:left;vertical-align:top}caption{font-weight:bold;text-align:left;padding:4px 0}th{width:30%}</style>
</head><body><h1>${escapeHtml(title)}</h1>
${exportHtml(doc)}
</body></html>
`;
}
