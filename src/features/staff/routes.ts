import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../../web/actor.ts';
import { errorLocals, type FormErrors, formValues } from '../../web/forms.ts';
import type { ConflictPage } from './conflict.ts';
import { labels } from './labels.ts';
import { changeableKinds } from './supervision-service.ts';

type Params = { id: string };
type AbsenceParams = { id: string; absenceId: string };
type RelationshipParams = { id: string; relationshipId: string };

/** What a page says after a change, keyed so no text from the address is ever shown. */
const savedMessages: Record<string, string> = {
  created: 'Staff member added',
  updated: 'Record saved',
  absence: 'Absence saved',
  returned: 'Return recorded',
  cover: 'Temporary cover added',
  ended: 'Supervision ended',
};

const view = (name: string) => `staff/views/${name}.njk`;

/** What a service says about a posted form. */
type FormOutcome =
  | { outcome: 'saved' }
  | { outcome: 'invalid'; page: { errors?: FormErrors | undefined } }
  | { outcome: 'conflict'; page: ConflictPage };

/**
 * Answers a posted form: on to the page `savedTo` names once it is saved (303), both versions
 * when someone else saved first (409), or the form again as `template` with its errors (400).
 */
export function answerForm<R extends FormOutcome>(
  reply: FastifyReply,
  result: R,
  form: {
    savedTo: (saved: Extract<R, { outcome: 'saved' }>) => string;
    template: string;
    locals: (page: Extract<R, { outcome: 'invalid' }>['page']) => Record<string, unknown>;
  },
) {
  if (result.outcome === 'saved')
    return reply.redirect(form.savedTo(result as Extract<R, { outcome: 'saved' }>), 303);
  if (result.outcome === 'conflict') {
    const page = result.page as ConflictPage;
    return reply.code(409).view(view('conflict'), { title: page.heading, conflict: page });
  }
  const page = result.page as Extract<R, { outcome: 'invalid' }>['page'];
  return reply
    .code(400)
    .view(form.template, { ...form.locals(page), page, ...errorLocals(page.errors) });
}

