/**
 * The pages of notifications: a person's own notifications (read and marked read by them
 * only), and the outbox where administrators see every email, sent or held.
 */
import type { Repositories } from '../../data-access/index.ts';
import type { UserAccount } from '../../data-access/user-repository.ts';
import { type Actor, can } from '../../domain/access/can.ts';
import { isUuid } from '../../web/forms.ts';
import { HttpError, notAllowed } from '../../web/http-errors.ts';
import { calendarMethod } from './mailer.ts';
import { type TextBlock, textBlocks } from './text-blocks.ts';

export const notificationsPerPage = 20;
export const outboxPerPage = 20;

export type NotificationItem = {
  id: string;
  subject: string;
  blocks: TextBlock[];
  link: string | null;
  createdAt: Date;
  unread: boolean;
};

export type Paging = { page: number; pages: number; total: number };

/** A page number from the address: a whole number from 1, else 1. */
export function pageNumber(text: string | undefined): number {
  const page = Number(text);
  return Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1;
}

const notFound = () =>
  new HttpError(404, 'Page not found', 'If you followed a link, the message may no longer exist.');

export function notificationsService(
  repos: Repositories,
  options: { clock: () => Date; smtpConfigured: boolean },
) {
  return {
    async page(user: UserAccount, page: number) {
      const result = await repos.notifications.page(user.organisationId, user.id, {
        limit: notificationsPerPage,
        offset: (page - 1) * notificationsPerPage,
      });
      const notifications: NotificationItem[] = result.notifications.map((n) => ({
        id: n.id,
        subject: n.subject,
        blocks: textBlocks(n.body),
        link: n.link,
        createdAt: n.createdAt,
        unread: n.readAt === null,
      }));
      const paging: Paging = {
        page,
        pages: Math.max(1, Math.ceil(result.total / notificationsPerPage)),
        total: result.total,
      };
      return { notifications, unread: result.unread, paging };
    },

    unreadCount: (user: UserAccount) =>
      repos.notifications.unreadCount(user.organisationId, user.id),

    /** Marks one of the person's notifications read (or all); another person's id is not found. */
    async markRead(user: UserAccount, id: string | 'all', requestId: string): Promise<number> {
      if (id !== 'all' && !isUuid(id)) throw notFound();
      return repos.notifications.markRead(user.organisationId, user.id, id, options.clock(), {
        actorUserId: user.id,
        action: 'notification.read',
        requestId,
      });
    },

    /** Every email, newest first: for administrators, and each view is audited. */
    async outbox(user: UserAccount, actor: Actor, page: number, requestId: string) {
      if (!can(actor, 'view', { type: 'email_outbox' })) throw notAllowed();
      const result = await repos.emails.page(user.organisationId, {
        limit: outboxPerPage,
        offset: (page - 1) * outboxPerPage,
      });
      await repos.auditLog.append({
        organisationId: user.organisationId,
        actorUserId: user.id,
        action: 'outbox.viewed',
        resourceType: 'email_message',
        detail: { page },
        requestId,
      });
      return {
        smtpConfigured: options.smtpConfigured,
        messages: result.messages.map((m) => ({
          id: m.id,
          to: m.to,
          subject: m.subject,
          blocks: textBlocks(m.text),
          state: m.state,
          attempts: m.attempts,
          lastError: m.lastError,
          createdAt: m.createdAt,
          sentAt: m.sentAt,
          invitation: m.calendar ? calendarMethod(m.calendar) : null,
        })),
        paging: {
          page,
          pages: Math.max(1, Math.ceil(result.total / outboxPerPage)),
          total: result.total,
        } satisfies Paging,
      };
    },

    /** A message's invitation as a file to download. */
    async invitation(user: UserAccount, actor: Actor, id: string, requestId: string) {
      if (!can(actor, 'view', { type: 'email_outbox' })) throw notAllowed();
      if (!isUuid(id)) throw notFound();
      const message = await repos.emails.find(user.organisationId, id);
      if (!message?.calendar) throw notFound();
      await repos.auditLog.append({
        organisationId: user.organisationId,
        actorUserId: user.id,
        action: 'outbox.invitation_downloaded',
        resourceType: 'email_message',
        resourceId: id,
        requestId,
      });
      return { content: message.calendar, method: calendarMethod(message.calendar) };
    },
  };
}
export type NotificationsService = ReturnType<typeof notificationsService>;
