import type pg from 'pg';

export type ImportJobState =
  | 'checking'
  | 'checked'
  | 'rejected'
  | 'importing'
  | 'imported'
  | 'failed'
  | 'abandoned';

export type ImportJob = {
  id: string;
  organisationId: string;
  createdBy: string | null;
  fileName: string;
  fileKind: string;
  state: ImportJobState;
  rowsRead: number;
  report: unknown;
  createdAt: Date;
  updatedAt: Date;
};

function toJob(row: Record<string, unknown>): ImportJob {
  return {
    id: row.id as string,
    organisationId: row.organisation_id as string,
    createdBy: (row.created_by as string | null) ?? null,
    fileName: row.file_name as string,
    fileKind: row.file_kind as string,
    state: row.state as ImportJobState,
    rowsRead: row.rows_read as number,
    report: row.report ?? null,
    createdAt: row.created_at as Date,
    updatedAt: row.updated_at as Date,
  };
}

const columns = `id, organisation_id, created_by, file_name, file_kind, state, rows_read, report,
  created_at, updated_at`;

/** Uploaded files on their way in, with their state and report. */
export function importJobRepository(db: pg.Pool) {
  return {
    async create(job: {
      organisationId: string;
      createdBy: string;
      fileName: string;
      fileKind: string;
      content: Buffer;
    }) {
      const { rows } = await db.query(
        `INSERT INTO import_job (organisation_id, created_by, file_name, file_kind, content, state)
         VALUES ($1, $2, $3, $4, $5, 'checking') RETURNING ${columns}`,
        [job.organisationId, job.createdBy, job.fileName, job.fileKind, job.content],
      );
      return toJob(rows[0]);
    },
    async find(organisationId: string, id: string): Promise<ImportJob | undefined> {
      const { rows } = await db.query(
        `SELECT ${columns} FROM import_job WHERE organisation_id = $1 AND id = $2`,
        [organisationId, id],
      );
      return rows[0] ? toJob(rows[0]) : undefined;
    },
    async content(organisationId: string, id: string): Promise<Buffer | undefined> {
      const { rows } = await db.query(
        'SELECT content FROM import_job WHERE organisation_id = $1 AND id = $2',
        [organisationId, id],
      );
      return rows[0]?.content ?? undefined;
    },
    async recent(organisationId: string, limit = 10): Promise<ImportJob[]> {
      const { rows } = await db.query(
        `SELECT ${columns} FROM import_job WHERE organisation_id = $1 ORDER BY created_at DESC LIMIT $2`,
        [organisationId, limit],
      );
      return rows.map(toJob);
    },
    async progress(organisationId: string, id: string, rowsRead: number) {
      await db.query(
        'UPDATE import_job SET rows_read = $3, updated_at = now() WHERE organisation_id = $1 AND id = $2',
        [organisationId, id, rowsRead],
      );
    },
    /**
     * Moves a job from one state to another; false when it was not in `from` (someone else
     * moved it first). A finished job's file is dropped: it is kept only while it may be used.
     */
    async transition(
      organisationId: string,
      id: string,
      from: ImportJobState[],
      to: ImportJobState,
      report?: unknown,
    ) {
      const finished = ['rejected', 'imported', 'failed', 'abandoned'].includes(to);
      const { rowCount } = await db.query(
        `UPDATE import_job SET state = $4, report = coalesce($5, report), updated_at = now(),
           content = CASE WHEN $6 THEN NULL ELSE content END
         WHERE organisation_id = $1 AND id = $2 AND state = ANY($3)`,
        [
          organisationId,
          id,
          from,
          to,
          report === undefined ? null : JSON.stringify(report),
          finished,
        ],
      );
      return rowCount === 1;
    },
  };
}
export type ImportJobRepository = ReturnType<typeof importJobRepository>;
