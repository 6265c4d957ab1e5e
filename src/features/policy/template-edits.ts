/**
 * Changes to a record template made one button at a time, without JavaScript: the page posts
 * the template as it stands with the button pressed (`op`), and gets it back changed. Ids of new
 * sections and fields come from their words, unique where answers are kept by them.
 */
import type { Template, TemplateField } from '../../domain/policy/index.ts';
import { FormErrors, type FormValues } from '../../web/forms.ts';

export const fieldTypes = [
  'text',
  'date',
  'yes_no',
  'rag',
  'scale',
  'choice',
  'signature',
  'table',
] as const;
type FieldType = (typeof fieldTypes)[number];

export const fieldTypeLabels: Record<FieldType, string> = {
  text: 'Text',
  date: 'Date',
  yes_no: 'Yes or no',
  rag: 'Red, amber or green',
  scale: 'A scale of 1 to 10',
  choice: 'A choice of options',
  signature: 'Signature',
  table: 'Table',
};

/** A kebab-case id from words, made unique among `taken` with a number. */
export function idFrom(words: string, taken: readonly string[]): string {
  const stem =
    words
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/, '') || 'item';
  const base = /^[a-z0-9]/.test(stem) ? stem : `x-${stem}`;
  let id = base;
  for (let n = 2; taken.includes(id); n += 1) id = `${base}-${n}`;
  return id;
}

function move<T>(items: readonly T[], from: number, by: -1 | 1): T[] {
  const to = from + by;
  if (from < 0 || from >= items.length || to < 0 || to >= items.length) return [...items];
  const out = [...items];
  [out[from], out[to]] = [out[to]!, out[from]!];
  return out;
}

export type TemplateOp =
  | { op: 'section-up' | 'section-down' | 'section-remove'; section: number }
  | { op: 'field-up' | 'field-down' | 'field-remove'; section: number; field: number }
  | { op: 'add-section' }
  | { op: 'add-field' }
  | { op: 'preview' };

/** The button pressed: `section-up:2`, `field-remove:0:3`, `add-section`, `preview`. */
export function parseOp(value: string | undefined): TemplateOp | undefined {
  const [op, ...numbers] = (value ?? '').split(':');
  const [section, field] = numbers.map(Number);
  const index = (n: number | undefined) => n !== undefined && Number.isInteger(n) && n >= 0;
  if (op === 'add-section' || op === 'add-field' || op === 'preview') return { op };
  if ((op === 'section-up' || op === 'section-down' || op === 'section-remove') && index(section))
    return { op, section: section! };
  if (
    (op === 'field-up' || op === 'field-down' || op === 'field-remove') &&
    index(section) &&
    index(field)
  )
    return { op, section: section!, field: field! };
  return undefined;
}

function withFields(
  template: Template,
  section: number,
  change: (fields: TemplateField[]) => TemplateField[],
): Template {
  return {
    ...template,
    sections: template.sections.map((s, i) =>
      i === section ? { ...s, fields: change(s.fields ?? []) } : s,
    ),
  };
}

/** A move or removal; adding goes through `addSection` and `addField`, which read the form. */
export function applyOp(template: Template, op: TemplateOp): Template {
  switch (op.op) {
    case 'section-up':
    case 'section-down':
      return {
        ...template,
        sections: move(template.sections, op.section, op.op === 'section-up' ? -1 : 1),
      };
    case 'section-remove':
      return { ...template, sections: template.sections.filter((_, i) => i !== op.section) };
    case 'field-up':
    case 'field-down':
      return withFields(template, op.section, (fields) =>
        move(fields, op.field, op.op === 'field-up' ? -1 : 1),
      );
    case 'field-remove':
      return withFields(template, op.section, (fields) => fields.filter((_, i) => i !== op.field));
    default:
      return template;
  }
}

/** Adds a section headed as typed at the end, or says what to enter. */
export function addSection(
  template: Template,
  form: FormValues,
): { template: Template; errors: FormErrors } {
  const errors = new FormErrors();
  const heading = form.sectionHeading ?? '';
  if (heading === '') errors.add('sectionHeading', 'Enter the heading of the new section');
  else if (heading.length > 200)
    errors.add('sectionHeading', 'Heading must be 200 characters or fewer');
  if (errors.any) return { template, errors };
  const id = idFrom(
    heading,
    template.sections.map((s) => s.id),
  );
  return {
    template: { ...template, sections: [...template.sections, { id, heading, fields: [] }] },
    errors,
  };
}

/** Adds a field (label, type) to the end of the chosen section, or says what to enter. */
export function addField(
  template: Template,
  form: FormValues,
): { template: Template; errors: FormErrors } {
  const errors = new FormErrors();
  const section = Number(form.fieldSection);
  if (form.fieldSection === undefined || form.fieldSection === '' || !template.sections[section])
    errors.add('fieldSection', 'Select the section the field goes in');
  const label = form.fieldLabel ?? '';
  if (label === '') errors.add('fieldLabel', 'Enter the label of the new field');
  else if (label.length > 200) errors.add('fieldLabel', 'Label must be 200 characters or fewer');
  const type = form.fieldType as FieldType;
  if (!(fieldTypes as readonly string[]).includes(type))
    errors.add('fieldType', 'Select the type of the field');
  if (errors.any) return { template, errors };
  const taken = (template.sections[section]!.fields ?? []).map((f) => f.id);
  const field: TemplateField = { id: idFrom(label, taken), label, type };
  // A scale needs its range and a choice its options before the form can be drawn.
  if (type === 'scale') field.scale = { min: 1, max: 10 };
  if (type === 'choice')
    field.options = (form.fieldOptions ?? '')
      .split('\n')
      .map((o) => o.trim())
      .filter(Boolean);
  if (type === 'choice' && (field.options ?? []).length === 0) {
    errors.add('fieldOptions', 'Enter the options of a choice field, one on each line');
    return { template, errors };
  }
  return { template: withFields(template, section, (fields) => [...fields, field]), errors };
}
