/**
 * The planning pages under /planning: the planner, views by team and by person, plan the year
 * (with a check-your-answers page), booking, changing a session (a conflict page when someone
 * else saved it first), its status, and the preparation page.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SupervisionSession } from '../../data-access/supervision-session-repository.ts';
import { isIsoDate } from '../../domain/calendar/iso-date.ts';
import { type OutcomeStatus, outcomeStatuses } from '../../domain/planning/sessions.ts';
import { sessionWindow, timeOfDay } from '../../domain/planning/time.ts';
import type { SessionKind } from '../../domain/policy/vocabulary.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../../web/actor.ts';
import { errorLocals, FormErrors, type FormValues, formValues, readText } from '../../web/forms.ts';
import { notAllowed, notFound } from '../../web/http-errors.ts';
import { govukDate } from '../../web/view-filters.ts';
import { cancellationReasonLabels, labels } from './labels.ts';
import {
  formList,
  problemsToErrors,
  readMinutes,
  readStatusChange,
  readTime,
  readWhen,
  sessionToForm,
} from './session-forms.ts';

type Id = { id: string };

const view = (name: string) => `planning/views/${name}.njk`;

/** Banners after a change, keyed so no text from the address is ever shown. */
const savedMessages: Record<string, string> = {
  booked: 'Session booked',
  changed: 'Session changed',
  status: 'Status saved',
  postponed: 'Session postponed and the new one booked',
  agenda: 'Agenda item added',
  agenda_removed: 'Agenda item removed',
  child: 'Child added',
  child_removed: 'Child removed',
};

/** '10:00 to 11:30', or why there is no time. */
export function sessionTime(session: Pick<SupervisionSession, 'startsAt' | 'minutes'>): string {
  if (session.startsAt === null) return 'No time set';
  const [start, end] = sessionWindow(session.startsAt, session.minutes);
  return session.minutes === null
    ? `${timeOfDay(start)} (length not recorded)`
    : `${timeOfDay(start)} to ${timeOfDay(end)}`;
}

/** '3 March 2027, 10:00 to 11:30', or '3 March 2027 (no time set)'. */
export function sessionWhen(session: Pick<SupervisionSession, 'date' | 'startsAt' | 'minutes'>) {
  return session.startsAt === null
    ? `${govukDate(session.date)} (no time set)`
    : `${govukDate(session.date)}, ${sessionTime(session)}`;
}

const kindPaths: Record<string, SessionKind> = {
  'one-to-one': 'one_to_one',
  group: 'group',
  'group-learning': 'group_learning',
};

const helpers = { labels, sessionTime, sessionWhen, cancellationReasonLabels };

