/**
 * Children synced from the case-management system, by two channels over one import: files
 * dropped in the watched folder (inbox.ts), and children pushed to the API, each laid over the
 * stored child (its episode lists replaced, a left-out field kept). Both run under the organisation's sync lock, keep a run with
 * its report (migration 0022), and change nothing when a problem is found anywhere.
 */
import { createHash } from 'node:crypto';
import type { Repositories } from '../../data-access/index.ts';
import type { SyncRun, SyncRunSummary } from '../../data-access/sync-run-repository.ts';
import type { UserAccount } from '../../data-access/user-repository.ts';
import type { SyncProblem } from '../../domain/bundle/child-sync-report.ts';
import { isoDateAt } from '../../domain/calendar/iso-date.ts';
import { canonicalJson } from '../../domain/canonical-json.ts';
import type { ImportService } from '../../services/import/import-service.ts';
import type { Paging } from '../notifications/notifications-service.ts';
import { syncInbox } from './inbox.ts';
import { syncReportOf, syncRunner } from './sync-runner.ts';

/** How long a push waits for another sync of its organisation to finish. */
export const pushLockWaitMs = 30_000;

/** Runs on one page of the list. */
export const runsPerPage = 25;

export type PushResult =
  | { kind: 'done'; run: SyncRun; replayed: boolean }
  /** Nothing changed; the run is kept when the body was a sync of children at all. */
  | { kind: 'rejected'; problems: SyncProblem[]; run: SyncRun | undefined }
  /** The key was used for a run of another body. */
  | { kind: 'key reused'; run: SyncRun }
  /** Another sync of the organisation held the lock all the while. */
  | { kind: 'busy' };

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

type Body = { json?: unknown; digest: string; problem?: SyncProblem };

/** The body as JSON, with a digest that is the same however it was spaced or ordered. */
function readBody(text: string): Body {
  try {
    const json: unknown = JSON.parse(text);
    return { json, digest: sha256(canonicalJson(json)) };
  } catch (error) {
    return {
      digest: sha256(text),
      problem: { column: '$', message: `not valid JSON: ${(error as Error).message}` },
    };
  }
}

/** The children sent, or undefined when the body is not a sync of children at all. */
const childrenIn = (json: unknown): unknown[] | undefined => {
  const children = (json as { children?: unknown } | null)?.children;
  return Array.isArray(children) ? children : undefined;
};

export function childSyncService(
  repos: Repositories,
  imports: ImportService,
  options: { clock: () => Date; inboxDir: string | undefined; lockWaitMs?: number },
) {
  const runner = syncRunner(repos, imports);

  /** The run a key names, as this request should see it: its own again, or a misuse. */
  const replay = (run: SyncRun, digest: string): PushResult =>
    run.requestSha256 === digest
      ? { kind: 'done', run, replayed: true }
      : { kind: 'key reused', run };

  async function pushLocked(
    user: UserAccount,
    body: ReturnType<typeof readBody>,
    idempotencyKey: string | undefined,
  ): Promise<PushResult> {
    const organisationId = user.organisationId;
    if (idempotencyKey) {
      const earlier = await repos.syncRuns.findByKey(organisationId, idempotencyKey);
      if (earlier) return replay(earlier, body.digest);
    }
    const children = childrenIn(body.json);
    if (body.problem || !children) {
      // Not JSON, or no list of children: nothing was received to keep a run of.
      const problem = body.problem ?? {
        column: '$.children',
        message: 'expected an array of children: send { "children": [ … ] }',
      };
      return { kind: 'rejected', problems: [problem], run: undefined };
    }
    const receivedAt = options.clock();
    const organisation = await repos.organisations.findById(organisationId);
    if (!organisation) throw new Error(`no organisation ${organisationId}`);
    const report = syncReportOf(
      await imports.replaceChildren({
        organisation: organisation.slug,
        body: body.json,
        actorUserId: user.id,
        childrenAsOf: isoDateAt(receivedAt),
        via: 'children pushed to the API',
      }),
    );
    const run = await runner.record({
      organisationId,
      source: 'api',
      requestSha256: body.digest,
      requestChildren: children.length,
      receivedAt,
      finishedAt: options.clock(),
      report,
      apiUserId: user.id,
      idempotencyKey: idempotencyKey ?? null,
    });
    if (!run) {
      // Only when the lock was lost with its connection and another request kept the key.
      const kept = await repos.syncRuns.findByKey(organisationId, idempotencyKey as string);
      if (!kept) throw new Error('a sync run with an idempotency key vanished');
      return replay(kept, body.digest);
    }
    return run.outcome === 'rejected'
      ? { kind: 'rejected', problems: run.report.rejected, run }
      : { kind: 'done', run, replayed: false };
  }

  return {
    /** Whether SYNC_INBOX_DIR is set, so the page can say where files go. */
    inboxConfigured: options.inboxDir !== undefined,
    inbox: syncInbox(repos, runner, { dir: options.inboxDir, clock: options.clock }),

    /**
     * Children pushed as the API's body text: `{ "children": [ … ] }`. With an idempotency key,
     * the run that key names is answered again for the same body, and a different body is
     * refused; a rejected push does not use its key up.
     */
    async push(input: {
      user: UserAccount;
      body: string;
      idempotencyKey?: string | undefined;
    }): Promise<PushResult> {
      const body = readBody(input.body);
      const locked = await runner.locked(
        input.user.organisationId,
        options.lockWaitMs ?? pushLockWaitMs,
        () => pushLocked(input.user, body, input.idempotencyKey),
      );
      return locked.ran ? locked.value : { kind: 'busy' };
    },

    /** A page of runs, newest first. */
    async runs(
      organisationId: string,
      page: number,
    ): Promise<{ runs: SyncRunSummary[]; paging: Paging }> {
      const { runs, total } = await repos.syncRuns.recent(
        organisationId,
        runsPerPage,
        (page - 1) * runsPerPage,
      );
      return { runs, paging: { page, total, pages: Math.max(1, Math.ceil(total / runsPerPage)) } };
    },

    /** One run with its report; reading it names children and what changed, so it is logged. */
    async view(user: UserAccount, id: string): Promise<SyncRun | undefined> {
      const run = await repos.syncRuns.find(user.organisationId, id);
      if (run)
        await repos.auditLog.append({
          organisationId: user.organisationId,
          actorUserId: user.id,
          action: 'sync_run.viewed',
          resourceType: 'sync_run',
          resourceId: run.id,
        });
      return run;
    },
  };
}
export type ChildSyncService = ReturnType<typeof childSyncService>;
