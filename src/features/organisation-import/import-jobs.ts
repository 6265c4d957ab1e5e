/**
 * The upload page's imports: a file is stored, checked in the background (the page shows
 * progress), and imported only when an administrator confirms what it will change. The check
 * and the import are the same all-or-nothing importFile the CLI runs.
 */

import type { ImportJob } from '../../data-access/import-job-repository.ts';
import type { Repositories } from '../../data-access/index.ts';
import type {
  FileKind,
  ImportReport,
  ImportService,
} from '../../services/import/import-service.ts';

/** Hands the stored file to the importer in pieces, never splitting a character. */
async function* textOf(content: Buffer): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  const size = 256 * 1024;
  for (let start = 0; start < content.length; start += size) {
    yield decoder.decode(content.subarray(start, start + size), { stream: true });
  }
  yield decoder.decode();
}

/** The largest file the import page takes; larger ones go through `oversight import`. */
export const maxUploadBytes = 50 * 1024 * 1024;

const interrupted =
  'Oversight restarted while this file was being processed. Nothing was imported; upload it again.';

export type JobReport = ImportReport | { error: string };

/** How long a running job may go without progress before it is taken to have died with its process. */
export const staleJobSeconds = 300;

export function importJobs(repos: Repositories, imports: ImportService) {
  const running = new Set<Promise<void>>();

  /** Runs work in the background, keeping a handle so tests and shutdown can wait for it. */
  function background(work: () => Promise<void>) {
    const task = work().finally(() => running.delete(task));
    running.add(task);
  }

  async function run(job: ImportJob, organisationSlug: string, dryRun: boolean) {
    const content = await repos.importJobs.content(job.organisationId, job.id);
    if (!content) return;
    let shown = 0;
    const progress = (_stage: string, count: number) => {
      if (Date.now() - shown < 500) return;
      shown = Date.now();
      void repos.importJobs.progress(job.organisationId, job.id, count).catch(() => {});
    };
    const from = dryRun ? 'checking' : 'importing';
    try {
      const report = await imports.importFile({
        kind: job.fileKind as FileKind,
        chunks: textOf(content),
        organisation: organisationSlug,
        dryRun,
        actorUserId: job.createdBy,
        progress,
      });
      const to = report.problems.length > 0 ? 'rejected' : dryRun ? 'checked' : 'imported';
      await repos.importJobs.progress(job.organisationId, job.id, report.rows);
      await repos.importJobs.transition(job.organisationId, job.id, [from], to, report);
    } catch (error) {
      await repos.importJobs.transition(job.organisationId, job.id, [from], 'failed', {
        error: `The import stopped with an error and nothing was imported (${(error as Error).message}).`,
      });
    }
  }

  return {
    /** Stores the upload and starts checking it. */
    async upload(input: {
      organisationId: string;
      organisationSlug: string;
      userId: string;
      fileName: string;
      kind: FileKind;
      content: Buffer;
    }) {
      const job = await repos.importJobs.create({
        organisationId: input.organisationId,
        createdBy: input.userId,
        fileName: input.fileName,
        fileKind: input.kind,
        content: input.content,
      });
      background(() => run(job, input.organisationSlug, true));
      return job;
    },

    /** Imports a checked file; false when it is not waiting to be imported. */
    async confirm(job: ImportJob, organisationSlug: string): Promise<boolean> {
      if (
        !(await repos.importJobs.transition(job.organisationId, job.id, ['checked'], 'importing'))
      )
        return false;
      background(() => run(job, organisationSlug, false));
      return true;
    },

    abandon: (job: ImportJob) =>
      repos.importJobs.transition(job.organisationId, job.id, ['checked', 'rejected'], 'abandoned'),

    async find(organisationId: string, id: string) {
      const job = await repos.importJobs.find(organisationId, id);
      const running = job?.state === 'checking' || job?.state === 'importing';
      // A job that stopped moving belonged to a process that is gone; its transaction rolled back.
      if (!job || !running || Date.now() - job.updatedAt.getTime() < staleJobSeconds * 1000)
        return job;
      await repos.importJobs.transition(organisationId, id, [job.state], 'failed', {
        error: interrupted,
      });
      return repos.importJobs.find(organisationId, id);
    },

    recent: (organisationId: string) => repos.importJobs.recent(organisationId),

    /** Resolves when no check or import is running in this process. */
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
export type ImportJobs = ReturnType<typeof importJobs>;
