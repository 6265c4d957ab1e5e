/**
 * /api/v1/sessions: supervision sessions for other systems (a council's calendar, its case
 * management system). The same services as the planning pages, so the same rules: a planned
 * session is not in the past, nobody supervises themselves, nobody is in two sessions at once,
 * and status moves only from planned. A session's ETag is its version; PATCH takes it as
 * If-Match (or `version` in the body) and a stale one is a 409 problem carrying the current
 * session. Problems are RFC 9457 JSON naming each field.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SupervisionSession } from '../data-access/supervision-session-repository.ts';
import { isIsoDate } from '../domain/calendar/iso-date.ts';
import {
  maximumReasonLength,
  type OutcomeStatus,
  outcomeStatuses,
  type SessionProblem,
  type StatusChange,
} from '../domain/planning/sessions.ts';
import { parseTime } from '../domain/planning/time.ts';
import {
  type CancellationReason,
  cancellationReasons,
  type SessionKind,
  sessionKinds,
  sessionStatuses,
} from '../domain/policy/vocabulary.ts';
import type { BookingInput, EditInput } from '../features/planning/session-service.ts';
import type { Services } from '../services/index.ts';
import { isUuid } from '../web/forms.ts';
import { type ProblemField, problemResponse, sendProblem } from './problem.ts';

export function sessionJson(session: SupervisionSession) {
  return {
    id: session.id,
    version: session.version,
    kind: session.kind,
    date: session.date,
    startsAt: session.startsAt,
    minutes: session.minutes,
    location: session.location,
    status: session.status,
    cancellationReason: session.cancellationReason,
    reason: session.statusReason,
    rescheduledTo: session.rescheduledTo,
    rescheduledFromId: session.rescheduledFromId,
    rescheduledAsId: session.rescheduledAsId,
    supervisor: session.supervisor,
    participants: session.participants,
    team: session.team,
  };
}

type Problem = { field: string; message: string };

const etag = (version: string) => `"${version}"`;

/** The version an If-Match header names (a strong or weak entity tag), if any. */
function ifMatch(header: string | undefined): string | undefined {
  return /^\s*(?:W\/)?"([^"]*)"\s*$/.exec(header ?? '')?.[1];
}

function invalid(
  reply: FastifyReply,
  problems: Problem[],
  title = 'The session could not be saved',
) {
  const errors: ProblemField[] = problems.map((p) => ({ name: p.field, problem: p.message }));
  return sendProblem(reply, 400, title, problems.map((p) => p.message).join('. '), errors);
}

const fromDomain = (problems: SessionProblem[]): Problem[] =>
  problems.map((p) => ({ field: p.field, message: p.message }));

/** The body as an object with only the members allowed, or the problems with it. */
function objectBody(body: unknown, allowed: readonly string[]) {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return { problems: [{ field: 'body', message: 'Send a JSON object' }] };
  const problems: Problem[] = Object.keys(body)
    .filter((key) => !allowed.includes(key))
    .map((key) => ({ field: key, message: `“${key}” is not a member this request takes` }));
  return { value: body as Record<string, unknown>, problems };
}

/** Reads the members the pages call date, time, length and place. */
function readWhen(body: Record<string, unknown>, problems: Problem[], partial?: EditInput) {
  const has = (key: string) => key in body;
  let date = partial?.date;
  if (has('date') || !partial) {
    if (typeof body.date === 'string' && isIsoDate(body.date)) date = body.date;
    else problems.push({ field: 'date', message: 'date must be a date as YYYY-MM-DD' });
  }
  let startsAt = partial?.startsAt ?? null;
  if (has('startsAt')) {
    const time = typeof body.startsAt === 'string' ? parseTime(body.startsAt) : undefined;
    if (body.startsAt === null) startsAt = null;
    else if (time) startsAt = time;
    else problems.push({ field: 'startsAt', message: 'startsAt must be a time of day as HH:MM' });
  }
  let minutes = partial?.minutes ?? null;
  if (has('minutes')) {
    if (body.minutes === null || Number.isInteger(body.minutes))
      minutes = body.minutes as number | null;
    else problems.push({ field: 'minutes', message: 'minutes must be a whole number' });
  }
  let location = partial?.location ?? null;
  if (has('location')) {
    if (
      body.location === null ||
      (typeof body.location === 'string' && body.location.length <= 200)
    )
      location =
        typeof body.location === 'string' && body.location.trim() ? body.location.trim() : null;
    else
      problems.push({
        field: 'location',
        message: 'location must be text of 200 characters or fewer',
      });
  }
  return { date: date!, startsAt, minutes, location };
}

