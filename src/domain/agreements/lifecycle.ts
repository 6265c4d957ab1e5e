/**
 * An agreement's life: a draft is written by either party, sent for signature, signed by each
 * party from their own account, and once both have signed it is fixed. Changing a signed
 * agreement starts a new version; the signed one stays in force (and readable) until the new one
 * is signed, when it becomes 'superseded'. Reviews fall due annually (or as the pack says) from
 * signing and on a change of supervisor; effectiveness reviews as the pack asks (6-monthly in
 * Durham, 12-monthly in Manchester).
 */
import type { IsoDate, Period } from '../calendar/period.ts';
import type { SupervisoryRelationshipKind } from '../organisation/vocabulary.ts';
import type { AgreementRule, EffectivenessReviewRule, PolicyPack } from '../policy/schema.ts';
import type { RecordKind } from '../policy/vocabulary.ts';

export const agreementStatuses = ['draft', 'awaiting_signatures', 'signed', 'superseded'] as const;
export type AgreementStatus = (typeof agreementStatuses)[number];

export type Party = 'supervisee' | 'supervisor';

/** The relationship an agreement is for, as far as the rules here care. */
export type AgreementRelationship = {
  id: string;
  superviseeId: string;
  supervisorId: string;
  kind: SupervisoryRelationshipKind;
  startsOn: IsoDate;
  endsOn: IsoDate | null;
};

/** Temporary cover is not a supervisory relationship of its own, so it has no agreement. */
export function takesAgreement(kind: SupervisoryRelationshipKind): boolean {
  return kind !== 'cover';
}

/** Which party a staff member is, if either. */
export function partyOf(
  staffId: string | undefined,
  relationship: Pick<AgreementRelationship, 'superviseeId' | 'supervisorId'>,
): Party | undefined {
  if (staffId === undefined) return undefined;
  if (staffId === relationship.superviseeId) return 'supervisee';
  if (staffId === relationship.supervisorId) return 'supervisor';
  return undefined;
}

/** A draft, or one awaiting signatures, can still be changed; a change clears any signature. */
export function isChangeable(status: AgreementStatus): boolean {
  return status === 'draft' || status === 'awaiting_signatures';
}

export type Signatures = { supervisee: string | null; supervisor: string | null };

/** Why this party cannot sign this version now, or undefined when they can. */
export function signingProblem(
  status: AgreementStatus,
  party: Party | undefined,
  signatures: Signatures,
): string | undefined {
  if (!party) return 'Only the supervisee and the supervisor can sign, each from their own account';
  if (status === 'draft') return 'This agreement has not been sent for signature yet';
  if (status !== 'awaiting_signatures') return 'This agreement has already been signed by both';
  if (signatures[party] !== null) return 'You have already signed this agreement';
  return undefined;
}

/** The other party. */
export function otherParty(party: Party): Party {
  return party === 'supervisee' ? 'supervisor' : 'supervisee';
}

/** The evidence the compliance engine counts: the first agreement, then its reviews. */
export function evidenceKind(
  version: number,
): Extract<RecordKind, 'supervision_agreement' | 'agreement_review'> {
  return version === 1 ? 'supervision_agreement' : 'agreement_review';
}

/** The pack's agreement rule for a kind of relationship, if it has one. */
export function agreementRuleFor(
  pack: PolicyPack,
  kind: SupervisoryRelationshipKind,
): AgreementRule | undefined {
  return pack.agreements.find((rule) => rule.relationships.includes(kind));
}

/** "Annually" unless the pack's agreement rule says otherwise (every seed says annually). */
export const defaultReviewPeriod: Period = { unit: 'months', count: 12 };

export function reviewPeriod(pack: PolicyPack, kind: SupervisoryRelationshipKind): Period {
  return agreementRuleFor(pack, kind)?.reviewEvery ?? defaultReviewPeriod;
}

/** When a version signed on `signedOn` is next reviewed. */
export function reviewDueOn(
  pack: PolicyPack,
  kind: SupervisoryRelationshipKind,
  signedOn: IsoDate,
  addPeriod: (date: IsoDate, period: Period) => IsoDate,
): IsoDate {
  return addPeriod(signedOn, reviewPeriod(pack, kind));
}

