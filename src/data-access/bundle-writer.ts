/**
 * Writes what an import adds and changes (a BundleChanges from domain/bundle/diff.ts) inside the
 * caller's transaction. Rows are upserted by external id in batches through unnest(), so a large
 * file takes a handful of statements per table rather than one per row.
 */
import type pg from 'pg';
import type { BundleChanges } from '../domain/bundle/diff.ts';
import type { Bundle, BundleChild } from '../domain/bundle/schema.ts';

type Client = Pick<pg.PoolClient, 'query'>;
type Column<T> = { name: string; type: string; value: (item: T) => unknown };
type IdMap = Map<string, string>;

const batchSize = 5000;

/**
 * Upserts items into a table keyed by (organisation_id, external_id); returns the uuid of each.
 * Columns that are not listed keep their stored values.
 */
async function upsert<T extends { id: string }>(
  db: Client,
  organisationId: string,
  table: string,
  columns: Column<T>[],
  items: readonly T[],
): Promise<IdMap> {
  const ids: IdMap = new Map();
  const all = [{ name: 'external_id', type: 'text', value: (item: T) => item.id }, ...columns];
  const names = all.map((c) => c.name).join(', ');
  const sql = `INSERT INTO ${table} (organisation_id, id, ${names})
    SELECT $1, gen_random_uuid(), * FROM unnest(${all.map((c, i) => `$${i + 2}::${c.type}[]`).join(', ')})
    ON CONFLICT (organisation_id, external_id) DO UPDATE SET
      ${columns.map((c) => `${c.name} = EXCLUDED.${c.name}`).join(', ')}, updated_at = now()
    RETURNING external_id, id`;
  for (let start = 0; start < items.length; start += batchSize) {
    const batch = items.slice(start, start + batchSize);
    const params = all.map((c) => batch.map((item) => c.value(item) ?? null));
    const { rows } = await db.query(sql, [organisationId, ...params]);
    for (const row of rows) ids.set(row.external_id, row.id);
  }
  return ids;
}

/** Inserts plain rows (no external id) in batches. */
async function insertRows(
  db: Client,
  organisationId: string,
  table: string,
  columns: { name: string; type: string }[],
  rows: unknown[][],
  conflict = '',
) {
  const sql = `INSERT INTO ${table} (organisation_id, ${columns.map((c) => c.name).join(', ')})
    SELECT $1, * FROM unnest(${columns.map((c, i) => `$${i + 2}::${c.type}[]`).join(', ')}) ${conflict}`;
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize);
    await db.query(sql, [
      organisationId,
      ...columns.map((_, i) => batch.map((row) => row[i] ?? null)),
    ]);
  }
}

async function idsOf(db: Client, organisationId: string, table: string): Promise<IdMap> {
  const { rows } = await db.query(
    `SELECT external_id, id FROM ${table} WHERE organisation_id = $1`,
    [organisationId],
  );
  return new Map(rows.map((row) => [row.external_id as string, row.id as string]));
}

/** A reference by external id as the stored uuid; the bundle was validated, so it exists. */
function ref(ids: IdMap, externalId: string | undefined): string | null {
  if (externalId === undefined) return null;
  const id = ids.get(externalId);
  if (id === undefined) throw new Error(`no stored row for reference ${externalId}`);
  return id;
}

const text = (name: string) => ({ name, type: 'text' });
const date = (name: string) => ({ name, type: 'date' });
const uuid = (name: string) => ({ name, type: 'uuid' });

type Progress = (written: number) => void;

