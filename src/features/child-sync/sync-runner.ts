/**
 * What both sync channels share: the organisation's sync lock, a set of files applied as one
 * import with the children's report, and the run kept with that report.
 */
import { tryWithAdvisoryLock } from '../../data-access/advisory-lock.ts';
import type { Repositories } from '../../data-access/index.ts';
import type { NewSyncRun, SyncRun } from '../../data-access/sync-run-repository.ts';
import {
  appliedReport,
  rejectedReport,
  type SyncReport,
} from '../../domain/bundle/child-sync-report.ts';
import { isoDateAt } from '../../domain/calendar/iso-date.ts';
import type {
  ChildrenPushReport,
  CsvFile,
  FilesImportReport,
  ImportService,
} from '../../services/import/import-service.ts';

/** The report of an import that compared the children (childrenAsOf given). */
export function syncReportOf(result: ChildrenPushReport): SyncReport {
  if (result.problems.length > 0 || !result.children) return rejectedReport(result.problems);
  return appliedReport(result.children);
}

export function syncRunner(repos: Repositories, imports: ImportService) {
  return {
    /** Runs `fn` holding the organisation's sync lock, waiting up to `waitMs` for it. */
    locked: <T>(organisationId: string, waitMs: number, fn: () => Promise<T>) =>
      tryWithAdvisoryLock(repos.pool, `child-sync:${organisationId}`, fn, { waitMs }),

    /** Files applied together, or not at all; "open" is judged on the day they arrived. */
    async applyFiles(
      organisation: { slug: string },
      files: CsvFile[],
      receivedAt: Date,
    ): Promise<{ report: SyncReport; files: FilesImportReport['files'] }> {
      const result = await imports.importFiles({
        organisation: organisation.slug,
        files,
        via: 'sync folder',
        childrenAsOf: isoDateAt(receivedAt),
      });
      return { report: syncReportOf(result), files: result.files };
    },

    /** Keeps the run; undefined when its idempotency key names a run already kept. */
    record: (run: NewSyncRun): Promise<SyncRun | undefined> => repos.syncRuns.record(run),
  };
}
export type SyncRunner = ReturnType<typeof syncRunner>;
