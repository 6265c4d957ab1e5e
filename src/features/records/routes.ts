/**
 * The record pages: the caller's records, starting one (by hand or for a session), a record
 * with its versions, its form (a task list of sections for a long form), the check before
 * sharing, signing or disagreeing, amending, escalating a disagreement, and a print view.
 * Every page works without JavaScript; with it, drafts save as the person types (the same POST
 * answered as JSON).
 */

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { answerText } from '../../domain/records/answers.ts';
import { type FormSection, taskListFrom } from '../../domain/records/form-layout.ts';
import { isStructured } from '../../domain/records/index.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../../web/actor.ts';
import { errorLocals, FormErrors, type FormValues, formValues, readDate } from '../../web/forms.ts';
import { conflictPage } from '../staff/conflict.ts';
import { labels } from './labels.ts';
import {
  addProblems,
  answerId,
  answerName,
  blankActionRows,
  contentToForm,
  readDraftForm,
} from './record-forms.ts';
import type { Caller, Conflict, Problem } from './record-service.ts';

type IdParams = { id: string };

const view = (name: string) => `records/views/${name}.njk`;

const doneMessages: Record<string, string> = {
  started: 'Record started',
  saved: 'Draft saved',
  shared: 'Shared. Each person who signs has been told it is ready',
  locked: 'Signed and locked. It can no longer be changed',
  signed: 'You have signed this record',
  disagreed: 'Your disagreement has been recorded with the record',
  'back-to-draft': 'The record is a draft again',
  amended: 'A new version has been started. The locked version is kept as it was',
  escalated: 'The disagreement has been sent to the line manager',
  answered: 'Your response has been recorded',
  'date-recorded': 'The date it was recorded has been saved',
};

const wantsJson = (request: FastifyRequest) =>
  (request.headers.accept ?? '').includes('application/json');

function problemErrors(problems: readonly Problem[]) {
  const errors = new FormErrors();
  for (const p of problems) errors.add(p.field, p.message);
  return errors;
}

