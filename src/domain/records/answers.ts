/**
 * What a record's form asks and what it accepts. Answers are kept by key (`section.field`, or
 * `section` for a section asked as one text answer); actions and the review of earlier actions
 * are structured rows beside them. Checking is one pure function the pages and the API share:
 * a draft may be incomplete, so empty answers are dropped rather than refused.
 */
import { dateInWords } from '../calendar/date-words.ts';
import { isIsoDate } from '../calendar/iso-date.ts';
import type { IsoDate } from '../calendar/period.ts';
import type { Template, TemplateField, TemplateSection } from '../policy/schema.ts';
import {
  type ActionDraft,
  type ActionOutcome,
  type ActionReview,
  type Answers,
  actionOutcomes,
  type RecordContent,
} from './types.ts';

export function answerKey(sectionId: string, fieldId?: string): string {
  return fieldId === undefined ? sectionId : `${sectionId}.${fieldId}`;
}

/** One input of a record's form, in the template's order. */
export type AnswerField = Omit<TemplateField, 'type'> & {
  key: string;
  sectionId: string;
  heading: string;
  type: Exclude<TemplateField['type'], 'signature'>;
};

/** The structured editors: their rows are actions and reviews, never answers. */
export function isStructured(field: Pick<TemplateField, 'purpose'>): boolean {
  return field.purpose === 'actions' || field.purpose === 'review_of_actions';
}

/** A section's inputs: its fields that take an answer, or one text answer when it has none. */
export function sectionAnswerFields(section: TemplateSection): AnswerField[] {
  const base = { sectionId: section.id, heading: section.heading };
  if (!section.fields || section.fields.length === 0)
    return [
      { ...base, id: section.id, key: answerKey(section.id), label: section.heading, type: 'text' },
    ];
  return section.fields.flatMap((field) =>
    field.type === 'signature'
      ? []
      : [{ ...field, ...base, type: field.type, key: answerKey(section.id, field.id) }],
  );
}

export function answerFields(template: Template): AnswerField[] {
  return template.sections.flatMap(sectionAnswerFields);
}

export type ContentProblem = { field: string; message: string };

export type ContentContext = {
  /** The date of the supervision: no action agreed in it can be due before it. */
  meetingDate: IsoDate;
  /** Who may own an action: the people in the record and its author. */
  ownerIds: ReadonlySet<string>;
  openActionIds: ReadonlySet<string>;
  childIds: ReadonlySet<string>;
  /** True when the record is to be shared: every action then needs an owner. */
  complete: boolean;
};

export const contentLimits = {
  text: 20_000,
  actionDescription: 2_000,
  dropReason: 2_000,
  key: 100,
} as const;

/** A label without the seed's closing colon. */
function labelText(label: string): string {
  return label.replace(/[\s:…]+$/u, '');
}

/** A label as it starts a message: "Scaling must …", "The answer to ‘Is … ?’ must …". */
function subjectOf(label: string): string {
  const text = labelText(label);
  return text.endsWith('?') ? `The answer to ‘${text}’` : text;
}

/** A label as it ends a message: "Select yes or no for ‘Is … ?’". */
export function quoted(label: string): string {
  return `‘${labelText(label)}’`;
}

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

const isBlank = (value: unknown) =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

type Checked = { value: string | number; problem?: string };

function checkAnswer(field: AnswerField, text: string): Checked {
  const subject = subjectOf(field.label);
  switch (field.type) {
    case 'date':
      return isIsoDate(text)
        ? { value: text }
        : { value: text, problem: `${subject} must be a real date` };
    case 'yes_no':
      return text === 'yes' || text === 'no'
        ? { value: text }
        : { value: text, problem: `Select yes or no for ${quoted(field.label)}` };
    case 'rag':
      return ['red', 'amber', 'green'].includes(text)
        ? { value: text }
        : { value: text, problem: `Select red, amber or green for ${quoted(field.label)}` };
    case 'choice':
      return field.options?.includes(text)
        ? { value: text }
        : { value: text, problem: `Select one of the options for ${quoted(field.label)}` };
    case 'scale':
      return checkScale(field, text, subject);
    case 'text':
    case 'table':
      return text.length > contentLimits.text
        ? { value: text, problem: `${subject} must be 20,000 characters or fewer` }
        : { value: text };
  }
}

/** Scaling questions (0 to 10 in the seeds) take whole numbers only. */
function checkScale(field: AnswerField, text: string, subject: string): Checked {
  const { min, max } = field.scale ?? { min: 0, max: 10 };
  const n = /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
  return Number.isInteger(n) && n >= min && n <= max
    ? { value: n }
    : { value: text, problem: `${subject} must be a whole number from ${min} to ${max}` };
}

