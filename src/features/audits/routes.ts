/**
 * The audit pages: the caller's audits and those fed back to them, the sampling plans with this
 * period's draws, a draw checked against its seed, and one audit answered, completed and fed
 * back. Every page works without JavaScript; every form carries the CSRF token.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../../web/actor.ts';
import { errorLocals, FormErrors, type FormValues, formValues } from '../../web/forms.ts';
import {
  blankActionRows,
  type Caller,
  type FormOutcome,
  hasTypedActions,
  staleMessage,
} from './audit-service.ts';
import { labels } from './labels.ts';

type IdParams = { id: string };

const view = (name: string) => `audits/views/${name}.njk`;

/** What a page says after a change, keyed so no text from the address is ever shown. */
const doneMessages: Record<string, string> = {
  drawn: 'Sample drawn. Each pick is now an audit assigned to the auditor',
  saved: 'Audit saved',
  completed: 'Audit completed. Give the feedback and record it here',
  feedback: 'Feedback recorded. The audit is closed and the sampled records are closed to you',
};

export function auditRoutes(services: Services) {
  const caller = async (request: FastifyRequest): Promise<Caller> => ({
    user: request.currentSession!.user,
    actor: await actorOf(request, services.access),
    requestId: request.id,
  });
  const audits = services.audits;
  const sampling = services.sampling;

  async function renderSampling(
    reply: FastifyReply,
    c: Caller,
    extra: { errors?: FormErrors; status?: number; existing?: string } = {},
  ) {
    const page = await sampling.page(c);
    return reply.code(extra.status ?? 200).view(view('sampling'), {
      title: 'Sampling plans',
      page,
      labels,
      existing: extra.existing,
      ...errorLocals(extra.errors),
    });
  }

  async function renderAudit(
    reply: FastifyReply,
    c: Caller,
    id: string,
    extra: {
      values?: FormValues;
      errors?: FormErrors;
      status?: number;
      done?: string | undefined;
      feedbackValues?: FormValues;
      /** Show the typed form on the revision stored now, so it can be saved again. */
      currentRevision?: boolean;
    } = {},
  ) {
    const page = await audits.page(c, id);
    const subject = page.audit.subject?.name ?? 'someone no longer in the organisation';
    const revision = String(page.audit.revision);
    const current = (values: FormValues | undefined) =>
      values && extra.currentRevision ? { ...values, revision } : values;
    return reply.code(extra.status ?? 200).view(view('audit'), {
      title: `Audit of ${subject}’s ${labels.subject[page.audit.auditOf].one}`,
      page,
      labels,
      values: current(extra.values) ?? page.values,
      feedbackValues: current(extra.feedbackValues) ?? { revision },
      done: extra.done ? doneMessages[extra.done] : undefined,
      ...errorLocals(extra.errors),
    });
  }

  /** The form again after a change that did not go through: nothing typed is lost. */
  function afterProblem(
    reply: FastifyReply,
    c: Caller,
    id: string,
    form: FormValues,
    result: Exclude<FormOutcome, { outcome: 'saved' }>,
    field: 'answers' | 'feedback',
  ) {
    const key = field === 'feedback' ? 'feedbackValues' : 'values';
    if (result.outcome === 'invalid')
      return renderAudit(reply, c, id, { [key]: form, errors: result.errors, status: 400 });
    // Stale: the typed form comes back on the revision now stored, so saving again is possible.
    const errors = new FormErrors().add(
      field === 'feedback' ? 'feedback' : 'revision',
      staleMessage,
      field === 'feedback' ? {} : { href: '#audit-form' },
    );
    return renderAudit(reply, c, id, { [key]: form, errors, status: 409, currentRevision: true });
  }

  return async (app: FastifyInstance) => {
    app.get<{ Querystring: { status?: string } }>('/audits', async (request, reply) => {
      const page = await audits.list(await caller(request), request.query.status);
      return reply.view(view('list'), { title: 'Audits of supervision', page, labels });
    });

    app.get('/audits/sampling', async (request, reply) =>
      renderSampling(reply, await caller(request)),
    );

    app.post('/audits/sampling/draw', async (request, reply) => {
      const c = await caller(request);
      const form = formValues(request.body);
      const result = await sampling.draw(c, form.ruleId ?? '', form.auditorId ?? '');
      if (result.outcome === 'drawn')
        return reply.redirect(`/audits/draws/${result.drawId}?done=drawn`, 303);
      const errors = new FormErrors().add(
        'draw',
        result.message,
        result.outcome === 'exists' ? { href: `/audits/draws/${result.drawId}` } : {},
      );
      return renderSampling(reply, c, {
        errors,
        status: result.outcome === 'exists' ? 409 : 400,
        ...(result.outcome === 'exists' ? { existing: result.drawId } : {}),
      });
    });

    app.get<{ Params: IdParams; Querystring: { done?: string } }>(
      '/audits/draws/:id',
      async (request, reply) => {
        const page = await sampling.drawPage(await caller(request), request.params.id);
        return reply.view(view('draw'), {
          title: `Sample drawn for ${page.draw.auditor.name}`,
          page,
          labels,
          done: request.query.done === 'drawn' ? doneMessages.drawn : undefined,
        });
      },
    );

    app.get<{ Params: IdParams; Querystring: { done?: string } }>(
      '/audits/:id',
      async (request, reply) =>
        renderAudit(reply, await caller(request), request.params.id, {
          done: request.query.done,
        }),
    );

    app.post<{ Params: IdParams }>('/audits/:id', async (request, reply) => {
      const c = await caller(request);
      const { id } = request.params;
      const form = formValues(request.body);
      const intent = form.intent ?? 'save';
      if (intent === 'add-action') {
        const count = Math.min((Number(form['action-count']) || blankActionRows) + 1, 10);
        return renderAudit(reply, c, id, { values: { ...form, 'action-count': String(count) } });
      }
      if (intent === 'complete') {
        const result = await audits.complete(c, id, form);
        if (result.outcome === 'saved') return reply.redirect(`/audits/${id}?done=completed`, 303);
        return afterProblem(reply, c, id, form, result, 'answers');
      }
      const result = await audits.save(c, id, form);
      if (result.outcome !== 'saved') return afterProblem(reply, c, id, form, result, 'answers');
      // Actions are set when the audit is completed: typed ones stay on the page till then.
      if (hasTypedActions(form))
        return renderAudit(reply, c, id, { values: form, done: 'saved', currentRevision: true });
      return reply.redirect(`/audits/${id}?done=saved`, 303);
    });

    app.post<{ Params: IdParams }>('/audits/:id/feedback', async (request, reply) => {
      const c = await caller(request);
      const { id } = request.params;
      const form = formValues(request.body);
      const result = await audits.giveFeedback(c, id, form);
      if (result.outcome === 'saved') return reply.redirect(`/audits/${id}?done=feedback`, 303);
      return afterProblem(reply, c, id, form, result, 'feedback');
    });
  };
}
