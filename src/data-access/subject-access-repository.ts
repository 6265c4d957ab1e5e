import type pg from 'pg';
import { type AuditEntry, appendAuditEvent } from './audit-log-repository.ts';
import { inTransaction } from './transaction.ts';

/**
 * Everything the organisation holds about one child or one staff member, for a subject access
 * request. Rows are read whole (`to_jsonb`), so a column added later is exported too; only
 * secrets are left out (a password hash, a token). Read in one repeatable-read transaction, so
 * the export is of one moment; its audit entry is appended after, before the export is given.
 */

type Json = Record<string, unknown>;
type Db = pg.PoolClient;

export type SubjectPerson = { id: string; name: string; kind: 'child' | 'staff' };

// Every table's rows without the organisation id, which says nothing to the subject.
const row = (alias: string) => `(to_jsonb(${alias}) - 'organisation_id')`;

async function many(db: Db, sql: string, params: unknown[]): Promise<Json[]> {
  return (await db.query(sql, params)).rows.map((r) => r.j as Json);
}

/** Records whole: their people, children, every version, signatures, escalations, actions. */
async function recordsById(db: Db, organisationId: string, ids: string[]): Promise<Json[]> {
  return many(
    db,
    `SELECT ${row('r')} || jsonb_build_object(
       'people', coalesce((SELECT jsonb_agg(jsonb_build_object('id', s.id, 'name', s.name)
                                            ORDER BY rs.position)
                           FROM record_staff rs JOIN staff_member s
                             ON s.organisation_id = rs.organisation_id AND s.id = rs.staff_id
                           WHERE rs.organisation_id = r.organisation_id AND rs.record_id = r.id), '[]'),
       'children', coalesce((SELECT jsonb_agg(jsonb_build_object('id', c.id, 'name', c.name,
                                                                  'caseId', c.case_id)
                                              ORDER BY rc.position)
                             FROM record_child rc JOIN child c
                               ON c.organisation_id = rc.organisation_id AND c.id = rc.child_id
                             WHERE rc.organisation_id = r.organisation_id AND rc.record_id = r.id), '[]'),
       'authorName', (SELECT name FROM staff_member WHERE organisation_id = r.organisation_id
                      AND id = r.author_id),
       'observerName', (SELECT name FROM staff_member WHERE organisation_id = r.organisation_id
                        AND id = r.observer_id),
       'versions', coalesce((SELECT jsonb_agg(${row('v')} ORDER BY v.version) FROM record_version v
                             WHERE v.organisation_id = r.organisation_id AND v.record_id = r.id), '[]'),
       'signatures', coalesce((SELECT jsonb_agg(${row('g')} ORDER BY g.version, g.signed_at)
                               FROM record_signature g
                               WHERE g.organisation_id = r.organisation_id AND g.record_id = r.id), '[]'),
       'escalations', coalesce((SELECT jsonb_agg(${row('e')} ORDER BY e.raised_at)
                                FROM record_escalation e
                                WHERE e.organisation_id = r.organisation_id AND e.record_id = r.id), '[]'),
       'actions', coalesce((SELECT jsonb_agg(${row('a')} ORDER BY a.set_on, a.id)
                            FROM supervision_action a
                            WHERE a.organisation_id = r.organisation_id AND a.record_id = r.id), '[]'),
       'actionUpdates', coalesce((SELECT jsonb_agg(${row('u')} ORDER BY u.recorded_on, u.id)
                                  FROM action_update u
                                  WHERE u.organisation_id = r.organisation_id AND u.record_id = r.id), '[]')
     ) AS j
     FROM supervision_record r
     WHERE r.organisation_id = $1 AND r.id = ANY($2::uuid[])
     ORDER BY r.meeting_date, r.id`,
    [organisationId, ids],
  );
}

async function ids(db: Db, sql: string, params: unknown[]): Promise<string[]> {
  return (await db.query(sql, params)).rows.map((r) => r.id as string);
}

