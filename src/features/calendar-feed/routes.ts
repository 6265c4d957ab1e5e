import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../services/index.ts';
import { HttpError } from '../../web/http-errors.ts';

const view = 'calendar-feed/views/calendar-feed.njk';

const notFound = () =>
  new HttpError(
    404,
    'Page not found',
    'This calendar feed address is not in use. It may have been replaced or stopped: create a new one in Oversight.',
  );

/** The address the person reached us at, for the feed's address when no base URL is set. */
function origin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/** The signed-in page where a person makes, replaces and stops their feed. */
export function calendarFeedRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    app.get<{ Querystring: { stopped?: string } }>('/calendar-feed', async (request, reply) => {
      const user = request.currentSession!.user;
      const page = await services.calendarFeeds.page(user);
      return reply.view(view, {
        title: 'Your calendar feed',
        page,
        stopped: request.query.stopped === '1',
      });
    });

    app.post('/calendar-feed', async (request, reply) => {
      const user = request.currentSession!.user;
      const url = await services.calendarFeeds.create(user, origin(request), request.id);
      const page = await services.calendarFeeds.page(user);
      // Shown on this response only: the address is never stored and never in a link.
      return reply
        .header('cache-control', 'no-store')
        .view(view, { title: 'Your calendar feed', page, createdUrl: url });
    });

    app.post('/calendar-feed/revoke', async (request, reply) => {
      await services.calendarFeeds.revoke(request.currentSession!.user, request.id);
      return reply.redirect('/calendar-feed?stopped=1', 303);
    });
  };
}

/** The feed itself: no session needed, the token in the address is the credential. */
export function calendarFeedPublicRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    app.get<{ Params: { file: string } }>('/calendar/:file', async (request, reply) => {
      const match = /^(.+)\.ics$/.exec(request.params.file);
      const feed = match ? await services.calendarFeeds.feed(match[1]!) : undefined;
      if (!feed) throw notFound();
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', 'inline; filename="supervision.ics"')
        .header('cache-control', 'private, max-age=300')
        .header('x-robots-tag', 'noindex')
        .send(feed);
    });
  };
}
