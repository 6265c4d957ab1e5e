import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../../web/actor.ts';
import type { ConflictPage } from './conflict.ts';
import { type FormErrors, formValues } from './form.ts';
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

/** The error summary list and each field's message, as the templates take them. */
export function errorLocals(errors: FormErrors | undefined) {
  return errors ? { errors: errors.list, fieldErrors: errors.byField } : {};
}

export function renderConflict(reply: FastifyReply, page: ConflictPage) {
  return reply.code(409).view(view('conflict'), { title: page.heading, conflict: page });
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
      if (result.outcome === 'saved')
        return reply.redirect(`/staff/${result.id}?saved=created`, 303);
      if (result.outcome === 'conflict') return renderConflict(reply, result.page);
      return reply.code(400).view(view('staff-form'), {
        title: 'Add a staff member',
        page: result.page,
        labels,
        ...errorLocals(result.page.errors),
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
      if (result.outcome === 'saved')
        return reply.redirect(`/staff/${result.id}?saved=updated`, 303);
      if (result.outcome === 'conflict') return renderConflict(reply, result.page);
      return reply.code(400).view(view('staff-form'), {
        title: `Edit ${result.page.record?.name ?? 'staff member'}`,
        page: result.page,
        labels,
        ...errorLocals(result.page.errors),
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
        if (result.outcome === 'saved')
          return reply.redirect(
            `/staff/${id}?saved=${kind === 'return' ? 'returned' : 'absence'}#absences`,
            303,
          );
        if (result.outcome === 'conflict') return renderConflict(reply, result.page);
        const title = {
          new: 'Add an absence',
          edit: 'Change an absence',
          return: 'Record a return',
        }[kind];
        return reply.code(400).view(view(kind === 'return' ? 'return-form' : 'absence-form'), {
          title,
          page: result.page,
          labels,
          ...errorLocals(result.page.errors),
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
      if (result.outcome === 'saved')
        return reply.redirect(`/staff/${id}/supervisors/changed/${result.relationshipId}`, 303);
      if (result.outcome === 'conflict') return renderConflict(reply, result.page);
      return reply.code(400).view(view('change-supervisor'), {
        title: 'Change supervisor',
        page: result.page,
        labels,
        kinds: changeableKinds,
        ...errorLocals(result.page.errors),
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
      if (result.outcome === 'saved')
        return reply.redirect(`/staff/${id}?saved=cover#supervisors`, 303);
      if (result.outcome === 'conflict') return renderConflict(reply, result.page);
      return reply.code(400).view(view('cover-form'), {
        title: 'Add temporary cover',
        page: result.page,
        labels,
        ...errorLocals(result.page.errors),
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
        if (result.outcome === 'saved')
          return reply.redirect(`/staff/${id}?saved=ended#supervisors`, 303);
        if (result.outcome === 'conflict') return renderConflict(reply, result.page);
        return reply.code(400).view(view('end-relationship'), {
          title: 'End supervision',
          page: result.page,
          labels,
          ...errorLocals(result.page.errors),
        });
      },
    );
  };
}
