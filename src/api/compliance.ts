/**
 * /api/v1/compliance: the obligations the compliance engine derives, for other systems (a
 * performance report, a case management system's task list). The same service as the
 * dashboards, so the same figures: for the whole organisation, a unit and everything under it,
 * one person, or one child, on any date (`asOf` replays what was known then). Who may ask is
 * decided as on the pages: a unit's or the organisation's figures are its managers' and senior
 * managers'; a person's are theirs and those who plan their supervision; a child's are those who
 * may see the child. Figures change by the minute, so nothing here is cached.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Actor, can, type Resource } from '../domain/access/can.ts';
import { isIsoDate } from '../domain/calendar/iso-date.ts';
import type { IsoDate } from '../domain/calendar/period.ts';
import {
  type Obligation,
  type ObligationState,
  obligationStates,
} from '../domain/compliance/index.ts';
import { countStates, filterObligations } from '../domain/dashboards/index.ts';
import { type ObligationKind, obligationKinds } from '../domain/policy/vocabulary.ts';
import type {
  ComplianceDirectory,
  ComplianceScopeRequest,
  ComplianceView,
} from '../services/compliance-service.ts';
import type { Services } from '../services/index.ts';
import { isUuid } from '../web/forms.ts';
import { type ProblemField, problemResponse, sendProblem } from './problem.ts';

export const defaultLimit = 100;
export const maximumLimit = 1000;

type Query = Record<string, string | string[] | undefined>;

/** Whose obligations: at most one of unit, person and child; none is the whole organisation. */
export type ComplianceTarget =
  | { kind: 'organisation' }
  | { kind: 'unit'; id: string }
  | { kind: 'person'; id: string }
  | { kind: 'child'; id: string };

export type ComplianceQuery = {
  target: ComplianceTarget;
  kinds: ObligationKind[] | undefined;
  states: ObligationState[] | undefined;
  asOf: IsoDate | undefined;
  dueFrom: IsoDate | undefined;
  dueTo: IsoDate | undefined;
  limit: number;
  offset: number;
};

const targetNames = ['unit', 'person', 'child'] as const;
const whatIs = { unit: 'unit (a service, area or team)', person: 'staff member', child: 'child' };
const parameterNames = [
  ...targetNames,
  'kind',
  'state',
  'asOf',
  'dueFrom',
  'dueTo',
  'limit',
  'offset',
];

/** Every value of a repeatable parameter, each of them split at commas. */
function listOf(value: string | string[] | undefined): string[] {
  return [value ?? []]
    .flat()
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/**
 * The query, each parameter checked; a bad one is named by its parameter. Parameters this
 * request does not take are refused: a misspelt filter would otherwise widen the answer.
 */
export function readComplianceQuery(
  query: Query,
): { ok: true; value: ComplianceQuery } | { ok: false; problems: ProblemField[] } {
  const problems: ProblemField[] = [];
  const problem = (name: string, text: string) => problems.push({ name, problem: text });
  for (const name of Object.keys(query))
    if (!parameterNames.includes(name))
      problem(name, `This request takes no “${name}”: use ${parameterNames.join(', ')}`);

  const single = (name: string) => {
    const value = query[name];
    if (Array.isArray(value)) {
      problem(name, `Give ${name} once`);
      return undefined;
    }
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const date = (name: string) => {
    const value = single(name);
    if (value === undefined || isIsoDate(value)) return value;
    problem(name, 'Enter a real date as YYYY-MM-DD');
    return undefined;
  };
  const whole = (name: string, min: number, max: number, fallback: number) => {
    const value = single(name);
    if (value === undefined) return fallback;
    const n = /^\d{1,7}$/.test(value) ? Number(value) : Number.NaN;
    if (n >= min && n <= max) return n;
    problem(name, `Enter a whole number from ${min} to ${max}`);
    return fallback;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], what: string) => {
    const values = listOf(query[name]);
    for (const v of values.filter((v) => !allowed.includes(v as T)))
      problem(name, `“${v}” is not ${what}: use ${allowed.join(', ')}`);
    return values.length > 0 ? [...new Set(values as T[])] : undefined;
  };

  const given = targetNames.filter((name) => query[name] !== undefined && query[name] !== '');
  if (given.length > 1)
    for (const name of given) problem(name, `Give only one of ${targetNames.join(', ')}`);
  let target: ComplianceTarget = { kind: 'organisation' };
  if (given.length === 1) {
    const name = given[0]!;
    const id = single(name);
    if (id !== undefined && !isUuid(id)) problem(name, `Give the id of a ${whatIs[name]}`);
    else if (id !== undefined) target = { kind: name, id };
  }

  const value: ComplianceQuery = {
    target,
    kinds: oneOf('kind', obligationKinds, 'a kind of obligation'),
    states: oneOf('state', obligationStates, 'a state of an obligation'),
    asOf: date('asOf'),
    dueFrom: date('dueFrom'),
    dueTo: date('dueTo'),
    limit: whole('limit', 1, maximumLimit, defaultLimit),
    offset: whole('offset', 0, 9_999_999, 0),
  };
  if (value.dueFrom && value.dueTo && value.dueTo < value.dueFrom)
    problem('dueTo', 'Enter a date the same as or after dueFrom');
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value };
}

