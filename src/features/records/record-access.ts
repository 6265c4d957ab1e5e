/**
 * What can() is told about a record, and which part a person plays in it. A record is about
 * children when it names any (case supervision, decisions, notes), about a group when it is a
 * group session's own record, and otherwise about a person (personal supervision, observation).
 */
import type { RecordPerson, StoredRecord } from '../../data-access/record-repository.ts';
import type { Resource } from '../../domain/access/can.ts';
import { groupKinds } from '../../domain/child-record/kinds.ts';
import type { RecordKind } from '../../domain/policy/vocabulary.ts';
import type { RecordContent } from '../../domain/records/types.ts';
import { overlay, redactionsInForce, transferAccess } from '../record-transfer/rules.ts';

// One definition, in the domain: the child's record delivery queues notes by these kinds too.
export { childKinds, groupKinds } from '../../domain/child-record/kinds.ts';

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

/** Who a personal record is held back from after a change of supervisor, and who may redact it. */
export function transferOf(record: StoredRecord) {
  const supervisee = superviseeOf(record);
  const personal = categoryOf(record.kind, record.children.length) === 'personal';
  return transferAccess(
    {
      kind: record.kind,
      date: record.date,
      authorId: record.author?.id,
      supervisee: supervisee
        ? {
            id: supervisee.id,
            supervisorIds: supervisee.supervisorIds,
            lineManagerId: supervisee.lineManagerId ?? undefined,
          }
        : undefined,
    },
    personal ? record.transfer : undefined,
  );
}

export function recordResource(record: StoredRecord): Resource {
  return {
    type: 'supervision_record',
    ...transferOf(record),
    category: categoryOf(record.kind, record.children.length),
    authorId: record.author?.id,
    observerId: record.observer?.id,
    people: record.people.map(holder),
    children: record.children.map((c) => ({
      id: c.id,
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

/** Whether redactions in force hide words of some version of this record. */
export const isRedacted = (record: StoredRecord) =>
  (record.redactions ?? []).some((r) => r.withdrawnAt === null);

/**
 * The record as it is shown: with its redactions laid over the text of each version. Everyone
 * reads it so by default; the original is opened on purpose, by someone who may read it (the
 * supervisee, its writers, the redactors: can 'view_unredacted'), and that read is logged on its
 * own. Every way a record's words leave the server goes through here.
 */
export function shownRecord(record: StoredRecord): StoredRecord {
  if (!isRedacted(record)) return record;
  return {
    ...record,
    versions: record.versions.map((v) => ({ ...v, content: shownContent(record, v.content) })),
  };
}

/** Content of this record (a version's, a draft being saved) with its redactions laid over. */
export const shownContent = (record: StoredRecord, content: RecordContent): RecordContent =>
  overlay(content, redactionsInForce(record.redactions ?? []));
