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

/** Internal id to external id, for the references a bundle holds by external id. */
type Names = Map<string, string>;

function namesOf(rows: Row[]): Names {
  return new Map(rows.map((r) => [r.uuid as string, r.id as string]));
}

/** Replaces internal-id columns by the external ids they name; a missing name drops the field. */
function named(row: Row, columns: Record<string, Names>): Row {
  const out: Row = { ...row };
  for (const [column, names] of Object.entries(columns)) {
    const id = row[column];
    out[column] = id === null || id === undefined ? null : (names.get(id as string) ?? null);
  }
  return present(out);
}

/**
 * The ids of the children, sessions and records a scope's obligations can depend on, found
 * through the indexes on the people and children they name (two round trips).
 */
async function scopedIds(db: Queryable, organisationId: string, scope: BundleScope) {
  const staff = [...scope.staffIds];
  const [first] = await rowsOf(
    db,
    `SELECT
       ARRAY(SELECT DISTINCT child_id FROM child_allocation
             WHERE organisation_id = $1 AND worker_id = ANY($2::uuid[])) AS children,
       ARRAY(SELECT id FROM supervision_session
             WHERE organisation_id = $1 AND supervisor_id = ANY($2::uuid[])
             UNION SELECT id FROM supervision_session
             WHERE organisation_id = $1 AND team_id = ANY($3::uuid[])
             UNION SELECT session_id FROM session_participant
             WHERE organisation_id = $1 AND staff_id = ANY($2::uuid[])) AS sessions`,
    organisationId,
    staff,
    [...scope.teamIds],
  );
  const children = first!.children as string[];
  const own = first!.sessions as string[];
  const records = ids(
    await rowsOf(
      db,
      `SELECT record_id AS id FROM record_staff WHERE organisation_id = $1 AND staff_id = ANY($2::uuid[])
       UNION SELECT record_id FROM record_child WHERE organisation_id = $1 AND child_id = ANY($3::uuid[])
       UNION SELECT id FROM supervision_record WHERE organisation_id = $1 AND author_id = ANY($2::uuid[])
       UNION SELECT id FROM supervision_record WHERE organisation_id = $1 AND session_id = ANY($4::uuid[])`,
      organisationId,
      staff,
      children,
      own,
    ),
  );
  return { children, ownSessions: own, records, staff };
}

const ext = (table: string, column: string) =>
  `(SELECT x.external_id FROM ${table} x WHERE x.organisation_id = $1 AND x.id = ${column})`;

