/**
 * Reads a whole organisation as a bundle (docs/bundle.md): the form export writes, import
 * compares against and the compliance engine evaluates. Ids in a bundle are external ids.
 */
import type pg from 'pg';
import { normaliseBundle } from '../domain/bundle/normalise.ts';
import type { Bundle, BundleChild } from '../domain/bundle/schema.ts';

export type Queryable = Pick<pg.Pool, 'query'>;
type Row = Record<string, unknown>;

/**
 * Part of an organisation, by internal ids: the staff whose obligations are wanted and the teams
 * whose own are. The rows read are those `sliceBundle` (domain/compliance/scope.ts) keeps.
 */
export type BundleScope = { staffIds: readonly string[]; teamIds: readonly string[] };

/** The ids of the scoped rows: undefined means every row of the organisation. */
type Only = { children?: string[]; sessions?: string[]; records?: string[]; staff?: string[] };

/** Drops null columns so an absent value reads as an absent field, as in the bundle. */
function present<T extends Row>(row: T): T {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) if (value !== null) out[key] = value;
  return out as T;
}

/** Rows grouped by their `owner` column, the owner column removed. */
function groupByOwner(rows: Row[]): Map<string, Row[]> {
  const out = new Map<string, Row[]>();
  for (const { owner, ...rest } of rows) {
    const list = out.get(owner as string) ?? [];
    list.push(present(rest));
    out.set(owner as string, list);
  }
  return out;
}

/**
 * Runs the reads one after another: a transaction's client takes one query at a time, and the
 * bundle must come from one snapshot.
 */
async function inOrder<T extends readonly unknown[]>(
  reads: { [K in keyof T]: () => Promise<T[K]> },
): Promise<T> {
  const out: unknown[] = [];
  for (const read of reads as readonly (() => Promise<unknown>)[]) out.push(await read());
  return out as unknown as T;
}

async function rowsOf(
  db: Queryable,
  sql: string,
  organisationId: string,
  ...params: unknown[]
): Promise<Row[]> {
  return (await db.query(sql, [organisationId, ...params])).rows;
}

/** `AND <column> = ANY($2)` with the ids, or nothing when every row is wanted. */
function onlyRows(column: string, ids: string[] | undefined): [string, ...unknown[]] {
  return ids === undefined ? [''] : [`AND ${column} = ANY($2::uuid[])`, ids];
}

const ids = (rows: Row[]) => rows.map((r) => r.id as string);

/** The ids of the children, sessions and records a scope's obligations can depend on. */
async function scopedIds(db: Queryable, organisationId: string, scope: BundleScope): Promise<Only> {
  const staff = [...scope.staffIds];
  const children = ids(
    await rowsOf(
      db,
      `SELECT DISTINCT child_id AS id FROM child_allocation
       WHERE organisation_id = $1 AND worker_id = ANY($2::uuid[])`,
      organisationId,
      staff,
    ),
  );
  const own = ids(
    await rowsOf(
      db,
      `SELECT id FROM supervision_session WHERE organisation_id = $1 AND supervisor_id = ANY($2::uuid[])
       UNION SELECT id FROM supervision_session WHERE organisation_id = $1 AND team_id = ANY($3::uuid[])
       UNION SELECT session_id FROM session_participant
         WHERE organisation_id = $1 AND staff_id = ANY($2::uuid[])`,
      organisationId,
      staff,
      [...scope.teamIds],
    ),
  );
  const records = await rowsOf(
    db,
    `SELECT r.id, r.session_id FROM supervision_record r WHERE r.organisation_id = $1 AND r.id IN (
       SELECT record_id FROM record_staff WHERE organisation_id = $1 AND staff_id = ANY($2::uuid[])
       UNION SELECT record_id FROM record_child WHERE organisation_id = $1 AND child_id = ANY($3::uuid[])
       UNION SELECT id FROM supervision_record WHERE organisation_id = $1 AND author_id = ANY($2::uuid[])
       UNION SELECT id FROM supervision_record WHERE organisation_id = $1 AND session_id = ANY($4::uuid[]))`,
    organisationId,
    staff,
    children,
    own,
  );
  const sessions = new Set(own);
  for (const r of records) if (r.session_id) sessions.add(r.session_id as string);
  return { children, sessions: [...sessions], records: ids(records), staff };
}

const ext = (table: string, column: string) =>
  `(SELECT x.external_id FROM ${table} x WHERE x.organisation_id = $1 AND x.id = ${column})`;