export function recordRoutes(services: Services) {
  const records = services.records;
  const caller = async (request: FastifyRequest): Promise<Caller> => ({
    user: request.currentSession!.user,
    actor: await actorOf(request, services.access),
    requestId: request.id,
  });

  async function renderRecord(
    reply: FastifyReply,
    c: Caller,
    id: string,
    options: {
      version?: number;
      done?: string;
      errors?: FormErrors;
      values?: FormValues;
      template?: string;
      /** The words under any redaction, for those who may read them (the read is logged). */
      original?: boolean;
    } = {},
  ) {
    const page = await records.view(c, id, options.version, { original: !!options.original });
    return reply.code(options.errors?.any ? 400 : 200).view(view(options.template ?? 'record'), {
      title: page.version.headline,
      page,
      labels,
      shownAnswer: answerText,
      answerName,
      answerId,
      values: options.values ?? {},
      done: options.done ? doneMessages[options.done] : undefined,
      ...errorLocals(options.errors),
    });
  }

  /** The sections a form page shows: one of a long form's task list, or all of a short one. */
  function shownSections(sections: readonly FormSection[], sectionId: string | undefined) {
    if (sections.length < taskListFrom) return sections;
    // A long form opens at its first section; the record page's task list leads to the others.
    return sections.filter((s) => s.id === (sectionId ?? sections[0]?.id));
  }

  async function renderEdit(
    reply: FastifyReply,
    c: Caller,
    id: string,
    options: { sectionId?: string; values?: FormValues; errors?: FormErrors; done?: string },
  ) {
    const form = await records.editForm(c, id);
    if (form.outcome === 'not_draft') return reply.redirect(`/records/${id}`, 303);
    const sections = form.sections.filter((s) => form.editable.has(s.id));
    const shown = shownSections(sections, options.sectionId);
    if (shown.length === 0)
      return options.sectionId ? reply.callNotFound() : reply.redirect(`/records/${id}`, 303);
    const values =
      options.values ??
      contentToForm(form.version, form.version.content, form.sections, form.openActions);
    values.sections = shown.map((s) => s.id).join(',');
    return reply.code(options.errors?.any ? 400 : 200).view(view('edit'), {
      title:
        shown.length === 1 && sections.length >= taskListFrom
          ? shown[0]!.heading
          : form.version.headline,
      page: form,
      shown,
      taskList: sections.length >= taskListFrom,
      values,
      labels,
      answerName,
      answerId,
      blankActionRows,
      done: options.done ? doneMessages[options.done] : undefined,
      ...errorLocals(options.errors),
    });
  }

  function renderConflict(
    reply: FastifyReply,
    id: string,
    form: FormValues,
    result: Conflict,
    sections: readonly FormSection[],
  ) {
    const saved = contentToForm(result.current, result.current.content, sections, []);
    const fields = sections.flatMap((s) =>
      s.fields
        .filter((f) => !isStructured(f))
        .map((f) => ({
          key: f.type === 'date' ? answerId(f.key) : answerName(f.key),
          label: f.label,
          date: f.type === 'date',
        })),
    );
    const actionRows = Math.max(
      Number(form['action-count'] ?? 0),
      result.current.content.actions.length,
    );
    for (let n = 0; n < actionRows; n++)
      fields.push({ key: `action-${n}-description`, label: `Action ${n + 1}`, date: false });
    const conflict = conflictPage({
      heading: 'This record was changed while you were writing',
      action: `/records/${id}/edit`,
      backHref: `/records/${id}/edit`,
      fields,
      yours: form,
      saved,
      savedVersion: form.version ?? '',
    });
    conflict.resubmit.revision = String(result.current.revision);
    return reply.code(409).view('staff/views/conflict.njk', {
      title: conflict.heading,
      conflict,
    });
  }

  return async (app: FastifyInstance) => {
    app.get('/records', async (request, reply) => {
      const page = await records.mine(await caller(request));
      return reply.view(view('list'), { title: 'Supervision records', page, labels });
    });

    app.get<{ Querystring: Record<string, string> }>('/records/new', async (request, reply) => {
      const form = await records.startForm(await caller(request));
      return reply.view(view('start'), {
        title: 'Start a record',
        form,
        labels,
        values: request.query,
      });
    });

    app.post('/records', async (request, reply) => {
      const c = await caller(request);
      const form = formValues(request.body);
      const errors = new FormErrors();
      const date = readDate(form, errors, 'date', 'Date', {
        required: 'Enter the date it happened',
      });
      const result = await records.start(c, { ...form, ...(date ? { date } : {}) });
      if (result.outcome === 'saved')
        return reply.redirect(`/records/${result.id}/edit?done=started`, 303);
      // The date input's own message first (a date that is not real), then the service's.
      for (const p of result.problems)
        errors.add(p.field, p.message, p.field === 'date' ? { href: '#date-day' } : {});
      return reply.code(400).view(view('start'), {
        title: 'Start a record',
        form: await records.startForm(c),
        labels,
        values: form,
        ...errorLocals(errors),
      });
    });

    app.get<{ Params: { sessionId: string } }>(
      '/planning/sessions/:sessionId/records',
      async (request, reply) => {
        const page = await records.forSession(await caller(request), request.params.sessionId, {
          create: false,
        });
        return reply.view(view('session-records'), {
          title: 'Records of this supervision',
          page,
          labels,
        });
      },
    );

    app.post<{ Params: { sessionId: string } }>(
      '/planning/sessions/:sessionId/records',
      async (request, reply) => {
        const page = await records.forSession(await caller(request), request.params.sessionId, {
          create: true,
        });
        const first = page.records[0];
        return reply.redirect(
          page.records.length === 1 && first
            ? `/records/${first.id}/edit?done=started`
            : `/planning/sessions/${request.params.sessionId}/records`,
          303,
        );
      },
    );

    app.get<{ Params: IdParams; Querystring: { done?: string; original?: string } }>(
      '/records/:id',
      async (request, reply) =>
        renderRecord(reply, await caller(request), request.params.id, {
          done: request.query.done,
          original: request.query.original === 'yes',
        }),
    );

    app.get<{ Params: IdParams & { version: string } }>(
      '/records/:id/versions/:version',
      async (request, reply) => {
        const version = Number(request.params.version);
        if (!Number.isInteger(version) || version < 1) return reply.callNotFound();
        return renderRecord(reply, await caller(request), request.params.id, { version });
      },
    );

    app.get<{ Params: IdParams; Querystring: { version?: string; original?: string } }>(
      '/records/:id/print',
      async (request, reply) => {
        const version = request.query.version ? Number(request.query.version) : undefined;
        return renderRecord(reply, await caller(request), request.params.id, {
          ...(version && Number.isInteger(version) ? { version } : {}),
          template: 'print',
          original: request.query.original === 'yes',
        });
      },
    );

    app.get<{ Params: IdParams; Querystring: { section?: string; done?: string } }>(
      '/records/:id/edit',
      async (request, reply) =>
        renderEdit(reply, await caller(request), request.params.id, {
          ...(request.query.section ? { sectionId: request.query.section } : {}),
          ...(request.query.done ? { done: request.query.done } : {}),
        }),
    );

    app.post<{ Params: IdParams }>('/records/:id/edit', async (request, reply) => {
      const c = await caller(request);
      const id = request.params.id;
      const form = formValues(request.body);
      const editForm = await records.draftLayout(c, id);
      if (editForm.outcome === 'not_draft') {
        if (wantsJson(request))
          return reply
            .code(409)
            .send({ conflict: true, message: 'This record is no longer a draft' });
        return reply.redirect(`/records/${id}`, 303);
      }
      const read = readDraftForm(form, editForm.sections);
      if (form.intent === 'add-action') {
        form['action-count'] = String(Number(form['action-count'] ?? 0) + 1);
        return renderEdit(reply, c, id, {
          sectionId: read.input.sectionIds?.[0] ?? '',
          values: form,
        });
      }
      const result = read.errors.any
        ? { outcome: 'invalid' as const, problems: [] }
        : await records.save(c, id, read.input);
      if (wantsJson(request)) {
        if (result.outcome === 'saved')
          return reply.send({ revision: result.revision, savedAt: new Date().toISOString() });
        if (result.outcome === 'invalid')
          return reply.code(400).send({
            problems: result.problems.length
              ? result.problems
              : read.errors.list.map((e) => ({ field: e.href.slice(1), message: e.text })),
          });
        return reply
          .code(409)
          .send({ conflict: true, message: 'Someone else saved this draft after you opened it' });
      }
      if (result.outcome === 'invalid') {
        addProblems(read.errors, result.problems, read);
        return renderEdit(reply, c, id, {
          sectionId: read.input.sectionIds?.[0] ?? '',
          values: form,
          errors: read.errors,
        });
      }
      if (result.outcome === 'conflict')
        return renderConflict(reply, id, form, result, editForm.sections);
      if (result.outcome === 'fixed') return reply.redirect(`/records/${id}`, 303);
      if (form.intent === 'share') return reply.redirect(`/records/${id}/share`, 303);
      // The task list's next section, or the record when this was the last (or the only) page.
      const sections = editForm.sections.filter((s) => editForm.editable.has(s.id));
      if (sections.length >= taskListFrom && form.intent === 'continue') {
        const at = sections.findIndex((s) => s.id === read.input.sectionIds?.[0]);
        const next = sections[at + 1];
        if (next)
          return reply.redirect(`/records/${id}/edit?section=${encodeURIComponent(next.id)}`, 303);
      }
      return reply.redirect(`/records/${id}?done=saved`, 303);
    });

    app.get<{ Params: IdParams }>('/records/:id/share', async (request, reply) => {
      const check = await records.shareCheck(await caller(request), request.params.id);
      return reply.view(view('share'), {
        title: 'Check the record before you share it',
        check,
        labels,
        answerId,
      });
    });

    app.post<{ Params: IdParams }>('/records/:id/share', async (request, reply) => {
      const c = await caller(request);
      const form = formValues(request.body);
      const result = await records.share(c, request.params.id, Number(form.revision));
      if (result.outcome === 'shared')
        return reply.redirect(
          `/records/${request.params.id}?done=${result.locked ? 'locked' : 'shared'}`,
          303,
        );
      if (result.outcome === 'fixed') return reply.redirect(`/records/${request.params.id}`, 303);
      const check = await records.shareCheck(c, request.params.id);
      return reply.code(result.outcome === 'conflict' ? 409 : 400).view(view('share'), {
        title: 'Check the record before you share it',
        check,
        labels,
        answerId,
        ...(result.outcome === 'conflict'
          ? {
              problem:
                'Someone saved the draft after you opened this page. Check it again, then share it.',
            }
          : {}),
      });
    });

    app.post<{ Params: IdParams }>('/records/:id/return-to-draft', async (request, reply) => {
      await records.returnToDraft(await caller(request), request.params.id);
      return reply.redirect(`/records/${request.params.id}?done=back-to-draft`, 303);
    });

    app.get<{ Params: IdParams }>('/records/:id/sign', async (request, reply) => {
      const page = await records.signForm(await caller(request), request.params.id);
      return reply.view(view('sign'), {
        title: 'Sign the record',
        page,
        labels,
        shownAnswer: answerText,
        values: {},
      });
    });

    app.post<{ Params: IdParams }>('/records/:id/sign', async (request, reply) => {
      const c = await caller(request);
      const form = formValues(request.body);
      const result = await records.sign(c, request.params.id, form);
      if (result.outcome === 'invalid') {
        const page = await records.signForm(c, request.params.id);
        return reply.code(400).view(view('sign'), {
          title: 'Sign the record',
          page,
          labels,
          shownAnswer: answerText,
          values: form,
          ...errorLocals(problemErrors(result.problems)),
        });
      }
      if (result.outcome === 'conflict')
        return reply.redirect(`/records/${request.params.id}`, 303);
      const done = result.locked ? 'locked' : form.decision === 'disagree' ? 'disagreed' : 'signed';
      return reply.redirect(`/records/${request.params.id}?done=${done}`, 303);
    });

    app.post<{ Params: IdParams }>('/records/:id/amend', async (request, reply) => {
      const c = await caller(request);
      const form = formValues(request.body);
      const result = await records.amend(c, request.params.id, form.reason);
      if (result.outcome === 'invalid')
        return renderRecord(reply, c, request.params.id, {
          errors: problemErrors(result.problems),
          values: form,
        });
      if (result.outcome === 'conflict')
        return reply.redirect(`/records/${request.params.id}`, 303);
      return reply.redirect(`/records/${request.params.id}/edit?done=amended`, 303);
    });

    app.post<{ Params: IdParams }>('/records/:id/date-recorded', async (request, reply) => {
      const c = await caller(request);
      const form = formValues(request.body);
      const errors = new FormErrors();
      const date = readDate(form, errors, 'dateRecorded', 'Date recorded', { required: true });
      const result = errors.any
        ? undefined
        : await records.recordDateRecorded(c, request.params.id, date ?? undefined);
      if (result?.outcome === 'saved')
        return reply.redirect(`/records/${request.params.id}?done=date-recorded`, 303);
      if (result) addProblems(errors, result.problems, { actionAt: [], reviewAt: [] });
      return renderRecord(reply, c, request.params.id, { errors, values: form });
    });

    app.post<{ Params: IdParams }>('/records/:id/escalate', async (request, reply) => {
      const c = await caller(request);
      const form = formValues(request.body);
      const result = await records.escalate(c, request.params.id, form.reason);
      if (result.outcome === 'invalid')
        return renderRecord(reply, c, request.params.id, {
          errors: problemErrors(result.problems.map((p) => ({ ...p, field: 'escalation-reason' }))),
          values: { 'escalation-reason': form.reason ?? '' },
        });
      return reply.redirect(`/records/${request.params.id}?done=escalated`, 303);
    });

    app.post<{ Params: IdParams & { escalationId: string } }>(
      '/records/:id/escalations/:escalationId/response',
      async (request, reply) => {
        const c = await caller(request);
        const form = formValues(request.body);
        const result = await records.respond(
          c,
          request.params.id,
          request.params.escalationId,
          form.response,
        );
        if (result.outcome === 'invalid')
          return renderRecord(reply, c, request.params.id, {
            errors: problemErrors(result.problems),
            values: form,
          });
        return reply.redirect(`/records/${request.params.id}?done=answered`, 303);
      },
    );
  };
}
