/**
 * The `child_note` job: one attempt at sending one note to the organisation's webhook. The
 * attempt's outcome and what follows it (delivered; the next attempt queued as a new job at its
 * time; failed, and the author and the supervisor told) are written in one transaction
 * (child-record-repository.ts `recordAttempt`). A worker that dies mid-request leaves its job
 * claimed until the lease runs out; the job is then run again and the note sent again with the
 * same Idempotency-Key: at-least-once transport, exactly once in the receiver's store.
 */
import { type DeliveryJob, deliveryJobKind } from '../../data-access/child-record-repository.ts';
import type { Repositories } from '../../data-access/index.ts';
import { isoDateAt } from '../../domain/calendar/iso-date.ts';
import type { IsoDate } from '../../domain/calendar/period.ts';
import {
  attemptRecord,
  lastError,
  nextStep,
  requestTimeoutMs,
} from '../../domain/child-record/delivery.ts';
import { type ChildNote, noteBody } from '../../domain/child-record/note.ts';
import { signatureHeader, signatureHeaderName } from '../../domain/child-record/signature.ts';
import type { JobHandler } from '../../services/jobs/job-queue.ts';
import { wallClock, zonedInstant } from '../notifications/zoned-time.ts';
import { notesOf } from './notes.ts';
import { postNote } from './webhook-client.ts';

/** The daily export's job, and the time it is made each day. */
export const dailyExportJobKind = 'child_note_daily_export';
export const dailyExportTime = '17:00';

export type ChildRecordJobSettings = {
  /** OVERSIGHT_BASE_URL: the note's link to its version is absolute only when it is set. */
  baseUrl: string | undefined;
  /**
   * The wall clock: a request is signed when it is sent, and its outcome (the attempt's time,
   * the next attempt's, the acknowledged date) dated when the answer came, not when the queue's
   * run began.
   */
  clock: () => Date;
  /** CHILD_RECORD_ALLOW_PRIVATE_WEBHOOKS: a webhook on an internal address, or http://. */
  allowPrivateWebhooks: boolean;
  /** How long to wait for an answer; 10 seconds unless a test says otherwise. */
  timeoutMs?: number;
};

export function childRecordJobs(repos: Repositories, settings: ChildRecordJobSettings) {
  const timeoutMs = settings.timeoutMs ?? requestTimeoutMs;

  const deliver: JobHandler = async (job, { finalAttempt }) => {
    const organisationId = job.organisationId!;
    const attempt = job.payload as DeliveryJob;
    const sending = await repos.childRecord.sending(organisationId, attempt.deliveryId);
    // Delivered or failed meanwhile, queued afresh, this attempt recorded already, taken into
    // an export, or the link no longer a webhook: there is nothing for this job to send.
    if (
      sending?.state !== 'pending' ||
      sending.round !== attempt.round ||
      sending.attempts !== attempt.attempt - 1 ||
      sending.inExport ||
      sending.mode !== 'webhook' ||
      !sending.webhookUrl ||
      !sending.secret
    )
      return;
    // A delivery is never left pending with no job to move it on: an attempt that cannot be
    // made (no note, or the queue's last try) fails it, so the author and supervisor are told.
    const fail = (why: string) =>
      repos.childRecord.recordAttempt(organisationId, attempt, {
        status: null,
        error: lastError(why),
        at: settings.clock(),
        step: 'failed',
      });
    const note = await notesOf(repos, organisationId, [sending.id], settings.baseUrl).then(
      (notes) => notes.get(sending.id),
      async (error: unknown) => {
        await fail(`The note could not be made: ${messageOf(error)}`).catch(() => false);
        throw error;
      },
    );
    if (!note) {
      await fail('The note could not be made: its version or child is missing');
      return;
    }
    try {
      await send(
        organisationId,
        attempt,
        { ...sending, webhookUrl: sending.webhookUrl, secret: sending.secret },
        note,
      );
    } catch (error) {
      // The error the queue logs is this one, even if recording the failure fails as well.
      if (finalAttempt)
        await fail(`The attempt could not be recorded: ${messageOf(error)}`).catch(() => false);
      throw error;
    }
  };

  /** One request, and its outcome recorded at the time the answer came (not the run's start). */
  async function send(
    organisationId: string,
    attempt: DeliveryJob,
    sending: {
      webhookUrl: string;
      secret: string;
      previousSecret: string | null;
      timeZone: string;
    },
    note: ChildNote,
  ) {
    const body = noteBody(note);
    const sentAt = Math.floor(settings.clock().getTime() / 1000);
    const result = await postNote(
      sending.webhookUrl,
      body,
      {
        'Content-Type': 'application/json',
        'Idempotency-Key': note.id,
        [signatureHeaderName]: signatureHeader(
          sending.secret,
          sentAt,
          body,
          sending.previousSecret,
        ),
        'User-Agent': 'Oversight',
      },
      { timeoutMs, allowPrivate: settings.allowPrivateWebhooks },
    );
    const at = settings.clock();
    const step = nextStep(result, attempt.attempt);
    const recorded = { ...attemptRecord(result), at };
    await repos.childRecord.recordAttempt(
      organisationId,
      attempt,
      step.kind === 'delivered'
        ? { ...recorded, step: 'delivered', acknowledgedOn: isoDateAt(at, sending.timeZone) }
        : step.kind === 'retry'
          ? {
              ...recorded,
              step: 'retry',
              nextAt: new Date(at.getTime() + step.afterSeconds * 1000),
            }
          : { ...recorded, step: 'failed' },
    );
  }

  /**
   * The day's export, made at 17:00 for an organisation whose notes go by export and have some
   * waiting, so its administrators find it ready to download. Made as an administrator's would
   * be (the link checked under its lock); nothing when there is nothing to export.
   */
  const dailyExport: JobHandler = async (job) => {
    const organisationId = job.organisationId!;
    const { date } = job.payload as { date: IsoDate };
    const made = await repos.childRecord.createExport(organisationId, date, {
      actorUserId: null,
      action: 'child_note_export.created',
      detail: { daily: true },
    });
    if (!made) return;
    // The notes are fixed now, so every download of this export is the same file.
    const batch = await repos.childRecord.export(organisationId, made.id);
    await notesOf(repos, organisationId, batch?.deliveryIds ?? [], settings.baseUrl);
  };

  return {
    handlers: {
      [deliveryJobKind]: deliver,
      [dailyExportJobKind]: dailyExport,
    } satisfies Record<string, JobHandler>,

    /** Queues today's export for every organisation, to run from 17:00 (once a day: its key). */
    schedule(now: Date): Promise<number> {
      const { date } = wallClock(now);
      return repos.jobs.enqueueForEachOrganisation(
        dailyExportJobKind,
        date,
        zonedInstant(date, dailyExportTime),
      );
    },
  };
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
