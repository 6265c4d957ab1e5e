/**
 * /organisation/retention: retention runs (a dry run, then "Delete N records" to confirm it),
 * legal holds placed and released with a reason, and past runs. Administrators only.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../../web/actor.ts';
import { errorLocals, type FormErrors, formValues } from '../../web/forms.ts';
import { notFound } from '../../web/http-errors.ts';
import { labels } from '../records/labels.ts';
import { holdSubjectKinds, noPeriodReasons, type RetentionCaller } from './retention-service.ts';

const recordKindLabel = labels.kind;

const base = '/organisation/retention';
const view = (name: string) => `retention/views/${name}.njk`;
type IdParams = { id: string };

const doneMessages: Record<string, string> = {
  placed: 'Legal hold placed. The records it covers will not be deleted while it lasts',
  released: 'Legal hold released',
  deleted: 'Retention run done',
};

export function retentionRoutes(services: Services) {
  const retention = services.retention;
  const caller = async (request: FastifyRequest): Promise<RetentionCaller> => {
    const user = request.currentSession!.user;
    return {
      organisationId: user.organisationId,
      userId: user.id,
      actor: await actorOf(request, services.access),
      requestId: request.id,
    };
  };

  async function overview(
    reply: FastifyReply,
    c: RetentionCaller,
    extra: { done?: string | undefined; errors?: FormErrors; values?: Record<string, string> },
  ) {
    const page = await retention.overview(c);
    return reply.view(view('overview'), {
      title: 'Retention',
      page,
      holdSubjectKinds,
      values: extra.values ?? {},
      done: doneMessages[extra.done ?? ''],
      ...errorLocals(extra.errors),
    });
  }

  return async (app: FastifyInstance) => {
    app.get<{ Querystring: { done?: string } }>(base, async (request, reply) =>
      overview(reply, await caller(request), { done: request.query.done }),
    );

    app.post(`${base}/dry-runs`, async (request, reply) => {
      const { id } = await retention.dryRun(await caller(request));
      return reply.redirect(`${base}/runs/${id}`, 303);
    });

    app.get<{ Params: IdParams; Querystring: { done?: string } }>(
      `${base}/runs/:id`,
      async (request, reply) => {
        const run = await retention.run(await caller(request), request.params.id);
        if (!run) throw notFound();
        return reply.view(view('run'), {
          title: run.completedAt ? 'Retention run' : 'Retention dry run',
          run,
          recordKindLabel,
          noPeriodReasons,
          done: doneMessages[request.query.done ?? ''],
        });
      },
    );

    app.post<{ Params: IdParams }>(`${base}/runs/:id/confirm`, async (request, reply) => {
      const c = await caller(request);
      const result = await retention.confirm(c, request.params.id);
      if (result.outcome === 'not_found') throw notFound();
      if (result.outcome === 'changed') {
        return reply.code(409).view(view('changed'), {
          title: 'The records due have changed',
          runId: request.params.id,
          difference: result,
          recordKindLabel,
        });
      }
      return reply.redirect(`${base}/runs/${request.params.id}?done=deleted`, 303);
    });

    app.post(`${base}/holds`, async (request, reply) => {
      const c = await caller(request);
      const values = formValues(request.body);
      const result = await retention.placeHold(c, values);
      if (result.outcome === 'placed') return reply.redirect(`${base}?done=placed`, 303);
      reply.code(400);
      return overview(reply, c, { errors: result.errors, values });
    });

    app.get<{ Params: IdParams }>(`${base}/holds/:id/release`, async (request, reply) => {
      const page = await retention.overview(await caller(request));
      const hold = page.holds.find((h) => h.id === request.params.id && !h.releasedAt);
      if (!hold) throw notFound();
      return reply.view(view('release'), { title: 'Release a legal hold', hold, values: {} });
    });

    app.post<{ Params: IdParams }>(`${base}/holds/:id/release`, async (request, reply) => {
      const c = await caller(request);
      const values = formValues(request.body);
      const result = await retention.releaseHold(c, request.params.id, values);
      if (result.outcome === 'released') return reply.redirect(`${base}?done=released`, 303);
      if (result.outcome === 'not_found') throw notFound();
      const hold = (await retention.overview(c)).holds.find((h) => h.id === request.params.id);
      if (!hold) throw notFound();
      return reply.code(400).view(view('release'), {
        title: 'Release a legal hold',
        hold,
        values,
        ...errorLocals(result.errors),
      });
    });
  };
}