const optionalUuid = (value: string | undefined, name: string, problems: Problem[]) => {
  if (value === undefined || value === '') return undefined;
  if (!isUuid(value))
    problems.push({ field: name, message: `${name} must be the id of a staff member` });
  return value;
};
const optionalDate = (value: string | undefined, name: string, problems: Problem[]) => {
  if (value === undefined || value === '') return undefined;
  if (!isIsoDate(value))
    problems.push({ field: name, message: `${name} must be a date as YYYY-MM-DD` });
  return value;
};

export function sessionsApi(services: Services) {
  const { sessions } = services.planning;
  const caller = async (request: FastifyRequest) => {
    const user = request.apiUser!;
    return { user, actor: await services.access.actorFor(user) };
  };
  const send = (reply: FastifyReply, status: number, session: SupervisionSession) => {
    reply.header('ETag', etag(session.version));
    if (status === 201) reply.header('Location', `/api/v1/sessions/${session.id}`);
    return reply.code(status).send(sessionJson(session));
  };

  return async (api: FastifyInstance) => {
    api.get<{ Querystring: Record<string, string | undefined> }>(
      '/sessions',
      async (request, reply) => {
        const problems: Problem[] = [];
        const q = request.query;
        const filter = {
          supervisorId: optionalUuid(q.supervisorId, 'supervisorId', problems),
          staffId: optionalUuid(q.staffId, 'staffId', problems),
          from: optionalDate(q.from, 'from', problems),
          to: optionalDate(q.to, 'to', problems),
        };
        if (filter.from && filter.to && filter.to < filter.from)
          problems.push({ field: 'to', message: 'to must be the same as or after from' });
        if (problems.length > 0) return invalid(reply, problems, 'The query could not be read');
        const { user, actor } = await caller(request);
        const items = await sessions.list(user, actor, filter);
        return { items: items.map(sessionJson) };
      },
    );

    api.get<{ Params: { id: string } }>('/sessions/:id', async (request, reply) => {
      const { user, actor } = await caller(request);
      const { session } = await sessions.load(user, actor, request.params.id);
      return send(reply, 200, session);
    });

    api.post('/sessions', async (request, reply) => {
      const allowed = [
        'kind',
        'date',
        'startsAt',
        'minutes',
        'location',
        'supervisorId',
        'participantIds',
        'teamId',
        'status',
      ];
      const { value: body, problems } = objectBody(request.body, allowed);
      if (!body) return invalid(reply, problems);
      if (!sessionKinds.includes(body.kind as SessionKind))
        problems.push({ field: 'kind', message: `kind must be one of ${sessionKinds.join(', ')}` });
      const when = readWhen(body, problems);
      if (typeof body.supervisorId !== 'string')
        problems.push({
          field: 'supervisorId',
          message: 'supervisorId must be the id of a staff member',
        });
      if (
        !Array.isArray(body.participantIds) ||
        body.participantIds.some((p) => typeof p !== 'string')
      )
        problems.push({
          field: 'participantIds',
          message: 'participantIds must be a list of staff ids',
        });
      if (body.teamId !== undefined && body.teamId !== null && typeof body.teamId !== 'string')
        problems.push({ field: 'teamId', message: 'teamId must be the id of a team' });
      if (body.status !== undefined && body.status !== 'planned' && body.status !== 'held')
        problems.push({ field: 'status', message: 'status must be planned or held' });
      if (problems.length > 0) return invalid(reply, problems);
      const input: BookingInput = {
        kind: body.kind as SessionKind,
        ...when,
        supervisorId: body.supervisorId as string,
        participantIds: body.participantIds as string[],
        teamId: (body.teamId as string | null | undefined) ?? null,
        status: (body.status as 'planned' | 'held' | undefined) ?? 'planned',
      };
      const { user, actor } = await caller(request);
      const result = await sessions.book(user, actor, [input], request.id);
      if (result.outcome !== 'saved')
        return invalid(reply, result.outcome === 'invalid' ? fromDomain(result.problems) : []);
      const { session } = await sessions.load(user, actor, result.ids[0]!);
      return send(reply, 201, session);
    });

    api.patch<{ Params: { id: string } }>('/sessions/:id', async (request, reply) => {
      const { value: body, problems } = objectBody(request.body, [
        'date',
        'startsAt',
        'minutes',
        'location',
        'version',
      ]);
      if (!body) return invalid(reply, problems);
      const { user, actor } = await caller(request);
      const { session } = await sessions.load(user, actor, request.params.id);
      const version =
        ifMatch(request.headers['if-match']) ??
        (typeof body.version === 'string' ? body.version : undefined);
      if (version === undefined)
        return sendProblem(
          reply,
          428,
          'Precondition required',
          'Send the ETag of the version you changed as If-Match (or its version as "version"), so a change made in between is not lost.',
          [{ name: 'If-Match', problem: 'Send the version’s ETag' }],
        );
      const when = readWhen(body, problems, {
        date: session.date,
        startsAt: session.startsAt,
        minutes: session.minutes,
        location: session.location,
      });
      if (problems.length > 0) return invalid(reply, problems);
      const result = await sessions.edit(user, actor, session.id, version, when, request.id);
      if (result.outcome === 'conflict') {
        reply.header('ETag', etag(result.current.version));
        return reply
          .code(409)
          .type('application/problem+json')
          .send({
            type: 'about:blank',
            title: 'Conflict',
            status: 409,
            detail: `The session was changed after the version you sent: its ETag is now ${etag(result.current.version)}. Get it again, apply your change and send it with that ETag.`,
            current: sessionJson(result.current),
          });
      }
      if (result.outcome === 'invalid') return invalid(reply, fromDomain(result.problems));
      const { session: saved } = await sessions.load(user, actor, session.id);
      return send(reply, 200, saved);
    });

    api.post<{ Params: { id: string } }>('/sessions/:id/status', async (request, reply) => {
      const { value: body, problems } = objectBody(request.body, [
        'status',
        'reason',
        'detail',
        'rescheduledTo',
        'startsAt',
        'version',
      ]);
      if (!body) return invalid(reply, problems);
      const status = body.status as OutcomeStatus;
      if (!outcomeStatuses.includes(status))
        problems.push({
          field: 'status',
          message: `status must be one of ${outcomeStatuses.join(', ')}`,
        });
      const text = (key: string) => {
        const value = body[key];
        if (value === undefined || value === null || value === '') return null;
        if (typeof value !== 'string' || value.length > maximumReasonLength) {
          problems.push({
            field: key,
            message: `${key} must be text of ${maximumReasonLength} characters or fewer`,
          });
          return null;
        }
        return value.trim();
      };
      let cancellationReason: CancellationReason | null = null;
      let reason: string | null = null;
      if (status === 'cancelled' || status === 'postponed') {
        if (body.reason !== undefined && body.reason !== null) {
          if (cancellationReasons.includes(body.reason as CancellationReason))
            cancellationReason = body.reason as CancellationReason;
          else
            problems.push({
              field: 'reason',
              message: `reason must be one of ${cancellationReasons.join(', ')}`,
            });
        }
        reason = text('detail');
      } else reason = text('reason') ?? text('detail');
      let rescheduledTo: string | null = null;
      if (body.rescheduledTo !== undefined && body.rescheduledTo !== null) {
        if (typeof body.rescheduledTo === 'string' && isIsoDate(body.rescheduledTo))
          rescheduledTo = body.rescheduledTo;
        else
          problems.push({
            field: 'rescheduledTo',
            message: 'rescheduledTo must be a date as YYYY-MM-DD',
          });
      }
      let startsAt: string | null = null;
      if (body.startsAt !== undefined && body.startsAt !== null) {
        const time = typeof body.startsAt === 'string' ? parseTime(body.startsAt) : undefined;
        if (time) startsAt = time;
        else
          problems.push({ field: 'startsAt', message: 'startsAt must be a time of day as HH:MM' });
      }
      if (problems.length > 0) return invalid(reply, problems);
      const change: StatusChange =
        status === 'held'
          ? { status }
          : status === 'not_held'
            ? { status, reason }
            : status === 'cancelled'
              ? { status, cancellationReason, reason }
              : { status, cancellationReason, reason, rescheduledTo };
      const { user, actor } = await caller(request);
      const version =
        ifMatch(request.headers['if-match']) ??
        (typeof body.version === 'string' ? body.version : undefined);
      const result = await sessions.changeStatus(
        user,
        actor,
        request.params.id,
        { ...change, rescheduledStartsAt: startsAt },
        { version, requestId: request.id },
      );
      if (result.outcome === 'conflict') {
        reply.header('ETag', etag(result.current.version));
        return sendProblem(
          reply,
          409,
          'Conflict',
          'The session was changed after the version you sent. Get it again and send its ETag.',
        );
      }
      if (result.outcome === 'invalid')
        return invalid(
          reply,
          fromDomain(result.problems).map((p) =>
            p.field === 'cancellationReason'
              ? { ...p, field: 'reason' }
              : p.field === 'rescheduledStartsAt'
                ? { ...p, field: 'startsAt' }
                : p,
          ),
        );
      const { session } = await sessions.load(user, actor, request.params.id);
      const replacement = result.ids[1]
        ? (await sessions.load(user, actor, result.ids[1])).session
        : undefined;
      reply.header('ETag', etag(session.version));
      return reply.send({
        ...sessionJson(session),
        ...(replacement ? { replacement: sessionJson(replacement) } : {}),
      });
    });
  };
}

