/**
 * The sections a record's form shows, in order: the template's own, with a section without
 * fields asked as one text answer, and signature fields left to the signatures. Where the
 * template has nowhere for actions (or for the review of earlier actions, when there are open
 * ones), Oversight adds a section for them, so actions are tracked whatever the template.
 */
import type { Template, TemplateSection } from '../policy/schema.ts';
import type { RecordKind } from '../policy/vocabulary.ts';
import { type AnswerField, answerKey, sectionAnswerFields } from './answers.ts';

/** An input of the form: a template field (never a signature) with its answer's key. */
export type FormField = AnswerField;

export type FormSection = {
  id: string;
  heading: string;
  hint?: string | undefined;
  prompts?: string[] | undefined;
  completedBy?: TemplateSection['completedBy'];
  fields: FormField[];
  /** Added by Oversight, not in the template. */
  added: boolean;
};

export const addedActionsSectionId = 'actions-agreed';
export const addedReviewSectionId = 'review-of-actions';

/** Kinds that record a date or an event rather than a discussion: no actions are asked. */
const withoutActions: readonly RecordKind[] = ['pdr'];

export function formSections(template: Template, options: { openActions: boolean }): FormSection[] {
  const sections: FormSection[] = template.sections
    .map((section) => ({
      id: section.id,
      heading: section.heading,
      hint: section.hint,
      prompts: section.prompts,
      completedBy: section.completedBy,
      fields: sectionAnswerFields(section),
      added: false,
    }))
    .filter((section) => section.fields.length > 0);
  const has = (purpose: FormField['purpose']) =>
    sections.some((s) => s.fields.some((f) => f.purpose === purpose));
  const extra = (id: string, heading: string, purpose: FormField['purpose']): FormSection => ({
    id,
    heading,
    fields: [
      { id, key: answerKey(id), label: heading, type: 'table', purpose, sectionId: id, heading },
    ],
    added: true,
  });
  if (options.openActions && !has('review_of_actions'))
    sections.push(extra(addedReviewSectionId, 'Review of actions', 'review_of_actions'));
  if (!withoutActions.includes(template.recordKind) && !has('actions'))
    sections.push(extra(addedActionsSectionId, 'Actions agreed', 'actions'));
  return sections;
}

/** Long forms are split into a task list of sections, each its own page; short ones are one. */
export const taskListFrom = 4;