/** The organisation, or the part of it a scope's obligations depend on. */
export async function readBundle(
  db: Queryable,
  organisationId: string,
  scope?: BundleScope,
): Promise<Bundle | null> {
  const org = (
    await db.query(
      `SELECT slug AS id, name, policy_pack_id AS policy, overrides,
         bank_holiday_region AS "bankHolidayRegion" FROM organisation WHERE id = $1`,
      [organisationId],
    )
  ).rows[0];
  if (!org) return null;
  const only = scope ? await scopedIds(db, organisationId, scope) : {};
  const [orgUnits, staff, relationships, absences, children] = await inOrder([
    () => readOrgUnits(db, organisationId),
    () => readStaff(db, organisationId),
    () =>
      rowsOf(
        db,
        `SELECT r.external_id AS id, ${ext('staff_member', 'r.supervisee_id')} AS "superviseeId",
         ${ext('staff_member', 'r.supervisor_id')} AS "supervisorId", r.kind,
         r.starts_on AS "from", r.ends_on AS "to"
       FROM supervisory_relationship r WHERE r.organisation_id = $1`,
        organisationId,
      ),
    () =>
      rowsOf(
        db,
        `SELECT a.external_id AS id, ${ext('staff_member', 'a.staff_id')} AS "staffId", a.kind,
         a.starts_on AS "from", a.ends_on AS "to"
       FROM absence a WHERE a.organisation_id = $1`,
        organisationId,
      ),
    () => readChildren(db, organisationId, only.children),
  ]);
  const [sessions, records, audits, actions, waivers] = await inOrder([
    () => readSessions(db, organisationId, only.sessions),
    () => readRecords(db, organisationId, only.records),
    () =>
      rowsOf(
        db,
        `SELECT a.external_id AS id, ${ext('staff_member', 'a.auditor_id')} AS "auditorId",
         ${ext('staff_member', 'a.subject_staff_id')} AS "subjectStaffId",
         ${ext('supervision_record', 'a.subject_record_id')} AS "subjectRecordId",
         a.audit_of AS "of", a.completed_on AS "completedAt", a.feedback_on AS "feedbackAt"
       FROM quality_audit a WHERE a.organisation_id = $1
       ${only.staff ? 'AND (a.auditor_id = ANY($2::uuid[]) OR a.subject_staff_id = ANY($2::uuid[]))' : ''}`,
        organisationId,
        ...(only.staff ? [only.staff] : []),
      ),
    () =>
      rowsOf(
        db,
        `SELECT a.external_id AS id, a.description, ${ext('staff_member', 'a.owner_id')} AS "ownerId",
         ${ext('supervision_record', 'a.record_id')} AS "recordId",
         ${ext('child', 'a.child_id')} AS "childId", ${ext('staff_member', 'a.staff_id')} AS "staffId",
         a.set_on AS "setOn", a.due_on AS "dueDate", a.status, a.completed_on AS "completedAt",
         a.drop_reason AS "dropReason"
       FROM supervision_action a WHERE a.organisation_id = $1
       ${
         only.staff
           ? `AND (a.owner_id = ANY($2::uuid[]) OR a.staff_id = ANY($2::uuid[])
                OR a.child_id = ANY($3::uuid[]))`
           : ''
       }`,
        organisationId,
        ...(only.staff ? [only.staff, only.children] : []),
      ),
    () =>
      rowsOf(
        db,
        `SELECT kind, subject_external_id AS "subjectId", starts_on AS "from", ends_on AS "to", reason
       FROM obligation_waiver WHERE organisation_id = $1`,
        organisationId,
      ),
  ]);
  return normaliseBundle({
    format: 'oversight-bundle/1',
    organisation: present(org) as Bundle['organisation'],
    orgUnits: orgUnits as Bundle['orgUnits'],
    staff,
    relationships: relationships.map(present) as Bundle['relationships'],
    absences: absences.map(present) as Bundle['absences'],
    children,
    sessions,
    records,
    audits: audits.map(present) as Bundle['audits'],
    actions: actions.map(present) as Bundle['actions'],
    waivers: waivers as NonNullable<Bundle['waivers']>,
  });
}

async function readOrgUnits(db: Queryable, organisationId: string) {
  const rows = await rowsOf(
    db,
    `SELECT u.external_id AS id, u.kind, u.name, ${ext('org_unit', 'u.parent_id')} AS "parentId",
       u.team_type AS "teamType", ${ext('staff_member', 'u.manager_id')} AS "managerId"
     FROM org_unit u WHERE u.organisation_id = $1`,
    organisationId,
  );
  return rows.map(present);
}