export function planningRoutes(services: Services) {
  const { sessions, planner, preparation } = services.planning;
  const context = async (request: FastifyRequest) => ({
    user: request.currentSession!.user,
    actor: await actorOf(request, services.access),
  });

  return async (app: FastifyInstance) => {
    // The planner, by team and by person ------------------------------------------------------

    app.get<{ Querystring: { booked?: string } }>('/planning', async (request, reply) => {
      const { user, actor } = await context(request);
      const page = await planner.planner(user, actor);
      const booked = Number.parseInt(request.query.booked ?? '', 10);
      return reply.view(view('planner'), {
        title: 'Planning',
        page,
        booked: Number.isFinite(booked) && booked > 0 ? booked : undefined,
        ...helpers,
      });
    });

    app.get<{ Querystring: { team?: string } }>('/planning/teams', async (request, reply) => {
      const { user, actor } = await context(request);
      if (request.query.team)
        return reply.redirect(`/planning/teams/${encodeURIComponent(request.query.team)}`, 303);
      const page = await planner.team(user, actor, undefined);
      return reply.view(view('team'), { title: 'Sessions by team', page, ...helpers });
    });

    app.get<{ Params: { teamId: string } }>('/planning/teams/:teamId', async (request, reply) => {
      const { user, actor } = await context(request);
      const page = await planner.team(user, actor, request.params.teamId);
      return reply.view(view('team'), {
        title: page.team?.name ?? 'Sessions by team',
        page,
        ...helpers,
      });
    });

    app.get<{ Params: Id }>('/planning/people/:id', async (request, reply) => {
      const { user, actor } = await context(request);
      const page = await planner.person(user, actor, request.params.id);
      return reply.view(view('person'), {
        title: page.self ? 'Your supervision' : `Supervision of ${page.person.name}`,
        page,
        ...helpers,
      });
    });

    // Plan the year ---------------------------------------------------------------------------

    const planTitle = (name: string) => `Plan the year for ${name}`;

    app.get<{ Params: Id }>('/planning/people/:id/plan', async (request, reply) => {
      const { user, actor } = await context(request);
      const page = await planner.proposal(user, actor, request.params.id);
      const values = {
        startsAt: '10:00',
        minutes: String(page.schedule.minimumMinutes ?? 60),
        location: '',
      };
      return reply.view(view('plan-form'), { title: planTitle(page.person.name), page, values });
    });

    /** Reads the time, length and place every proposed session takes. */
    function readPlanFields(form: FormValues, errors: FormErrors) {
      const startsAt = readTime(form, errors, 'startsAt', 'Start time', true);
      const minutes = readMinutes(form, errors);
      const location = readText(form, errors, 'location', 'Where', { max: 200 });
      if (errors.any || !startsAt || minutes === undefined || minutes === null) return undefined;
      return { startsAt, minutes, location };
    }

    app.post<{ Params: Id }>('/planning/people/:id/plan', async (request, reply) => {
      const { user, actor } = await context(request);
      const page = await planner.proposal(user, actor, request.params.id);
      const form = formValues(request.body);
      const errors = new FormErrors();
      const fields = readPlanFields(form, errors);
      if (!fields)
        return reply.code(400).view(view('plan-form'), {
          title: planTitle(page.person.name),
          page,
          values: form,
          ...errorLocals(errors),
        });
      return reply.view(view('plan-check'), {
        title: `Check the sessions for ${page.person.name}`,
        page,
        values: form,
        chosen: page.schedule.proposals,
        ...helpers,
      });
    });

    app.post<{ Params: Id }>('/planning/people/:id/plan/confirm', async (request, reply) => {
      const { user, actor } = await context(request);
      const page = await planner.proposal(user, actor, request.params.id);
      const form = formValues(request.body);
      const chosen = formList(request.body, 'dates').filter(isIsoDate);
      const errors = new FormErrors();
      const fields = readPlanFields(form, errors);
      const again = (errs: FormErrors) =>
        reply.code(400).view(view('plan-check'), {
          title: `Check the sessions for ${page.person.name}`,
          page,
          values: form,
          chosen,
          ...helpers,
          ...errorLocals(errs),
        });
      if (!fields) return again(errors);
      if (chosen.length === 0) {
        errors.add('dates', 'Select at least one date to book', { href: '#dates' });
        return again(errors);
      }
      if (!page.supervisor) throw notFound();
      const result = await sessions.book(
        user,
        actor,
        chosen.map((date) => ({
          kind: 'one_to_one' as const,
          date,
          ...fields,
          supervisorId: page.supervisor!.id,
          participantIds: [page.person.id],
        })),
        request.id,
      );
      if (result.outcome === 'saved')
        return reply.redirect(`/planning?booked=${result.ids.length}`, 303);
      const problems = new FormErrors();
      for (const problem of result.outcome === 'invalid' ? result.problems : [])
        problems.add(
          problem.field === 'minutes' || problem.field === 'location' ? problem.field : 'dates',
          problem.message,
          {
            href:
              problem.field === 'minutes' || problem.field === 'location'
                ? `#${problem.field}`
                : '#dates',
          },
        );
      return again(problems);
    });

    // Booking -----------------------------------------------------------------------------------

    // A GET form: a browser leaves out an unticked question, so `asked` says it was sent.
    app.get<{ Querystring: { kind?: string; asked?: string } }>(
      '/planning/sessions/new',
      async (request, reply) => {
        const { kind, asked } = request.query;
        if (kind && kindPaths[kind]) return reply.redirect(`/planning/sessions/new/${kind}`, 303);
        const errors = new FormErrors();
        if (asked !== undefined || kind !== undefined)
          errors.add('kind', 'Select the kind of session', { href: '#kind' });
        return reply
          .code(errors.any ? 400 : 200)
          .view(view('choose-kind'), { title: 'Book a session', ...errorLocals(errors) });
      },
    );

    const bookTitle = (kind: SessionKind) =>
      ({
        one_to_one: 'Book a one-to-one supervision',
        unplanned: 'Book a supervision',
        group: 'Book a group supervision',
        group_learning: 'Book a group learning session',
      })[kind];

    async function bookingPage(
      request: FastifyRequest<{
        Params: { kind: string };
        Querystring: { staffId?: string; team?: string };
      }>,
    ) {
      const kind = kindPaths[request.params.kind];
      if (!kind) throw notFound();
      const { user, actor } = await context(request);
      const choices = await planner.bookingChoices(user, actor, kind, request.query.team);
      return { kind, user, actor, choices };
    }

    app.get<{ Params: { kind: string }; Querystring: { staffId?: string; team?: string } }>(
      '/planning/sessions/new/:kind',
      async (request, reply) => {
        const { kind, actor, choices } = await bookingPage(request);
        const values: FormValues = {
          supervisorId: actor.staffId ?? '',
          superviseeId: request.query.staffId ?? '',
          startsAt: '10:00',
          minutes: kind === 'group_learning' ? '120' : '90',
          location: '',
        };
        return reply.view(view('book'), {
          title: bookTitle(kind),
          kind,
          kindPath: request.params.kind,
          choices,
          values,
          participants: [],
        });
      },
    );

    app.post<{ Params: { kind: string }; Querystring: { staffId?: string; team?: string } }>(
      '/planning/sessions/new/:kind',
      async (request, reply) => {
        const { kind, user, actor, choices } = await bookingPage(request);
        const form = formValues(request.body);
        const participants = formList(request.body, 'participants');
        const errors = new FormErrors();
        const group = kind === 'group' || kind === 'group_learning';
        if (!group && !form.superviseeId) errors.add('superviseeId', 'Select the supervisee');
        if (group && participants.length === 0)
          errors.add('participants', 'Select at least one person to attend', {
            href: '#participants',
          });
        if (!form.supervisorId)
          errors.add(
            'supervisorId',
            group ? 'Select who leads the session' : 'Select the supervisor',
          );
        const when = readWhen(form, errors);
        const invalid = (errs: FormErrors) =>
          reply.code(400).view(view('book'), {
            title: bookTitle(kind),
            kind,
            kindPath: request.params.kind,
            choices,
            values: form,
            participants,
            ...errorLocals(errs),
          });
        if (!when || errors.any) return invalid(errors);
        const result = await sessions.book(
          user,
          actor,
          [
            {
              kind,
              ...when,
              supervisorId: form.supervisorId!,
              participantIds: group ? participants : [form.superviseeId!],
              teamId: group ? (choices.team?.id ?? form.teamId ?? null) : null,
            },
          ],
          request.id,
        );
        if (result.outcome === 'saved')
          return reply.redirect(`/planning/sessions/${result.ids[0]}?saved=booked`, 303);
        return invalid(problemsToErrors(result.outcome === 'invalid' ? result.problems : [], kind));
      },
    );

    // A session ---------------------------------------------------------------------------------

    app.get<{ Params: Id; Querystring: { saved?: string } }>(
      '/planning/sessions/:id',
      async (request, reply) => {
        const { user, actor } = await context(request);
        const page = await planner.session(user, actor, request.params.id);
        return reply.view(view('session'), {
          title: `${labels.sessionKind[page.session.kind]} on ${govukDate(page.session.date)}`,
          page,
          selfAssessment: await services.selfAssessments.summary(user, actor, page.session),
          saved: savedMessages[request.query.saved ?? ''],
          ...helpers,
        });
      },
    );

    app.get<{ Params: Id }>('/planning/sessions/:id/edit', async (request, reply) => {
      const { user, actor } = await context(request);
      const { session, may } = await sessions.load(user, actor, request.params.id);
      if (!may.edit) throw notAllowed();
      return reply.view(view('edit'), {
        title: 'Change the session',
        session,
        values: sessionToForm(session),
        ...helpers,
      });
    });

    app.post<{ Params: Id }>('/planning/sessions/:id/edit', async (request, reply) => {
      const { user, actor } = await context(request);
      const { session } = await sessions.load(user, actor, request.params.id);
      const form = formValues(request.body);
      const errors = new FormErrors();
      const when = readWhen(form, errors);
      const invalid = (errs: FormErrors) =>
        reply.code(400).view(view('edit'), {
          title: 'Change the session',
          session,
          values: form,
          ...helpers,
          ...errorLocals(errs),
        });
      if (!when) return invalid(errors);
      const result = await sessions.edit(
        user,
        actor,
        session.id,
        form.version ?? '',
        when,
        request.id,
      );
      if (result.outcome === 'saved')
        return reply.redirect(`/planning/sessions/${session.id}?saved=changed`, 303);
      if (result.outcome === 'conflict') return renderConflict(reply, form, result.current);
      return invalid(problemsToErrors(result.problems, session.kind));
    });

    /** Both versions side by side; theirs goes back with the saved version, so nothing is lost. */
    function renderConflict(reply: FastifyReply, yours: FormValues, saved: SupervisionSession) {
      const theirs = sessionToForm(saved);
      const dateOf = (values: FormValues) => {
        const iso = `${values['date-year']}-${(values['date-month'] ?? '').padStart(2, '0')}-${(values['date-day'] ?? '').padStart(2, '0')}`;
        return isIsoDate(iso)
          ? govukDate(iso)
          : `${values['date-day']}/${values['date-month']}/${values['date-year']}`;
      };
      const rows = [
        ['Date', dateOf(yours), dateOf(theirs)],
        ['Start time', yours.startsAt ?? '', theirs.startsAt ?? ''],
        ['Length in minutes', yours.minutes ?? '', theirs.minutes ?? ''],
        ['Where', yours.location ?? '', theirs.location ?? ''],
      ].map(([label, mine, other]) => ({
        label: label!,
        yours: mine || 'Not given',
        saved: other || 'Not given',
        differs: (mine || '') !== (other || ''),
      }));
      return reply.code(409).view(view('conflict'), {
        title: 'This session was changed while you were editing it',
        conflict: {
          heading: 'This session was changed while you were editing it',
          action: `/planning/sessions/${saved.id}/edit`,
          backHref: `/planning/sessions/${saved.id}`,
          rows,
          resubmit: { ...yours, version: saved.version },
          status: saved.status,
        },
      });
    }

    /** The statuses this person may choose: all to an editor; postponing to the supervisee. */
    const statusesFor = (may: { edit: boolean; reschedule: boolean }): OutcomeStatus[] =>
      may.edit ? [...outcomeStatuses] : may.reschedule ? ['postponed'] : [];

    app.get<{ Params: Id }>('/planning/sessions/:id/status', async (request, reply) => {
      const { user, actor } = await context(request);
      const { session, may } = await sessions.load(user, actor, request.params.id);
      const statuses = statusesFor(may);
      if (statuses.length === 0) throw notAllowed();
      return reply.view(view('status'), {
        title: 'What happened to the session?',
        session,
        statuses,
        values: {
          version: session.version,
          ...(statuses.length === 1 ? { status: statuses[0] } : {}),
        },
        ...helpers,
      });
    });

    app.post<{ Params: Id }>('/planning/sessions/:id/status', async (request, reply) => {
      const { user, actor } = await context(request);
      const { session, may } = await sessions.load(user, actor, request.params.id);
      const statuses = statusesFor(may);
      if (statuses.length === 0) throw notAllowed();
      const form = formValues(request.body);
      const errors = new FormErrors();
      const change = readStatusChange(form, errors, statuses);
      const invalid = (errs: FormErrors) =>
        reply.code(400).view(view('status'), {
          title: 'What happened to the session?',
          session,
          statuses,
          values: form,
          ...helpers,
          ...errorLocals(errs),
        });
      if (!change) return invalid(errors);
      const result = await sessions.changeStatus(user, actor, session.id, change, {
        version: form.version || undefined,
        requestId: request.id,
      });
      if (result.outcome === 'saved')
        return reply.redirect(
          change.status === 'postponed'
            ? `/planning/sessions/${result.ids[1]}?saved=postponed`
            : `/planning/sessions/${session.id}?saved=status`,
          303,
        );
      if (result.outcome === 'conflict') {
        const errs = new FormErrors();
        errs.add(
          'status',
          `Someone changed this session while you were looking at it: it is now ${labels.sessionStatus[result.current.status].toLowerCase()}. Check it below and try again`,
          { href: '#status' },
        );
        return reply.code(409).view(view('status'), {
          title: 'What happened to the session?',
          session: result.current,
          statuses,
          values: { ...form, version: result.current.version },
          ...helpers,
          ...errorLocals(errs),
        });
      }
      return invalid(problemsToErrors(result.problems, session.kind));
    });

    // Preparation ---------------------------------------------------------------------------------

    async function preparationPage(
      request: FastifyRequest<{ Params: Id; Querystring: { saved?: string } }>,
      reply: FastifyReply,
      extra: { values?: FormValues; errors?: FormErrors; status?: number } = {},
    ) {
      const { user, actor } = await context(request);
      const page = await planner.preparation(user, actor, request.params.id);
      return reply.code(extra.status ?? 200).view(view('preparation'), {
        title: 'Prepare for the session',
        page,
        values: extra.values ?? {},
        saved: savedMessages[request.query.saved ?? ''],
        ...helpers,
        ...errorLocals(extra.errors),
      });
    }

    app.get<{ Params: Id; Querystring: { saved?: string } }>(
      '/planning/sessions/:id/preparation',
      (request, reply) => preparationPage(request, reply),
    );

    const back = (id: string, saved: string, anchor: string) =>
      `/planning/sessions/${id}/preparation?saved=${saved}#${anchor}`;

    app.post<{ Params: Id; Querystring: { saved?: string } }>(
      '/planning/sessions/:id/agenda',
      async (request, reply) => {
        const { user, actor } = await context(request);
        const form = formValues(request.body);
        const result = await preparation.addAgendaItem(
          user,
          actor,
          request.params.id,
          form.text ?? '',
          request.id,
        );
        if (result.outcome === 'saved')
          return reply.redirect(back(request.params.id, 'agenda', 'agenda'), 303);
        const errors = new FormErrors();
        for (const p of result.problems) errors.add(p.field, p.message);
        return preparationPage(request, reply, {
          values: form,
          errors,
          status: 400,
        });
      },
    );

    app.post<{ Params: { id: string; itemId: string } }>(
      '/planning/sessions/:id/agenda/:itemId/remove',
      async (request, reply) => {
        const { user, actor } = await context(request);
        await preparation.removeAgendaItem(
          user,
          actor,
          request.params.id,
          request.params.itemId,
          request.id,
        );
        return reply.redirect(back(request.params.id, 'agenda_removed', 'agenda'), 303);
      },
    );

    app.post<{ Params: Id; Querystring: { saved?: string } }>(
      '/planning/sessions/:id/children',
      async (request, reply) => {
        const { user, actor } = await context(request);
        const form = formValues(request.body);
        const result = await preparation.addChild(
          user,
          actor,
          request.params.id,
          form.childId ?? '',
          request.id,
        );
        if (result.outcome === 'saved')
          return reply.redirect(back(request.params.id, 'child', 'children'), 303);
        const errors = new FormErrors();
        for (const p of result.problems) errors.add(p.field, p.message);
        return preparationPage(request, reply, {
          values: form,
          errors,
          status: 400,
        });
      },
    );

    app.post<{ Params: { id: string; childId: string } }>(
      '/planning/sessions/:id/children/:childId/remove',
      async (request, reply) => {
        const { user, actor } = await context(request);
        await preparation.removeChild(
          user,
          actor,
          request.params.id,
          request.params.childId,
          request.id,
        );
        return reply.redirect(back(request.params.id, 'child_removed', 'children'), 303);
      },
    );
  };
}