type Named = { id: string | null; externalId: string; name: string | null };

/** A person an obligation names, with their internal id and name where the directory has them. */
function personJson(directory: ComplianceDirectory, externalId: string | null | undefined) {
  if (externalId === null || externalId === undefined) return null;
  const entry = directory.staff.get(externalId);
  return { id: entry?.id ?? null, externalId, name: entry?.name ?? null } satisfies Named;
}

function subjectJson(directory: ComplianceDirectory, subject: Obligation['subject']) {
  const entry =
    subject.kind === 'staff'
      ? directory.staff.get(subject.id)
      : subject.kind === 'team'
        ? directory.units.get(subject.id)
        : directory.children.get(subject.id);
  return {
    kind: subject.kind,
    id: entry?.id ?? null,
    externalId: subject.id,
    name: entry?.name ?? null,
  };
}

/** One obligation as other systems read it: every id an internal one beside its external one. */
export function obligationJson(directory: ComplianceDirectory, o: Obligation) {
  return {
    id: o.id,
    kind: o.kind,
    state: o.state,
    dueDate: o.dueDate,
    window: { from: o.window.from, to: o.window.to },
    metOn: o.metOn ?? null,
    reason: o.reason ?? null,
    subject: subjectJson(directory, o.subject),
    worker: personJson(directory, o.workerId),
    responsible: personJson(directory, o.responsibleId),
    rule: { id: o.rule.id, source: o.rule.source, note: o.rule.note ?? null },
    considered: o.considered ?? [],
    required: o.required ?? null,
    counted: o.counted ?? null,
    evidence: o.evidenceIds,
  };
}

/** Only the states: `total` says how many in all. */
function stateCounts(obligations: readonly Obligation[]) {
  const counts = countStates(obligations);
  return Object.fromEntries(obligationStates.map((s) => [s, counts[s]]));
}

type Scope = { request: ComplianceScopeRequest; json: { kind: string; id: string; name: string } };
type Resolved = { scope: Scope } | { status: 403 | 404; title: string; detail: string };

const notFound = (what: string): Resolved => ({
  status: 404,
  title: 'Not found',
  detail: `There is no ${what} with that id in your organisation.`,
});
const denied = (whose: string): Resolved => ({
  status: 403,
  title: 'Forbidden',
  detail: `You cannot see ${whose} compliance. Ask your administrator if you need to.`,
});