function checkAnswers(
  fields: readonly AnswerField[],
  input: Record<string, unknown>,
): { answers: Answers; problems: ContentProblem[] } {
  const known = new Map(fields.filter((f) => !isStructured(f)).map((f) => [f.key, f]));
  const answers: Answers = {};
  const problems: ContentProblem[] = [];
  for (const [key, value] of Object.entries(input)) {
    const field = known.get(key);
    const at = `answers.${key}`;
    if (!field) {
      problems.push({ field: at, message: `‘${key}’ is not a question of this record` });
      continue;
    }
    if (isBlank(value)) continue;
    const text = textOf(value);
    if (text === undefined) {
      problems.push({ field: at, message: `${subjectOf(field.label)} must be text` });
      continue;
    }
    const checked = checkAnswer(field, text);
    // What was typed is kept even when it has a problem, so the form shows it again.
    answers[key] = checked.value;
    if (checked.problem) problems.push({ field: at, message: checked.problem });
  }
  return { answers, problems };
}

type Row = Record<string, unknown>;

function rowsOf(
  input: unknown,
  name: 'actions' | 'reviews',
): { rows: Row[]; problem?: ContentProblem } {
  if (input === undefined || input === null) return { rows: [] };
  if (!Array.isArray(input))
    return { rows: [], problem: { field: name, message: `Send the ${name} as a list` } };
  return { rows: input.map((row) => (row !== null && typeof row === 'object' ? row : {})) };
}

/** A text cell of a row: trimmed, or null when blank or not text. */
function cell(row: Row, name: string): string | null {
  const text = textOf(row[name]);
  return text === undefined || text === '' ? null : text;
}

function checkAction(
  row: Row,
  at: string,
  context: ContentContext,
): { action: Omit<ActionDraft, 'key'>; problems: ContentProblem[] } {
  const description = cell(row, 'description') ?? '';
  const ownerId = cell(row, 'ownerId');
  const dueOn = cell(row, 'dueOn');
  const childId = cell(row, 'childId');
  const problems: ContentProblem[] = [];
  const problem = (name: string, message: string) =>
    problems.push({ field: `${at}.${name}`, message });
  if (description === '') problem('description', 'Describe what needs to happen');
  else if (description.length > contentLimits.actionDescription)
    problem('description', 'The action must be 2,000 characters or fewer');
  if (ownerId !== null ? !context.ownerIds.has(ownerId) : context.complete)
    problem('ownerId', 'Choose who will do this action');
  if (dueOn !== null && !isIsoDate(dueOn)) problem('dueOn', 'The due date must be a real date');
  else if (dueOn !== null && dueOn < context.meetingDate)
    problem(
      'dueOn',
      `An action cannot be due before the supervision it was agreed in (${dateInWords(context.meetingDate)})`,
    );
  if (childId !== null && !context.childIds.has(childId))
    problem('childId', 'Choose one of the children this record is about');
  const action = { description, ownerId, dueOn, ...(childId !== null ? { childId } : {}) };
  return { action, problems };
}

/** Keys as given, unless blank, too long or taken; otherwise `a<position>`, the next one free. */
function actionKeys(rows: readonly Row[]): string[] {
  const used = new Set<string>();
  const given = rows.map((row) => {
    const key = cell(row, 'key');
    if (key === null || key.length > contentLimits.key || used.has(key)) return null;
    used.add(key);
    return key;
  });
  return given.map((key, i) => {
    if (key !== null) return key;
    let n = i + 1;
    while (used.has(`a${n}`)) n++;
    used.add(`a${n}`);
    return `a${n}`;
  });
}

const isEmptyAction = (row: Row) =>
  ['description', 'ownerId', 'dueOn', 'childId'].every((name) => cell(row, name) === null);

function checkActions(
  input: unknown,
  context: ContentContext,
): { actions: ActionDraft[]; problems: ContentProblem[] } {
  const { rows: all, problem } = rowsOf(input, 'actions');
  // Problems name rows by their place among those kept, as the form shows them again.
  const rows = all.filter((row) => !isEmptyAction(row));
  const keys = actionKeys(rows);
  const problems: ContentProblem[] = problem ? [problem] : [];
  const actions = rows.map((row, i) => {
    const checked = checkAction(row, `actions[${i}]`, context);
    problems.push(...checked.problems);
    return { key: keys[i] as string, ...checked.action };
  });
  return { actions, problems };
}

const isOutcome = (value: unknown): value is ActionOutcome =>
  actionOutcomes.includes(value as ActionOutcome);

/** A review that says nothing and changes nothing (the form's default 'open') is no review. */
const isEmptyReview = (row: Row) =>
  cell(row, 'progress') === null &&
  cell(row, 'dropReason') === null &&
  (cell(row, 'outcome') === null || row.outcome === 'open');

