/**
 * The self-assessment page of a one-to-one session (/planning/sessions/:id/self-assessment): the
 * worker rates pieces of their own work, saves a draft and submits it; those who supervise them
 * read it once submitted.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { answerLabel, answerOptions } from '../../domain/quality/answers.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../../web/actor.ts';
import { errorLocals, FormErrors, type FormValues, formValues } from '../../web/forms.ts';
import type { Caller } from './self-assessment-service.ts';
import { pieceField, piecesToForm } from './self-assessment-service.ts';

type Id = { id: string };

const view = 'self-assessment/views/self-assessment.njk';

const savedMessages: Record<string, string> = {
  draft: 'Draft saved. Only you can see it until you submit it',
  submitted: 'Self-assessment submitted. Your supervisor can now read it',
};

/** The GOV.UK tag colour of each rating. */
const ratingClasses: Record<string, string> = {
  red: 'govuk-tag--red',
  amber: 'govuk-tag--orange',
  green: 'govuk-tag--green',
};

export function selfAssessmentRoutes(services: Services) {
  const selfAssessments = services.selfAssessments;
  const caller = async (request: FastifyRequest): Promise<Caller> => ({
    user: request.currentSession!.user,
    actor: await actorOf(request, services.access),
    requestId: request.id,
  });

  function render(
    reply: FastifyReply,
    page: Awaited<ReturnType<typeof selfAssessments.page>>,
    options: {
      values?: FormValues;
      errors?: FormErrors;
      saved?: string | undefined;
      problem?: string | undefined;
      status?: number;
    } = {},
  ) {
    const pieces = Array.from({ length: page.tool.pieces ?? 1 }, (_, i) => i + 1);
    return reply.code(options.status ?? (options.errors?.any ? 400 : 200)).view(view, {
      title: page.tool.name,
      page,
      pieces,
      values: options.values ?? piecesToForm(page.assessment?.pieces ?? []),
      saved: options.saved ? savedMessages[options.saved] : undefined,
      problem: options.problem,
      pieceField,
      answerOptions,
      answerLabel,
      ratingClasses,
      ...errorLocals(options.errors),
    });
  }

  return async (app: FastifyInstance) => {
    app.get<{ Params: Id; Querystring: { saved?: string } }>(
      '/planning/sessions/:id/self-assessment',
      async (request, reply) => {
        const page = await selfAssessments.page(await caller(request), request.params.id);
        return render(reply, page, { saved: request.query.saved });
      },
    );

    app.post<{ Params: Id }>('/planning/sessions/:id/self-assessment', async (request, reply) => {
      const c = await caller(request);
      const { id } = request.params;
      const form = formValues(request.body);
      const submit = form.action === 'submit';
      const result = await selfAssessments.save(c, id, form, submit);
      if (result.outcome === 'saved')
        return reply.redirect(
          `/planning/sessions/${id}/self-assessment?saved=${submit ? 'submitted' : 'draft'}`,
          303,
        );
      if (result.outcome === 'fixed')
        return render(reply, result.page, {
          status: 409,
          problem: result.page.self
            ? 'This self-assessment can no longer be changed: it has been submitted, or the session is no longer planned'
            : undefined,
        });
      const errors = new FormErrors();
      for (const p of result.problems) errors.add(p.field, p.message);
      return render(reply, result.page, { values: form, errors });
    });
  };
}
