/**
 * The agreement pages: a person's supervisory relationships with where each agreement stands,
 * a relationship's versions and reviews, one version, its form, sending it for signature, each
 * party's signature, a new version of a signed one, and recording an effectiveness review.
 * Every page works without JavaScript; every form carries the CSRF token.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../../web/actor.ts';
import { errorLocals, FormErrors, type FormValues, formValues } from '../../web/forms.ts';
import {
  addProblems,
  agreementToForm,
  conflictRows,
  readAgreementForm,
  shownAnswer,
} from './agreement-forms.ts';
import type { Caller, Conflict, Problem } from './agreement-service.ts';
import { labels } from './labels.ts';

type IdParams = { id: string };
type RelationshipParams = { relationshipId: string };

const view = (name: string) => `agreements/views/${name}.njk`;

/** What a page says after a change, keyed so no text from the address is ever shown. */
const doneMessages: Record<string, string> = {
  created: 'Draft started',
  saved: 'Draft saved',
  sent: 'Sent for signature. Both of you can now sign it',
  signed: 'You have signed. It is waiting for the other signature',
  complete: 'Signed by both. This version is now in force and cannot be changed',
  reviewed: 'Effectiveness review recorded',
  'reviewed-change': 'Effectiveness review recorded. Start a new version to change the agreement',
};

