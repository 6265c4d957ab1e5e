/**
 * Supervisees' feedback pages: the survey for each of the signed-in person's supervisors
 * (/feedback), one response each per round, and the results (/feedback/results) for those who
 * oversee the quality of supervision, with a CSV of the figures shown.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FieldProblem } from '../../domain/quality/answers.ts';
import { agreementScale } from '../../domain/quality/feedback.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../../web/actor.ts';
import { toCsv } from '../../web/exports/csv.ts';
import { errorLocals, FormErrors } from '../../web/forms.ts';
import { formatPercent } from '../../web/report-table.ts';
import { type Caller, resultsTable, roundWords } from './feedback-service.ts';

type SupervisorParams = { supervisorId: string };

const view = (name: string) => `supervision-feedback/views/${name}.njk`;

/** A posted form as lists of strings, so radios and checkboxes show what was chosen. */
function chosen(body: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!body || typeof body !== 'object') return out;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key === '_csrf') continue;
    out[key] = (Array.isArray(value) ? value : [value]).filter(
      (v): v is string => typeof v === 'string',
    );
  }
  return out;
}

function errorsOf(problems: readonly FieldProblem[]) {
  const errors = new FormErrors();
  for (const p of problems) errors.add(p.field, p.message);
  return errors;
}

export function supervisionFeedbackRoutes(services: Services) {
  const feedback = services.feedback;
  const caller = async (request: FastifyRequest): Promise<Caller> => ({
    user: request.currentSession!.user,
    actor: await actorOf(request, services.access),
    requestId: request.id,
  });

  async function renderSurvey(
    reply: FastifyReply,
    c: Caller,
    supervisorId: string,
    options: { values?: Record<string, string[]>; errors?: FormErrors; status?: number } = {},
  ) {
    const page = await feedback.form(c, supervisorId);
    return reply.code(options.status ?? (options.errors?.any ? 400 : 200)).view(view('survey'), {
      title: page.survey.title,
      page,
      values: options.values ?? {},
      agreementScale,
      roundWords,
      ...errorLocals(options.errors),
    });
  }

  return async (app: FastifyInstance) => {
    app.get<{ Querystring: { done?: string } }>('/feedback', async (request, reply) => {
      const page = await feedback.overview(await caller(request));
      return reply.view(view('overview'), {
        title: page.survey?.title ?? 'Feedback on your supervision',
        page,
        roundWords,
        done: request.query.done === 'sent',
      });
    });

    app.get<{ Querystring: { round?: string; format?: string } }>(
      '/feedback/results',
      async (request, reply) => {
        const csv = request.query.format === 'csv';
        const page = await feedback.resultsPage(
          await caller(request),
          request.query.round,
          csv ? 'export' : 'view',
        );
        if (csv) {
          if (!page.survey || !page.round) return reply.callNotFound();
          const groups = [...(page.organisation ? [page.organisation] : []), ...page.teams];
          return reply
            .header('content-type', 'text/csv; charset=utf-8')
            .header(
              'content-disposition',
              `attachment; filename="supervision-feedback-${page.round.from}.csv"`,
            )
            .header('cache-control', 'no-store')
            .send(toCsv(resultsTable(page.survey, page.round, groups)));
        }
        return reply.view(view('results'), {
          title: 'Results of supervisees’ feedback',
          page,
          roundWords,
          formatPercent,
          oneDecimal: (n: number) => n.toFixed(1),
        });
      },
    );

    app.get<{ Params: SupervisorParams }>('/feedback/:supervisorId', async (request, reply) =>
      renderSurvey(reply, await caller(request), request.params.supervisorId),
    );

    app.post<{ Params: SupervisorParams }>('/feedback/:supervisorId', async (request, reply) => {
      const c = await caller(request);
      const { supervisorId } = request.params;
      const result = await feedback.respond(
        c,
        supervisorId,
        (request.body ?? {}) as Record<string, unknown>,
      );
      if (result.outcome === 'saved') return reply.redirect('/feedback?done=sent', 303);
      if (result.outcome === 'duplicate')
        return renderSurvey(reply, c, supervisorId, { status: 409 });
      return renderSurvey(reply, c, supervisorId, {
        values: chosen(request.body),
        errors: errorsOf(result.problems),
      });
    });
  };
}
