/**
 * A person's private calendar feed: an address with a random token, shown once when made
 * (only its SHA-256 is kept, like an API token), that any calendar program can subscribe to.
 * It lists the sessions they supervise or attend, from 3 months ago to 12 months ahead, as
 * RFC 5545 iCalendar. Making a new address ends the old one; so does stopping the feed.
 */
import type { Repositories } from '../../data-access/index.ts';
import { enterOrganisation } from '../../data-access/tenant-scope.ts';
import type { UserAccount } from '../../data-access/user-repository.ts';
import { addMonths } from '../../domain/calendar/index.ts';
import type { IsoDate } from '../../domain/calendar/period.ts';
import { newSecret, sha256 } from '../../services/tokens.ts';
import { buildFeed } from '../notifications/invitation.ts';
import { paths } from '../notifications/messages.ts';

/** The sessions a feed shows, in months either side of today. */
export const feedWindow = { monthsBack: 3, monthsAhead: 12 };

const tokenPattern = /^[A-Za-z0-9_-]{32,128}$/;

/** The feed's address under `origin` (https://oversight.example.gov.uk). */
export function feedUrl(origin: string, token: string): string {
  return new URL(`/calendar/${token}.ics`, origin).href;
}

export function calendarFeedService(
  repos: Repositories,
  options: { today: () => IsoDate; baseUrl: string | undefined },
) {
  return {
    async page(user: UserAccount) {
      const feed = await repos.calendarFeeds.active(user.organisationId, user.id);
      return { hasSessions: user.staffMemberId !== null, feed };
    },

    /** Makes a new address (ending any old one); the token is returned this once only. */
    async create(user: UserAccount, origin: string, requestId: string): Promise<string> {
      const token = newSecret();
      await repos.calendarFeeds.replace(user.organisationId, user.id, sha256(token), {
        actorUserId: user.id,
        action: 'calendar_feed.created',
        requestId,
      });
      return feedUrl(options.baseUrl ?? origin, token);
    },

    async revoke(user: UserAccount, requestId: string): Promise<boolean> {
      return repos.calendarFeeds.revoke(user.organisationId, user.id, {
        actorUserId: user.id,
        action: 'calendar_feed.revoked',
        requestId,
      });
    },

    /** The feed a token opens, as iCalendar text; undefined for an unknown or ended token. */
    async feed(token: string): Promise<string | undefined> {
      if (!tokenPattern.test(token)) return undefined;
      const owner = await repos.calendarFeeds.ownerOf(sha256(token));
      if (!owner) return undefined;
      enterOrganisation(owner.organisationId);
      const today = options.today();
      const sessions = owner.staffMemberId
        ? await repos.calendarFeeds.sessionsFor(
            owner.organisationId,
            owner.staffMemberId,
            addMonths(today, -feedWindow.monthsBack),
            addMonths(today, feedWindow.monthsAhead),
          )
        : [];
      const { baseUrl } = options;
      return buildFeed(sessions, {
        name: `Supervision: ${owner.name}`,
        link: baseUrl ? (id) => new URL(paths.session(id), baseUrl).href : undefined,
      });
    },
  };
}
export type CalendarFeedService = ReturnType<typeof calendarFeedService>;
