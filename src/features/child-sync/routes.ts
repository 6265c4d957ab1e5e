/**
 * /organisation/sync: the syncs of children from the case-management system, newest first, and
 * one run's report. Administrators only (the `sync_runs` resource); reading a run is logged.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SyncRun, SyncRunSummary } from '../../data-access/sync-run-repository.ts';
import { can } from '../../domain/access/can.ts';
import { problemPlace } from '../../domain/bundle/child-sync-report.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../../web/actor.ts';
import { isUuid } from '../../web/forms.ts';
import { HttpError, notAllowed } from '../../web/http-errors.ts';
import { govukDateTime } from '../../web/view-filters.ts';
import { pageNumber } from '../notifications/notifications-service.ts';
import { paginationFor } from '../notifications/routes.ts';
import { changeLines, fileWords, outcomeWords } from './report-words.ts';

const path = '/organisation/sync';

const outcomeTags = {
  applied: 'govuk-tag--green',
  unchanged: 'govuk-tag--grey',
  rejected: 'govuk-tag--red',
} as const;

const notFound = () => new HttpError(404, 'Page not found', 'There is no sync with that address.');

/** Where a run came from, in words. */
function sourceText(run: SyncRunSummary): string {
  if (run.source === 'api')
    return `Pushed to the API${run.apiUserName ? ` by ${run.apiUserName}` : ''}`;
  return 'Watched folder';
}

/** What came in: the folder's files, or the number of children pushed. */
function receivedText(run: SyncRunSummary): string {
  if (run.files) return run.files.map(fileWords).join(', ');
  const n = run.requestChildren ?? 0;
  return `${n} ${n === 1 ? 'child' : 'children'}`;
}

const runRow = (run: SyncRunSummary) => ({
  ...run,
  sourceText: sourceText(run),
  receivedText: receivedText(run),
  outcomeText: outcomeWords[run.outcome],
  outcomeClass: outcomeTags[run.outcome],
});

function runView(run: SyncRun) {
  const { report } = run;
  return {
    ...runRow(run),
    changed: report.changed.map((c) => ({ ...c, lines: changeLines(c) })),
    rejected: report.rejected.map((p) => ({ place: problemPlace(p), message: p.message })),
  };
}

export function childSyncRoutes(services: Services) {
  async function administrator(request: FastifyRequest) {
    const actor = await actorOf(request, services.access);
    if (!can(actor, 'view', { type: 'sync_runs' })) throw notAllowed();
    return request.currentSession!.user;
  }

  return async (app: FastifyInstance) => {
    app.get<{ Querystring: { page?: string } }>(path, async (request, reply) => {
      const user = await administrator(request);
      const { runs, paging } = await services.childSync.runs(
        user.organisationId,
        pageNumber(request.query.page),
      );
      return reply.view('child-sync/views/runs.njk', {
        title: 'Syncs of children',
        runs: runs.map(runRow),
        paging,
        pagination: paging.pages > 1 ? paginationFor(path, paging) : undefined,
        inboxConfigured: services.childSync.inboxConfigured,
      });
    });

    app.get<{ Params: { id: string } }>(`${path}/:id`, async (request, reply) => {
      const user = await administrator(request);
      if (!isUuid(request.params.id)) throw notFound();
      const run = await services.childSync.view(user, request.params.id);
      if (!run) throw notFound();
      return reply.view('child-sync/views/run.njk', {
        title: `Sync received ${govukDateTime(run.receivedAt)}`,
        run: runView(run),
        report: run.report,
      });
    });
  };
}