function checkReview(
  row: Row,
  at: string,
  context: ContentContext,
  seen: Set<string>,
): { review: ActionReview; problems: ContentProblem[] } {
  const actionId = cell(row, 'actionId') ?? '';
  const progress = cell(row, 'progress') ?? '';
  const outcome = cell(row, 'outcome');
  const dropReason = cell(row, 'dropReason');
  const problems: ContentProblem[] = [];
  const problem = (name: string, message: string) =>
    problems.push({ field: `${at}.${name}`, message });
  if (!context.openActionIds.has(actionId))
    problem('actionId', 'Review only the actions still open from earlier supervision');
  else if (seen.has(actionId)) problem('actionId', 'This action has already been reviewed here');
  seen.add(actionId);
  if (!isOutcome(outcome))
    problem('outcome', 'Select whether the action is still open, completed or dropped');
  if (progress === '' && (outcome === 'completed' || outcome === 'dropped'))
    problem('progress', 'Say what progress has been made');
  if (progress.length > contentLimits.text)
    problem('progress', 'Progress must be 20,000 characters or fewer');
  if (outcome === 'dropped' && dropReason === null)
    problem('dropReason', 'Say why this action is being dropped');
  if (dropReason !== null && dropReason.length > contentLimits.dropReason)
    problem('dropReason', 'The reason must be 2,000 characters or fewer');
  const review: ActionReview = {
    actionId,
    progress,
    outcome: isOutcome(outcome) ? outcome : 'open',
    ...(outcome === 'dropped' ? { dropReason } : {}),
  };
  return { review, problems };
}

function checkReviews(
  input: unknown,
  context: ContentContext,
): { reviews: ActionReview[]; problems: ContentProblem[] } {
  const { rows: all, problem } = rowsOf(input, 'reviews');
  const rows = all.filter((row) => !isEmptyReview(row));
  const problems: ContentProblem[] = problem ? [problem] : [];
  const seen = new Set<string>();
  const reviews = rows.map((row, i) => {
    const checked = checkReview(row, `reviews[${i}]`, context, seen);
    problems.push(...checked.problems);
    return checked.review;
  });
  return { reviews, problems };
}

/** Problems in the order of the form: answers as asked, reviews then actions where they sit. */
function inFormOrder(
  fields: readonly AnswerField[],
  problems: readonly ContentProblem[],
): ContentProblem[] {
  const rank = new Map<string, number>();
  fields.forEach((field, i) => {
    if (field.purpose === 'review_of_actions') rank.set('reviews', rank.get('reviews') ?? i);
    else if (field.purpose === 'actions') rank.set('actions', rank.get('actions') ?? i);
    else rank.set(`answers.${field.key}`, i);
  });
  // Oversight adds the review of actions, then the actions, after the template's sections.
  rank.set('reviews', rank.get('reviews') ?? fields.length);
  rank.set('actions', rank.get('actions') ?? fields.length + 1);
  const of = (field: string) => rank.get(field.replace(/\[.*$/, '')) ?? rank.get(field) ?? -1;
  return [...problems].sort((a, b) => of(a.field) - of(b.field));
}

/**
 * Checks what a form or the API sends against the template. The content keeps what was typed
 * where a value has a problem, so the form can show it again; save it only without problems.
 */
export function checkContent(
  template: Template,
  input: { answers?: Record<string, unknown>; actions?: unknown; reviews?: unknown },
  context: ContentContext,
): { content: RecordContent; problems: ContentProblem[] } {
  const fields = answerFields(template);
  const answers = checkAnswers(fields, input.answers ?? {});
  const actions = checkActions(input.actions, context);
  const reviews = checkReviews(input.reviews, context);
  return {
    content: { answers: answers.answers, actions: actions.actions, reviews: reviews.reviews },
    problems: inFormOrder(fields, [...answers.problems, ...reviews.problems, ...actions.problems]),
  };
}

/** How an answer reads in words: 'Yes', 'Amber', '7 (on a scale of 0 to 10)', '3 July 2026'. */
export function answerText(
  field: Pick<AnswerField, 'type' | 'scale'>,
  value: string | number | undefined,
): string {
  if (value === undefined || value === '') return '';
  const text = String(value);
  switch (field.type) {
    case 'yes_no':
      return text === 'yes' ? 'Yes' : 'No';
    case 'rag':
      return { red: 'Red', amber: 'Amber', green: 'Green' }[text] ?? text;
    case 'scale':
      return field.scale
        ? `${text} (on a scale of ${field.scale.min} to ${field.scale.max})`
        : text;
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(text) ? dateInWords(text) : text;
    default:
      return text;
  }
}
