/**
 * The administrators' side of the child's record delivery (/organisation/child-record): the
 * organisation's link (export, webhook with its signing secret, or Oversight as the record),
 * the deliveries by state, "try again" on a failed one, and the daily exports: made, downloaded
 * (the same file each time until confirmed) and confirmed imported. Every change is audited, and
 * so is every download, which carries the notes' words.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { DeliveryState } from '../../data-access/child-record-repository.ts';
import type { Repositories } from '../../data-access/index.ts';
import type { UserAccount } from '../../data-access/user-repository.ts';
import { type Action, type Actor, can } from '../../domain/access/can.ts';
import { attemptRecord, requestTimeoutMs } from '../../domain/child-record/delivery.ts';
import { linkModes, webhookUrlProblem } from '../../domain/child-record/link.ts';
import { exportColumns, exportRow } from '../../domain/child-record/note.ts';
import { signatureHeader, signatureHeaderName } from '../../domain/child-record/signature.ts';
import { FormErrors, type FormValues, isUuid, readChoice, readDate } from '../../web/forms.ts';
import { notAllowed } from '../../web/http-errors.ts';
import type { ReportTable } from '../../web/report-table.ts';
import type { SessionService } from '../planning/session-service.ts';
import { notesOf } from './notes.ts';
import { postNote } from './webhook-client.ts';

export type Caller = { user: UserAccount; actor: Actor; requestId?: string | undefined };

export const deliveryPageSize = 50;

/** What came of a test note: the receiver's status, or what went wrong. */
export type TestNoteOutcome =
  | { outcome: 'no_webhook' }
  | { outcome: 'sent'; status: number | null; error: string | null };
export const deliveryStates: readonly DeliveryState[] = ['pending', 'failed', 'delivered'];

/** A signing secret: 32 random bytes, prefixed so it is recognised where it is pasted. */
export const newSigningSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

