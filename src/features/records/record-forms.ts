/**
 * The record form as posted and as shown: answers are named `a:<key>` (dates as GOV.UK date
 * inputs, `a:<key>-day` …), actions `action-<n>-<part>` and the review of actions
 * `review-<n>-<part>`. Rows left blank are not sent on, and problems found on what is sent are
 * mapped back to the input they are about.
 */
import type { RecordVersion } from '../../data-access/record-repository.ts';
import type { FormField, FormSection } from '../../domain/records/form-layout.ts';
import type { OpenAction, RecordContent } from '../../domain/records/types.ts';
import { dateToForm, FormErrors, type FormValues, parseDate } from '../../web/forms.ts';
import type { DraftInput, Problem } from './record-service.ts';

export const answerName = (key: string) => `a:${key}`;
/** An id safe in a URL fragment and a CSS selector. */
export const answerId = (key: string) => `answer-${key.replaceAll('.', '--')}`;

/** Blank action rows a form offers for new actions. */
export const blankActionRows = 3;

type Rows = { rows: Record<string, unknown>[]; at: number[] };

function actionRows(form: FormValues): Rows {
  const rows: Record<string, unknown>[] = [];
  const at: number[] = [];
  const count = Number(form['action-count'] ?? 0);
  for (let n = 0; n < Math.min(count, 200); n++) {
    const part = (name: string) => form[`action-${n}-${name}`] ?? '';
    const due = parseDate(form, `action-${n}-dueOn`, 'Due date');
    const blank = !part('description') && !part('ownerId') && due.kind === 'empty';
    if (blank) continue;
    rows.push({
      ...(part('key') ? { key: part('key') } : {}),
      description: part('description'),
      ownerId: part('ownerId') || null,
      dueOn: due.kind === 'date' ? due.date : due.kind === 'empty' ? null : 'not-a-date',
      ...(part('childId') ? { childId: part('childId') } : {}),
    });
    at.push(n);
  }
  return { rows, at };
}

function reviewRows(form: FormValues): Rows {
  const rows: Record<string, unknown>[] = [];
  const at: number[] = [];
  const count = Number(form['review-count'] ?? 0);
  for (let n = 0; n < Math.min(count, 500); n++) {
    const part = (name: string) => form[`review-${n}-${name}`] ?? '';
    const outcome = part('outcome') || 'open';
    if (!part('progress') && outcome === 'open') continue;
    rows.push({
      actionId: part('actionId'),
      progress: part('progress'),
      outcome,
      dropReason: outcome === 'dropped' ? part('dropReason') || null : null,
    });
    at.push(n);
  }
  return { rows, at };
}

export type ReadDraft = {
  input: DraftInput;
  /** Problems the form itself finds (a date that is not a real date). */
  errors: FormErrors;
  /** Form row of each action and review sent on, to put a problem beside its row. */
  actionAt: number[];
  reviewAt: number[];
};

function readAnswer(form: FormValues, field: FormField, errors: FormErrors) {
  if (field.type !== 'date') return form[answerName(field.key)];
  // A GOV.UK date input's boxes are named from its id: `answer-<key>-day` and so on.
  const date = parseDate(form, answerId(field.key), field.label);
  if (date.kind === 'date') return date.date;
  if (date.kind === 'empty') return undefined;
  errors.add(answerId(field.key), date.text, { href: `#${answerId(field.key)}-day` });
  return undefined;
}

/** What a posted form sends to the service for the sections it showed. */
export function readDraftForm(form: FormValues, sections: readonly FormSection[]): ReadDraft {
  const errors = new FormErrors();
  const sectionIds = (form.sections ?? '').split(',').filter(Boolean);
  const shown = sections.filter((s) => sectionIds.includes(s.id));
  const answers: Record<string, unknown> = {};
  for (const section of shown)
    for (const field of section.fields) {
      if (field.purpose === 'actions' || field.purpose === 'review_of_actions') continue;
      const value = readAnswer(form, field, errors);
      if (value !== undefined && value !== '')
        answers[field.key] =
          field.type === 'scale' && /^-?\d+$/.test(value) ? Number(value) : value;
    }
  const actions = actionRows(form);
  const reviews = reviewRows(form);
  return {
    input: {
      version: Number(form.version),
      revision: Number(form.revision),
      answers,
      actions: actions.rows,
      reviews: reviews.rows,
      sectionIds,
    },
    errors,
    actionAt: actions.at,
    reviewAt: reviews.at,
  };
}

/** Puts the service's problems beside the inputs they are about. */
export function addProblems(
  errors: FormErrors,
  problems: readonly Problem[],
  read: Pick<ReadDraft, 'actionAt' | 'reviewAt'>,
) {
  for (const { field, message } of problems) {
    const answer = /^answers\.(.+)$/.exec(field);
    const row = /^(actions|reviews)\[(\d+)\]\.(\w+)$/.exec(field);
    if (answer) errors.add(answerId(answer[1]!), message);
    else if (row) {
      const [, list, index, part] = row;
      const prefix = list === 'actions' ? 'action' : 'review';
      const n =
        (list === 'actions' ? read.actionAt : read.reviewAt)[Number(index)] ?? Number(index);
      const id = `${prefix}-${n}-${part}`;
      errors.add(id, message, part === 'dueOn' ? { href: `#${id}-day` } : {});
    } else errors.add(field, message);
  }
  return errors;
}

/** The form's values for a version's content: what is stored, rows for each action and review. */
export function contentToForm(
  version: Pick<RecordVersion, 'version' | 'revision'>,
  content: RecordContent,
  sections: readonly FormSection[],
  openActions: readonly OpenAction[],
): FormValues {
  const values: FormValues = {
    version: String(version.version),
    revision: String(version.revision),
  };
  for (const section of sections)
    for (const field of section.fields) {
      const value = content.answers[field.key];
      if (value === undefined) continue;
      if (field.type === 'date')
        Object.assign(values, dateToForm(answerId(field.key), String(value)));
      else values[answerName(field.key)] = String(value);
    }
  content.actions.forEach((action, n) => {
    values[`action-${n}-key`] = action.key;
    values[`action-${n}-description`] = action.description;
    values[`action-${n}-ownerId`] = action.ownerId ?? '';
    values[`action-${n}-childId`] = action.childId ?? '';
    Object.assign(values, dateToForm(`action-${n}-dueOn`, action.dueOn));
  });
  values['action-count'] = String(content.actions.length + blankActionRows);
  openActions.forEach((action, n) => {
    const review = content.reviews.find((r) => r.actionId === action.id);
    values[`review-${n}-actionId`] = action.id;
    values[`review-${n}-progress`] = review?.progress ?? '';
    values[`review-${n}-outcome`] = review?.outcome ?? 'open';
    values[`review-${n}-dropReason`] = review?.dropReason ?? '';
  });
  values['review-count'] = String(openActions.length);
  return values;
}
