/**
 * The agreement form: one input per question of the template (`answer-<id>`; a date as the
 * GOV.UK date input's three boxes, yes/no as two radios), and the agreed frequency as a number
 * and a unit. Reads what was posted, shows a saved version, and turns the service's problems
 * into the error summary's links.
 */
import type { Agreement } from '../../data-access/agreement-repository.ts';
import {
  type AgreedFrequency,
  agreedFrequencyUnits,
  describeAgreedFrequency,
  questionOf,
  templateFields,
} from '../../domain/agreements/index.ts';
import type { AgreementField, AgreementTemplate } from '../../domain/policy/schema.ts';
import { dateToForm, FormErrors, type FormValues, parseDate } from '../../web/forms.ts';
import { govukDate } from '../../web/view-filters.ts';
import type { AgreementInput, Problem } from './agreement-service.ts';

export const inputName = (field: AgreementField) => `answer-${field.id}`;

/** The input a field's error links to. */
function hrefOf(field: AgreementField) {
  return field.kind === 'date' ? `#${inputName(field)}-day` : `#${inputName(field)}`;
}

/** The posted form as the service's input, with the errors only the form can make. */
export function readAgreementForm(
  template: AgreementTemplate,
  form: FormValues,
): { input: AgreementInput; errors: FormErrors } {
  const errors = new FormErrors();
  const answers: Record<string, string> = {};
  for (const field of templateFields(template)) {
    const name = inputName(field);
    if (field.kind !== 'date') {
      answers[field.id] = form[name] ?? '';
      continue;
    }
    const reading = parseDate(form, name, `“${questionOf(field)}”`);
    if (reading.kind === 'date') answers[field.id] = reading.date;
    else if (reading.kind === 'invalid')
      errors.add(name, reading.text, {
        href: `#${name}-${reading.parts[0]}`,
        parts: reading.parts,
      });
  }
  const count = form.frequencyCount ?? '';
  const unit = form.frequencyUnit ?? '';
  let agreedFrequency: AgreedFrequency | null | { unit: string; count: number } = null;
  if (count !== '' || unit !== '') {
    if (count === '') errors.add('frequencyCount', 'Enter how often you will meet, as a number');
    else if (!/^\d+$/.test(count))
      errors.add('frequencyCount', 'How often you will meet must be a whole number, like 4');
    if (!(agreedFrequencyUnits as readonly string[]).includes(unit))
      errors.add('frequencyUnit', 'Select days, weeks or months for how often you will meet');
    if (!errors.has('frequencyCount') && !errors.has('frequencyUnit'))
      agreedFrequency = { unit, count: Number(count) };
  }
  return { input: { answers, agreedFrequency }, errors };
}

/** The service's problems added to a form's errors, each linked to its input. */
export function addProblems(template: AgreementTemplate, errors: FormErrors, problems: Problem[]) {
  const fields = new Map(templateFields(template).map((f) => [`answers.${f.id}`, f]));
  for (const problem of problems) {
    const field = fields.get(problem.field);
    if (field) errors.add(inputName(field), problem.message, { href: hrefOf(field) });
    else if (problem.field === 'agreedFrequency') errors.add('frequencyCount', problem.message);
    else errors.add(problem.field, problem.message);
  }
  return errors;
}

/** A saved version as the form shows it. */
export function agreementToForm(template: AgreementTemplate, agreement: Agreement): FormValues {
  const values: FormValues = { version: agreement.versionToken };
  for (const field of templateFields(template)) {
    const answer = agreement.answers[field.id] ?? '';
    if (field.kind === 'date') Object.assign(values, dateToForm(inputName(field), answer || null));
    else values[inputName(field)] = answer;
  }
  values.frequencyCount = agreement.agreedFrequency ? String(agreement.agreedFrequency.count) : '';
  values.frequencyUnit = agreement.agreedFrequency?.unit ?? '';
  return values;
}

/** An answer as a page shows it. */
export function shownAnswer(field: AgreementField, answer: string | undefined): string {
  if (answer === undefined || answer === '') return 'Not answered';
  if (field.kind === 'date') return govukDate(answer) || answer;
  if (field.kind === 'yes_no') return answer === 'yes' ? 'Yes' : 'No';
  return answer;
}

export type ConflictRow = { label: string; yours: string; saved: string; differs: boolean };

/** Both versions side by side, question by question. */
export function conflictRows(
  template: AgreementTemplate,
  yours: AgreementInput,
  saved: Agreement,
): ConflictRow[] {
  const rows = templateFields(template).map((field) => {
    const mine = shownAnswer(field, (yours.answers?.[field.id] as string | undefined) ?? '');
    const theirs = shownAnswer(field, saved.answers[field.id]);
    return { label: field.label, yours: mine, saved: theirs, differs: mine !== theirs };
  });
  const frequency = (value: unknown) =>
    value && typeof value === 'object' && 'unit' in value && 'count' in value
      ? describeAgreedFrequency(value as AgreedFrequency)
      : 'Not answered';
  const mine = frequency(yours.agreedFrequency);
  const theirs = frequency(saved.agreedFrequency);
  rows.push({ label: 'Agreed frequency', yours: mine, saved: theirs, differs: mine !== theirs });
  return rows;
}
