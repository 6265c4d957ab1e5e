/**
 * A supervision note as it goes to a child's record: one agreed version of one record, for one
 * child, as plain text under its template's section and field titles (case management systems
 * take a note type, a date, a title and text). The same note goes to a webhook as JSON and into
 * the daily export as a CSV row; its id is the idempotency key, so a receiver stores it once.
 */
import { dateInWords } from '../calendar/date-words.ts';
import type { IsoDate } from '../calendar/period.ts';
import type { Template } from '../policy/schema.ts';
import { answerText } from '../records/answers.ts';
import { type FormField, formSections } from '../records/form-layout.ts';
import type { ActionOutcome, RecordContent } from '../records/types.ts';

/** The webhook's JSON body, field for field. */
export type ChildNote = {
  /** The idempotency key: the same on every attempt, for this version and this child. */
  id: string;
  recordId: string;
  version: number;
  /**
   * The child: Oversight's id; their id in the case management system (the id Oversight's
   * import and sync know them by); and their case number there (an LCS or Mosaic number).
   */
  child: { id: string; externalId: string; caseId: string };
  /** The template's title: the note type in the pack's own words ("Planned supervision"). */
  noteType: string;
  /** The day of the supervision. */
  date: IsoDate;
  headline: string;
  text: string;
  author: string;
  /** When the last signatory signed and the version locked (ISO 8601, UTC). */
  agreedAt: string;
  /** The version in Oversight. */
  link: string;
};

/** `<record id>.<version>.<child id>`: one note per version per child, whatever the attempt. */
export function idempotencyKey(recordId: string, version: number, childId: string): string {
  return `${recordId}.${version}.${childId}`;
}

/**
 * The webhook's body: the note's fields in the documented order, whatever order a store gave
 * them back in, so the same note is the same bytes on every attempt.
 */
export function noteBody(note: ChildNote): string {
  const { id, recordId, version, child, noteType, date, headline, text, author, agreedAt, link } =
    note;
  return JSON.stringify({
    id,
    recordId,
    version,
    child: { id: child.id, externalId: child.externalId, caseId: child.caseId },
    noteType,
    date,
    headline,
    text,
    author,
    agreedAt,
    link,
  });
}

/** An earlier action this version gives progress on. */
export type ReviewedAction = { description: string; childId: string | null };

/** What a note is made from: the locked version, its record and the child it goes to. */
export type NoteSource = {
  recordId: string;
  version: number;
  date: IsoDate;
  template: Template;
  headline: string;
  content: RecordContent;
  authorName: string | null;
  agreedAt: string;
  child: { id: string; externalId: string; caseId: string };
  link: string;
  /** Names of the people actions were given to, by staff id. */
  ownerNames: ReadonlyMap<string, string>;
  /** The earlier actions the version reviews, by action id. */
  reviewed: ReadonlyMap<string, ReviewedAction>;
};

export function childNote(source: NoteSource): ChildNote {
  return {
    id: idempotencyKey(source.recordId, source.version, source.child.id),
    recordId: source.recordId,
    version: source.version,
    child: {
      id: source.child.id,
      externalId: source.child.externalId,
      caseId: source.child.caseId,
    },
    noteType: source.template.title,
    date: source.date,
    headline: source.headline,
    text: noteText(source),
    author: source.authorName ?? '',
    agreedAt: source.agreedAt,
    link: source.link,
  };
}

const outcomeWords: Record<ActionOutcome, string> = {
  open: 'Still open',
  completed: 'Completed',
  dropped: 'Dropped',
};

/** Ends a sentence the writer may already have ended. */
const sentence = (text: string) => (/[.!?…]$/u.test(text.trim()) ? text.trim() : `${text.trim()}.`);

/** A label without the seed's closing colon. */
const labelOf = (label: string) => label.replace(/[\s:…]+$/u, '');

/**
 * The version's words in its template's order: each section's heading, then each answer under
 * its field's label (a one-line answer beside it); the actions agreed and the progress on
 * earlier actions as numbered lines. Actions about another child named by the record are left
 * out of this child's note.
 */
export function noteText(source: NoteSource): string {
  const { content } = source;
  const sections = formSections(source.template, { openActions: content.reviews.length > 0 });
  return sections
    .map((section) =>
      [section.heading, ...section.fields.map((field) => fieldText(source, field))].join('\n'),
    )
    .join('\n\n');
}

function fieldText(source: NoteSource, field: FormField): string {
  if (field.purpose === 'actions') return actionsText(source);
  if (field.purpose === 'review_of_actions') return reviewsText(source);
  const answer = answerText(field, source.content.answers[field.key]) || 'Not answered';
  if (field.label === field.heading) return answer;
  const label = labelOf(field.label);
  return answer.includes('\n') ? `${label}:\n${answer}` : `${label}: ${answer}`;
}

const forChild = (source: NoteSource, childId: string | null | undefined) =>
  !childId || childId === source.child.id;

function actionsText(source: NoteSource): string {
  const actions = source.content.actions.filter((a) => forChild(source, a.childId));
  if (actions.length === 0) return 'No actions agreed.';
  return actions
    .map((action, n) => {
      const owner = action.ownerId ? source.ownerNames.get(action.ownerId) : undefined;
      return [
        `${n + 1}. ${sentence(action.description)}`,
        `Person responsible: ${owner ?? 'not chosen'}.`,
        action.dueOn ? `By ${dateInWords(action.dueOn)}.` : 'No date set.',
      ].join(' ');
    })
    .join('\n');
}

function reviewsText(source: NoteSource): string {
  const reviews = source.content.reviews.filter((r) =>
    forChild(source, source.reviewed.get(r.actionId)?.childId),
  );
  if (reviews.length === 0) return 'No progress recorded on earlier actions.';
  return reviews
    .map((review, n) => {
      const action = source.reviewed.get(review.actionId)?.description ?? 'An earlier action';
      const outcome = outcomeWords[review.outcome];
      const now = review.dropReason ? `${outcome}: ${sentence(review.dropReason)}` : `${outcome}.`;
      return `${n + 1}. ${sentence(action)} Progress: ${sentence(review.progress)} Now: ${now}`;
    })
    .join('\n');
}

/** The export's row for a note: the CSV columns, in order, as they are named there. */
export const exportColumns = [
  { key: 'note_type', kind: 'text' },
  { key: 'note_date', kind: 'date' },
  { key: 'headline', kind: 'text' },
  { key: 'text', kind: 'text' },
  { key: 'author', kind: 'text' },
  { key: 'child_id', kind: 'text' },
  { key: 'case_id', kind: 'text' },
  { key: 'note_id', kind: 'text' },
  { key: 'version', kind: 'number' },
] as const;

export type ExportRow = Record<(typeof exportColumns)[number]['key'], string | number>;

export function exportRow(note: ChildNote): ExportRow {
  return {
    note_type: note.noteType,
    note_date: note.date,
    headline: note.headline,
    text: note.text,
    author: note.author,
    child_id: note.child.externalId,
    case_id: note.child.caseId,
    note_id: note.id,
    version: note.version,
  };
}