/**
 * The organisation, or the part of it a scope's obligations depend on. References to people
 * and units are read as internal ids and named in JavaScript from the whole lists, which are
 * read anyway: a correlated lookup per row costs more than the rows themselves.
 */
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
  const only = scope ? await scopedIds(db, organisationId, scope) : undefined;
  const [units, staffRows] = await inOrder([
    () => readOrgUnits(db, organisationId),
    () => readStaff(db, organisationId),
  ]);
  const unitNames = namesOf(units);
  const staffNames = namesOf(staffRows);
  const people = { staff: staffNames, units: unitNames };
  const [relationships, absences, children] = await inOrder([
    () =>
      rowsOf(
        db,
        `SELECT external_id AS id, supervisee_id AS "superviseeId", supervisor_id AS "supervisorId",
           kind, starts_on AS "from", ends_on AS "to"
         FROM supervisory_relationship WHERE organisation_id = $1`,
        organisationId,
      ),
    () =>
      rowsOf(
        db,
        `SELECT external_id AS id, staff_id AS "staffId", kind, starts_on AS "from", ends_on AS "to"
         FROM absence WHERE organisation_id = $1`,
        organisationId,
      ),
    () => readChildren(db, organisationId, staffNames, only?.children),
  ]);
  const records = await readRecords(db, organisationId, people, children.names, only?.records);
  const sessionIds = only && [...new Set([...only.ownSessions, ...records.sessionIds])];
  const sessions = await readSessions(db, organisationId, people, sessionIds);
  // Every session a record belongs to is among those read, in the slice as in the whole.
  const namedRecords = records.list.map((r) => named(r, { sessionId: sessions.names }));
  const [audits, actions, waivers] = await inOrder([
    () =>
      rowsOf(
        db,
        `SELECT a.external_id AS id, a.auditor_id AS "auditorId",
         a.subject_staff_id AS "subjectStaffId",
         ${ext('supervision_record', 'a.subject_record_id')} AS "subjectRecordId",
         a.audit_of AS "of", a.completed_on AS "completedAt", a.feedback_on AS "feedbackAt"
       FROM quality_audit a WHERE a.organisation_id = $1 AND a.completed_on IS NOT NULL
       ${only ? 'AND (a.auditor_id = ANY($2::uuid[]) OR a.subject_staff_id = ANY($2::uuid[]))' : ''}`,
        organisationId,
        ...(only ? [only.staff] : []),
      ),
    () =>
      rowsOf(
        db,
        `SELECT a.external_id AS id, a.description, a.owner_id AS "ownerId",
         ${ext('supervision_record', 'a.record_id')} AS "recordId",
         ${ext('child', 'a.child_id')} AS "childId", a.staff_id AS "staffId",
         a.set_on AS "setOn", a.due_on AS "dueDate", a.status, a.completed_on AS "completedAt",
         a.drop_reason AS "dropReason"
       FROM supervision_action a WHERE a.organisation_id = $1
       ${
         only
           ? `AND (a.owner_id = ANY($2::uuid[]) OR a.staff_id = ANY($2::uuid[])
                OR a.child_id = ANY($3::uuid[]))`
           : ''
       }`,
        organisationId,
        ...(only ? [only.staff, only.children] : []),
      ),
    () =>
      rowsOf(
        db,
        `SELECT kind, subject_external_id AS "subjectId", starts_on AS "from", ends_on AS "to", reason
       FROM obligation_waiver WHERE organisation_id = $1`,
        organisationId,
      ),
  ]);
  const staffColumns = (...columns: string[]) =>
    Object.fromEntries(columns.map((c) => [c, staffNames]));
  return normaliseBundle({
    format: 'oversight-bundle/1',
    organisation: present(org) as Bundle['organisation'],
    orgUnits: units.map(({ uuid: _, ...u }) =>
      named(u, { parentId: unitNames, managerId: staffNames }),
    ) as Bundle['orgUnits'],
    staff: staffRows.map(
      ({ uuid: _, ...s }) =>
        named(s, { teamId: unitNames, lineManagerId: staffNames }) as Bundle['staff'][number],
    ),
    relationships: relationships.map((r) =>
      named(r, staffColumns('superviseeId', 'supervisorId')),
    ) as Bundle['relationships'],
    absences: absences.map((a) => named(a, staffColumns('staffId'))) as Bundle['absences'],
    children: children.list,
    sessions: sessions.list,
    records: namedRecords as Bundle['records'],
    audits: audits.map((a) =>
      named(a, staffColumns('auditorId', 'subjectStaffId')),
    ) as Bundle['audits'],
    actions: actions.map((a) => named(a, staffColumns('ownerId', 'staffId'))) as Bundle['actions'],
    waivers: waivers as NonNullable<Bundle['waivers']>,
  });
}

/** Every unit, with its internal id as `uuid` and its references still internal. */
async function readOrgUnits(db: Queryable, organisationId: string) {
  return rowsOf(
    db,
    `SELECT id AS uuid, external_id AS id, kind, name, parent_id AS "parentId",
       team_type AS "teamType", manager_id AS "managerId"
     FROM org_unit WHERE organisation_id = $1`,
    organisationId,
  );
}

