/**
 * /dashboards: the team dashboard (`/dashboards/teams/:id`), a unit's or the organisation's
 * (`/dashboards/units/:id`), and `/compliance/obligations`, the obligations behind any figure.
 * Tables sort and filter with links and a GET form, so they work without JavaScript.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isIsoDate, yearWindow } from '../../domain/calendar/iso-date.ts';
import { type Obligation, obligationStates } from '../../domain/compliance/index.ts';
import type { ObligationFilter } from '../../domain/dashboards/index.ts';
import { obligationKinds } from '../../domain/policy/vocabulary.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../../web/actor.ts';
import { readAsOf } from '../../web/as-of.ts';
import { lineChart, trendTable } from '../../web/charts/line-chart.ts';
import { errorLocals, isUuid } from '../../web/forms.ts';
import { notFound } from './dashboard-service.ts';
import { kindLabels, stateLabels, statusLabels } from './labels.ts';
import { obligationRow } from './obligation-rows.ts';
import { type SortSpec, sortRows } from './sorting.ts';

type Query = Record<string, string | string[] | undefined>;
const view = (name: string) => `dashboards/views/${name}.njk`;
const list = (value: string | string[] | undefined): string[] =>
  (Array.isArray(value) ? value : value ? [value] : [])
    .flatMap((v) => v.split(','))
    .filter(Boolean);
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
const pageSize = 100;

export function dashboardRoutes(services: Services) {
  const dashboards = services.dashboards;
  const context = async (request: FastifyRequest) => {
    const user = request.currentSession!.user;
    const actor = await actorOf(request, services.access);
    const today = (await services.planning.sessions.now(user.organisationId)).today;
    const asOf = readAsOf(request.query as Record<string, unknown>, today);
    return { user, actor, today, ...asOf };
  };

  /** The trend chart of a dashboard and the table beside it, from the same figures. */
  const trendFigures = (
    id: string,
    trends: Awaited<ReturnType<typeof dashboards.unit>>['trends'],
  ) => {
    const spec = {
      id,
      title: 'Share met on time each month',
      xLabels: trends[0]?.points.map((p) => p.label) ?? [],
      series: trends.map((t, i) => ({
        name: t.group.label,
        values: t.points.map((p) => p.rate),
        style: (['solid', 'dashed', 'dotted'] as const)[i % 3],
      })),
      yFormat: 'percent' as const,
    };
    return {
      svg: lineChart(spec),
      table: trendTable(spec, { title: 'Share met on time each month', firstColumn: 'Month' }),
    };
  };

  return async (app: FastifyInstance) => {
    app.get('/dashboards', async (request, reply) => {
      const { user, actor } = await context(request);
      const target = await dashboards.home(user, actor);
      if (!target) throw notFound();
      return reply.redirect(target, 303);
    });

    app.get<{ Params: { id: string }; Querystring: Query }>(
      '/dashboards/teams/:id',
      async (request, reply) => {
        if (!isUuid(request.params.id)) throw notFound();
        const c = await context(request);
        const page = await dashboards.team(c.user, c.actor, request.params.id, c.asOf);
        const q = request.query;
        const people: SortSpec = {
          sort: one(q['people-sort']) ?? 'state',
          order: one(q['people-order']) ?? 'asc',
        };
        const children: SortSpec = {
          sort: one(q['children-sort']) ?? 'state',
          order: one(q['children-order']) ?? 'asc',
        };
        const peopleState = one(q['people-state']);
        const childrenState = one(q['children-state']);
        return reply.view(view('team'), {
          title: `${page.unit.name}: dashboard`,
          page,
          asOf: c.asOf,
          today: c.today,
          values: c.values,
          ...errorLocals(c.errors.any ? c.errors : undefined),
          people: sortRows(
            page.people.filter((p) => !peopleState || p.state === peopleState),
            people,
            'person',
          ),
          children: sortRows(
            page.children.filter((r) => !childrenState || r.state === childrenState),
            children,
            'child',
          ),
          sorting: { people, children, peopleState, childrenState },
          chart: trendFigures('team-trend', page.trends),
          rows: {
            lateRecords: page.lateRecords.map((o) => obligationRow(o, page.view.directory)),
            agreements: page.agreements.map((o) => obligationRow(o, page.view.directory)),
            observations: page.observations.map((o) => obligationRow(o, page.view.directory)),
          },
          statusLabels,
          stateLabels,
          kindLabels,
          query: q,
        });
      },
    );

    app.get<{ Querystring: Query }>('/dashboards/organisation', async (request, reply) => {
      const c = await context(request);
      const page = await dashboards.organisation(c.user, c.actor, c.asOf);
      return reply.view(view('unit'), {
        title: `${page.name}: dashboard`,
        page: { ...page, unit: { name: page.name, parentId: null }, trail: [] },
        organisationWide: true,
        asOf: c.asOf,
        today: c.today,
        values: c.values,
        ...errorLocals(c.errors.any ? c.errors : undefined),
        chart: trendFigures('organisation-trend', page.trends),
        since: yearWindow(c.asOf, 'rolling').start,
      });
    });

    app.get<{ Params: { id: string }; Querystring: Query }>(
      '/dashboards/units/:id',
      async (request, reply) => {
        if (!isUuid(request.params.id)) throw notFound();
        const c = await context(request);
        const page = await dashboards.unit(c.user, c.actor, request.params.id, c.asOf);
        if (page.unit.kind === 'team' && !c.errors.any)
          return reply.redirect(`/dashboards/teams/${page.unit.id}?asOf=${c.asOf}`, 303);
        return reply.view(view('unit'), {
          title: `${page.unit.name}: dashboard`,
          page,
          asOf: c.asOf,
          today: c.today,
          values: c.values,
          ...errorLocals(c.errors.any ? c.errors : undefined),
          chart: trendFigures('unit-trend', page.trends),
          since: yearWindow(c.asOf, 'rolling').start,
        });
      },
    );

    app.get<{ Querystring: Query }>('/compliance/obligations', async (request, reply) => {
      const c = await context(request);
      const q = request.query;
      const ids = { unitId: one(q.unit), staffId: one(q.person), childId: one(q.child) };
      if (Object.values(ids).some((id) => id !== undefined && !isUuid(id))) throw notFound();
      const kinds = list(q.kind).filter((k) => (obligationKinds as readonly string[]).includes(k));
      const states = list(q.state).filter((s) =>
        (obligationStates as readonly string[]).includes(s),
      );
      const dueFrom = one(q.dueFrom);
      const dueTo = one(q.dueTo);
      const filter: ObligationFilter = {
        ...(kinds.length ? { kinds: kinds as ObligationFilter['kinds'] } : {}),
        ...(states.length ? { states: states as ObligationFilter['states'] } : {}),
        ...(dueFrom && isIsoDate(dueFrom) ? { dueFrom } : {}),
        ...(dueTo && isIsoDate(dueTo) ? { dueTo } : {}),
      };
      const found = await dashboards.obligations(c.user, c.actor, {
        ...(ids.unitId ? { unitId: ids.unitId } : {}),
        ...(ids.staffId ? { staffId: ids.staffId } : {}),
        ...(ids.childId ? { childId: ids.childId } : {}),
        asOf: c.asOf,
        filter,
      });
      const pageNumber = Math.max(1, Number(one(q.page)) || 1);
      const shown = found.obligations.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
      const evidence = await dashboards.evidence(c.user, shown);
      const base = new URLSearchParams();
      for (const [key, value] of Object.entries(q))
        if (key !== 'page' && value !== undefined) for (const v of list(value)) base.append(key, v);
      return reply.view(view('obligations'), {
        title: 'Obligations behind the figures',
        found,
        shown,
        evidence,
        kinds,
        states,
        asOf: c.asOf,
        values: c.values,
        ...errorLocals(c.errors.any ? c.errors : undefined),
        page: {
          number: pageNumber,
          count: Math.max(1, Math.ceil(found.obligations.length / pageSize)),
          base: base.toString(),
        },
        stateLabels,
        kindLabels,
        describe: (o: Obligation) => obligationRow(o, found.view.directory, evidence),
        allKinds: obligationKinds,
        allStates: obligationStates,
      });
    });
  };
}