/**
 * The relationship of the same kind this one took over from, when it had another supervisor:
 * the latest to start before this one (as the compliance engine reads a change of supervisor).
 */
export function changeOfSupervisor<R extends AgreementRelationship>(
  relationships: readonly R[],
  relationship: R,
): R | undefined {
  const earlier = relationships
    .filter(
      (r) =>
        r.id !== relationship.id &&
        r.superviseeId === relationship.superviseeId &&
        r.kind === relationship.kind &&
        r.startsOn < relationship.startsOn,
    )
    .sort((a, b) => (a.startsOn < b.startsOn ? 1 : -1))[0];
  return earlier && earlier.supervisorId !== relationship.supervisorId ? earlier : undefined;
}

/** Where a relationship stands with its agreement, for the pages and the API. */
export type AgreementDue =
  /** No signed agreement yet: one is due from `from` (the start, or the change of supervisor). */
  | { kind: 'agreement'; from: IsoDate; changeOfSupervisor: boolean; words: string }
  /** Signed: the next review falls due on `dueOn`. */
  | { kind: 'review'; dueOn: IsoDate; overdue: boolean; words: string }
  /** The relationship has ended: nothing more is due. */
  | { kind: 'ended'; words: string }
  | { kind: 'not_needed'; words: string };

export function agreementDue(options: {
  pack: PolicyPack;
  relationship: AgreementRelationship;
  /** The review date of the signed version in force, if any. */
  signedReviewDueOn: IsoDate | null;
  previous: AgreementRelationship | undefined;
  today: IsoDate;
}): AgreementDue {
  const { pack, relationship, signedReviewDueOn, previous, today } = options;
  if (!takesAgreement(relationship.kind))
    return { kind: 'not_needed', words: 'Temporary cover has no agreement of its own' };
  if (relationship.endsOn !== null && relationship.endsOn < today)
    return { kind: 'ended', words: 'The relationship has ended; its agreements are kept' };
  if (signedReviewDueOn !== null) {
    const period = reviewPeriod(pack, relationship.kind);
    const every =
      period.unit === 'months' && period.count === 12
        ? 'annually'
        : `every ${period.count} ${period.unit.replace('_', ' ')}`;
    return {
      kind: 'review',
      dueOn: signedReviewDueOn,
      overdue: signedReviewDueOn < today,
      words: `Reviewed ${every} from signing, and when the supervisor changes`,
    };
  }
  if (previous) {
    const rule = agreementRuleFor(pack, relationship.kind);
    return {
      kind: 'agreement',
      from: relationship.startsOn,
      changeOfSupervisor: true,
      words:
        rule?.onChangeOfSupervisor === true
          ? 'The supervisor changed, and the policy asks for the agreement to be reviewed when that happens'
          : 'The supervisor changed: a new supervisory relationship starts with its own agreement',
    };
  }
  return {
    kind: 'agreement',
    from: relationship.startsOn,
    changeOfSupervisor: false,
    words: 'An agreement is made at the start of the supervisory relationship',
  };
}

/** The pack's effectiveness review rule for a kind of relationship, if it has one. */
export function effectivenessRuleFor(
  pack: PolicyPack,
  kind: SupervisoryRelationshipKind,
): EffectivenessReviewRule | undefined {
  return pack.effectivenessReviews.find((rule) => rule.relationships.includes(kind));
}

/**
 * When the next effectiveness reviews fall due: one interval after the last review held in the
 * relationship (or after its start), as the compliance engine counts them, then one interval
 * after that if it is held on time. None after the relationship ends.
 */
export function effectivenessDueDates(
  rule: Pick<EffectivenessReviewRule, 'every'>,
  relationship: Pick<AgreementRelationship, 'startsOn' | 'endsOn'>,
  reviewDates: readonly IsoDate[],
  addPeriod: (date: IsoDate, period: Period) => IsoDate,
  count = 2,
): IsoDate[] {
  const held = reviewDates.filter((d) => d >= relationship.startsOn).sort();
  let last = held[held.length - 1] ?? relationship.startsOn;
  const out: IsoDate[] = [];
  for (let i = 0; i < count; i++) {
    const due = addPeriod(last, rule.every);
    if (relationship.endsOn !== null && due > relationship.endsOn) break;
    out.push(due);
    last = due;
  }
  return out;
}
