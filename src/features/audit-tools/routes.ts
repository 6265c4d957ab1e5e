/**
 * The audit tools pages under the organisation: the tools in force, one tool with every section
 * and question, adding the organisation's own (a form that works without JavaScript, the
 * questions written one a line) and retiring one it no longer uses.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../../web/actor.ts';
import { errorLocals, formValues } from '../../web/forms.ts';
import type { Caller } from './audit-tool-service.ts';
import { ofChoices } from './audit-tool-service.ts';

type IdParams = { id: string };

const view = (name: string) => `audit-tools/views/${name}.njk`;
const base = '/organisation/audit-tools';

const doneMessages: Record<string, string> = {
  added: 'Audit tool added. Sampling plans can now name it',
  removed: 'Audit tool removed',
};

export function auditToolRoutes(services: Services) {
  const caller = async (request: FastifyRequest): Promise<Caller> => ({
    user: request.currentSession!.user,
    actor: await actorOf(request, services.access),
    requestId: request.id,
  });
  const tools = services.auditTools;

  return async (app: FastifyInstance) => {
    app.get<{ Querystring: { done?: string } }>(base, async (request, reply) => {
      const page = await tools.list(await caller(request));
      return reply.view(view('list'), {
        title: 'Audit tools',
        page,
        organisationName: page.organisationName,
        done: doneMessages[request.query.done ?? ''],
      });
    });

    app.get<{ Querystring: { from?: string } }>(`${base}/new`, async (request, reply) => {
      const values = await tools.newForm(await caller(request), request.query.from);
      return reply.view(view('new'), { title: 'Add an audit tool', values, ofChoices });
    });

    app.post(`${base}/new`, async (request, reply) => {
      const result = await tools.create(await caller(request), formValues(request.body));
      if (result.outcome === 'saved') return reply.redirect(`${base}/${result.id}?done=added`, 303);
      return reply.code(400).view(view('new'), {
        title: 'Add an audit tool',
        values: result.values,
        ofChoices,
        moreProblems: Math.max(
          0,
          result.errors.list.filter((e) => e.href === '#questions').length - 1,
        ),
        ...errorLocals(result.errors),
      });
    });

    app.get<{ Params: IdParams; Querystring: { done?: string } }>(
      `${base}/:id`,
      async (request, reply) => {
        const page = await tools.tool(await caller(request), request.params.id);
        return reply.view(view('tool'), {
          title: page.tool.name,
          page,
          done: doneMessages[request.query.done ?? ''],
        });
      },
    );

    app.get<{ Params: IdParams }>(`${base}/:id/remove`, async (request, reply) => {
      const c = await caller(request);
      const page = await tools.tool(c, request.params.id);
      if (!page.canEdit) return reply.redirect(`${base}/${page.tool.id}`, 303);
      return reply.view(view('remove'), { title: `Remove ${page.tool.name}`, page });
    });

    app.post<{ Params: IdParams }>(`${base}/:id/remove`, async (request, reply) => {
      const c = await caller(request);
      const result = await tools.remove(c, request.params.id);
      if (result.outcome === 'removed') return reply.redirect(`${base}?done=removed`, 303);
      const page = await tools.tool(c, request.params.id);
      return reply.code(409).view(view('remove'), {
        title: `Remove ${page.tool.name}`,
        page,
        problem: result.message,
      });
    });
  };
}
