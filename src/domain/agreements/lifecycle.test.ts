import { describe, expect, it } from 'vitest';
import { workingCalendarForRegion } from '../calendar/index.ts';
import { getPack } from '../policy/index.ts';
import {
  type AgreementRelationship,
  agreementDue,
  changeOfSupervisor,
  effectivenessDueDates,
  effectivenessRuleFor,
  evidenceKind,
  isChangeable,
  partyOf,
  reviewDueOn,
  signingProblem,
  takesAgreement,
} from './lifecycle.ts';

const calendar = workingCalendarForRegion('england-and-wales');
const addPeriod = calendar.addPeriod.bind(calendar);
const pack = (id: string) => getPack(id)!;

const rel = (over: Partial<AgreementRelationship> = {}): AgreementRelationship => ({
  id: 'r1',
  superviseeId: 'worker',
  supervisorId: 'manager',
  kind: 'line_management',
  startsOn: '2025-09-01',
  endsOn: null,
  ...over,
});

describe('who signs', () => {
  const relationship = rel();
  it('the supervisee and the supervisor are the parties; no one else', () => {
    expect(partyOf('worker', relationship)).toBe('supervisee');
    expect(partyOf('manager', relationship)).toBe('supervisor');
    expect(partyOf('their-manager', relationship)).toBeUndefined();
    expect(partyOf(undefined, relationship)).toBeUndefined();
  });

  const none = { supervisee: null, supervisor: null };
  it.each([
    [
      'a party signs a version awaiting signatures',
      'awaiting_signatures',
      'supervisor',
      none,
      undefined,
    ],
    [
      'the other party signs after the first',
      'awaiting_signatures',
      'supervisee',
      { supervisee: null, supervisor: '2026-01-05T10:00:00Z' },
      undefined,
    ],
    [
      'no one signs twice',
      'awaiting_signatures',
      'supervisor',
      { supervisee: null, supervisor: '2026-01-05T10:00:00Z' },
      'You have already signed this agreement',
    ],
    [
      'a draft is not signed',
      'draft',
      'supervisee',
      none,
      'This agreement has not been sent for signature yet',
    ],
    [
      'a signed version is not signed again',
      'signed',
      'supervisee',
      none,
      'This agreement has already been signed by both',
    ],
    [
      'nor a superseded one',
      'superseded',
      'supervisor',
      none,
      'This agreement has already been signed by both',
    ],
    [
      'someone who is neither party cannot sign, administrator or not',
      'awaiting_signatures',
      undefined,
      none,
      'Only the supervisee and the supervisor can sign, each from their own account',
    ],
  ] as const)('%s', (_label, status, party, signatures, problem) => {
    expect(signingProblem(status, party, signatures)).toBe(problem);
  });

  it('drafts and versions awaiting signatures can change; signed ones cannot', () => {
    expect(isChangeable('draft')).toBe(true);
    expect(isChangeable('awaiting_signatures')).toBe(true);
    expect(isChangeable('signed')).toBe(false);
    expect(isChangeable('superseded')).toBe(false);
  });

  it('temporary cover has no agreement of its own', () => {
    expect(takesAgreement('cover')).toBe(false);
    expect(takesAgreement('placement_supervisor')).toBe(true);
    expect(takesAgreement('practice_educator')).toBe(true);
  });
});

describe('evidence for the compliance engine', () => {
  it('the first version is the agreement, later ones its reviews', () => {
    expect(evidenceKind(1)).toBe('supervision_agreement');
    expect(evidenceKind(2)).toBe('agreement_review');
    expect(evidenceKind(7)).toBe('agreement_review');
  });
});

describe('review due', () => {
  it.each([
    [
      'systemic: "Review date (to be reviewed annually)"',
      'systemic-4x4x4',
      '2026-03-10',
      '2027-03-10',
    ],
    [
      'Leeds: "This contract should be reviewed on an annual basis"',
      'leeds-schools-clusters',
      '2026-03-10',
      '2027-03-10',
    ],
    [
      'Durham: "As a minimum it should be reviewed annually"',
      'durham-one-point-2022',
      '2026-03-10',
      '2027-03-10',
    ],
    [
      'Manchester gives no period for the agreement: annually',
      'manchester',
      '2026-03-10',
      '2027-03-10',
    ],
    ['a leap day falls back to 28 February', 'systemic-4x4x4', '2028-02-29', '2029-02-28'],
  ])('%s', (_label, packId, signedOn, due) => {
    expect(reviewDueOn(pack(packId), 'line_management', signedOn, addPeriod)).toBe(due);
  });

  it('follows the pack’s reviewEvery when an organisation overrides it', () => {
    const p = structuredClone(pack('durham-one-point-2022'));
    p.agreements[0]!.reviewEvery = { unit: 'months', count: 6 };
    expect(reviewDueOn(p, 'line_management', '2026-03-10', addPeriod)).toBe('2026-09-10');
  });
});