async function childExport(db: Db, organisationId: string, childId: string) {
  const p = [organisationId, childId];
  const details = (
    await many(db, `SELECT ${row('c')} AS j FROM child c WHERE organisation_id = $1 AND id = $2`, p)
  )[0];
  const of = (table: string, order: string) =>
    many(
      db,
      `SELECT ${row('t')} - 'child_id' AS j FROM ${table} t WHERE organisation_id = $1 AND child_id = $2 ORDER BY ${order}`,
      p,
    );
  // Only the case records about the child (a group record too, when it names them): a personal
  // supervision whose session or action touched the child is the worker's, not the child's, so
  // its sessions and actions about the child are listed below without it.
  const recordIds = await ids(
    db,
    'SELECT record_id AS id FROM record_child WHERE organisation_id = $1 AND child_id = $2',
    p,
  );
  return {
    details,
    statuses: await of('child_status_episode', 'starts_on, status'),
    flags: await of('child_flag', 'starts_on, flag'),
    allocations: await many(
      db,
      `SELECT ${row('a')} - 'child_id' || jsonb_build_object('workerName', s.name) AS j
       FROM child_allocation a JOIN staff_member s
         ON s.organisation_id = a.organisation_id AND s.id = a.worker_id
       WHERE a.organisation_id = $1 AND a.child_id = $2 ORDER BY a.starts_on, s.name`,
      p,
    ),
    events: await of('child_event', 'occurred_on, kind'),
    sessionsDiscussed: await many(
      db,
      `SELECT ${row('s')} AS j FROM session_child sc JOIN supervision_session s
         ON s.organisation_id = sc.organisation_id AND s.id = sc.session_id
       WHERE sc.organisation_id = $1 AND sc.child_id = $2 ORDER BY s.held_on, s.id`,
      p,
    ),
    records: await recordsById(db, organisationId, recordIds),
    actions: await many(
      db,
      `SELECT ${row('a')} AS j FROM supervision_action a
       WHERE organisation_id = $1 AND child_id = $2 ORDER BY set_on, id`,
      p,
    ),
  };
}

const onlyTouchedReview =
  'The subject only signed or created this record; it is about other people. Release only their part (their signatures, that they created it) unless the others agree.';

async function staffExport(db: Db, organisationId: string, staffId: string) {
  const p = [organisationId, staffId];
  const q = (sql: string) => many(db, sql, p);
  const about = await ids(
    db,
    `SELECT record_id AS id FROM record_staff WHERE organisation_id = $1 AND staff_id = $2
     UNION SELECT id FROM supervision_record
       WHERE organisation_id = $1 AND (author_id = $2 OR observer_id = $2)`,
    p,
  );
  // Records they only signed (as a line manager, say) or created are about others.
  const onlyTouched = await ids(
    db,
    `SELECT id FROM supervision_record
       WHERE organisation_id = $1 AND created_by IN (SELECT id FROM user_account
         WHERE organisation_id = $1 AND staff_member_id = $2)
     UNION SELECT record_id FROM record_signature WHERE organisation_id = $1 AND staff_id = $2
     EXCEPT SELECT unnest($3::uuid[])`,
    [...p, about],
  );
  return {
    details: (
      await q(`SELECT ${row('s')} AS j FROM staff_member s WHERE organisation_id = $1 AND id = $2`)
    )[0],
    // The account, without anything that would let someone sign in as them.
    accounts: await q(
      `SELECT ${row('u')} - 'password_hash' AS j FROM user_account u
       WHERE organisation_id = $1 AND staff_member_id = $2 ORDER BY created_at`,
    ),
    relationships: await q(
      `SELECT ${row('r')} || jsonb_build_object('superviseeName', e.name,
         'supervisorName', o.name) AS j
       FROM supervisory_relationship r
       JOIN staff_member e ON e.organisation_id = r.organisation_id AND e.id = r.supervisee_id
       JOIN staff_member o ON o.organisation_id = r.organisation_id AND o.id = r.supervisor_id
       WHERE r.organisation_id = $1 AND (r.supervisee_id = $2 OR r.supervisor_id = $2)
       ORDER BY r.starts_on, r.id`,
    ),
    agreements: await q(
      `SELECT ${row('a')} AS j FROM supervision_agreement a
       JOIN supervisory_relationship r ON r.organisation_id = a.organisation_id
         AND r.id = a.relationship_id
       WHERE a.organisation_id = $1 AND (r.supervisee_id = $2 OR r.supervisor_id = $2)
       ORDER BY a.relationship_id, a.version`,
    ),
    absences: await q(
      `SELECT ${row('a')} AS j FROM absence a WHERE organisation_id = $1 AND staff_id = $2
       ORDER BY starts_on`,
    ),
    allocations: await q(
      `SELECT ${row('a')} || jsonb_build_object('childName', c.name, 'caseId', c.case_id) AS j
       FROM child_allocation a JOIN child c ON c.organisation_id = a.organisation_id
         AND c.id = a.child_id
       WHERE a.organisation_id = $1 AND a.worker_id = $2 ORDER BY a.starts_on, c.case_id`,
    ),
    records: (await recordsById(db, organisationId, [...about, ...onlyTouched])).map((r) =>
      onlyTouched.includes(r.id as string) ? { ...r, review: onlyTouchedReview } : r,
    ),
    audits: await q(
      `SELECT ${row('a')} AS j FROM quality_audit a
       WHERE organisation_id = $1 AND (subject_staff_id = $2 OR feedback_to_id = $2
         OR auditor_id = $2)
       ORDER BY coalesce(completed_on, assigned_on), id`,
    ),
    selfAssessments: await q(
      `SELECT ${row('a')} AS j FROM self_assessment a WHERE organisation_id = $1 AND staff_id = $2
       ORDER BY due_on`,
    ),
    // Their own answers: the rule that results are shown only for groups protects them from
    // others, not from themselves.
    feedbackGiven: await q(
      `SELECT ${row('f')} - 'respondent_id' || jsonb_build_object('supervisorName', s.name) AS j
       FROM supervision_feedback f JOIN staff_member s ON s.organisation_id = f.organisation_id
         AND s.id = f.supervisor_id
       WHERE f.organisation_id = $1 AND f.respondent_id = $2 ORDER BY f.submitted_on`,
    ),
    actions: await q(
      `SELECT ${row('a')} AS j FROM supervision_action a
       WHERE organisation_id = $1 AND (owner_id = $2 OR staff_id = $2) ORDER BY set_on, id`,
    ),
  };
}

