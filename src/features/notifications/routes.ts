import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../../web/actor.ts';
import { formValues } from '../../web/forms.ts';
import { pageNumber } from './notifications-service.ts';

type PageQuery = { Querystring: { page?: string; read?: string } };

const view = (name: string) => `notifications/views/${name}.njk`;

/** Links to each page of a list, for govukPagination. */
export function paginationFor(path: string, paging: { page: number; pages: number }) {
  const href = (page: number) => (page > 1 ? `${path}?page=${page}` : path);
  return {
    ...(paging.page > 1 ? { previous: { href: href(paging.page - 1) } } : {}),
    ...(paging.page < paging.pages ? { next: { href: href(paging.page + 1) } } : {}),
    items: Array.from({ length: paging.pages }, (_, i) => ({
      number: i + 1,
      href: href(i + 1),
      current: i + 1 === paging.page,
    })),
  };
}

export function notificationsRoutes(services: Services) {
  const user = (request: FastifyRequest) => request.currentSession!.user;
  const back = (form: Record<string, string>) => {
    const page = pageNumber(form.page);
    return page > 1 ? `/notifications?page=${page}` : '/notifications';
  };

  return async (app: FastifyInstance) => {
    app.get<PageQuery>('/notifications', async (request, reply) => {
      const page = await services.notifications.page(user(request), pageNumber(request.query.page));
      return reply.view(view('notifications'), {
        title: 'Notifications',
        page,
        pagination:
          page.paging.pages > 1 ? paginationFor('/notifications', page.paging) : undefined,
        markedAll: request.query.read === 'all',
      });
    });

    app.post<{ Params: { id: string } }>('/notifications/:id/read', async (request, reply) => {
      const form = formValues(request.body);
      await services.notifications.markRead(user(request), request.params.id, request.id);
      return reply.redirect(back(form), 303);
    });

    app.post('/notifications/read-all', async (request, reply) => {
      await services.notifications.markRead(user(request), 'all', request.id);
      return reply.redirect('/notifications?read=all', 303);
    });

    app.get<PageQuery>('/organisation/outbox', async (request, reply) => {
      const actor = await actorOf(request, services.access);
      const outbox = await services.notifications.outbox(
        user(request),
        actor,
        pageNumber(request.query.page),
        request.id,
      );
      return reply.view(view('outbox'), {
        title: 'Outbox',
        outbox,
        pagination:
          outbox.paging.pages > 1
            ? paginationFor('/organisation/outbox', outbox.paging)
            : undefined,
      });
    });

    app.get<{ Params: { id: string } }>(
      '/organisation/outbox/:id/invitation.ics',
      async (request, reply) => {
        const actor = await actorOf(request, services.access);
        const file = await services.notifications.invitation(
          user(request),
          actor,
          request.params.id,
          request.id,
        );
        return reply
          .type(`text/calendar; charset=utf-8; method=${file.method}`)
          .header('content-disposition', 'attachment; filename="invitation.ics"')
          .header('cache-control', 'no-store')
          .send(file.content);
      },
    );
  };
}