export function agreementRoutes(services: Services) {
  const caller = async (request: FastifyRequest): Promise<Caller> => ({
    user: request.currentSession!.user,
    actor: await actorOf(request, services.access),
    requestId: request.id,
  });
  const agreements = services.agreements;

  async function renderEdit(
    reply: FastifyReply,
    c: Caller,
    id: string,
    values: FormValues,
    errors?: FormErrors,
  ) {
    const page = await agreements.editForm(c, id);
    return reply.code(errors?.any ? 400 : 200).view(view('edit'), {
      title: `Change the ${page.word}`,
      page,
      values,
      labels,
      ...errorLocals(errors),
    });
  }

  async function renderAgreement(
    reply: FastifyReply,
    c: Caller,
    id: string,
    extra: { done?: string | undefined; problem?: string; status?: number } = {},
  ) {
    const page = await agreements.agreementPage(c, id);
    return reply.code(extra.status ?? 200).view(view('agreement'), {
      title: `${page.template.title}, version ${page.agreement.version}`,
      page,
      labels,
      shownAnswer,
      done: extra.done ? doneMessages[extra.done] : undefined,
      problem: extra.problem,
    });
  }

  function renderConflict(
    reply: FastifyReply,
    options: {
      agreementId: string;
      template: Parameters<typeof conflictRows>[0];
      form: FormValues;
      yours: Parameters<typeof conflictRows>[1];
      result: Conflict;
      word: string;
    },
  ) {
    return reply.code(409).view(view('conflict'), {
      title: `This ${options.word} was changed while you were editing it`,
      rows: conflictRows(options.template, options.yours, options.result.current),
      action: `/agreements/${options.agreementId}/edit`,
      backHref: `/agreements/${options.agreementId}`,
      resubmit: { ...options.form, version: options.result.current.versionToken },
      word: options.word,
    });
  }

  return async (app: FastifyInstance) => {
    app.get<{ Querystring: { staff?: string } }>('/agreements', async (request, reply) => {
      const c = await caller(request);
      const page = await agreements.overview(c, request.query.staff);
      const title = page.person
        ? `Supervision ${page.word}s for ${page.person.name}`
        : `Supervision ${page.word}s`;
      return reply.view(view('list'), { title, page, labels });
    });

    app.get<{ Params: RelationshipParams; Querystring: { done?: string } }>(
      '/agreements/relationships/:relationshipId',
      async (request, reply) => {
        const c = await caller(request);
        const page = await agreements.relationshipPage(c, request.params.relationshipId);
        return reply.view(view('relationship'), {
          title: `${page.rel.superviseeName} and ${page.rel.supervisorName}`,
          page,
          labels,
          done: doneMessages[request.query.done ?? ''],
        });
      },
    );

    app.post<{ Params: RelationshipParams }>(
      '/agreements/relationships/:relationshipId/new',
      async (request, reply) => {
        const c = await caller(request);
        const result = await agreements.create(c, request.params.relationshipId, {});
        if (result.outcome === 'saved')
          return reply.redirect(`/agreements/${result.agreement.id}/edit?done=created`, 303);
        if (result.outcome === 'open')
          return reply.redirect(`/agreements/${result.agreement.id}`, 303);
        const page = await agreements.relationshipPage(c, request.params.relationshipId);
        return reply.code(400).view(view('relationship'), {
          title: `${page.rel.superviseeName} and ${page.rel.supervisorName}`,
          page,
          labels,
          problem: (result.problems[0] as Problem).message,
        });
      },
    );

    app.get<{ Params: RelationshipParams }>(
      '/agreements/relationships/:relationshipId/effectiveness-reviews/new',
      async (request, reply) => {
        const c = await caller(request);
        const page = await agreements.reviewForm(c, request.params.relationshipId);
        return reply.view(view('review-form'), {
          title: 'Record an effectiveness review',
          page,
          labels,
        });
      },
    );

    app.post<{ Params: RelationshipParams }>(
      '/agreements/relationships/:relationshipId/effectiveness-reviews/new',
      async (request, reply) => {
        const c = await caller(request);
        const { relationshipId } = request.params;
        const result = await agreements.addReview(c, relationshipId, formValues(request.body));
        if (result.outcome === 'saved')
          return reply.redirect(
            `/agreements/relationships/${relationshipId}?done=${result.changesNeeded ? 'reviewed-change' : 'reviewed'}#effectiveness`,
            303,
          );
        return reply.code(400).view(view('review-form'), {
          title: 'Record an effectiveness review',
          page: result.page,
          labels,
          ...errorLocals(result.page.errors),
        });
      },
    );

    app.get<{ Params: IdParams; Querystring: { done?: string } }>(
      '/agreements/:id',
      async (request, reply) =>
        renderAgreement(reply, await caller(request), request.params.id, {
          done: request.query.done,
        }),
    );

    app.get<{ Params: IdParams; Querystring: { done?: string } }>(
      '/agreements/:id/edit',
      async (request, reply) => {
        const c = await caller(request);
        const page = await agreements.editForm(c, request.params.id);
        if (page.agreement.status !== 'draft' && page.agreement.status !== 'awaiting_signatures')
          return reply.redirect(`/agreements/${page.agreement.id}`, 303);
        return reply.view(view('edit'), {
          title: `Change the ${page.word}`,
          page,
          values: agreementToForm(page.template, page.agreement),
          labels,
          done: doneMessages[request.query.done ?? ''],
        });
      },
    );

    app.post<{ Params: IdParams }>('/agreements/:id/edit', async (request, reply) => {
      const c = await caller(request);
      const { id } = request.params;
      const form = formValues(request.body);
      const { template, word } = await agreements.editForm(c, id);
      const { input, errors } = readAgreementForm(template, form);
      if (errors.any) return renderEdit(reply, c, id, form, errors);
      const result = await agreements.update(c, id, form.version ?? '', input, { merge: false });
      if (result.outcome === 'invalid')
        return renderEdit(reply, c, id, form, addProblems(template, errors, result.problems));
      if (result.outcome === 'conflict')
        return renderConflict(reply, {
          agreementId: id,
          template,
          form,
          yours: input,
          result,
          word,
        });
      if (result.outcome === 'fixed') return reply.redirect(`/agreements/${id}`, 303);
      if (form.action !== 'send') return reply.redirect(`/agreements/${id}?done=saved`, 303);
      const sent = await agreements.send(c, id, result.agreement.versionToken);
      if (sent.outcome === 'saved') return reply.redirect(`/agreements/${id}?done=sent`, 303);
      if (sent.outcome === 'invalid')
        return renderEdit(
          reply,
          c,
          id,
          agreementToForm(template, result.agreement),
          addProblems(template, new FormErrors(), sent.problems),
        );
      return renderAgreement(reply, c, id, { problem: sent.message, status: 409 });
    });

    app.post<{ Params: IdParams }>('/agreements/:id/send', async (request, reply) => {
      const c = await caller(request);
      const { id } = request.params;
      const form = formValues(request.body);
      const result = await agreements.send(c, id, form.version || undefined);
      if (result.outcome === 'saved') return reply.redirect(`/agreements/${id}?done=sent`, 303);
      if (result.outcome === 'invalid') {
        // What is missing is answered on the form, so the form shows where.
        const { template, agreement } = await agreements.editForm(c, id);
        return renderEdit(
          reply,
          c,
          id,
          agreementToForm(template, agreement),
          addProblems(template, new FormErrors(), result.problems),
        );
      }
      return renderAgreement(reply, c, id, { problem: result.message, status: 409 });
    });

    app.get<{ Params: IdParams }>('/agreements/:id/sign', async (request, reply) => {
      const c = await caller(request);
      const page = await agreements.agreementPage(c, request.params.id);
      if (!page.canSign) return reply.redirect(`/agreements/${page.agreement.id}`, 303);
      return reply.view(view('sign'), {
        title: `Sign the ${page.word}`,
        page,
        labels,
        shownAnswer,
        values: { version: page.agreement.versionToken },
      });
    });

    app.post<{ Params: IdParams }>('/agreements/:id/sign', async (request, reply) => {
      const c = await caller(request);
      const { id } = request.params;
      const form = formValues(request.body);
      if (form.confirm !== 'yes') {
        const page = await agreements.agreementPage(c, id);
        const errors = new FormErrors().add(
          'confirm',
          `Confirm that you have read and agree to this ${page.word}`,
        );
        if (!page.canSign) return reply.redirect(`/agreements/${id}`, 303);
        return reply.code(400).view(view('sign'), {
          title: `Sign the ${page.word}`,
          page,
          labels,
          shownAnswer,
          values: form,
          ...errorLocals(errors),
        });
      }
      const result = await agreements.sign(c, id, form.version || undefined);
      if (result.outcome === 'saved')
        return reply.redirect(
          `/agreements/${id}?done=${result.agreement.status === 'signed' ? 'complete' : 'signed'}`,
          303,
        );
      return renderAgreement(reply, c, id, { problem: result.message, status: 409 });
    });

    app.post<{ Params: IdParams }>('/agreements/:id/new-version', async (request, reply) => {
      const c = await caller(request);
      const { id } = request.params;
      const result = await agreements.startNewVersion(c, id);
      if (result.outcome === 'saved')
        return reply.redirect(`/agreements/${result.agreement.id}/edit?done=created`, 303);
      if (result.outcome === 'open')
        return reply.redirect(`/agreements/${result.agreement.id}`, 303);
      const message =
        result.outcome === 'invalid'
          ? (result.problems[0] as Problem).message
          : (result as { message: string }).message;
      return renderAgreement(reply, c, id, {
        problem: message,
        status: result.outcome === 'invalid' ? 400 : 409,
      });
    });
  };
}
