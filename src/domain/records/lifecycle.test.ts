import { describe, expect, it } from 'vitest';
import type { Template } from '../policy/schema.ts';
import { recordKinds } from '../policy/vocabulary.ts';
import { addedActionsSectionId, addedReviewSectionId } from './form-layout.ts';
import {
  canRecordDisagreement,
  editableSectionIds,
  partiesOf,
  signatoriesFor,
  signingProblem,
  whoSigns,
} from './lifecycle.ts';
import type { RecordKind, Signatory, Signature } from './types.ts';

const source = { seed: 'test', section: 'test' };
const template = (recordKind: RecordKind, over: Partial<Template> = {}): Template => ({
  id: 't',
  source,
  recordKind,
  title: 'T',
  sections: [{ id: 's', heading: 'S' }],
  ...over,
});

/** Who signs each kind when its template does not say. */
const defaultSignatories = [
  ['personal_supervision', ['supervisor', 'supervisee']],
  ['case_supervision', ['supervisor', 'supervisee']],
  ['case_supervision_unplanned', ['supervisor', 'supervisee']],
  ['effectiveness_review', ['supervisor', 'supervisee']],
  ['group_supervision', ['supervisor']],
  ['group_learning', ['supervisor']],
  ['direct_observation', ['observer', 'supervisee']],
  ['supervision_decision', ['supervisor']],
  ['discussion_with_another_professional', ['supervisor']],
  ['management_action', ['supervisor']],
  ['management_oversight', ['supervisor']],
  ['informal_discussion', ['supervisor']],
  ['pdr', ['supervisor']],
  ['handover_note', ['supervisor']],
  ['case_summary', ['supervisor']],
  ['supervision_agreement', ['supervisor', 'supervisee']],
  ['agreement_review', ['supervisor', 'supervisee']],
  ['management_presence_at_taf', ['supervisor']],
] as const;

describe('who signs', () => {
  it.each(defaultSignatories)('%s, by default: %j', (kind, parties) => {
    expect(signatoriesFor(template(kind))).toEqual(parties);
  });

  it('says who signs every kind by default, so a new kind is decided here', () => {
    expect(defaultSignatories.map(([kind]) => kind).sort()).toEqual([...recordKinds].sort());
  });

  it('the template’s own list wins: Durham’s observation form (T-004-4)', () => {
    const durham = template('direct_observation', {
      signatories: ['supervisee', 'observer', 'line_manager'],
    });
    expect(signatoriesFor(durham)).toEqual(['supervisee', 'observer', 'line_manager']);
  });

  const people = { supervisorId: 'tm', superviseeId: 'sw', observerId: 'ob', lineManagerId: 'lm' };

  it('each party is the person who plays that part', () => {
    expect(whoSigns(['supervisee', 'observer', 'line_manager'], people)).toEqual({
      signatories: [
        { party: 'supervisee', staffId: 'sw' },
        { party: 'observer', staffId: 'ob' },
        { party: 'line_manager', staffId: 'lm' },
      ],
      problems: [],
    });
  });

  it.each([
    ['the observer', { observerId: 'lm' }],
    ['the supervisor', { supervisorId: 'lm' }],
  ])('the line manager signs "where they are not the same person" as %s', (_label, over) => {
    const { signatories } = whoSigns(['supervisee', 'observer', 'supervisor', 'line_manager'], {
      ...people,
      ...over,
    });
    expect(signatories.map((s) => s.party)).not.toContain('line_manager');
    expect(signatories.filter((s) => s.staffId === 'lm')).toHaveLength(1);
  });

  it('a party with no one to play it is a problem', () => {
    expect(
      whoSigns(['supervisor', 'supervisee', 'observer', 'line_manager'], {
        supervisorId: 'tm',
        superviseeId: null,
        observerId: null,
        lineManagerId: null,
      }),
    ).toEqual({
      signatories: [{ party: 'supervisor', staffId: 'tm' }],
      problems: [
        'This record has no supervisee to sign it',
        'This record has no observer to sign it',
        'This record has no line manager to sign it',
      ],
    });
  });
});

const both: Signatory[] = [
  { party: 'supervisor', staffId: 'tm' },
  { party: 'supervisee', staffId: 'sw' },
];
const signature = (
  party: Signatory['party'],
  staffId: string,
  disagreement: string | null = null,
): Signature => ({
  party,
  staffId,
  signedAt: new Date('2026-03-12T10:00:00Z'),
  disagreement,
});

describe('signing', () => {
  it('finds the parts someone signs as', () => {
    expect(partiesOf('sw', both)).toEqual(['supervisee']);
    expect(partiesOf('lm', both)).toEqual([]);
    expect(partiesOf(undefined, both)).toEqual([]);
  });

  it.each([
    ['a signatory signs a shared version', 'shared', [], 'sw', undefined],
    ['the other signs after the first', 'shared', [signature('supervisor', 'tm')], 'sw', undefined],
    [
      'no one signs twice',
      'shared',
      [signature('supervisor', 'tm')],
      'tm',
      'You have already signed this record',
    ],
    ['a draft is not signed', 'draft', [], 'sw', 'This record has not been shared yet'],
    ['a locked version is not signed', 'locked', [], 'sw', 'This version is locked'],
    [
      'someone the record does not name cannot sign, whatever their role',
      'shared',
      [],
      'lm',
      'Only the people this record names can sign it: the supervisor and the supervisee',
    ],
    [
      'nor can someone with no staff record',
      'shared',
      [],
      undefined,
      'Only the people this record names can sign it: the supervisor and the supervisee',
    ],
  ] as const)('%s', (_label, status, signatures, staffId, problem) => {
    expect(signingProblem(status, both, signatures, staffId)).toBe(problem);
  });

  it('someone who signs as two parties signs until both are done', () => {
    const twice: Signatory[] = [
      { party: 'observer', staffId: 'tm' },
      { party: 'supervisor', staffId: 'tm' },
    ];
    expect(signingProblem('shared', twice, [signature('observer', 'tm')], 'tm')).toBeUndefined();
  });

  it('only the supervisee may record a disagreement', () => {
    expect(canRecordDisagreement('supervisee')).toBe(true);
    expect(canRecordDisagreement('supervisor')).toBe(false);
    expect(canRecordDisagreement('observer')).toBe(false);
    expect(canRecordDisagreement('line_manager')).toBe(false);
  });
});

describe('who writes which sections', () => {
  const leeds = template('case_supervision', {
    sections: [
      { id: 'part-a', heading: 'Part A', completedBy: 'supervisee' },
      { id: 'part-b', heading: 'Part B' },
      { id: 'feedback', heading: 'Observer feedback', completedBy: 'observer' },
      {
        id: 'sign',
        heading: 'Signatures',
        fields: [{ id: 'supervisee', label: 'Signed', type: 'signature' }],
      },
    ],
  });

  it('the author may edit every section, the ones Oversight adds for actions included', () => {
    expect([...editableSectionIds(leeds, 'author')]).toEqual([
      'part-a',
      'part-b',
      'feedback',
      addedReviewSectionId,
      addedActionsSectionId,
    ]);
  });

  it('the supervisee only the sections that are theirs (Leeds Part A)', () => {
    expect([...editableSectionIds(leeds, 'supervisee')]).toEqual(['part-a']);
  });

  it('an observer who is not the author only theirs', () => {
    expect([...editableSectionIds(leeds, 'observer')]).toEqual(['feedback']);
  });

  it('nothing for a supervisee when no section is theirs', () => {
    expect(editableSectionIds(template('personal_supervision'), 'supervisee').size).toBe(0);
  });
});
