/**
 * Builds the notification services from the configuration: the pages' service, the calendar
 * feeds, and the background jobs with their handlers. SMTP_URL decides whether email is sent
 * (nodemailer) or held for the outbox.
 */
import type { Config } from '../../config.ts';
import type { Repositories } from '../../data-access/index.ts';
import { isoDateAt } from '../../domain/calendar/iso-date.ts';
import type { ComplianceService } from '../../services/compliance-service.ts';
import type { JobHandler } from '../../services/jobs/job-queue.ts';
import { jobsService } from '../../services/jobs/jobs-service.ts';
import { calendarFeedService } from '../calendar-feed/calendar-feed-service.ts';
import { parseAddress, smtpMailer } from './mailer.ts';
import { notificationJobs } from './notification-jobs.ts';
import { notificationsService } from './notifications-service.ts';

export type NotificationConfig = Pick<Config, 'smtpUrl' | 'mailFrom' | 'baseUrl'>;

export function notificationServices(
  repos: Repositories,
  config: NotificationConfig,
  clock: () => Date,
  compliance: ComplianceService,
  /** Other features' background jobs, run by the same queue (the child's record delivery). */
  moreHandlers: Readonly<Record<string, JobHandler>> = {},
  /** Their daily scheduling, after the digests' (the child's record daily export). */
  moreSchedule: (now: Date) => Promise<unknown> = async () => {},
) {
  const mailer = config.smtpUrl ? smtpMailer(config.smtpUrl, config.mailFrom) : undefined;
  const work = notificationJobs(repos, {
    compliance,
    settings: { baseUrl: config.baseUrl, organizer: parseAddress(config.mailFrom), mailer },
  });
  return {
    notifications: notificationsService(repos, { clock, smtpConfigured: mailer !== undefined }),
    calendarFeeds: calendarFeedService(repos, {
      today: () => isoDateAt(clock()),
      baseUrl: config.baseUrl,
    }),
    jobs: jobsService(
      repos.jobs,
      {
        handlers: { ...work.handlers, ...moreHandlers },
        schedule: async (now) => {
          await work.schedule(now);
          await moreSchedule(now);
        },
      },
      { clock },
    ),
  };
}
