import type { FastifyInstance, FastifyRequest } from 'fastify';
import { orgUnitKinds } from '../../domain/organisation/vocabulary.ts';
import { teamTypes } from '../../domain/policy/vocabulary.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../../web/actor.ts';
import { formValues } from '../../web/forms.ts';
import { labels } from '../staff/labels.ts';
import { answerForm } from '../staff/routes.ts';

type Params = { id: string };

const view = (name: string) => `organisation/views/${name}.njk`;

const savedMessages: Record<string, string> = {
  created: 'Unit added',
  updated: 'Unit saved',
};

export function organisationRoutes(services: Services) {
  const context = async (request: FastifyRequest) => ({
    user: request.currentSession!.user,
    actor: await actorOf(request, services.access),
  });
  const vocabulary = { kinds: orgUnitKinds, teamTypes };

  return async (app: FastifyInstance) => {
    app.get('/organisation', async (request, reply) => {
      const { user, actor } = await context(request);
      const page = await services.organisation.overview(user, actor);
      return reply.view(view('overview'), {
        title: 'Organisation',
        page,
        organisationName: page.organisationName,
      });
    });

    app.get('/organisation/units', async (request, reply) => {
      const { user, actor } = await context(request);
      const page = await services.organisation.units(user, actor);
      return reply.view(view('units'), { title: 'Services, areas and teams', page, labels });
    });

    app.get<{ Querystring: { parent?: string } }>(
      '/organisation/units/new',
      async (request, reply) => {
        const { user, actor } = await context(request);
        const page = await services.organisation.newForm(user, actor, request.query.parent);
        return reply.view(view('unit-form'), {
          title: 'Add a service, area or team',
          page,
          labels,
          ...vocabulary,
        });
      },
    );

    app.post('/organisation/units/new', async (request, reply) => {
      const { user, actor } = await context(request);
      const result = await services.organisation.save(
        user,
        actor,
        undefined,
        formValues(request.body),
        request.id,
      );
      return answerForm(reply, result, {
        savedTo: (saved) => `/organisation/units/${saved.id}?saved=created`,
        template: view('unit-form'),
        locals: () => ({ title: 'Add a service, area or team', labels, ...vocabulary }),
      });
    });

    app.get<{ Params: Params; Querystring: { saved?: string } }>(
      '/organisation/units/:id',
      async (request, reply) => {
        const { user, actor } = await context(request);
        const page = await services.organisation.unit(user, actor, request.params.id);
        return reply.view(view('unit'), {
          title: page.unit.name,
          page,
          labels,
          saved: savedMessages[request.query.saved ?? ''],
        });
      },
    );

    app.get<{ Params: Params }>('/organisation/units/:id/edit', async (request, reply) => {
      const { user, actor } = await context(request);
      const page = await services.organisation.editForm(user, actor, request.params.id);
      return reply.view(view('unit-form'), {
        title: `Edit ${page.unit?.name}`,
        page,
        labels,
        ...vocabulary,
      });
    });

    app.post<{ Params: Params }>('/organisation/units/:id/edit', async (request, reply) => {
      const { user, actor } = await context(request);
      const result = await services.organisation.save(
        user,
        actor,
        request.params.id,
        formValues(request.body),
        request.id,
      );
      return answerForm(reply, result, {
        savedTo: (saved) => `/organisation/units/${saved.id}?saved=updated`,
        template: view('unit-form'),
        locals: (page) => ({ title: `Edit ${page.unit?.name}`, labels, ...vocabulary }),
      });
    });
  };
}
