/**
 * A record's life: a draft is written by its author (and, in their sections, by the supervisee
 * or the observer), shared with those who sign it, signed by each from their own account, and
 * locked once every signatory has signed (the supervisee may record a disagreement instead of
 * agreeing; it is kept with the record). Who signs is the template's choice, else the kind's.
 */
import { listWords } from '../planning/words.ts';
import type { RecordKind } from '../policy/vocabulary.ts';
import { formSections } from './form-layout.ts';
import type { RecordParty, Signatory, Signature, Template, VersionStatus } from './types.ts';

/** Records of a supervision between two people: both sign that it is accurate. */
const bothSign: readonly RecordKind[] = [
  'personal_supervision',
  'case_supervision',
  'case_supervision_unplanned',
  'supervision_agreement',
  'agreement_review',
  // It "includes supervisee feedback on quality" (Durham F71, Q20).
  'effectiveness_review',
];

/**
 * Who signs when the template does not say: both in a supervision; the lead alone for a group
 * (the systemic Group Supervision Record has no signature fields, T-001-04); the observer and the
 * observed for an observation; otherwise the record's author, as the supervisor.
 */
export function signatoriesFor(template: Template): RecordParty[] {
  if (template.signatories) return [...template.signatories];
  const kind = template.recordKind;
  if (bothSign.includes(kind)) return ['supervisor', 'supervisee'];
  if (kind === 'direct_observation') return ['observer', 'supervisee'];
  return ['supervisor'];
}

export type PartyPeople = {
  supervisorId: string | null;
  superviseeId: string | null;
  observerId: string | null;
  lineManagerId: string | null;
};

const personOf: Record<RecordParty, keyof PartyPeople> = {
  supervisor: 'supervisorId',
  supervisee: 'superviseeId',
  observer: 'observerId',
  line_manager: 'lineManagerId',
};

const partyWords: Record<RecordParty, string> = {
  supervisor: 'supervisor',
  supervisee: 'supervisee',
  observer: 'observer',
  line_manager: 'line manager',
};

/** The people who sign, fixed when the record is shared, and who is missing. */
export function whoSigns(
  parties: readonly RecordParty[],
  people: PartyPeople,
): { signatories: Signatory[]; problems: string[] } {
  const signatories: Signatory[] = [];
  const problems: string[] = [];
  for (const party of parties) {
    const staffId = people[personOf[party]];
    // Durham T-004-4: the supervisee's line manager signs "where they are not the same person".
    if (
      party === 'line_manager' &&
      staffId !== null &&
      (staffId === people.observerId || staffId === people.supervisorId)
    )
      continue;
    if (staffId === null) problems.push(`This record has no ${partyWords[party]} to sign it`);
    else signatories.push({ party, staffId });
  }
  return { signatories, problems };
}

/** The parts a staff member signs as: usually one, none when the record does not name them. */
export function partiesOf(
  staffId: string | undefined,
  signatories: readonly Signatory[],
): RecordParty[] {
  return signatories.filter((s) => s.staffId === staffId).map((s) => s.party);
}

const hasSigned = (signatory: Signatory, signatures: readonly Signature[]) =>
  signatures.some((s) => s.party === signatory.party && s.staffId === signatory.staffId);

/** Why this staff member cannot sign this version now, or undefined when they can. */
export function signingProblem(
  status: VersionStatus,
  signatories: readonly Signatory[],
  signatures: readonly Signature[],
  staffId: string | undefined,
): string | undefined {
  const mine = signatories.filter((s) => s.staffId === staffId);
  if (staffId === undefined || mine.length === 0) {
    const parties = [...new Set(signatories.map((s) => `the ${partyWords[s.party]}`))];
    return `Only the people this record names can sign it: ${listWords(parties)}`;
  }
  if (status === 'draft') return 'This record has not been shared yet';
  if (status === 'locked') return 'This version is locked';
  if (mine.every((s) => hasSigned(s, signatures))) return 'You have already signed this record';
  return undefined;
}

/** Only the supervisee may disagree with a record about them; the others sign or do not. */
export function canRecordDisagreement(party: RecordParty): boolean {
  return party === 'supervisee';
}

export type Writer = 'author' | 'supervisee' | 'observer';

/**
 * The sections a writer may change in a draft: the author every one (they share it, so they
 * can finish what another left); the supervisee and the observer the sections that are theirs
 * (Leeds Part A is the worker's). An observer who writes the record is its author.
 */
export function editableSectionIds(template: Template, as: Writer): Set<string> {
  const sections = formSections(template, { openActions: true });
  return new Set(
    sections
      .filter((section) => as === 'author' || section.completedBy === as)
      .map((section) => section.id),
  );
}