export function childRecordService(
  repos: Repositories,
  options: {
    clock: () => Date;
    sessions: Pick<SessionService, 'now'>;
    baseUrl: string | undefined;
    /** CHILD_RECORD_ALLOW_PRIVATE_WEBHOOKS: internal addresses, and http://, allowed. */
    allowPrivateWebhooks: boolean;
  },
) {
  const store = repos.childRecord;

  function mayDo(caller: Caller, action: Action) {
    if (!can(caller.actor, action, { type: 'child_record' })) throw notAllowed();
    return caller.user.organisationId;
  }

  /** The organisation's today, from where the records get theirs. */
  const today = async (organisationId: string) =>
    (await options.sessions.now(organisationId)).today;

  const audit = (caller: Caller, action: string) => ({
    actorUserId: caller.user.id,
    requestId: caller.requestId,
    action,
  });

  return {
    /** The page: the link, counts by state, a page of deliveries (newest first), the exports. */
    async page(caller: Caller, query: { state?: string | undefined; page?: string | undefined }) {
      const organisationId = mayDo(caller, 'view');
      const state = deliveryStates.find((s) => s === query.state);
      const [link, counts, exports] = await Promise.all([
        store.link(organisationId),
        store.counts(organisationId),
        store.exports(organisationId),
      ]);
      const total = state ? counts[state] : counts.pending + counts.failed + counts.delivered;
      const pages = Math.max(1, Math.ceil(total / deliveryPageSize));
      const page = Math.min(Math.max(1, Number.parseInt(query.page ?? '', 10) || 1), pages);
      const deliveries = await store.list(organisationId, {
        state,
        limit: deliveryPageSize,
        offset: (page - 1) * deliveryPageSize,
      });
      const day = await today(organisationId);
      const todaysExport = exports.find(
        (e) => e.createdOn === day && !e.confirmedOn && !e.discarded,
      );
      return { link, counts, exports, todaysExport, state, total, page, pages, deliveries };
    },

    /**
     * Saves the link. Choosing the webhook for the first time makes its signing secret, given
     * back here to be shown once. Nothing is saved unless everything sent is right.
     */
    async saveLink(caller: Caller, form: FormValues) {
      const organisationId = mayDo(caller, 'edit');
      const errors = new FormErrors();
      const mode = readChoice(
        form,
        errors,
        'mode',
        linkModes,
        'Select how supervision notes reach the child’s record',
      );
      const webhookUrl = form.webhookUrl ?? '';
      if (mode === 'webhook' || webhookUrl !== '') {
        const problem = webhookUrlProblem(webhookUrl, { allowHttp: options.allowPrivateWebhooks });
        if (problem) errors.add('webhookUrl', problem);
      }
      if (errors.any || !mode) return { outcome: 'invalid' as const, errors };
      const secret = mode === 'webhook' ? newSigningSecret() : null;
      const saved = await store.saveLink(
        organisationId,
        { mode, webhookUrl: webhookUrl || null, secret, today: await today(organisationId) },
        audit(caller, 'child_record.link_saved'),
      );
      return {
        outcome: 'saved' as const,
        resent: saved.resent,
        secret: saved.secretMade ? secret : null,
      };
    },

    /** A new signing secret in place of the old, given back to be shown once. */
    async rotateSecret(caller: Caller): Promise<string> {
      const organisationId = mayDo(caller, 'edit');
      const secret = newSigningSecret();
      await store.rotateSecret(
        organisationId,
        secret,
        audit(caller, 'child_record.secret_rotated'),
      );
      return secret;
    },

    /**
     * "Send a test note": one signed request with `{"test": true, ...}` to the webhook, so an
     * integration team can check its receiver takes the secret. Nothing is kept as a delivery;
     * what came of it is given back to be shown, and audited.
     */
    async testNote(caller: Caller): Promise<TestNoteOutcome> {
      const organisationId = mayDo(caller, 'edit');
      const webhook = await store.webhook(organisationId);
      if (!webhook) return { outcome: 'no_webhook' };
      const now = options.clock();
      const id = `test.${randomUUID()}`;
      const body = JSON.stringify({ test: true, id, sentAt: now.toISOString() });
      const result = await postNote(
        webhook.url,
        body,
        {
          'Content-Type': 'application/json',
          'Idempotency-Key': id,
          [signatureHeaderName]: signatureHeader(
            webhook.secret,
            Math.floor(now.getTime() / 1000),
            body,
            webhook.previousSecret,
          ),
          'User-Agent': 'Oversight',
        },
        { timeoutMs: requestTimeoutMs, allowPrivate: options.allowPrivateWebhooks },
      );
      const kept = attemptRecord(result);
      await repos.auditLog.append({
        organisationId,
        actorUserId: caller.user.id,
        action: 'child_record.test_sent',
        resourceType: 'child_record_link',
        resourceId: organisationId,
        detail: {
          webhookOrigin: new URL(webhook.url).origin,
          status: kept.status,
          error: kept.error,
        },
        requestId: caller.requestId ?? null,
      });
      return { outcome: 'sent', status: kept.status, error: kept.error };
    },

    /** Sends a failed note again, the way the link now says. */
    async tryAgain(caller: Caller, deliveryId: string) {
      const organisationId = mayDo(caller, 'edit');
      if (!isUuid(deliveryId)) return 'not_failed' as const;
      return store.tryAgain(
        organisationId,
        deliveryId,
        await today(organisationId),
        audit(caller, 'child_note.try_again'),
      );
    },

    /** "Try again all failed": every failed note sent again; how many. */
    async tryAgainAll(caller: Caller): Promise<number> {
      const organisationId = mayDo(caller, 'edit');
      return store.tryAgainAll(
        organisationId,
        await today(organisationId),
        audit(caller, 'child_note.try_again_all'),
      );
    },

    /** Today's export: every note not delivered and not in an export awaiting confirmation. */
    async createExport(caller: Caller) {
      const organisationId = mayDo(caller, 'export');
      if ((await store.link(organisationId)).mode !== 'export')
        return { outcome: 'not_export' as const };
      const made = await store.createExport(
        organisationId,
        await today(organisationId),
        audit(caller, 'child_note_export.created'),
      );
      if (!made) return { outcome: 'nothing' as const };
      // The notes are fixed now, so every download of this export is the same file.
      const batch = await store.export(organisationId, made.id);
      await notesOf(repos, organisationId, batch?.deliveryIds ?? [], options.baseUrl);
      return { outcome: 'created' as const, ...made };
    },

    /** An export as a table for CSV (its rows in the order they were queued); the read is audited. */
    async exportTable(
      caller: Caller,
      exportId: string,
    ): Promise<{ fileName: string; table: ReportTable } | undefined> {
      const organisationId = mayDo(caller, 'export');
      const batch = isUuid(exportId) ? await store.export(organisationId, exportId) : undefined;
      if (!batch) return undefined;
      const notes = await notesOf(repos, organisationId, batch.deliveryIds, options.baseUrl);
      const rows = batch.deliveryIds.flatMap((id) => {
        const note = notes.get(id);
        return note ? [exportRow(note)] : [];
      });
      await repos.auditLog.append({
        organisationId,
        actorUserId: caller.user.id,
        action: 'child_note_export.downloaded',
        resourceType: 'child_note_export',
        resourceId: batch.id,
        detail: { notes: rows.length },
        requestId: caller.requestId ?? null,
      });
      return {
        fileName: `child-record-notes-${batch.createdOn}-${batch.id.slice(0, 8)}.csv`,
        table: {
          title: 'Supervision notes for the child’s record',
          columns: exportColumns.map((c) => ({ key: c.key, label: c.key, kind: c.kind })),
          rows,
        },
      };
    },

    /** The "Confirm imported" page: the export, and today to start the date from. */
    async confirmPage(caller: Caller, exportId: string) {
      const organisationId = mayDo(caller, 'edit');
      const batch = isUuid(exportId) ? await store.export(organisationId, exportId) : undefined;
      if (!batch) return undefined;
      return { batch, today: await today(organisationId) };
    },

    /**
     * Marks an export imported on the date given (today unless said otherwise): its notes on
     * the child's record from that day. The date may not be before the export was made, nor
     * in the future; a wrong date is refused with its error and nothing is confirmed.
     */
    async confirmExport(caller: Caller, exportId: string, form: FormValues) {
      const organisationId = mayDo(caller, 'edit');
      if (!isUuid(exportId)) return { outcome: 'not_found' as const };
      const batch = await store.export(organisationId, exportId);
      if (!batch) return { outcome: 'not_found' as const };
      if (batch.confirmedOn || batch.discarded) return { outcome: 'already' as const };
      const errors = new FormErrors();
      const now = await today(organisationId);
      const label = 'The date it was imported';
      const importedOn = readDate(form, errors, 'importedOn', label, {
        required: 'Enter the date the export was imported',
      });
      if (importedOn && importedOn > now)
        errors.add('importedOn', `${label} must be today or in the past`, {
          href: '#importedOn-day',
        });
      if (importedOn && importedOn < batch.createdOn)
        errors.add('importedOn', `${label} must be on or after the day the export was made`, {
          href: '#importedOn-day',
        });
      if (errors.any || !importedOn)
        return { outcome: 'invalid' as const, errors, batch, today: now };
      const delivered = await store.confirmExport(organisationId, exportId, importedOn, {
        ...audit(caller, 'child_note_export.confirmed'),
        detail: { importedOn },
      });
      if (delivered !== undefined) return { outcome: 'confirmed' as const, delivered };
      return { outcome: 'already' as const };
    },

    /** Discards an export not yet confirmed: its notes wait for the next export. */
    async discardExport(caller: Caller, exportId: string) {
      const organisationId = mayDo(caller, 'edit');
      if (!isUuid(exportId)) return { outcome: 'not_found' as const };
      const freed = await store.discardExport(
        organisationId,
        exportId,
        audit(caller, 'child_note_export.discarded'),
      );
      if (freed !== undefined) return { outcome: 'discarded' as const, freed };
      const batch = await store.export(organisationId, exportId);
      return { outcome: batch ? ('already' as const) : ('not_found' as const) };
    },
  };
}

export type ChildRecordService = ReturnType<typeof childRecordService>;