/** Applies the changes; every reference is resolved through the ids stored so far. */
export async function writeBundleChanges(
  db: Client,
  organisationId: string,
  changes: BundleChanges,
  progress: Progress = () => {},
): Promise<void> {
  const e = changes.entities;
  const touched = <T>(c: { added: T[]; changed: T[] }) => [...c.added, ...c.changed];
  let written = 0;
  const done = (n: number) => {
    written += n;
    progress(written);
  };

  const units = touched(e.orgUnits);
  await upsert(
    db,
    organisationId,
    'org_unit',
    [
      { ...text('kind'), value: (u) => u.kind },
      { ...text('name'), value: (u) => u.name },
      { ...text('team_type'), value: (u) => u.teamType },
    ],
    units,
  );
  const unitIds = await idsOf(db, organisationId, 'org_unit');

  const staff = touched(e.staff);
  await upsert(db, organisationId, 'staff_member', staffColumns(unitIds), staff);
  const staffIds = await idsOf(db, organisationId, 'staff_member');
  done(units.length + staff.length);

  // References within a table, and from units to staff, once every row exists.
  await setReferences(
    db,
    organisationId,
    'org_unit',
    units,
    {
      parent_id: (u) => ref(unitIds, u.parentId),
      manager_id: (u) => ref(staffIds, u.managerId),
    },
    unitIds,
  );
  await setReferences(
    db,
    organisationId,
    'staff_member',
    staff,
    {
      line_manager_id: (s) => ref(staffIds, s.lineManagerId),
    },
    staffIds,
  );

  const relationships = touched(e.relationships);
  await upsert(
    db,
    organisationId,
    'supervisory_relationship',
    [
      { ...uuid('supervisee_id'), value: (r) => ref(staffIds, r.superviseeId) },
      { ...uuid('supervisor_id'), value: (r) => ref(staffIds, r.supervisorId) },
      { ...text('kind'), value: (r) => r.kind },
      { ...date('starts_on'), value: (r) => r.from },
      { ...date('ends_on'), value: (r) => r.to },
    ],
    relationships,
  );
  const absences = touched(e.absences);
  await upsert(
    db,
    organisationId,
    'absence',
    [
      { ...uuid('staff_id'), value: (a) => ref(staffIds, a.staffId) },
      { ...text('kind'), value: (a) => a.kind },
      { ...date('starts_on'), value: (a) => a.from },
      { ...date('ends_on'), value: (a) => a.to },
    ],
    absences,
  );
  done(relationships.length + absences.length);

  const children = touched(e.children);
  const childIds = await writeChildren(db, organisationId, children, staffIds, done);

  const sessions = touched(e.sessions);
  const sessionIds = await upsert(
    db,
    organisationId,
    'supervision_session',
    [
      { ...text('kind'), value: (s) => s.kind },
      { ...date('held_on'), value: (s) => s.date },
      { name: 'minutes', type: 'integer', value: (s) => s.minutes },
      { ...uuid('supervisor_id'), value: (s) => ref(staffIds, s.supervisorId) },
      { ...uuid('team_id'), value: (s) => ref(unitIds, s.teamId) },
      { ...text('status'), value: (s) => s.status },
      { ...text('cancellation_reason'), value: (s) => s.cancellationReason },
      { ...date('rescheduled_to'), value: (s) => s.rescheduledTo },
    ],
    sessions,
  );
  await replaceMembers(
    db,
    organisationId,
    'session_participant',
    'session_id',
    sessionIds,
    sessions,
    (s) => s.participantIds.map((p) => ref(staffIds, p)),
    'staff_id',
  );
  done(sessions.length);

  const allSessionIds = await idsOf(db, organisationId, 'supervision_session');
  const records = touched(e.records);
  const recordIds = await upsert(
    db,
    organisationId,
    'supervision_record',
    [
      { ...text('kind'), value: (r) => r.kind },
      { ...date('meeting_date'), value: (r) => r.date },
      { ...uuid('session_id'), value: (r) => ref(allSessionIds, r.sessionId) },
      { ...uuid('author_id'), value: (r) => ref(staffIds, r.authorId) },
      { ...uuid('observer_id'), value: (r) => ref(staffIds, r.observerId) },
      { ...date('written_on'), value: (r) => r.writtenAt },
      { ...date('shared_on'), value: (r) => r.sharedAt },
      { ...date('signed_on'), value: (r) => r.signedAt },
      { ...date('on_child_record_on'), value: (r) => r.onChildRecordAt },
      { ...date('date_recorded_on'), value: (r) => r.dateRecordedAt },
    ],
    records,
  );
  await replaceMembers(
    db,
    organisationId,
    'record_staff',
    'record_id',
    recordIds,
    records,
    (r) => r.staffIds.map((s) => ref(staffIds, s)),
    'staff_id',
  );
  await replaceMembers(
    db,
    organisationId,
    'record_child',
    'record_id',
    recordIds,
    records,
    (r) => r.childIds.map((c) => ref(childIds, c)),
    'child_id',
  );
  done(records.length);

  const allRecordIds = await idsOf(db, organisationId, 'supervision_record');
  const audits = touched(e.audits);
  await upsert(
    db,
    organisationId,
    'quality_audit',
    [
      { ...uuid('auditor_id'), value: (a) => ref(staffIds, a.auditorId) },
      { ...uuid('subject_staff_id'), value: (a) => ref(staffIds, a.subjectStaffId) },
      { ...uuid('subject_record_id'), value: (a) => ref(allRecordIds, a.subjectRecordId) },
      { ...text('audit_of'), value: (a) => a.of },
      { ...date('completed_on'), value: (a) => a.completedAt },
      { ...date('feedback_on'), value: (a) => a.feedbackAt },
      // An imported audit arrives completed, its feedback given when it has a date.
      { ...text('status'), value: (a) => (a.feedbackAt ? 'feedback_given' : 'completed') },
    ],
    audits,
  );
  const actions = touched(e.actions);
  await upsert(
    db,
    organisationId,
    'supervision_action',
    [
      { ...text('description'), value: (a) => a.description },
      { ...uuid('owner_id'), value: (a) => ref(staffIds, a.ownerId) },
      { ...uuid('record_id'), value: (a) => ref(allRecordIds, a.recordId) },
      { ...uuid('child_id'), value: (a) => ref(childIds, a.childId) },
      { ...uuid('staff_id'), value: (a) => ref(staffIds, a.staffId) },
      { ...date('set_on'), value: (a) => a.setOn },
      { ...date('due_on'), value: (a) => a.dueDate },
      { ...text('status'), value: (a) => a.status },
      { ...date('completed_on'), value: (a) => a.completedAt },
      { ...text('drop_reason'), value: (a) => a.dropReason },
    ],
    actions,
  );
  const waivers = touched(e.waivers);
  await insertRows(
    db,
    organisationId,
    'obligation_waiver',
    [text('kind'), text('subject_external_id'), date('starts_on'), date('ends_on'), text('reason')],
    waivers.map((w) => [w.kind, w.subjectId, w.from, w.to, w.reason]),
    `ON CONFLICT (organisation_id, kind, subject_external_id, starts_on)
     DO UPDATE SET ends_on = EXCLUDED.ends_on, reason = EXCLUDED.reason`,
  );
  done(audits.length + actions.length + waivers.length);
}

