/**
 * A supervision record as Oversight writes it: each version holds the answers to its template's
 * fields, the actions agreed and the review of earlier actions. A version is a draft, then shared
 * with those who sign it, then locked once every signatory has signed (or, for the supervisee,
 * recorded a disagreement). A locked version never changes; an amendment is a new version.
 */
import type { IsoDate } from '../calendar/period.ts';
import type { RecordParty, RecordQualityCheck, Template } from '../policy/schema.ts';
import type { RecordKind } from '../policy/vocabulary.ts';

export const versionStatuses = ['draft', 'shared', 'locked'] as const;
export type VersionStatus = (typeof versionStatuses)[number];

/**
 * Answers by key: `<sectionId>.<fieldId>`, or `<sectionId>` for a section without fields (one
 * text answer). Text, dates (YYYY-MM-DD), yes/no ('yes' | 'no'), RAG ('red' | 'amber' |
 * 'green') and choices are strings; scales are integers.
 */
export type Answers = Record<string, string | number>;

/** An action agreed in this record: what, who, by when (and which child, on a case record). */
export type ActionDraft = {
  /** Stable within the record across versions, so an amendment changes the same action. */
  key: string;
  description: string;
  ownerId: string | null;
  dueOn: IsoDate | null;
  childId?: string | null;
};

export const actionOutcomes = ['open', 'completed', 'dropped'] as const;
export type ActionOutcome = (typeof actionOutcomes)[number];

/** Progress on an open action from earlier supervision, given in this record. */
export type ActionReview = {
  actionId: string;
  progress: string;
  outcome: ActionOutcome;
  /** Required when dropped. */
  dropReason?: string | null;
};

export type RecordContent = { answers: Answers; actions: ActionDraft[]; reviews: ActionReview[] };

/** A person who signs a version, fixed when it is shared. */
export type Signatory = { party: RecordParty; staffId: string };

export type Signature = {
  party: RecordParty;
  staffId: string;
  signedAt: Date;
  /** The supervisee's disagreement, kept with the record; null when they agreed. */
  disagreement: string | null;
};

/** An open action from earlier supervision, as the review of actions lists it. */
export type OpenAction = {
  id: string;
  description: string;
  ownerId: string;
  ownerName: string;
  dueOn: IsoDate;
  setOn: IsoDate;
  childId: string | null;
  /** The record it was agreed in, if any. */
  recordId: string | null;
  /** The last progress given on it, to spot an update repeated unchanged. */
  lastProgress: string | null;
};

/** A finding of the record-quality checks: a warning, or a must that stops sharing. */
export type QualityFinding = {
  check: RecordQualityCheck;
  level: 'warning' | 'must';
  /** The answer key (`section.field`), `actions[i]`, or `reviews[i]` it is about, if one. */
  field?: string;
  message: string;
  /** The pack rule (or Oversight's default rule) that asked for it. */
  ruleId: string;
};

/** A child on the supervisee's caseload, for the check on names in personal notes. */
export type CaseloadChild = { id: string; externalId: string; names: readonly string[] };

export type { RecordKind, RecordParty, Template };
