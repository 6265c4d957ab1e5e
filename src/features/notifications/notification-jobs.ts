/**
 * The jobs that tell people things. Each works out who to tell from the data as it stands when
 * it runs, then writes every effect (notifications, emails, follow-up jobs) in one transaction,
 * each with its own dedupe key derived from the job's, so a job run twice tells no one twice.
 *
 * - `notice` (queued by other features with queueNotice): a session booked, changed or
 *   cancelled (the supervisor and the participants, with an iCalendar invitation); an agreement
 *   awaiting signature (the parties who have not signed); a record awaiting signature (its
 *   supervisees); a note that failed to reach the child's record (the record's author and the
 *   supervisee's supervisors).
 * - `session_reminder`: the day before a planned session at 09:00 Europe/London.
 * - `digests`: once a working day for each organisation, evaluates compliance once and queues
 *   a `digest` for each person with something overdue or due soon.
 * - `digest`: one person's daily digest.
 * - `send_email`: sends one queued email over SMTP.
 */
import type { Repositories } from '../../data-access/index.ts';
import type { Job } from '../../data-access/job-repository.ts';
import type { Delivery, Recipient } from '../../data-access/notification-repository.ts';
import { addDays, isoDateAt, workingCalendarForRegion } from '../../domain/calendar/index.ts';
import type { BankHolidayRegion } from '../../domain/calendar/period.ts';
import { failureReason } from '../../domain/child-record/delivery.ts';
import type { ComplianceService } from '../../services/compliance-service.ts';
import type { JobContext, JobHandler } from '../../services/jobs/job-queue.ts';
import { storedPolicy } from '../../services/stored-policy.ts';
import { buildDigest, type DigestEntry, digestEntries, digestMessage } from './digest.ts';
import { buildInvitation, type CalendarSession } from './invitation.ts';
import type { Mailer } from './mailer.ts';
import {
  agreementMessage,
  childNoteFailedMessage,
  escalationMessage,
  type Message,
  paths,
  recordMessage,
  type SessionEvent,
  sessionMessage,
} from './messages.ts';
import type { Notice } from './notices.ts';
import { wallClock, zonedInstant } from './zoned-time.ts';

export type NotificationSettings = {
  /** OVERSIGHT_BASE_URL: links in emails are absolute only when it is set. */
  baseUrl: string | undefined;
  /** The organiser of invitations: the From address. */
  organizer: { name: string; email: string };
  /** Sends email when SMTP is set up; without it, messages are held for the outbox. */
  mailer: Mailer | undefined;
};

/** Reminders go out at this time the day before a session. */
export const reminderTime = '09:00';
/** Daily digests go out from this time each working day. */
export const digestTime = '07:00';
/** A process that starts after this time does not send the day's digests. */
export const digestCutOff = '18:00';
/** Finished jobs are kept this long (failed ones until someone removes them). */
export const keepDoneJobsDays = 90;

/** What to tell about a session, from the notice and the session as it now stands. */
export function sessionEventFor(
  kind: 'session_booked' | 'session_changed' | 'session_cancelled',
  status: CalendarSession['status'],
): Exclude<SessionEvent, 'reminder'> | undefined {
  const off = status === 'cancelled' || status === 'postponed';
  switch (kind) {
    case 'session_booked':
      // A session booked and cancelled before the job ran: its cancellation notice tells.
      return status === 'planned' ? 'booked' : undefined;
    case 'session_changed':
      // Marking a session held or not held records what happened: nobody needs telling.
      return status === 'planned' ? 'changed' : off ? 'cancelled' : undefined;
    case 'session_cancelled':
      return status === 'planned' ? 'changed' : off ? 'cancelled' : undefined;
  }
}