export function staffRoutes(services: Services) {
  const context = async (request: FastifyRequest) => ({
    user: request.currentSession!.user,
    actor: await actorOf(request, services.access),
  });

  return async (app: FastifyInstance) => {
    app.get<{ Querystring: { team?: string; q?: string; page?: string } }>(
      '/staff',
      async (request, reply) => {
        const { user, actor } = await context(request);
        const list = await services.staff.list(user, actor, request.query);
        const query = (page: number) => {
          const params = new URLSearchParams();
          if (list.teamId) params.set('team', list.teamId);
          if (list.search) params.set('q', list.search);
          if (page > 1) params.set('page', String(page));
          const text = params.toString();
          return text ? `/staff?${text}` : '/staff';
        };
        const pagination = {
          ...(list.page > 1 ? { previous: { href: query(list.page - 1) } } : {}),
          ...(list.page < list.pages ? { next: { href: query(list.page + 1) } } : {}),
          items: Array.from({ length: list.pages }, (_, i) => ({
            number: i + 1,
            href: query(i + 1),
            current: i + 1 === list.page,
          })),
        };
        return reply.view(view('list'), { title: 'Staff', list, pagination, labels });
      },
    );

    app.get('/staff/new', async (request, reply) => {
      const { user, actor } = await context(request);
      const page = await services.staff.newForm(user, actor);
      return reply.view(view('staff-form'), { title: 'Add a staff member', page, labels });
    });

    app.post('/staff/new', async (request, reply) => {
      const { user, actor } = await context(request);
      const result = await services.staff.save(
        user,
        actor,
        undefined,
        formValues(request.body),
        request.id,
      );
      return answerForm(reply, result, {
        savedTo: (saved) => `/staff/${saved.id}?saved=created`,
        template: view('staff-form'),
        locals: () => ({ title: 'Add a staff member', labels }),
      });
    });

    app.get<{ Params: Params; Querystring: { saved?: string } }>(
      '/staff/:id',
      async (request, reply) => {
        const { user, actor } = await context(request);
        const page = await services.staff.page(user, actor, request.params.id, request.id);
        return reply.view(view('staff'), {
          title: page.record.name,
          page,
          labels,
          saved: savedMessages[request.query.saved ?? ''],
        });
      },
    );

    app.get<{ Params: Params }>('/staff/:id/edit', async (request, reply) => {
      const { user, actor } = await context(request);
      const page = await services.staff.editForm(user, actor, request.params.id, request.id);
      return reply.view(view('staff-form'), { title: `Edit ${page.record.name}`, page, labels });
    });

    app.post<{ Params: Params }>('/staff/:id/edit', async (request, reply) => {
      const { user, actor } = await context(request);
      const result = await services.staff.save(
        user,
        actor,
        request.params.id,
        formValues(request.body),
        request.id,
      );
      return answerForm(reply, result, {
        savedTo: (saved) => `/staff/${saved.id}?saved=updated`,
        template: view('staff-form'),
        locals: (page) => ({ title: `Edit ${page.record?.name ?? 'staff member'}`, labels }),
      });
    });

    // Absences ----------------------------------------------------------------------------

    app.get<{ Params: Params }>('/staff/:id/absences/new', async (request, reply) => {
      const { user, actor } = await context(request);
      const page = await services.absences.form(user, actor, request.params.id);
      return reply.view(view('absence-form'), { title: 'Add an absence', page, labels });
    });

    app.get<{ Params: AbsenceParams }>(
      '/staff/:id/absences/:absenceId/edit',
      async (request, reply) => {
        const { user, actor } = await context(request);
        const { id, absenceId } = request.params;
        const page = await services.absences.form(user, actor, id, absenceId);
        return reply.view(view('absence-form'), { title: 'Change an absence', page, labels });
      },
    );

    app.get<{ Params: AbsenceParams }>(
      '/staff/:id/absences/:absenceId/return',
      async (request, reply) => {
        const { user, actor } = await context(request);
        const { id, absenceId } = request.params;
        const page = await services.absences.form(user, actor, id, absenceId);
        return reply.view(view('return-form'), { title: 'Record a return', page, labels });
      },
    );

    const saveAbsence =
      (kind: 'new' | 'edit' | 'return') =>
      async (request: FastifyRequest<{ Params: AbsenceParams }>, reply: FastifyReply) => {
        const { user, actor } = await context(request);
        const { id, absenceId } = request.params;
        const result = await services.absences.save(
          user,
          actor,
          id,
          kind === 'new' ? undefined : absenceId,
          formValues(request.body),
          { returnOnly: kind === 'return', requestId: request.id },
        );
        const title = {
          new: 'Add an absence',
          edit: 'Change an absence',
          return: 'Record a return',
        }[kind];
        return answerForm(reply, result, {
          savedTo: () =>
            `/staff/${id}?saved=${kind === 'return' ? 'returned' : 'absence'}#absences`,
          template: view(kind === 'return' ? 'return-form' : 'absence-form'),
          locals: () => ({ title, labels }),
        });
      };
    app.post('/staff/:id/absences/new', saveAbsence('new'));
    app.post('/staff/:id/absences/:absenceId/edit', saveAbsence('edit'));
    app.post('/staff/:id/absences/:absenceId/return', saveAbsence('return'));

    // Supervisors -------------------------------------------------------------------------

    app.get<{ Params: Params }>('/staff/:id/supervisors/change', async (request, reply) => {
      const { user, actor } = await context(request);
      const page = await services.supervision.changeForm(user, actor, request.params.id);
      return reply.view(view('change-supervisor'), {
        title: 'Change supervisor',
        page,
        labels,
        kinds: changeableKinds,
      });
    });

    app.post<{ Params: Params }>('/staff/:id/supervisors/change', async (request, reply) => {
      const { user, actor } = await context(request);
      const { id } = request.params;
      const result = await services.supervision.change(
        user,
        actor,
        id,
        formValues(request.body),
        request.id,
      );
      return answerForm(reply, result, {
        savedTo: (saved) => `/staff/${id}/supervisors/changed/${saved.relationshipId}`,
        template: view('change-supervisor'),
        locals: () => ({ title: 'Change supervisor', labels, kinds: changeableKinds }),
      });
    });

    app.get<{ Params: RelationshipParams }>(
      '/staff/:id/supervisors/changed/:relationshipId',
      async (request, reply) => {
        const { user, actor } = await context(request);
        const { id, relationshipId } = request.params;
        const page = await services.supervision.afterChange(user, actor, id, relationshipId);
        return reply.view(view('supervisor-changed'), {
          title: 'Supervisor changed',
          page,
          labels,
        });
      },
    );

    app.get<{ Params: Params }>('/staff/:id/supervisors/cover', async (request, reply) => {
      const { user, actor } = await context(request);
      const page = await services.supervision.coverForm(user, actor, request.params.id);
      return reply.view(view('cover-form'), { title: 'Add temporary cover', page, labels });
    });

    app.post<{ Params: Params }>('/staff/:id/supervisors/cover', async (request, reply) => {
      const { user, actor } = await context(request);
      const { id } = request.params;
      const result = await services.supervision.addCover(
        user,
        actor,
        id,
        formValues(request.body),
        request.id,
      );
      return answerForm(reply, result, {
        savedTo: () => `/staff/${id}?saved=cover#supervisors`,
        template: view('cover-form'),
        locals: () => ({ title: 'Add temporary cover', labels }),
      });
    });

    app.get<{ Params: RelationshipParams }>(
      '/staff/:id/supervisors/:relationshipId/end',
      async (request, reply) => {
        const { user, actor } = await context(request);
        const { id, relationshipId } = request.params;
        const page = await services.supervision.endForm(user, actor, id, relationshipId);
        return reply.view(view('end-relationship'), { title: 'End supervision', page, labels });
      },
    );

    app.post<{ Params: RelationshipParams }>(
      '/staff/:id/supervisors/:relationshipId/end',
      async (request, reply) => {
        const { user, actor } = await context(request);
        const { id, relationshipId } = request.params;
        const result = await services.supervision.end(
          user,
          actor,
          id,
          relationshipId,
          formValues(request.body),
          request.id,
        );
        return answerForm(reply, result, {
          savedTo: () => `/staff/${id}?saved=ended#supervisors`,
          template: view('end-relationship'),
          locals: () => ({ title: 'End supervision', labels }),
        });
      },
    );
  };
}
