import type { FastifyInstance, FastifyRequest } from 'fastify';
import { grantRecordLimit } from '../../data-access/access-grant-repository.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../../web/actor.ts';
import { errorLocals, formValues } from '../../web/forms.ts';
import { labels as recordLabels } from '../records/labels.ts';
import { relationshipKindLabels } from '../staff/labels.ts';

type Params = { id: string };

const view = (name: string) => `access-grants/views/${name}.njk`;

export const scopeLabels = { person: 'A person', child: 'A child', team: 'A team' };
const statusTags = {
  live: { text: 'Live', classes: 'govuk-tag--green' },
  scheduled: { text: 'Not started', classes: 'govuk-tag--blue' },
  expired: { text: 'Expired', classes: 'govuk-tag--grey' },
  revoked: { text: 'Revoked', classes: 'govuk-tag--red' },
};
const savedMessages: Record<string, string> = {
  created: 'Access granted',
  revoked: 'Grant revoked: it stopped working at once',
};
const locals = { scopeLabels, statusTags };

export function accessGrantRoutes(services: Services) {
  const caller = async (request: FastifyRequest) => ({
    user: request.currentSession!.user,
    actor: await actorOf(request, services.access),
    requestId: request.id,
  });
  const grants = services.accessGrants;

  return async (app: FastifyInstance) => {
    app.get<{ Querystring: { saved?: string } }>(
      '/organisation/access-grants',
      async (request, reply) => {
        const page = await grants.list(await caller(request));
        return reply.view(view('list'), {
          title: 'Access grants',
          page,
          ...locals,
          saved: savedMessages[request.query.saved ?? ''],
        });
      },
    );

    app.get('/organisation/access-grants/new', async (request, reply) => {
      const page = await grants.newForm(await caller(request));
      return reply.view(view('form'), { title: 'Grant access', page, ...locals });
    });

    app.post('/organisation/access-grants/new', async (request, reply) => {
      const result = await grants.create(await caller(request), formValues(request.body));
      if (result.outcome === 'saved')
        return reply.redirect('/organisation/access-grants?saved=created', 303);
      return reply.code(400).view(view('form'), {
        title: 'Grant access',
        page: result.page,
        ...locals,
        ...errorLocals(result.page.errors),
      });
    });

    app.get<{ Params: Params }>(
      '/organisation/access-grants/:id/revoke',
      async (request, reply) => {
        const page = await grants.revokeForm(await caller(request), request.params.id);
        return reply.view(view('revoke'), { title: 'Revoke a grant', page, ...locals });
      },
    );

    app.post<{ Params: Params }>(
      '/organisation/access-grants/:id/revoke',
      async (request, reply) => {
        const result = await grants.revoke(
          await caller(request),
          request.params.id,
          formValues(request.body),
        );
        if (result.outcome === 'saved')
          return reply.redirect('/organisation/access-grants?saved=revoked', 303);
        return reply.code(400).view(view('revoke'), {
          title: 'Revoke a grant',
          page: result.page,
          ...locals,
          ...errorLocals(result.page.errors),
        });
      },
    );

    app.get<{ Params: Params }>('/grants/:id', async (request, reply) => {
      const page = await grants.holderView(await caller(request), request.params.id);
      return reply.view(view('grant'), {
        title: `Access to ${page.grant.scopeName}`,
        page,
        ...locals,
        recordLabels,
        relationshipKindLabels,
        recordLimit: grantRecordLimit,
      });
    });
  };
}