function staffColumns(unitIds: IdMap): Column<Bundle['staff'][number]>[] {
  return [
    { ...text('name'), value: (s) => s.name },
    { ...text('email'), value: (s) => s.email },
    { ...text('job_title'), value: (s) => s.jobTitle },
    { ...text('role_category'), value: (s) => s.roleCategory },
    { ...uuid('team_id'), value: (s) => ref(unitIds, s.teamId) },
    { name: 'case_holding', type: 'boolean', value: (s) => s.caseHolding },
    { name: 'contracted_hours', type: 'numeric', value: (s) => s.contractedHours },
    { ...date('start_date'), value: (s) => s.startDate },
    { ...date('leaving_date'), value: (s) => s.leavingDate },
    { ...date('asye_start_date'), value: (s) => s.asyeStartDate },
    { ...date('placement_start_date'), value: (s) => s.placementStartDate },
    { ...date('placement_end_date'), value: (s) => s.placementEndDate },
    { ...date('probation_end_date'), value: (s) => s.probationEndDate },
    { ...text('registration_body'), value: (s) => s.registration?.body },
    { ...text('registration_number'), value: (s) => s.registration?.number },
    { ...date('registration_expires_on'), value: (s) => s.registration?.expiresOn },
    { ...text('dbs_certificate_number'), value: (s) => s.dbs?.certificateNumber },
    { ...date('dbs_issued_on'), value: (s) => s.dbs?.issuedOn },
    { ...text('emergency_contact_name'), value: (s) => s.emergencyContact?.name },
    { ...text('emergency_contact_phone'), value: (s) => s.emergencyContact?.phone },
    { ...text('emergency_contact_relationship'), value: (s) => s.emergencyContact?.relationship },
  ];
}