describe('change of supervisor', () => {
  const old = rel({
    id: 'old',
    supervisorId: 'first',
    startsOn: '2024-01-01',
    endsOn: '2025-08-31',
  });
  const next = rel({ id: 'new', supervisorId: 'second', startsOn: '2025-09-01' });
  it('a new relationship of the same kind with another supervisor is a change', () => {
    expect(changeOfSupervisor([old, next], next)).toBe(old);
  });
  it('the same supervisor again is not', () => {
    const again = rel({ id: 'again', supervisorId: 'first', startsOn: '2025-09-01' });
    expect(changeOfSupervisor([old, again], again)).toBeUndefined();
  });
  it('another kind of relationship is not', () => {
    const educator = rel({
      id: 'pe',
      kind: 'practice_educator',
      supervisorId: 'pe',
      startsOn: '2025-09-01',
    });
    expect(changeOfSupervisor([old, educator], educator)).toBeUndefined();
  });
  it('a first relationship is not', () => {
    expect(changeOfSupervisor([old], old)).toBeUndefined();
  });
});

describe('what is due for a relationship', () => {
  const today = '2026-06-15';
  it('a new relationship needs its agreement from the start', () => {
    expect(
      agreementDue({
        pack: pack('systemic-4x4x4'),
        relationship: rel(),
        signedReviewDueOn: null,
        previous: undefined,
        today,
      }),
    ).toMatchObject({ kind: 'agreement', from: '2025-09-01', changeOfSupervisor: false });
  });
  it('Durham: "reviewed annually, or when there is a change of supervisor"', () => {
    const due = agreementDue({
      pack: pack('durham-one-point-2022'),
      relationship: rel(),
      signedReviewDueOn: null,
      previous: rel({ id: 'old', supervisorId: 'first' }),
      today,
    });
    expect(due).toMatchObject({ kind: 'agreement', changeOfSupervisor: true });
    expect(due.words).toContain('the policy asks for the agreement to be reviewed');
  });
  it('signed: the review date, overdue once passed', () => {
    const args = { pack: pack('systemic-4x4x4'), relationship: rel(), previous: undefined, today };
    expect(agreementDue({ ...args, signedReviewDueOn: '2026-09-01' })).toMatchObject({
      kind: 'review',
      dueOn: '2026-09-01',
      overdue: false,
      words: 'Reviewed annually from signing, and when the supervisor changes',
    });
    expect(agreementDue({ ...args, signedReviewDueOn: '2026-06-14' })).toMatchObject({
      overdue: true,
    });
  });
  it('an ended relationship owes nothing more; cover never does', () => {
    const args = {
      pack: pack('systemic-4x4x4'),
      signedReviewDueOn: null,
      previous: undefined,
      today,
    };
    expect(agreementDue({ ...args, relationship: rel({ endsOn: '2026-06-14' }) }).kind).toBe(
      'ended',
    );
    expect(agreementDue({ ...args, relationship: rel({ endsOn: '2026-06-15' }) }).kind).toBe(
      'agreement',
    );
    expect(agreementDue({ ...args, relationship: rel({ kind: 'cover' }) }).kind).toBe('not_needed');
  });
});

describe('effectiveness reviews', () => {
  it('Durham: "review the content, length, frequency, format and style of supervision every 6 months"', () => {
    const rule = effectivenessRuleFor(pack('durham-one-point-2022'), 'line_management')!;
    expect(rule.every).toEqual({ unit: 'months', count: 6 });
    const relationship = rel({ startsOn: '2026-01-31' });
    expect(effectivenessDueDates(rule, relationship, [], addPeriod)).toEqual([
      '2026-07-31',
      '2027-01-31',
    ]);
    // Held early on 20 July: the next is six months from then.
    expect(effectivenessDueDates(rule, relationship, ['2026-07-20'], addPeriod)).toEqual([
      '2027-01-20',
      '2027-07-20',
    ]);
    // A review before this relationship started belongs to the one before.
    expect(effectivenessDueDates(rule, relationship, ['2025-12-01'], addPeriod)[0]).toBe(
      '2026-07-31',
    );
  });
  it('Manchester: "we will review the effectiveness of our sessions every 12 months"', () => {
    const rule = effectivenessRuleFor(pack('manchester'), 'line_management')!;
    expect(effectivenessDueDates(rule, rel(), [], addPeriod, 1)).toEqual(['2026-09-01']);
  });
  it('none after the relationship ends', () => {
    const rule = effectivenessRuleFor(pack('durham-one-point-2022'), 'line_management')!;
    expect(
      effectivenessDueDates(
        rule,
        rel({ startsOn: '2026-01-31', endsOn: '2026-12-31' }),
        [],
        addPeriod,
      ),
    ).toEqual(['2026-07-31']);
  });
  it('packs that ask for none, and relationship kinds they do not cover', () => {
    expect(effectivenessRuleFor(pack('systemic-4x4x4'), 'line_management')).toBeUndefined();
    expect(
      effectivenessRuleFor(pack('durham-one-point-2022'), 'practice_educator'),
    ).toBeUndefined();
  });
});
