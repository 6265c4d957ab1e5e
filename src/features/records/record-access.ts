/**
 * What can() is told about a record, and which part a person plays in it. A record is about
 * children when it names any (case supervision, decisions, notes), about a group when it is a
 * group session's own record, and otherwise about a person (personal supervision, observation).
 */
import type { RecordPerson, StoredRecord } from '../../data-access/record-repository.ts';
import type { Resource } from '../../domain/access/can.ts';
import type { RecordKind } from '../../domain/policy/vocabulary.ts';

/** Kinds written about a child: started for one child, and kept on the child's record. */
export const childKinds: readonly RecordKind[] = [
  'case_supervision',
  'case_supervision_unplanned',
  'supervision_decision',
  'discussion_with_another_professional',
  'management_action',
  'management_oversight',
  'management_presence_at_taf',
  'informal_discussion',
  'case_summary',
];

export const groupKinds: readonly RecordKind[] = ['group_supervision', 'group_learning'];

export type RecordCategory = Extract<Resource, { type: 'supervision_record' }>['category'];

export function categoryOf(kind: RecordKind, childCount: number): RecordCategory {
  if (childCount > 0) return 'case';
  return groupKinds.includes(kind) ? 'group' : 'personal';
}

const holder = (p: RecordPerson) => ({
  staffId: p.id,
  teamId: p.teamId ?? undefined,
  lineManagerId: p.lineManagerId ?? undefined,
  supervisorIds: p.supervisorIds,
});

export function recordResource(record: StoredRecord): Resource {
  return {
    type: 'supervision_record',
    category: categoryOf(record.kind, record.children.length),
    authorId: record.author?.id,
    observerId: record.observer?.id,
    people: record.people.map(holder),
    children: record.children.map((c) => ({
      allocatedTeamIds: c.allocatedTeamIds,
      allocatedWorkerIds: c.allocatedWorkerIds,
    })),
    escalatedTo: record.escalations.map((e) => e.toStaffId),
    auditedBy: record.openAudits.map((a) => a.auditorId),
  };
}

/** The person a record's signatures and actions are about: the supervisee or observed worker. */
export function superviseeOf(record: Pick<StoredRecord, 'people'>): RecordPerson | null {
  return record.people[0] ?? null;
}

/** The part this staff member plays in writing the record. */
export function writerRole(
  record: StoredRecord,
  staffId: string | undefined,
): 'author' | 'supervisee' | 'observer' | undefined {
  if (staffId === undefined) return undefined;
  if (record.author?.id === staffId) return 'author';
  if (record.observer?.id === staffId) return 'observer';
  if (superviseeOf(record)?.id === staffId && !groupKinds.includes(record.kind))
    return 'supervisee';
  return undefined;
}