export type ChildExportData = Awaited<ReturnType<typeof childExport>>;
export type StaffExportData = Awaited<ReturnType<typeof staffExport>>;

export function subjectAccessRepository(db: pg.Pool) {
  return {
    /** A child by id or case number; a staff member by id or email. */
    async findSubject(
      organisationId: string,
      kind: 'child' | 'staff',
      key: string,
    ): Promise<SubjectPerson | undefined> {
      const { rows } =
        kind === 'child'
          ? await db.query(
              `SELECT id, coalesce(name, case_id) AS name FROM child WHERE organisation_id = $1
               AND (id::text = lower($2) OR case_id = $2 OR external_id = $2)
               ORDER BY id LIMIT 2`,
              [organisationId, key],
            )
          : await db.query(
              `SELECT id, name FROM staff_member s WHERE organisation_id = $1
               AND (id::text = lower($2) OR lower(email) = lower($2) OR external_id = $2
                 OR EXISTS (SELECT 1 FROM user_account u WHERE u.organisation_id = s.organisation_id
                            AND u.staff_member_id = s.id AND lower(u.email) = lower($2)))
               ORDER BY id LIMIT 2`,
              [organisationId, key],
            );
      return rows.length === 1 ? { ...rows[0], kind } : undefined;
    },

    /** Everyone in the organisation with a name, for finding third parties in the texts. */
    async people(organisationId: string): Promise<SubjectPerson[]> {
      const { rows } = await db.query(
        `SELECT id, name, 'staff' AS kind FROM staff_member WHERE organisation_id = $1
         UNION ALL
         SELECT id, name, 'child' FROM child WHERE organisation_id = $1 AND name IS NOT NULL`,
        [organisationId],
      );
      return rows;
    },

    /**
     * The export's data, read in one snapshot, then its audit entry written by `audit` from it;
     * the data is returned only once the entry is committed. The entry is not appended in the
     * repeatable-read transaction: its snapshot predates the audit lock, so the previous hash it
     * read could be stale and fork the chain.
     */
    async export<K extends 'child' | 'staff'>(
      organisationId: string,
      subject: SubjectPerson & { kind: K },
      audit: (data: K extends 'child' ? ChildExportData : StaffExportData) => AuditEntry,
    ) {
      const data = await inTransaction(
        db,
        async (client) =>
          (subject.kind === 'child'
            ? await childExport(client, organisationId, subject.id)
            : await staffExport(client, organisationId, subject.id)) as K extends 'child'
            ? ChildExportData
            : StaffExportData,
        { isolation: 'repeatable read', readOnly: true },
      );
      await appendAuditEvent(db, audit(data));
      return data;
    },
  };
}

export type SubjectAccessRepository = ReturnType<typeof subjectAccessRepository>;