async function readStaff(db: Queryable, organisationId: string): Promise<Bundle['staff']> {
  const rows = await rowsOf(
    db,
    `SELECT s.external_id AS id, s.name, s.email, s.job_title AS "jobTitle",
       s.role_category AS "roleCategory", ${ext('org_unit', 's.team_id')} AS "teamId",
       ${ext('staff_member', 's.line_manager_id')} AS "lineManagerId",
       s.case_holding AS "caseHolding", s.contracted_hours::float AS "contractedHours",
       s.start_date AS "startDate", s.leaving_date AS "leavingDate",
       s.asye_start_date AS "asyeStartDate", s.placement_start_date AS "placementStartDate",
       s.placement_end_date AS "placementEndDate", s.probation_end_date AS "probationEndDate",
       s.registration_body, s.registration_number, s.registration_expires_on,
       s.dbs_certificate_number, s.dbs_issued_on,
       s.emergency_contact_name, s.emergency_contact_phone, s.emergency_contact_relationship
     FROM staff_member s WHERE s.organisation_id = $1`,
    organisationId,
  );
  return rows.map((row) => {
    const {
      registration_body,
      registration_number,
      registration_expires_on,
      dbs_certificate_number,
      dbs_issued_on,
      emergency_contact_name,
      emergency_contact_phone,
      emergency_contact_relationship,
      ...fields
    } = row;
    const person = present(fields) as Bundle['staff'][number];
    if (registration_body !== null && registration_number !== null) {
      person.registration = present({
        body: registration_body,
        number: registration_number,
        expiresOn: registration_expires_on,
      }) as NonNullable<typeof person.registration>;
    }
    if (dbs_certificate_number !== null && dbs_issued_on !== null) {
      person.dbs = {
        certificateNumber: dbs_certificate_number as string,
        issuedOn: dbs_issued_on as string,
      };
    }
    if (emergency_contact_name !== null && emergency_contact_phone !== null) {
      person.emergencyContact = present({
        name: emergency_contact_name,
        phone: emergency_contact_phone,
        relationship: emergency_contact_relationship,
      }) as NonNullable<typeof person.emergencyContact>;
    }
    return person;
  });
}

async function readChildren(
  db: Queryable,
  organisationId: string,
  childIds?: string[],
): Promise<BundleChild[]> {
  const [byId, ...params] = onlyRows('id', childIds);
  const [byChild] = onlyRows('child_id', childIds);
  const [byAllocated] = onlyRows('a.child_id', childIds);
  const [children, statuses, flags, allocations, events] = await inOrder([
    () =>
      rowsOf(
        db,
        `SELECT id AS uuid, external_id AS id, case_id AS "caseId", name,
         date_of_birth AS "dateOfBirth", expected_date_of_birth AS "expectedDateOfBirth",
         opened_on AS "openedAt", closed_on AS "closedAt"
       FROM child WHERE organisation_id = $1 ${byId}`,
        organisationId,
        ...params,
      ),
    () =>
      rowsOf(
        db,
        `SELECT child_id AS owner, status, starts_on AS "from", ends_on AS "to"
       FROM child_status_episode WHERE organisation_id = $1 ${byChild}`,
        organisationId,
        ...params,
      ),
    () =>
      rowsOf(
        db,
        `SELECT child_id AS owner, flag, starts_on AS "from", ends_on AS "to"
       FROM child_flag WHERE organisation_id = $1 ${byChild}`,
        organisationId,
        ...params,
      ),
    () =>
      rowsOf(
        db,
        `SELECT a.child_id AS owner, s.external_id AS "workerId", a.role,
         a.starts_on AS "from", a.ends_on AS "to"
       FROM child_allocation a
       JOIN staff_member s ON s.organisation_id = a.organisation_id AND s.id = a.worker_id
       WHERE a.organisation_id = $1 ${byAllocated}`,
        organisationId,
        ...params,
      ),
    () =>
      rowsOf(
        db,
        `SELECT child_id AS owner, kind, occurred_on AS date
       FROM child_event WHERE organisation_id = $1 ${byChild}`,
        organisationId,
        ...params,
      ),
  ]);
  const statusesOf = groupByOwner(statuses);
  const flagsOf = groupByOwner(flags);
  const allocationsOf = groupByOwner(allocations);
  const eventsOf = groupByOwner(events);
  return children.map(({ uuid, ...row }) => {
    const child = present(row) as BundleChild;
    const key = uuid as string;
    child.statuses = (statusesOf.get(key) ?? []) as BundleChild['statuses'];
    child.flags = (flagsOf.get(key) ?? []) as BundleChild['flags'];
    child.allocations = (allocationsOf.get(key) ?? []) as BundleChild['allocations'];
    const childEvents = eventsOf.get(key);
    if (childEvents) child.events = childEvents as NonNullable<BundleChild['events']>;
    return child;
  });
}