/** Every staff member as in the bundle, with the internal id as `uuid`. */
async function readStaff(db: Queryable, organisationId: string) {
  const rows = await rowsOf(
    db,
    `SELECT s.id AS uuid, s.external_id AS id, s.name, s.email, s.job_title AS "jobTitle",
       s.role_category AS "roleCategory", s.team_id AS "teamId",
       s.line_manager_id AS "lineManagerId",
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
    const person = present(fields) as Bundle['staff'][number] & { uuid: string };
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
  staffNames: Names,
  childIds?: string[],
): Promise<{ list: BundleChild[]; names: Names }> {
  const [byId, ...params] = onlyRows('id', childIds);
  const [byChild] = onlyRows('child_id', childIds);
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
        `SELECT child_id AS owner, worker_id AS "workerId", role, starts_on AS "from", ends_on AS "to"
       FROM child_allocation WHERE organisation_id = $1 ${byChild}`,
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
  const allocationsOf = groupByOwner(
    allocations.map((a) => ({ ...a, workerId: staffNames.get(a.workerId as string) })),
  );
  const eventsOf = groupByOwner(events);
  const list = children.map(({ uuid, ...row }) => {
    const child = present(row) as BundleChild;
    const key = uuid as string;
    child.statuses = (statusesOf.get(key) ?? []) as BundleChild['statuses'];
    child.flags = (flagsOf.get(key) ?? []) as BundleChild['flags'];
    child.allocations = (allocationsOf.get(key) ?? []) as BundleChild['allocations'];
    const childEvents = eventsOf.get(key);
    if (childEvents) child.events = childEvents as NonNullable<BundleChild['events']>;
    return child;
  });
  return { list, names: namesOf(children) };
}

/** Members of a join table by owner, in their stored order, named by `names`. */
async function membersOf(
  db: Queryable,
  sql: string,
  names: Names,
  organisationId: string,
  ...params: unknown[]
) {
  const out = new Map<string, string[]>();
  for (const row of await rowsOf(db, sql, organisationId, ...params)) {
    const list = out.get(row.owner as string) ?? [];
    list.push(names.get(row.member as string) as string);
    out.set(row.owner as string, list);
  }
  return out;
}

type People = { staff: Names; units: Names };

async function readSessions(
  db: Queryable,
  organisationId: string,
  people: People,
  sessionIds?: string[],
): Promise<{ list: Bundle['sessions']; names: Names }> {
  const [bySession, ...params] = onlyRows('id', sessionIds);
  const [byOwner] = onlyRows('session_id', sessionIds);
  const [sessions, participants] = await inOrder([
    () =>
      rowsOf(
        db,
        `SELECT id AS uuid, external_id AS id, kind, held_on AS date, minutes,
         supervisor_id AS "supervisorId", team_id AS "teamId", status,
         cancellation_reason AS "cancellationReason", rescheduled_to AS "rescheduledTo"
       FROM supervision_session WHERE organisation_id = $1 ${bySession}`,
        organisationId,
        ...params,
      ),
    () =>
      membersOf(
        db,
        `SELECT session_id AS owner, staff_id AS member FROM session_participant
       WHERE organisation_id = $1 ${byOwner} ORDER BY session_id, position`,
        people.staff,
        organisationId,
        ...params,
      ),
  ]);
  const list = sessions.map(({ uuid, ...row }) => ({
    ...(named(row, { supervisorId: people.staff, teamId: people.units }) as Omit<
      Bundle['sessions'][number],
      'participantIds'
    >),
    participantIds: participants.get(uuid as string) ?? [],
  }));
  return { list, names: namesOf(sessions) };
}

/**
 * Records, their `sessionId` still the session's internal id: the sessions are read after them
 * (a slice's sessions include its records') and name them. Children outside the slice are named
 * by one more read.
 */
async function readRecords(
  db: Queryable,
  organisationId: string,
  people: People,
  childNames: Names,
  recordIds?: string[],
): Promise<{ list: Row[]; sessionIds: string[] }> {
  const [byRecord, ...params] = onlyRows('id', recordIds);
  const [byOwner] = onlyRows('record_id', recordIds);
  const [records, staff, childRows] = await inOrder([
    () =>
      rowsOf(
        db,
        `SELECT id AS uuid, external_id AS id, kind, meeting_date AS date,
         session_id AS "sessionId", author_id AS "authorId", observer_id AS "observerId",
         written_on AS "writtenAt", shared_on AS "sharedAt", signed_on AS "signedAt",
         on_child_record_on AS "onChildRecordAt", date_recorded_on AS "dateRecordedAt"
       FROM supervision_record WHERE organisation_id = $1 ${byRecord}`,
        organisationId,
        ...params,
      ),
    () =>
      membersOf(
        db,
        `SELECT record_id AS owner, staff_id AS member FROM record_staff
       WHERE organisation_id = $1 ${byOwner} ORDER BY record_id, position`,
        people.staff,
        organisationId,
        ...params,
      ),
    () =>
      rowsOf(
        db,
        `SELECT record_id AS owner, child_id AS member FROM record_child
       WHERE organisation_id = $1 ${byOwner} ORDER BY record_id, position`,
        organisationId,
        ...params,
      ),
  ]);
  const sessionIds = [
    ...new Set(records.flatMap((r) => (r.sessionId ? [r.sessionId as string] : []))),
  ];
  const outsideChildren = await childExternalIds(
    db,
    organisationId,
    childRows.map((r) => r.member as string).filter((c) => !childNames.has(c)),
  );
  const children = new Map<string, string[]>();
  for (const { owner, member } of childRows) {
    const list = children.get(owner as string) ?? [];
    list.push(
      (childNames.get(member as string) ?? outsideChildren.get(member as string)) as string,
    );
    children.set(owner as string, list);
  }
  const list = records.map(({ uuid, ...row }) => ({
    ...named(row, { authorId: people.staff, observerId: people.staff }),
    staffIds: staff.get(uuid as string) ?? [],
    childIds: children.get(uuid as string) ?? [],
  }));
  return { list, sessionIds };
}

/** External ids of some children, by internal id. */
async function childExternalIds(
  db: Queryable,
  organisationId: string,
  ids: string[],
): Promise<Names> {
  if (ids.length === 0) return new Map();
  const rows = await rowsOf(
    db,
    `SELECT id AS uuid, external_id AS id FROM child
     WHERE organisation_id = $1 AND id = ANY($2::uuid[])`,
    organisationId,
    [...new Set(ids)],
  );
  return namesOf(rows);
}