export function complianceApi(services: Services) {
  const { repos } = services;

  /** The scope asked for, if it exists in the caller's organisation and is theirs to see. */
  async function resolve(
    organisationId: string,
    actor: Actor,
    target: ComplianceTarget,
    today: IsoDate,
  ): Promise<Resolved> {
    const allowed = (resource: Resource, scope: Scope, whose: string) =>
      can(actor, 'view', resource) ? { scope } : denied(whose);
    switch (target.kind) {
      case 'organisation': {
        const organisation = await repos.organisations.findById(organisationId);
        if (!organisation) return notFound('organisation');
        const json = { kind: 'organisation', id: organisation.id, name: organisation.name };
        return allowed(
          { type: 'compliance', unitId: null },
          { request: { kind: 'organisation' }, json },
          'the whole organisation’s',
        );
      }
      case 'unit': {
        const unit = await repos.orgUnits.findById(organisationId, target.id);
        if (!unit) return notFound('unit');
        const json = { kind: 'unit', id: unit.id, name: unit.name };
        return allowed(
          { type: 'compliance', unitId: unit.id },
          { request: { kind: 'unit', unitId: unit.id }, json },
          `${unit.name}’s`,
        );
      }
      case 'person': {
        // Who supervises them now decides who sees their figures, whatever the date asked.
        const [person] = await repos.supervisionSessions.people(organisationId, [target.id], today);
        if (!person) return notFound('staff member');
        const json = { kind: 'person', id: person.id, name: person.name };
        return allowed(
          {
            type: 'supervision_plan',
            staffId: person.id,
            teamId: person.teamId ?? undefined,
            lineManagerId: person.lineManagerId ?? undefined,
            supervisorIds: person.supervisorIds,
          },
          { request: { kind: 'staff', staffIds: [person.id] }, json },
          `${person.name}’s`,
        );
      }
      case 'child': {
        const child = await repos.children.findById(organisationId, target.id);
        if (!child) return notFound('child');
        const facts = await repos.children.accessFacts(organisationId, child.id, today);
        const json = { kind: 'child', id: child.id, name: child.name ?? child.caseId };
        return allowed(
          { type: 'child', ...facts },
          { request: { kind: 'child', childId: child.id }, json },
          'this child’s',
        );
      }
    }
  }

  function respond(
    request: FastifyRequest,
    reply: FastifyReply,
    q: ComplianceQuery,
    view: ComplianceView,
    scope: Scope,
  ) {
    const matching = filterObligations(view.obligations, {
      kinds: q.kinds,
      states: q.states,
      dueFrom: q.dueFrom,
      dueTo: q.dueTo,
    });
    const page = matching.slice(q.offset, q.offset + q.limit);
    const next = q.offset + q.limit < matching.length ? q.offset + q.limit : null;
    if (next !== null) reply.header('Link', `<${pageUrl(request, next)}>; rel="next"`);
    return {
      asOf: view.asOf,
      computedAt: view.computedAt.toISOString(),
      policy: view.pack.id,
      scope: scope.json,
      total: matching.length,
      limit: q.limit,
      offset: q.offset,
      next,
      counts: stateCounts(matching),
      obligations: page.map((o) => obligationJson(view.directory, o)),
    };
  }

  return async (api: FastifyInstance) => {
    // Obligations turn overdue and are met by the minute, and they name people: never stored.
    api.addHook('onSend', async (_request, reply) => {
      reply.header('Cache-Control', 'no-store');
    });

    api.get<{ Querystring: Query }>('/compliance', async (request, reply) => {
      const read = readComplianceQuery(request.query);
      if (!read.ok)
        return sendProblem(
          reply,
          400,
          'The query could not be read',
          read.problems.map((p) => `${p.name}: ${lowerFirst(p.problem)}`).join('. '),
          read.problems,
        );
      const q = read.value;
      const user = request.apiUser!;
      const actor = await services.access.actorFor(user);
      const { today } = await services.planning.sessions.now(user.organisationId);
      const resolved = await resolve(user.organisationId, actor, q.target, today);
      if (!('scope' in resolved))
        return sendProblem(reply, resolved.status, resolved.title, resolved.detail);
      const view = await services.compliance.view(
        user.organisationId,
        q.asOf ?? today,
        resolved.scope.request,
        { kinds: q.kinds },
      );
      return respond(request, reply, q, view, resolved.scope);
    });
  };
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/** This request's address with another offset, for the Link header. */
function pageUrl(request: FastifyRequest, offset: number) {
  const url = new URL(request.url, 'http://localhost');
  url.searchParams.set('offset', String(offset));
  return `${url.pathname}${url.search}`;
}

const nullableDate = { type: ['string', 'null'], format: 'date' };
const dateParameter = (name: string, description: string) => ({
  name,
  in: 'query',
  description,
  schema: { type: 'string', format: 'date' },
});
const listParameter = (name: string, description: string, values: readonly string[]) => ({
  name,
  in: 'query',
  description: `${description} Repeat the parameter or separate values with commas.`,
  style: 'form',
  explode: true,
  schema: { type: 'array', items: { type: 'string', enum: [...values] } },
});
const idParameter = (name: string, description: string) => ({
  name,
  in: 'query',
  description,
  schema: { type: 'string', format: 'uuid' },
});

const namedPerson = {
  type: ['object', 'null'],
  required: ['id', 'externalId', 'name'],
  properties: {
    id: { type: ['string', 'null'], format: 'uuid' },
    externalId: { type: 'string', description: 'The HR number the organisation gave' },
    name: { type: ['string', 'null'] },
  },
};

/** The OpenAPI 3.1 description of these paths, for /api/v1/openapi.json. */
export const complianceOpenApi = {
  paths: {
    '/compliance': {
      get: {
        operationId: 'listObligations',
        summary: 'Compliance obligations, filtered',
        description:
          'What the organisation’s policy pack asks for, worked out by the compliance engine on a date: for the whole organisation (senior managers), a unit and every unit under it (its managers and senior managers), one person (themselves, those who supervise or manage them, senior managers) or one child (those who may see the child). Give at most one of `unit`, `person` and `child`. Sorted by due date. The whole organisation keeps every open obligation and the rest due in the thirteen months before `asOf`; its figures are reused for a short while (`computedAt` says when they were worked out). `counts` and `total` cover every matching obligation, not only this page; a `Link` header with `rel="next"` names the next page. Parameters this request does not take are refused.',
        tags: ['Compliance'],
        parameters: [
          idParameter(
            'unit',
            'A service, area or team: its obligations and those of every unit under it',
          ),
          idParameter('person', 'A staff member: their obligations and their allocated children’s'),
          idParameter('child', 'A child: the obligations about them'),
          listParameter('kind', 'Only these kinds of obligation.', obligationKinds),
          listParameter('state', 'Only obligations in these states.', obligationStates),
          dateParameter(
            'asOf',
            'The date to work compliance out on; today where the organisation is unless given. An earlier date replays what was known then.',
          ),
          dateParameter(
            'dueFrom',
            'Only obligations due on or after this date (those with no due date are left out).',
          ),
          dateParameter(
            'dueTo',
            'Only obligations due on or before this date (those with no due date are left out).',
          ),
          {
            name: 'limit',
            in: 'query',
            description: 'How many obligations to send',
            schema: { type: 'integer', minimum: 1, maximum: maximumLimit, default: defaultLimit },
          },
          {
            name: 'offset',
            in: 'query',
            description: 'How many matching obligations to skip',
            schema: { type: 'integer', minimum: 0, default: 0 },
          },
        ],
        responses: {
          '200': {
            description: 'The matching obligations, one page of them',
            headers: {
              'Cache-Control': { schema: { type: 'string', const: 'no-store' } },
              Link: {
                description: 'The next page, `rel="next"`, when there is one',
                schema: { type: 'string' },
              },
            },
            content: {
              'application/json': {
                schema: { $ref: '#/components/schemas/ObligationList' },
              },
            },
          },
          '400': problemResponse('A parameter is wrong; `errors` names each'),
          '401': problemResponse('No valid bearer token'),
          '403': problemResponse('Not the caller’s to see'),
          '404': problemResponse('No such unit, person or child in the organisation'),
        },
      },
    },
  },
  components: {
    schemas: {
      ObligationList: {
        type: 'object',
        required: [
          'asOf',
          'computedAt',
          'policy',
          'scope',
          'total',
          'limit',
          'offset',
          'next',
          'counts',
          'obligations',
        ],
        properties: {
          asOf: { type: 'string', format: 'date' },
          computedAt: { type: 'string', format: 'date-time' },
          policy: { type: 'string', description: 'The policy pack the obligations come from' },
          scope: {
            type: 'object',
            required: ['kind', 'id', 'name'],
            properties: {
              kind: { type: 'string', enum: ['organisation', 'unit', 'person', 'child'] },
              id: { type: 'string', format: 'uuid' },
              name: { type: 'string', description: 'A child without a name gives their case id' },
            },
          },
          total: { type: 'integer', minimum: 0, description: 'Every matching obligation' },
          limit: { type: 'integer' },
          offset: { type: 'integer' },
          next: {
            type: ['integer', 'null'],
            description: 'The offset of the next page; null on the last',
          },
          counts: {
            type: 'object',
            description: 'Matching obligations in each state, over every page',
            required: [...obligationStates],
            properties: Object.fromEntries(
              obligationStates.map((s) => [s, { type: 'integer', minimum: 0 }]),
            ),
          },
          obligations: { type: 'array', items: { $ref: '#/components/schemas/Obligation' } },
        },
      },
      Obligation: {
        type: 'object',
        required: [
          'id',
          'kind',
          'state',
          'dueDate',
          'window',
          'subject',
          'worker',
          'responsible',
          'rule',
          'evidence',
        ],
        properties: {
          id: {
            type: 'string',
            description: 'Stable across dates: kind, subject, worker or record, rule and due date',
          },
          kind: { type: 'string', enum: [...obligationKinds] },
          state: { type: 'string', enum: [...obligationStates] },
          dueDate: { ...nullableDate, description: 'Null when the pack gives no timescale' },
          window: {
            type: 'object',
            required: ['from', 'to'],
            properties: { from: { type: 'string', format: 'date' }, to: nullableDate },
          },
          metOn: nullableDate,
          reason: {
            type: ['string', 'null'],
            description: 'Why it is waived or not applicable, and other explanations',
          },
          subject: {
            type: 'object',
            required: ['kind', 'id', 'externalId', 'name'],
            properties: {
              kind: { type: 'string', enum: ['staff', 'child', 'team'] },
              id: { type: ['string', 'null'], format: 'uuid' },
              externalId: { type: 'string' },
              name: { type: ['string', 'null'] },
            },
          },
          worker: { ...namedPerson, description: 'The allocated worker, for case supervision' },
          responsible: { ...namedPerson, description: 'Who is to meet it' },
          rule: {
            type: 'object',
            required: ['id', 'source', 'note'],
            properties: {
              id: { type: 'string' },
              source: {
                type: 'object',
                description: 'The framework and section the rule comes from',
                properties: { seed: { type: 'string' }, section: { type: 'string' } },
              },
              note: { type: ['string', 'null'] },
            },
          },
          considered: {
            type: 'array',
            description: 'Other rules that applied and lost to the more frequent one',
            items: { type: 'string' },
          },
          required: { type: ['integer', 'null'], description: 'Events asked for, where counted' },
          counted: { type: ['integer', 'null'], description: 'Events counted so far' },
          evidence: {
            type: 'array',
            description: 'External ids of the sessions and records that meet it',
            items: { type: 'string' },
          },
        },
      },
    },
  },
} as const;
