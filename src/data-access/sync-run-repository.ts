import type pg from 'pg';
import type { SyncOutcome, SyncReport } from '../domain/bundle/child-sync-report.ts';

export type SyncSource = 'folder' | 'api';
export type SyncFile = { name: string; kind: string; rows: number };

export type NewSyncRun = {
  organisationId: string;
  source: SyncSource;
  files?: SyncFile[] | undefined;
  requestSha256?: string | undefined;
  requestChildren?: number | undefined;
  receivedAt: Date;
  finishedAt: Date;
  report: SyncReport;
  apiUserId?: string | null | undefined;
  idempotencyKey?: string | null | undefined;
};

/** A run as the list shows it: who, when, what came in and the counts. */
export type SyncRunSummary = {
  id: string;
  organisationId: string;
  source: SyncSource;
  files: SyncFile[] | null;
  requestSha256: string | null;
  requestChildren: number | null;
  receivedAt: Date;
  finishedAt: Date;
  outcome: SyncOutcome;
  counts: SyncReport['counts'];
  apiUserId: string | null;
  apiUserName: string | null;
  idempotencyKey: string | null;
};

export type SyncRun = SyncRunSummary & { report: SyncReport };

const summaryColumns = `r.id, r.organisation_id, r.source, r.files, r.request_sha256,
  r.request_children, r.received_at, r.finished_at, r.outcome, r.report->'counts' AS counts,
  r.api_user_id, u.display_name AS api_user_name, r.idempotency_key`;

const from = `sync_run r LEFT JOIN user_account u
  ON u.organisation_id = r.organisation_id AND u.id = r.api_user_id`;

function toSummary(row: Record<string, unknown>): SyncRunSummary {
  return {
    id: row.id as string,
    organisationId: row.organisation_id as string,
    source: row.source as SyncSource,
    files: (row.files as SyncFile[] | null) ?? null,
    requestSha256: (row.request_sha256 as string | null) ?? null,
    requestChildren: (row.request_children as number | null) ?? null,
    receivedAt: row.received_at as Date,
    finishedAt: row.finished_at as Date,
    outcome: row.outcome as SyncOutcome,
    counts: row.counts as SyncReport['counts'],
    apiUserId: (row.api_user_id as string | null) ?? null,
    apiUserName: (row.api_user_name as string | null) ?? null,
    idempotencyKey: (row.idempotency_key as string | null) ?? null,
  };
}

const toRun = (row: Record<string, unknown>): SyncRun => ({
  ...toSummary(row),
  report: row.report as SyncReport,
});

/** Syncs of children from the case-management system, each with its report (migration 0022). */
export function syncRunRepository(db: pg.Pool) {
  async function findWhere(where: string, values: unknown[]): Promise<SyncRun | undefined> {
    const { rows } = await db.query(
      `SELECT ${summaryColumns}, r.report FROM ${from} WHERE ${where}`,
      values,
    );
    return rows[0] ? toRun(rows[0]) : undefined;
  }

  return {
    /**
     * Keeps a run; undefined when its idempotency key already names a written run (another
     * request with the key finished first).
     */
    async record(run: NewSyncRun): Promise<SyncRun | undefined> {
      const { rows } = await db.query(
        `INSERT INTO sync_run (organisation_id, source, files, request_sha256, request_children,
           received_at, finished_at, outcome, report, api_user_id, idempotency_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (organisation_id, idempotency_key)
           WHERE idempotency_key IS NOT NULL AND outcome <> 'rejected' DO NOTHING
         RETURNING id`,
        [
          run.organisationId,
          run.source,
          run.files ? JSON.stringify(run.files) : null,
          run.requestSha256 ?? null,
          run.requestChildren ?? null,
          run.receivedAt,
          run.finishedAt,
          run.report.outcome,
          JSON.stringify(run.report),
          run.apiUserId ?? null,
          run.idempotencyKey ?? null,
        ],
      );
      return rows[0]
        ? findWhere('r.organisation_id = $1 AND r.id = $2', [run.organisationId, rows[0].id])
        : undefined;
    },

    find: (organisationId: string, id: string) =>
      findWhere('r.organisation_id = $1 AND r.id = $2', [organisationId, id]),

    /** The written run an idempotency key names. */
    findByKey: (organisationId: string, key: string) =>
      findWhere(`r.organisation_id = $1 AND r.idempotency_key = $2 AND r.outcome <> 'rejected'`, [
        organisationId,
        key,
      ]),

    /** Newest first, a page at a time; `total` counts them all. */
    async recent(organisationId: string, limit: number, offset = 0) {
      const [{ rows }, { rows: count }] = await Promise.all([
        db.query(
          `SELECT ${summaryColumns} FROM ${from} WHERE r.organisation_id = $1
           ORDER BY r.received_at DESC, r.id LIMIT $2 OFFSET $3`,
          [organisationId, limit, offset],
        ),
        db.query('SELECT count(*)::int AS n FROM sync_run WHERE organisation_id = $1', [
          organisationId,
        ]),
      ]);
      return { runs: rows.map(toSummary), total: count[0].n as number };
    },
  };
}
export type SyncRunRepository = ReturnType<typeof syncRunRepository>;
