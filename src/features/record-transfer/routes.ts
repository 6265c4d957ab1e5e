/**
 * The pages of a change of supervisor: the supervisee's agreement to each new supervisor reading
 * their earlier personal records (/supervision/record-transfer), and the redaction of a record by
 * the manager of the original supervisor (/records/:id/redact), each laid or withdrawn with a
 * reason. Pages work without JavaScript.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../../web/actor.ts';
import { errorLocals, FormErrors, type FormValues, formValues } from '../../web/forms.ts';
import { labels } from '../records/labels.ts';
import type { Caller, Problem } from '../records/record-service.ts';
import { recordTransferService } from './transfer-service.ts';

type IdParams = { id: string };

const view = (name: string) => `record-transfer/views/${name}.njk`;

const consentDone: Record<string, string> = {
  given: 'You have agreed. Your new supervisor can now read your earlier supervision records',
  declined: 'You have declined. Your earlier supervision records stay held back from them',
};

const redactDone: Record<string, string> = {
  redacted: 'The words are redacted for everyone who may not read the original',
  withdrawn: 'The redaction is withdrawn. The words are shown again',
};

function errorsOf(problems: readonly Problem[]) {
  const errors = new FormErrors();
  for (const p of problems) errors.add(p.field, p.message);
  return errors;
}

export function recordTransferRoutes(services: Services) {
  const transfer = recordTransferService(services.repos);
  const caller = async (request: FastifyRequest): Promise<Caller> => ({
    user: request.currentSession!.user,
    actor: await actorOf(request, services.access),
    requestId: request.id,
  });

  async function renderConsent(
    reply: FastifyReply,
    c: Caller,
    options: { done?: string | undefined; errors?: FormErrors; values?: FormValues } = {},
  ) {
    const page = await transfer.consentPage(c);
    return reply.code(options.errors?.any ? 400 : 200).view(view('consent'), {
      title: 'Your supervision records and your new supervisor',
      page,
      values: options.values ?? {},
      done: options.done ? consentDone[options.done] : undefined,
      ...errorLocals(options.errors),
    });
  }

  async function renderRedact(
    reply: FastifyReply,
    c: Caller,
    id: string,
    options: { done?: string | undefined; errors?: FormErrors; values?: FormValues } = {},
  ) {
    // Read again after a refused post too: the form shows the original words once more.
    const page = await transfer.redactForm(c, id, { logged: true });
    return reply.code(options.errors?.any ? 400 : 200).view(view('redact'), {
      title: 'Redact comments from this record',
      page,
      labels,
      values: options.values ?? {},
      done: options.done ? redactDone[options.done] : undefined,
      ...errorLocals(options.errors),
    });
  }

  return async (app: FastifyInstance) => {
    app.get<{ Querystring: { done?: string } }>(
      '/supervision/record-transfer',
      async (request, reply) =>
        renderConsent(reply, await caller(request), { done: request.query.done }),
    );

    app.post('/supervision/record-transfer', async (request, reply) => {
      const c = await caller(request);
      const form = formValues(request.body);
      const result = await transfer.decide(c, form);
      if (result.outcome === 'saved')
        return reply.redirect(`/supervision/record-transfer?done=${form.decision}`, 303);
      return renderConsent(reply, c, { errors: errorsOf(result.problems), values: form });
    });

    app.get<{ Params: IdParams; Querystring: { done?: string } }>(
      '/records/:id/redact',
      async (request, reply) =>
        renderRedact(reply, await caller(request), request.params.id, {
          done: request.query.done,
        }),
    );

    app.post<{ Params: IdParams }>('/records/:id/redact', async (request, reply) => {
      const c = await caller(request);
      const form = formValues(request.body);
      const result = await transfer.redact(c, request.params.id, form);
      if (result.outcome === 'saved')
        return reply.redirect(`/records/${request.params.id}/redact?done=redacted`, 303);
      return renderRedact(reply, c, request.params.id, {
        errors: errorsOf(result.problems),
        values: form,
      });
    });

    app.post<{ Params: IdParams & { redactionId: string } }>(
      '/records/:id/redactions/:redactionId/withdraw',
      async (request, reply) => {
        const c = await caller(request);
        const form = formValues(request.body);
        const { id, redactionId } = request.params;
        const result = await transfer.withdraw(c, id, redactionId, form.reason);
        if (result.outcome === 'saved')
          return reply.redirect(`/records/${id}/redact?done=withdrawn`, 303);
        return renderRedact(reply, c, id, {
          errors: errorsOf(result.problems),
          values: { [`withdraw-reason-${redactionId}`]: form.reason ?? '' },
        });
      },
    );
  };
}