export function notificationJobs(
  repos: Repositories,
  deps: { compliance: ComplianceService; settings: NotificationSettings },
) {
  const { settings } = deps;
  const absolute = (path: string) =>
    settings.baseUrl ? new URL(path, settings.baseUrl).href : undefined;

  /** The in-app notification and the email for one person, keyed `<key>`. */
  async function tell(
    delivery: Delivery,
    job: Job,
    recipient: Recipient,
    message: Message,
    options: { kind: string; key: string; link: string | null; now: Date; calendar?: string },
  ): Promise<{ notified: boolean; emailed: boolean }> {
    const organisationId = job.organisationId!;
    const notified = await delivery.notify({
      organisationId,
      recipientUserId: recipient.userId,
      kind: options.kind,
      subject: message.subject,
      body: message.notificationBody,
      link: options.link,
      dedupeKey: options.key,
      createdAt: options.now,
    });
    const emailId = await delivery.email({
      organisationId,
      to: recipient.email,
      subject: message.subject,
      text: message.text,
      calendar: options.calendar ?? null,
      dedupeKey: options.key,
      state: settings.mailer ? 'queued' : 'held',
      createdAt: options.now,
    });
    if (emailId && settings.mailer)
      await delivery.enqueue({
        organisationId,
        kind: 'send_email',
        payload: { emailId },
        dedupeKey: `send_email:${emailId}`,
        runAt: options.now,
      });
    return { notified, emailed: emailId !== undefined };
  }

  /** The job's audit event, when it changed anything. */
  async function audit(
    delivery: Delivery,
    job: Job,
    counts: { notified: number; emailed: number },
  ) {
    if (counts.notified === 0 && counts.emailed === 0) return;
    await delivery.audit({
      organisationId: job.organisationId!,
      actorUserId: null,
      action: `notify.${job.kind}`,
      resourceType: 'job',
      resourceId: String(job.id),
      detail: {
        ...(typeof job.payload.kind === 'string' ? { notice: job.payload.kind } : {}),
        notifications: counts.notified,
        emails: counts.emailed,
      },
    });
  }

  async function tellEach(
    delivery: Delivery,
    job: Job,
    recipients: Recipient[],
    compose: (recipient: Recipient) => Message,
    options: { kind: string; link: string | null; now: Date; calendar?: string },
  ) {
    const counts = { notified: 0, emailed: 0 };
    for (const recipient of recipients) {
      const result = await tell(delivery, job, recipient, compose(recipient), {
        ...options,
        key: `${job.dedupeKey}:${recipient.userId}`,
      });
      counts.notified += Number(result.notified);
      counts.emailed += Number(result.emailed);
    }
    await audit(delivery, job, counts);
  }

  /**
   * Tells these members of staff about what `link` opens, each in words of their own: `compose`
   * gets the recipient and the link as an email carries it.
   */
  async function tellStaff(
    job: Job,
    staffIds: string[],
    options: { kind: string; link: string; now: Date },
    compose: (recipient: Recipient, link: string | undefined) => Message,
  ) {
    const recipients = await repos.notifications.recipientsForStaff(job.organisationId!, staffIds);
    const emailLink = absolute(options.link);
    await repos.notifications.deliver((delivery) =>
      tellEach(delivery, job, recipients, (recipient) => compose(recipient, emailLink), options),
    );
  }

  async function sessionNotice(
    job: Job,
    notice: Extract<Notice, { sessionId: string }>,
    { now }: JobContext,
  ) {
    const organisationId = job.organisationId!;
    const row = await repos.notifications.session(organisationId, notice.sessionId);
    if (!row) return;
    const event = sessionEventFor(notice.kind, row.status);
    if (!event) return;
    const recipients = await repos.notifications.recipientsForStaff(organisationId, [
      row.supervisorId,
      ...row.participantIds,
    ]);
    const link = paths.session(row.id);
    await repos.notifications.deliver(async (delivery) => {
      const sequence = await delivery.invitationSequence(organisationId, row.id, job.dedupeKey);
      const session: CalendarSession = { ...row, sequence };
      const invitation = buildInvitation(session, {
        organizer: settings.organizer,
        stamp: now,
        link: absolute(link),
      });
      await tellEach(
        delivery,
        job,
        recipients,
        (recipient) =>
          sessionMessage(event, session, {
            recipientName: recipient.name,
            link: absolute(link),
            rescheduledTo: row.rescheduledTo,
            withInvitation: true,
          }),
        { kind: notice.kind, link, now, calendar: invitation.content },
      );
      if (row.status === 'planned') {
        const runAt = zonedInstant(addDays(row.date, -1), reminderTime);
        // Booked too late for a reminder: the booking email is the reminder.
        if (runAt > now)
          await delivery.enqueue({
            organisationId,
            kind: 'session_reminder',
            payload: { sessionId: row.id, date: row.date },
            dedupeKey: `reminder:${row.id}:${row.date}`,
            runAt,
          });
      }
    });
  }

  const reminder: JobHandler = async (job, { now }) => {
    const organisationId = job.organisationId!;
    const { sessionId, date } = job.payload as { sessionId: string; date: string };
    const row = await repos.notifications.session(organisationId, sessionId);
    // Moved (the new date has its own reminder), cancelled, or gone: nothing to remind of.
    if (row?.status !== 'planned' || row.date !== date) return;
    const recipients = await repos.notifications.recipientsForStaff(organisationId, [
      row.supervisorId,
      ...row.participantIds,
    ]);
    const link = paths.session(row.id);
    await repos.notifications.deliver((delivery) =>
      tellEach(
        delivery,
        job,
        recipients,
        (recipient) =>
          sessionMessage('reminder', row, {
            recipientName: recipient.name,
            link: absolute(link),
            withInvitation: false,
          }),
        { kind: 'session_reminder', link, now },
      ),
    );
  };

  async function agreementNotice(job: Job, agreementId: string, { now }: JobContext) {
    const organisationId = job.organisationId!;
    const agreement = await repos.notifications.agreement(organisationId, agreementId);
    if (agreement?.status !== 'awaiting_signatures') return;
    const parties = [agreement.supervisee, agreement.supervisor];
    const unsigned = parties.filter((party) => party.signedAt === null);
    const signed = parties.find((party) => party.signedAt !== null);
    await tellStaff(
      job,
      unsigned.map((party) => party.id),
      { kind: 'agreement_awaiting_signature', link: paths.agreement(agreement.id), now },
      (recipient, link) =>
        agreementMessage({
          recipientName: recipient.name,
          supervisee: agreement.supervisee.name,
          supervisor: agreement.supervisor.name,
          version: agreement.version,
          signedBy: signed?.signedAt
            ? { name: signed.name, on: isoDateAt(signed.signedAt) }
            : undefined,
          link,
        }),
    );
  }

  async function recordNotice(job: Job, recordId: string, { now }: JobContext) {
    const organisationId = job.organisationId!;
    const record = await repos.notifications.record(organisationId, recordId);
    if (!record || record.signedOn !== null) return;
    // A record written here names who still signs; an imported one, everyone but its author.
    const supervisees =
      record.awaitingIds && record.awaitingIds.length > 0
        ? record.awaitingIds
        : record.staffIds.filter((id) => id !== record.authorId);
    await tellStaff(
      job,
      supervisees,
      { kind: 'record_awaiting_signature', link: paths.record(record.id), now },
      (recipient, link) =>
        recordMessage({
          recipientName: recipient.name,
          meetingDate: record.meetingDate,
          author: record.authorName,
          link,
        }),
    );
  }

  async function escalationNotice(
    job: Job,
    notice: Extract<Notice, { kind: 'record_escalated' }>,
    { now }: JobContext,
  ) {
    const organisationId = job.organisationId!;
    const escalation = await repos.notifications.escalation(
      organisationId,
      notice.recordId,
      notice.escalationId,
    );
    if (!escalation || escalation.answered) return;
    await tellStaff(
      job,
      [escalation.toStaffId],
      { kind: 'record_escalated', link: paths.record(notice.recordId), now },
      (recipient, link) =>
        escalationMessage({
          recipientName: recipient.name,
          meetingDate: escalation.meetingDate,
          raisedBy: escalation.raisedByName,
          link,
        }),
    );
  }

  /** A note that could not reach the child's record, unless it has got there since. */
  async function childNoteNotice(
    job: Job,
    notice: Extract<Notice, { kind: 'child_note_failed' }>,
    { now }: JobContext,
  ) {
    const organisationId = job.organisationId!;
    const failure = await repos.childRecord.failure(organisationId, notice.deliveryId);
    if (failure?.state !== 'failed') return;
    await tellStaff(
      job,
      failure.recipientIds,
      { kind: 'child_note_failed', link: paths.record(notice.recordId), now },
      (recipient, link) =>
        childNoteFailedMessage({
          recipientName: recipient.name,
          meetingDate: failure.meetingDate,
          author: failure.authorName ?? undefined,
          reason: failureReason(failure.lastStatus, failure.attempts),
          link,
        }),
    );
  }

  const notice: JobHandler = async (job, context) => {
    const payload = job.payload as Notice;
    switch (payload.kind) {
      case 'session_booked':
      case 'session_changed':
      case 'session_cancelled':
        return sessionNotice(job, payload, context);
      case 'agreement_awaiting_signature':
        return agreementNotice(job, payload.agreementId, context);
      case 'record_awaiting_signature':
        return recordNotice(job, payload.recordId, context);
      case 'record_escalated':
        return escalationNotice(job, payload, context);
      case 'child_note_failed':
        return childNoteNotice(job, payload, context);
      default:
        throw new Error(`unknown notice '${(payload as { kind: string }).kind}'`);
    }
  };

  /** One organisation's day: compliance evaluated once, a digest job for each person. */
  const digests: JobHandler = async (job, { now }) => {
    const organisationId = job.organisationId!;
    const date = job.payload.date as string;
    const organisation = await repos.organisations.findById(organisationId);
    if (!organisation) return;
    const calendar = workingCalendarForRegion(organisation.bankHolidayRegion as BankHolidayRegion);
    if (!calendar.isWorkingDay(date)) return;
    const { obligations } = await deps.compliance.forOrganisation(organisationId, date);
    // The recording rules of the policy version the obligations were worked out under.
    const { pack } = await storedPolicy(repos, organisationId, date);
    const names = await repos.notifications.directory(organisationId);
    const steps = new Map(pack.recordingDeadlines.map((rule) => [rule.id, rule.step]));
    const byResponsible = digestEntries(obligations, {
      staff: (id) => names.staff.get(id),
      child: (id) => names.children.get(id),
      team: (id) => names.teams.get(id),
      recordingStep: (ruleId) => steps.get(ruleId),
    });
    const recipients = await repos.notifications.recipientsForStaffExternalIds(organisationId, [
      ...byResponsible.keys(),
    ]);
    await repos.notifications.deliver(async (delivery) => {
      for (const recipient of recipients) {
        const entries = byResponsible.get(recipient.staffExternalId) ?? [];
        if (entries.length === 0) continue;
        await delivery.enqueue({
          organisationId,
          kind: 'digest',
          payload: { date, userId: recipient.userId, entries },
          dedupeKey: `digest:${recipient.userId}:${date}`,
          runAt: now,
        });
      }
    });
  };

  const digest: JobHandler = async (job, { now }) => {
    const organisationId = job.organisationId!;
    const { date, userId, entries } = job.payload as {
      date: string;
      userId: string;
      entries: DigestEntry[];
    };
    const recipient = await repos.notifications.recipient(organisationId, userId);
    const built = buildDigest(entries, date);
    if (!recipient || !built) return;
    const message = digestMessage(built, {
      recipientName: recipient.name,
      link: absolute(paths.home),
    });
    await repos.notifications.deliver(async (delivery) => {
      const result = await tell(delivery, job, recipient, message, {
        kind: 'digest',
        key: job.dedupeKey,
        link: paths.home,
        now,
      });
      await audit(delivery, job, {
        notified: Number(result.notified),
        emailed: Number(result.emailed),
      });
    });
  };

  const sendEmail: JobHandler = async (job, { now, finalAttempt }) => {
    const organisationId = job.organisationId!;
    const email = await repos.emails.find(organisationId, job.payload.emailId as string);
    if (email?.state !== 'queued') return;
    try {
      if (!settings.mailer) throw new Error('SMTP_URL is not set: the message cannot be sent');
      await settings.mailer.send(email);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await repos.emails.recordFailure(organisationId, email.id, message, finalAttempt);
      throw error;
    }
    if (await repos.emails.markSent(organisationId, email.id, now))
      await repos.auditLog.append({
        organisationId,
        actorUserId: null,
        action: 'email.sent',
        resourceType: 'email_message',
        resourceId: email.id,
      });
  };

  return {
    handlers: {
      notice,
      session_reminder: reminder,
      digests,
      digest,
      send_email: sendEmail,
    } satisfies Record<string, JobHandler>,

    /**
     * Queues today's digests for every organisation (once a day: the jobs' dedupe keys), to
     * run from 07:00 Europe/London. A process started in the evening leaves the day alone.
     * Also clears jobs done more than 90 days ago.
     */
    async schedule(now: Date): Promise<number> {
      await repos.jobs.purgeDone(new Date(now.getTime() - keepDoneJobsDays * 86_400_000));
      const { date, time } = wallClock(now);
      if (time >= digestCutOff) return 0;
      return repos.jobs.enqueueForEachOrganisation('digests', date, zonedInstant(date, digestTime));
    },
  };
}
export type NotificationJobs = ReturnType<typeof notificationJobs>;
