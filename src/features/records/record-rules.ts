/**
 * The rules of a record that need no database: who each party is, who may own an action, what
 * this person may do with the record now, what stops it being shared, and how what was sent is
 * put into a draft (section by section from a form, key by key from the API).
 */
import type { RecordVersion, StoredRecord } from '../../data-access/record-repository.ts';
import { can } from '../../domain/access/can.ts';
import type { Template } from '../../domain/policy/schema.ts';
import { type FormSection, formSections } from '../../domain/records/form-layout.ts';
import {
  canRecordDisagreement,
  checkContent,
  editableSectionIds,
  partiesOf,
  signatoriesFor,
  whoSigns,
} from '../../domain/records/index.ts';
import { groupKinds, recordResource, superviseeOf, writerRole } from './record-access.ts';
import type { Caller, DraftInput, Problem } from './record-service.ts';

/** What was sent for a draft, before checkContent reads it. */
export type SentContent = { answers: Record<string, unknown>; actions: unknown; reviews: unknown };

/** The people each party stands for, as signatures and the headline need them. */
export function partyPeople(record: StoredRecord) {
  const supervisee = superviseeOf(record);
  return {
    supervisorId: record.author?.id ?? null,
    superviseeId: groupKinds.includes(record.kind) ? null : (supervisee?.id ?? null),
    observerId: record.observer?.id ?? null,
    lineManagerId: supervisee?.lineManagerId ?? null,
  };
}

/** Who may own an action: the people in the record and its author. */
export function ownerIds(record: StoredRecord) {
  return new Set(
    [record.author?.id, record.observer?.id, ...record.people.map((p) => p.id)].filter(
      (x): x is string => !!x,
    ),
  );
}

/** Whole-record problems that stop sharing: what the checks on a complete record find. */
export function completeProblems(record: StoredRecord, version: RecordVersion): Problem[] {
  const { problems } = checkContent(version.template, version.content, {
    meetingDate: record.date,
    ownerIds: ownerIds(record),
    openActionIds: new Set(version.content.reviews.map((r) => r.actionId)),
    childIds: new Set(record.children.map((c) => c.id)),
    complete: true,
  });
  version.content.actions.forEach((action, i) => {
    if (action.dueOn === null)
      problems.push({
        field: `actions[${i}].dueOn`,
        message: `Enter when ‘${action.description}’ is to be done by`,
      });
  });
  return problems;
}

/**
 * Who signs this record. A child's note from a group session is the lead's: the attendees are
 * on it, but none of them is the supervisee of it (the group's own record has no signature
 * fields either, T-001-04).
 */
export function signatoriesOf(record: StoredRecord, template: Template) {
  const fromGroup = record.sessionKind === 'group' || record.sessionKind === 'group_learning';
  const parties = signatoriesFor(template).filter((p) => !(fromGroup && p === 'supervisee'));
  return whoSigns(parties, partyPeople(record));
}

/** What this person may do with the record now. */
export function permissions(caller: Caller, record: StoredRecord) {
  const resource = recordResource(record);
  const me = caller.actor.staffId;
  const version = record.versions.at(-1);
  const role = writerRole(record, me);
  const supervisesNow = record.people.some(
    (p) => me !== undefined && (p.supervisorIds.includes(me) || p.lineManagerId === me),
  );
  const parties = version ? partiesOf(me, version.signatories) : [];
  const signed = new Set(version?.signatures.map((s) => s.party));
  const mySignable = parties.filter((p) => !signed.has(p));
  const disagreed = version?.signatures.some((s) => s.disagreement !== null) ?? false;
  const editable =
    version?.status === 'draft' && role && can(caller.actor, 'edit', resource)
      ? [...editableSectionIds(version.template, role)]
      : [];
  return {
    editSections: editable,
    share: version?.status === 'draft' && role === 'author',
    returnToDraft:
      version?.status === 'shared' &&
      role === 'author' &&
      version.signatures.every((s) => s.staffId === me),
    sign: version?.status === 'shared' && mySignable.length > 0,
    disagree: version?.status === 'shared' && mySignable.some(canRecordDisagreement),
    amend:
      version?.status === 'locked' &&
      (role === 'author' || role === 'observer' || supervisesNow) &&
      can(caller.actor, 'edit', resource),
    escalate:
      disagreed &&
      (role === 'supervisee' || role === 'author') &&
      record.escalations.every((e) => e.response !== null),
    respondTo: record.escalations
      .filter((e) => e.response === null && e.toStaffId === me)
      .map((e) => e.id),
  };
}

export const noPermissions = {
  editSections: [] as string[],
  share: false,
  returnToDraft: false,
  sign: false,
  disagree: false,
  amend: false,
  escalate: false,
  respondTo: [] as string[],
};

/** Puts what was sent into the stored content: section by section, or key by key to merge. */
export function merged(
  version: RecordVersion,
  input: DraftInput,
  editable: ReadonlySet<string>,
): { content: SentContent; refused: Problem[] } {
  const sections = formSections(version.template, { openActions: true });
  if (input.merge) return mergedByKey(version, sections, input, editable);
  const sent = new Set(
    (input.sectionIds ?? sections.map((s) => s.id)).filter((s) => editable.has(s)),
  );
  const answers: Record<string, unknown> = { ...version.content.answers };
  let actions: unknown = version.content.actions;
  let reviews: unknown = version.content.reviews;
  for (const section of sections) {
    if (!sent.has(section.id)) continue;
    for (const field of section.fields) {
      if (field.purpose === 'actions') actions = input.actions ?? [];
      else if (field.purpose === 'review_of_actions') reviews = input.reviews ?? [];
      else {
        delete answers[field.key];
        const value = input.answers?.[field.key];
        if (value !== undefined) answers[field.key] = value;
      }
    }
  }
  return { content: { answers, actions, reviews }, refused: [] };
}

/**
 * The API's merge. A form never shows what the person does not write, but an API client can
 * send it: an answer, the actions or the reviews of a section someone else writes are refused
 * rather than dropped unseen. Keys of no section go on for checkContent to name.
 */
export function mergedByKey(
  version: RecordVersion,
  sections: readonly FormSection[],
  input: DraftInput,
  editable: ReadonlySet<string>,
): { content: SentContent; refused: Problem[] } {
  const sectionOf = new Map(sections.flatMap((s) => s.fields.map((f) => [f.key, s.id])));
  const writes = (purpose: 'actions' | 'review_of_actions') =>
    sections.some((s) => editable.has(s.id) && s.fields.some((f) => f.purpose === purpose));
  const refused: Problem[] = [];
  const answers: Record<string, unknown> = { ...version.content.answers };
  for (const [key, value] of Object.entries(input.answers ?? {})) {
    const section = sectionOf.get(key);
    if (section === undefined || editable.has(section)) answers[key] = value;
    else
      refused.push({
        field: `answers.${key}`,
        message: `‘${key}’ is for someone else in this record to answer`,
      });
  }
  const replaced = (sent: unknown, purpose: 'actions' | 'review_of_actions', stored: unknown) => {
    if (sent === undefined) return stored;
    if (writes(purpose)) return sent;
    const field = purpose === 'actions' ? 'actions' : 'reviews';
    refused.push({ field, message: `The ${field} are for someone else in this record to write` });
    return stored;
  };
  const actions = replaced(input.actions, 'actions', version.content.actions);
  const reviews = replaced(input.reviews, 'review_of_actions', version.content.reviews);
  return { content: { answers, actions, reviews }, refused };
}