const sessionResponse = (description: string) => ({
  description,
  headers: { ETag: { description: 'The session’s version', schema: { type: 'string' } } },
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Session' } } },
});

const idParameter = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string', format: 'uuid' },
};

const time = {
  type: ['string', 'null'],
  pattern: '^\\d{2}:\\d{2}$',
  description: 'HH:MM, local time',
};

/** The OpenAPI 3.1 description of these paths, for /api/v1/openapi.json. */
export const sessionsOpenApi = {
  paths: {
    '/sessions': {
      get: {
        operationId: 'listSessions',
        summary: 'List the supervision sessions the caller may see',
        description:
          'Sessions in a date range (today to 12 months ahead unless given), of one person (leading or attending) or one supervisor.',
        tags: ['Sessions'],
        parameters: [
          { name: 'supervisorId', in: 'query', schema: { type: 'string', format: 'uuid' } },
          { name: 'staffId', in: 'query', schema: { type: 'string', format: 'uuid' } },
          { name: 'from', in: 'query', schema: { type: 'string', format: 'date' } },
          { name: 'to', in: 'query', schema: { type: 'string', format: 'date' } },
        ],
        responses: {
          '200': {
            description: 'The sessions, by date and time',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items'],
                  properties: {
                    items: { type: 'array', items: { $ref: '#/components/schemas/Session' } },
                  },
                },
              },
            },
          },
          '400': problemResponse('A query parameter is wrong; `errors` names each'),
          '401': problemResponse('No valid bearer token'),
        },
      },
      post: {
        operationId: 'createSession',
        summary: 'Book a session',
        tags: ['Sessions'],
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: { $ref: '#/components/schemas/SessionCreate' } },
          },
        },
        responses: {
          '201': sessionResponse('The session booked'),
          '400': problemResponse(
            'A field is wrong (a planned session in the past, someone supervising themselves, two sessions overlapping for one person…); `errors` names each',
          ),
          '403': problemResponse('The caller does not plan supervision for these people'),
        },
      },
    },
    '/sessions/{id}': {
      parameters: [idParameter],
      get: {
        operationId: 'getSession',
        summary: 'One session',
        tags: ['Sessions'],
        responses: {
          '200': sessionResponse('The session'),
          '403': problemResponse('Not the caller’s to see'),
          '404': problemResponse('No such session'),
        },
      },
      patch: {
        operationId: 'updateSession',
        summary: 'Change when, how long or where a session is',
        description: 'Members not sent keep their value. Send the ETag as If-Match (or `version`).',
        tags: ['Sessions'],
        parameters: [
          {
            name: 'If-Match',
            in: 'header',
            required: false,
            description: 'The ETag of the version changed; required unless `version` is sent.',
            schema: { type: 'string' },
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: { $ref: '#/components/schemas/SessionChange' } },
          },
        },
        responses: {
          '200': sessionResponse('The changed session'),
          '400': problemResponse('A field is wrong; `errors` names each'),
          '409': {
            description:
              'Changed since that version: the problem carries the session as it is now in `current`',
            content: {
              'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
            },
          },
          '428': problemResponse('No version sent'),
        },
      },
    },
    '/sessions/{id}/status': {
      parameters: [idParameter],
      post: {
        operationId: 'changeSessionStatus',
        summary: 'Record what happened to a planned session',
        description:
          '`held` (on or after its date), `not_held` with a `reason` in words, `cancelled` with a `reason` from the list, or `postponed` with a `reason` from the list and `rescheduledTo`: the new session is booked in the same change (`replacement`), at `startsAt` or the same time.',
        tags: ['Sessions'],
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: { $ref: '#/components/schemas/SessionStatusChange' } },
          },
        },
        responses: {
          '200': {
            description: 'The session, and the replacement of a postponed one',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Session' } } },
          },
          '400': problemResponse(
            'A field is wrong, or the session is not planned; `errors` names each',
          ),
          '403': problemResponse('The caller may not change this session'),
          '409': problemResponse('Changed since the version sent'),
        },
      },
    },
  },
  components: {
    schemas: {
      SessionPerson: {
        type: 'object',
        required: ['id', 'name'],
        properties: { id: { type: 'string', format: 'uuid' }, name: { type: 'string' } },
      },
      Session: {
        type: 'object',
        required: ['id', 'version', 'kind', 'date', 'status', 'supervisor', 'participants'],
        properties: {
          id: { type: 'string', format: 'uuid' },
          version: { type: 'string', description: 'Changes with every change; the ETag' },
          kind: { type: 'string', enum: [...sessionKinds] },
          date: { type: 'string', format: 'date' },
          startsAt: time,
          minutes: { type: ['integer', 'null'] },
          location: { type: ['string', 'null'] },
          status: { type: 'string', enum: [...sessionStatuses] },
          cancellationReason: { type: ['string', 'null'], enum: [...cancellationReasons, null] },
          reason: { type: ['string', 'null'] },
          rescheduledTo: { type: ['string', 'null'], format: 'date' },
          rescheduledFromId: { type: ['string', 'null'], format: 'uuid' },
          rescheduledAsId: { type: ['string', 'null'], format: 'uuid' },
          supervisor: { $ref: '#/components/schemas/SessionPerson' },
          participants: { type: 'array', items: { $ref: '#/components/schemas/SessionPerson' } },
          team: {
            type: ['object', 'null'],
            properties: { id: { type: 'string', format: 'uuid' }, name: { type: 'string' } },
          },
          replacement: { $ref: '#/components/schemas/Session' },
        },
      },
      SessionCreate: {
        type: 'object',
        required: ['kind', 'date', 'supervisorId', 'participantIds'],
        additionalProperties: false,
        properties: {
          kind: { type: 'string', enum: [...sessionKinds] },
          date: { type: 'string', format: 'date' },
          startsAt: time,
          minutes: { type: ['integer', 'null'], minimum: 10, maximum: 480 },
          location: { type: ['string', 'null'], maxLength: 200 },
          supervisorId: { type: 'string', format: 'uuid' },
          participantIds: { type: 'array', items: { type: 'string', format: 'uuid' }, minItems: 1 },
          teamId: { type: ['string', 'null'], format: 'uuid', description: 'Required for a group' },
          status: { type: 'string', enum: ['planned', 'held'], default: 'planned' },
        },
      },
      SessionChange: {
        type: 'object',
        additionalProperties: false,
        properties: {
          date: { type: 'string', format: 'date' },
          startsAt: time,
          minutes: { type: ['integer', 'null'], minimum: 10, maximum: 480 },
          location: { type: ['string', 'null'], maxLength: 200 },
          version: { type: 'string' },
        },
      },
      SessionStatusChange: {
        type: 'object',
        required: ['status'],
        additionalProperties: false,
        properties: {
          status: { type: 'string', enum: [...outcomeStatuses] },
          reason: {
            type: ['string', 'null'],
            description:
              'For cancelled and postponed, one of the cancellation reasons; for not_held, why in words',
          },
          detail: {
            type: ['string', 'null'],
            description: 'More about why (needed with the reason `other`)',
          },
          rescheduledTo: { type: ['string', 'null'], format: 'date' },
          startsAt: time,
          version: { type: 'string' },
        },
      },
    },
  },
} as const;