/** Sets uuid reference columns of the given rows (which already exist) in one statement each batch. */
async function setReferences<T extends { id: string }>(
  db: Client,
  organisationId: string,
  table: string,
  items: readonly T[],
  columns: Record<string, (item: T) => string | null>,
  ids: IdMap,
) {
  const names = Object.keys(columns);
  const sql = `UPDATE ${table} t SET ${names.map((n) => `${n} = u.${n}`).join(', ')}
    FROM unnest($2::uuid[], ${names.map((_, i) => `$${i + 3}::uuid[]`).join(', ')})
      AS u(id, ${names.join(', ')})
    WHERE t.organisation_id = $1 AND t.id = u.id`;
  for (let start = 0; start < items.length; start += batchSize) {
    const batch = items.slice(start, start + batchSize);
    await db.query(sql, [
      organisationId,
      batch.map((item) => ref(ids, item.id)),
      ...names.map((n) => batch.map((item) => columns[n]!(item))),
    ]);
  }
}

/** Replaces the ordered members (participants, staff, children) of the given owners. */
async function replaceMembers<T extends { id: string }>(
  db: Client,
  organisationId: string,
  table: string,
  ownerColumn: string,
  ownerIds: IdMap,
  owners: readonly T[],
  members: (owner: T) => (string | null)[],
  memberColumn: string,
) {
  if (owners.length === 0) return;
  const uuids = owners.map((o) => ref(ownerIds, o.id));
  await db.query(
    `DELETE FROM ${table} WHERE organisation_id = $1 AND ${ownerColumn} = ANY($2::uuid[])`,
    [organisationId, uuids],
  );
  const rows = owners.flatMap((owner, i) =>
    members(owner).map((member, position) => [uuids[i], member, position]),
  );
  await insertRows(
    db,
    organisationId,
    table,
    [uuid(ownerColumn), uuid(memberColumn), { name: 'position', type: 'integer' }],
    rows,
  );
}

async function writeChildren(
  db: Client,
  organisationId: string,
  children: readonly BundleChild[],
  staffIds: IdMap,
  done: Progress,
): Promise<IdMap> {
  const written = await upsert(
    db,
    organisationId,
    'child',
    [
      { ...text('case_id'), value: (c) => c.caseId },
      { ...text('name'), value: (c) => c.name },
      { ...date('date_of_birth'), value: (c) => c.dateOfBirth },
      { ...date('expected_date_of_birth'), value: (c) => c.expectedDateOfBirth },
      { ...date('opened_on'), value: (c) => c.openedAt },
      { ...date('closed_on'), value: (c) => c.closedAt },
    ],
    children,
  );
  if (children.length > 0) {
    const uuids = children.map((c) => ref(written, c.id));
    for (const table of ['child_status_episode', 'child_flag', 'child_allocation', 'child_event']) {
      await db.query(
        `DELETE FROM ${table} WHERE organisation_id = $1 AND child_id = ANY($2::uuid[])`,
        [organisationId, uuids],
      );
    }
    const each = <R>(rows: (c: BundleChild, id: string) => R[]) =>
      children.flatMap((c, i) => rows(c, uuids[i] as string));
    await insertRows(
      db,
      organisationId,
      'child_status_episode',
      [uuid('child_id'), text('status'), date('starts_on'), date('ends_on')],
      each((c, id) => c.statuses.map((s) => [id, s.status, s.from, s.to])),
    );
    await insertRows(
      db,
      organisationId,
      'child_flag',
      [uuid('child_id'), text('flag'), date('starts_on'), date('ends_on')],
      each((c, id) => c.flags.map((f) => [id, f.flag, f.from, f.to])),
    );
    await insertRows(
      db,
      organisationId,
      'child_allocation',
      [uuid('child_id'), uuid('worker_id'), text('role'), date('starts_on'), date('ends_on')],
      each((c, id) =>
        c.allocations.map((a) => [id, ref(staffIds, a.workerId), a.role, a.from, a.to]),
      ),
    );
    await insertRows(
      db,
      organisationId,
      'child_event',
      [uuid('child_id'), text('kind'), date('occurred_on')],
      each((c, id) => (c.events ?? []).map((ev) => [id, ev.kind, ev.date])),
    );
  }
  done(children.length);
  return idsOf(db, organisationId, 'child');
}