/** External ids of a join table's members, in their stored order, by owner. */
async function membersOf(db: Queryable, sql: string, organisationId: string, ...params: unknown[]) {
  const out = new Map<string, string[]>();
  for (const row of await rowsOf(db, sql, organisationId, ...params)) {
    const list = out.get(row.owner as string) ?? [];
    list.push(row.member as string);
    out.set(row.owner as string, list);
  }
  return out;
}

async function readSessions(
  db: Queryable,
  organisationId: string,
  sessionIds?: string[],
): Promise<Bundle['sessions']> {
  const [bySession, ...params] = onlyRows('s.id', sessionIds);
  const [byOwner] = onlyRows('p.session_id', sessionIds);
  const [sessions, participants] = await inOrder([
    () =>
      rowsOf(
        db,
        `SELECT s.id AS uuid, s.external_id AS id, s.kind, s.held_on AS date, s.minutes,
         ${ext('staff_member', 's.supervisor_id')} AS "supervisorId",
         ${ext('org_unit', 's.team_id')} AS "teamId", s.status,
         s.cancellation_reason AS "cancellationReason", s.rescheduled_to AS "rescheduledTo"
       FROM supervision_session s WHERE s.organisation_id = $1 ${bySession}`,
        organisationId,
        ...params,
      ),
    () =>
      membersOf(
        db,
        `SELECT p.session_id AS owner, s.external_id AS member FROM session_participant p
       JOIN staff_member s ON s.organisation_id = p.organisation_id AND s.id = p.staff_id
       WHERE p.organisation_id = $1 ${byOwner} ORDER BY p.session_id, p.position`,
        organisationId,
        ...params,
      ),
  ]);
  return sessions.map(({ uuid, ...row }) => ({
    ...(present(row) as Omit<Bundle['sessions'][number], 'participantIds'>),
    participantIds: participants.get(uuid as string) ?? [],
  }));
}

async function readRecords(
  db: Queryable,
  organisationId: string,
  recordIds?: string[],
): Promise<Bundle['records']> {
  const [byRecord, ...params] = onlyRows('r.id', recordIds);
  const [byOwner] = onlyRows('m.record_id', recordIds);
  const [records, staff, children] = await inOrder([
    () =>
      rowsOf(
        db,
        `SELECT r.id AS uuid, r.external_id AS id, r.kind, r.meeting_date AS date,
         ${ext('supervision_session', 'r.session_id')} AS "sessionId",
         ${ext('staff_member', 'r.author_id')} AS "authorId",
         ${ext('staff_member', 'r.observer_id')} AS "observerId",
         r.written_on AS "writtenAt", r.shared_on AS "sharedAt", r.signed_on AS "signedAt",
         r.on_child_record_on AS "onChildRecordAt", r.date_recorded_on AS "dateRecordedAt"
       FROM supervision_record r WHERE r.organisation_id = $1 ${byRecord}`,
        organisationId,
        ...params,
      ),
    () =>
      membersOf(
        db,
        `SELECT m.record_id AS owner, s.external_id AS member FROM record_staff m
       JOIN staff_member s ON s.organisation_id = m.organisation_id AND s.id = m.staff_id
       WHERE m.organisation_id = $1 ${byOwner} ORDER BY m.record_id, m.position`,
        organisationId,
        ...params,
      ),
    () =>
      membersOf(
        db,
        `SELECT m.record_id AS owner, c.external_id AS member FROM record_child m
       JOIN child c ON c.organisation_id = m.organisation_id AND c.id = m.child_id
       WHERE m.organisation_id = $1 ${byOwner} ORDER BY m.record_id, m.position`,
        organisationId,
        ...params,
      ),
  ]);
  return records.map(({ uuid, ...row }) => ({
    ...(present(row) as Omit<Bundle['records'][number], 'staffIds' | 'childIds'>),
    staffIds: staff.get(uuid as string) ?? [],
    childIds: children.get(uuid as string) ?? [],
  }));
}
