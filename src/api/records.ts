/**
 * /api/v1/records: supervision records for other systems (a case management system, a
 * reporting tool). The same service as the pages, so the same rules: only the people the
 * framework names see a record, each writes only their own sections, the author shares, and
 * each signatory signs from their own account (here, their own API token). Every read of one
 * record is written to the audit trail. A record's ETag is `"<version>.<revision>"` of its
 * latest version: it names the words signed, so PATCH and share take it as If-Match and a stale
 * one is a 409 problem. Problems are RFC 9457 JSON naming each field (`answers.<key>`,
 * `actions[i].ownerId`, …). Records are started on the pages or for a session, not here.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type {
  Escalation,
  RecordPerson,
  RecordVersion,
  StoredRecord,
} from '../data-access/record-repository.ts';
import { isIsoDate } from '../domain/calendar/iso-date.ts';
import { type RecordKind, recordKinds } from '../domain/policy/vocabulary.ts';
import { type VersionStatus, versionStatuses } from '../domain/records/types.ts';
import type { Caller, Problem } from '../features/records/record-service.ts';
import type { Services } from '../services/index.ts';
import { isUuid } from '../web/forms.ts';
import { HttpError } from '../web/http-errors.ts';
import { ifMatch } from './agreements.ts';
import { type ProblemField, problemResponse, sendProblem } from './problem.ts';

const etag = (version: Pick<RecordVersion, 'version' | 'revision'>) =>
  `"${version.version}.${version.revision}"`;

/** The version and revision an entity tag names; one that is not ours names no version. */
function versionOf(token: string) {
  const match = /^(\d+)\.(\d+)$/.exec(token);
  return match ? { version: Number(match[1]), revision: Number(match[2]) } : undefined;
}

const personJson = (p: RecordPerson) => ({ id: p.id, name: p.name });

/** A record as a list shows it: who, what, when, and where its latest version stands. */
export function recordSummaryJson(record: StoredRecord) {
  const latest = record.versions.at(-1);
  return {
    id: record.id,
    kind: record.kind,
    date: record.date,
    sessionId: record.sessionId,
    headline: latest?.headline ?? null,
    author: record.author ? personJson(record.author) : null,
    observer: record.observer ? personJson(record.observer) : null,
    people: record.people.map(personJson),
    children: record.children.map((c) => ({ id: c.id, caseId: c.caseId, name: c.name })),
    writtenOn: record.writtenOn,
    sharedOn: record.sharedOn,
    signedOn: record.signedOn,
    onChildRecordOn: record.onChildRecordOn,
    version: latest?.version ?? null,
    status: latest?.status ?? null,
    etag: latest ? etag(latest) : null,
  };
}

function versionJson(version: RecordVersion) {
  return {
    version: version.version,
    status: version.status,
    template: { id: version.template.id, title: version.template.title },
    headline: version.headline,
    amendmentReason: version.amendmentReason,
    answers: version.content.answers,
    actions: version.content.actions,
    reviews: version.content.reviews,
    signatories: version.signatories,
    signatures: version.signatures.map((s) => ({
      party: s.party,
      staffId: s.staffId,
      name: s.staffName,
      signedAt: s.signedAt.toISOString(),
      disagreement: s.disagreement,
    })),
    createdAt: version.createdAt.toISOString(),
    sharedAt: version.sharedAt?.toISOString() ?? null,
    lockedAt: version.lockedAt?.toISOString() ?? null,
  };
}

const escalationJson = (e: Escalation) => ({
  id: e.id,
  version: e.version,
  reason: e.reason,
  raisedBy: e.raisedByName,
  raisedAt: e.raisedAt.toISOString(),
  to: { id: e.toStaffId, name: e.toStaffName },
  response: e.response,
  respondedBy: e.respondedByName,
  respondedAt: e.respondedAt?.toISOString() ?? null,
});

/** One record with every version, oldest first, and its escalated disagreements. */
export function recordJson(record: StoredRecord) {
  return {
    ...recordSummaryJson(record),
    versions: record.versions.map(versionJson),
    escalations: record.escalations.map(escalationJson),
  };
}

const fields = (problems: readonly Problem[]): ProblemField[] =>
  problems.map((p) => ({ name: p.field, problem: p.message }));

function invalid(reply: FastifyReply, problems: readonly Problem[], title: string) {
  return sendProblem(
    reply,
    400,
    title,
    problems.map((p) => p.message).join('. '),
    fields(problems),
  );
}

function conflict(reply: FastifyReply, detail: string, current: RecordVersion) {
  reply.header('ETag', etag(current));
  return sendProblem(reply, 409, 'Conflict', detail);
}

const stale = (current: RecordVersion) =>
  `The record changed since that ETag: it is now ${etag(current)}. Get it again, check what changed and send it with that ETag.`;

function preconditionRequired(reply: FastifyReply) {
  return sendProblem(
    reply,
    428,
    'Precondition required',
    'Send the ETag of the version you read as If-Match, so a change made in between is not lost.',
    [{ name: 'If-Match', problem: 'Send the version’s ETag' }],
  );
}

/** Checks a JSON body is an object with only these members. */
function bodyProblems(body: unknown, allowed: readonly string[]): Problem[] {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return [{ field: 'body', message: 'Send a JSON object' }];
  return Object.keys(body)
    .filter((key) => !allowed.includes(key))
    .map((key) => ({ field: key, message: `“${key}” is not a member this request takes` }));
}

type ListQuery = Record<string, string | string[] | undefined>;

/** The list's filters, each checked; a bad one is named by its parameter. */
function listFilter(query: ListQuery) {
  const problems: Problem[] = [];
  const read = <T extends string>(name: string, valid: (v: string) => boolean, what: string) => {
    const value = query[name];
    if (value === undefined || value === '') return undefined;
    if (typeof value === 'string' && valid(value)) return value as T;
    problems.push({ field: name, message: `${name} must be ${what}` });
    return undefined;
  };
  const filter = {
    staffId: read('staffId', isUuid, 'the id of a staff member'),
    childId: read('childId', isUuid, 'the id of a child'),
    kind: read<RecordKind>(
      'kind',
      (v) => recordKinds.includes(v as RecordKind),
      `one of ${recordKinds.join(', ')}`,
    ),
    status: read<VersionStatus>(
      'status',
      (v) => versionStatuses.includes(v as VersionStatus),
      'draft, shared or locked',
    ),
    from: read('from', isIsoDate, 'a date as YYYY-MM-DD'),
    to: read('to', isIsoDate, 'a date as YYYY-MM-DD'),
  };
  if (filter.from && filter.to && filter.to < filter.from)
    problems.push({ field: 'to', message: 'to must be the same as or after from' });
  // Only the filters given: the service reads a present key as a filter.
  const given = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined));
  return { filter: given as Partial<typeof filter>, problems };
}

/** The PATCH body's problems of shape; what the answers say is the service's to check. */
function changeProblems(body: unknown): Problem[] {
  const problems = bodyProblems(body, ['answers', 'actions', 'reviews']);
  const answers = (body as Record<string, unknown> | undefined)?.answers;
  if (
    problems.length === 0 &&
    answers !== undefined &&
    (answers === null || typeof answers !== 'object' || Array.isArray(answers))
  )
    problems.push({
      field: 'answers',
      message: 'answers must be an object of answers by key (section.field)',
    });
  return problems;
}

function signatureProblems(body: unknown): Problem[] {
  const problems = bodyProblems(body, ['decision', 'disagreement']);
  if (problems.length > 0) return problems;
  const { decision, disagreement } = body as Record<string, unknown>;
  if (decision !== 'agree' && decision !== 'disagree')
    problems.push({ field: 'decision', message: 'decision must be agree or disagree' });
  if (disagreement !== undefined && typeof disagreement !== 'string')
    problems.push({ field: 'disagreement', message: 'disagreement must be text' });
  else if (disagreement !== undefined && decision === 'agree')
    problems.push({
      field: 'disagreement',
      message: 'Send a disagreement only with the decision disagree',
    });
  return problems;
}

export function recordsApi(services: Services) {
  const records = services.records;
  const caller = async (request: FastifyRequest): Promise<Caller> => {
    const user = request.apiUser!;
    return { user, actor: await services.access.actorFor(user), requestId: request.id };
  };

  /** Reads the record again (an audited view) and sends it with its ETag. */
  async function sendRecord(reply: FastifyReply, c: Caller, id: string) {
    const record = await records.get(c, id);
    const latest = record.versions.at(-1);
    if (latest) reply.header('ETag', etag(latest));
    return reply.code(200).send(recordJson(record));
  }

  /** A record made in another system has no version: a 409 for a change or a signature. */
  function versionOrConflict(latest: RecordVersion | undefined) {
    if (!latest)
      throw new HttpError(
        409,
        'This record was made in another system',
        'Oversight holds only its dates: it has no version to change or sign.',
      );
    return latest;
  }

  /**
   * The latest version as it stands now, to check If-Match against or to explain a 409 (the
   * service's 404 and 403 come first): the same access check as a read, but no view is audited,
   * since nobody is sent the record's content here.
   */
  async function currentVersion(c: Caller, id: string) {
    return versionOrConflict(await records.current(c, id));
  }

  /** Why a save found no draft: not the caller's to write (403), or not that draft now (409). */
  async function notSaved(reply: FastifyReply, c: Caller, id: string, sent: number | undefined) {
    const current = await currentVersion(c, id);
    if (current.status === 'draft' && current.version === sent)
      return sendProblem(
        reply,
        403,
        'You cannot change this draft',
        'None of its sections is yours to write.',
      );
    if (current.status === 'draft') return conflict(reply, stale(current), current);
    return conflict(
      reply,
      `Version ${current.version} is ${current.status} and cannot be changed. On the record’s page a shared version goes back to draft, and a locked one is amended.`,
      current,
    );
  }

  /** Someone shared, signed, saved or took it back to draft between our read and our write. */
  async function changedMeanwhile(reply: FastifyReply, c: Caller, id: string) {
    const current = await currentVersion(c, id);
    return conflict(
      reply,
      `The record changed while this request was answered: version ${current.version} is now ${current.status}, ETag ${etag(current)}. Get it again.`,
      current,
    );
  }

  return async (api: FastifyInstance) => {
    api.get<{ Querystring: ListQuery }>('/records', async (request, reply) => {
      const { filter, problems } = listFilter(request.query);
      if (problems.length > 0) return invalid(reply, problems, 'The query could not be read');
      const items = await records.list(await caller(request), filter);
      return { items: items.map(recordSummaryJson) };
    });

    api.get<{ Params: { id: string } }>('/records/:id', async (request, reply) =>
      sendRecord(reply, await caller(request), request.params.id),
    );

    api.patch<{ Params: { id: string } }>('/records/:id', async (request, reply) => {
      const problems = changeProblems(request.body);
      if (problems.length > 0) return invalid(reply, problems, 'The record could not be saved');
      const token = ifMatch(request.headers['if-match']);
      // Asked before the record is read: checking first would write a view nobody was sent.
      if (token === undefined) return preconditionRequired(reply);
      const c = await caller(request);
      const { id } = request.params;
      const body = request.body as Record<string, unknown>;
      const sent = versionOf(token);
      const result = await records.save(c, id, {
        version: sent?.version ?? 0,
        revision: sent?.revision ?? 0,
        answers: body.answers as Record<string, unknown> | undefined,
        actions: body.actions,
        reviews: body.reviews,
        merge: true,
      });
      if (result.outcome === 'invalid')
        return invalid(reply, result.problems, 'The record could not be saved');
      if (result.outcome === 'conflict')
        return conflict(reply, stale(result.current), result.current);
      if (result.outcome === 'fixed') return notSaved(reply, c, id, sent?.version);
      return sendRecord(reply, c, id);
    });

    api.post<{ Params: { id: string } }>('/records/:id/share', async (request, reply) => {
      const token = ifMatch(request.headers['if-match']);
      if (token === undefined) return preconditionRequired(reply);
      const c = await caller(request);
      const { id } = request.params;
      // Revisions start again with each version: the version named must be the latest.
      const current = await currentVersion(c, id);
      if (etag(current) !== `"${token}"`) return conflict(reply, stale(current), current);
      if (current.status !== 'draft')
        return conflict(reply, `Version ${current.version} is already ${current.status}.`, current);
      const result = await records.share(c, id, current.revision);
      if (result.outcome === 'invalid')
        return invalid(reply, result.problems, 'The record cannot be shared yet');
      if (result.outcome !== 'shared') return changedMeanwhile(reply, c, id);
      return sendRecord(reply, c, id);
    });

    api.post<{ Params: { id: string } }>('/records/:id/signatures', async (request, reply) => {
      const problems = signatureProblems(request.body);
      if (problems.length > 0) return invalid(reply, problems, 'The record could not be signed');
      const c = await caller(request);
      const { id } = request.params;
      const token = ifMatch(request.headers['if-match']);
      if (token !== undefined) {
        const current = await currentVersion(c, id);
        if (etag(current) !== `"${token}"`) return conflict(reply, stale(current), current);
      }
      const body = request.body as { decision: string; disagreement?: string };
      const result = await records.sign(c, id, body);
      if (result.outcome === 'invalid')
        return invalid(reply, result.problems, 'The record could not be signed');
      if (result.outcome === 'conflict') return changedMeanwhile(reply, c, id);
      return sendRecord(reply, c, id);
    });
  };
}

const idParameter = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string', format: 'uuid' },
};

const ifMatchParameter = (required: boolean, description: string) => ({
  name: 'If-Match',
  in: 'header',
  required,
  description,
  schema: { type: 'string' },
});

const recordResponse = (description: string) => ({
  description,
  headers: {
    ETag: {
      description: 'The latest version’s entity tag, `"<version>.<revision>"`',
      schema: { type: 'string' },
    },
  },
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Record' } } },
});

const nullableDate = { type: ['string', 'null'], format: 'date' };
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' };
const personRef = { $ref: '#/components/schemas/RecordPerson' };

/** What a list shows of each record; a record read alone adds its versions and escalations. */
const summaryProperties = {
  id: { type: 'string', format: 'uuid' },
  kind: { type: 'string', enum: [...recordKinds] },
  date: { type: 'string', format: 'date', description: 'When the supervision happened' },
  sessionId: { type: ['string', 'null'], format: 'uuid' },
  headline: { type: ['string', 'null'] },
  author: { oneOf: [personRef, { type: 'null' }] },
  observer: { oneOf: [personRef, { type: 'null' }] },
  people: {
    type: 'array',
    description: 'The supervisee first, or the members of a group',
    items: personRef,
  },
  children: {
    type: 'array',
    items: {
      type: 'object',
      required: ['id', 'caseId', 'name'],
      properties: {
        id: { type: 'string', format: 'uuid' },
        caseId: { type: 'string' },
        name: { type: ['string', 'null'] },
      },
    },
  },
  writtenOn: nullableDate,
  sharedOn: nullableDate,
  signedOn: nullableDate,
  onChildRecordOn: nullableDate,
  version: {
    type: ['integer', 'null'],
    minimum: 1,
    description: 'The latest version; null for a record made in another system',
  },
  status: { type: ['string', 'null'], enum: [...versionStatuses, null] },
  etag: { type: ['string', 'null'] },
};

const summaryRequired = ['id', 'kind', 'date', 'people', 'children', 'version', 'status', 'etag'];

const answersSchema = {
  type: 'object',
  description:
    'Answers by key, `<section>.<field>` of the version’s template (or `<section>` for a section asked as one answer): text, a date as YYYY-MM-DD, yes/no, red/amber/green, an option, or a whole number for a scale.',
  additionalProperties: { type: ['string', 'integer'] },
};

const actionSchema = {
  type: 'object',
  required: ['description'],
  properties: {
    key: { type: 'string', description: 'Keeps an action the same across versions' },
    description: { type: 'string', maxLength: 2000 },
    ownerId: { type: ['string', 'null'], format: 'uuid' },
    dueOn: nullableDate,
    childId: { type: ['string', 'null'], format: 'uuid' },
  },
};

const reviewSchema = {
  type: 'object',
  required: ['actionId', 'outcome'],
  properties: {
    actionId: { type: 'string', format: 'uuid' },
    progress: { type: 'string' },
    outcome: { type: 'string', enum: ['open', 'completed', 'dropped'] },
    dropReason: { type: ['string', 'null'], description: 'Required when dropped' },
  },
};

const partySchema = {
  type: 'string',
  enum: ['supervisee', 'supervisor', 'observer', 'line_manager'],
};

/** The OpenAPI 3.1 description of these paths, for /api/v1/openapi.json. */
export const recordsOpenApi = {
  paths: {
    '/records': {
      get: {
        operationId: 'listRecords',
        summary: 'List supervision records',
        description:
          'The records the caller may see, newest first (at most 100): about one supervisee or one child, or (with neither) those the caller wrote, is in or signs. Without their versions: read one record for its content.',
        tags: ['Records'],
        parameters: [
          { name: 'staffId', in: 'query', schema: { type: 'string', format: 'uuid' } },
          { name: 'childId', in: 'query', schema: { type: 'string', format: 'uuid' } },
          { name: 'kind', in: 'query', schema: { type: 'string', enum: [...recordKinds] } },
          {
            name: 'status',
            in: 'query',
            description: 'Where the latest version stands',
            schema: { type: 'string', enum: [...versionStatuses] },
          },
          { name: 'from', in: 'query', schema: { type: 'string', format: 'date' } },
          { name: 'to', in: 'query', schema: { type: 'string', format: 'date' } },
        ],
        responses: {
          '200': {
            description: 'The records',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items'],
                  properties: {
                    items: {
                      type: 'array',
                      items: { $ref: '#/components/schemas/RecordSummary' },
                    },
                  },
                },
              },
            },
          },
          '400': problemResponse('A filter is wrong; `errors` names each parameter'),
          '401': problemResponse('No valid bearer token'),
        },
      },
    },
    '/records/{id}': {
      parameters: [idParameter],
      get: {
        operationId: 'getRecord',
        summary: 'One record with every version',
        description: 'Each read is written to the audit trail.',
        tags: ['Records'],
        responses: {
          '200': recordResponse('The record'),
          '403': problemResponse('Not the caller’s to see'),
          '404': problemResponse('No such record'),
        },
      },
      patch: {
        operationId: 'updateRecord',
        summary: 'Change the draft’s answers, actions or review of actions',
        description:
          'Answers sent replace those with the same key (an empty string or null clears one); the others are kept. `actions` and `reviews`, when sent, replace the whole list. Each person writes only their own sections of the template.',
        tags: ['Records'],
        parameters: [ifMatchParameter(true, 'The ETag of the version the change was made to.')],
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: { $ref: '#/components/schemas/RecordChange' } },
          },
        },
        responses: {
          '200': recordResponse('The record after the change'),
          '400': problemResponse('A field is wrong; `errors` names each'),
          '403': problemResponse('Not the caller’s to change'),
          '404': problemResponse('No such record'),
          '409': problemResponse('Changed since its ETag, or no longer a draft'),
          '428': problemResponse('If-Match is missing'),
        },
      },
    },
    '/records/{id}/share': {
      parameters: [idParameter],
      post: {
        operationId: 'shareRecord',
        summary: 'Share the draft with those who sign it',
        description:
          'Only the author shares, and only a complete record: every action with an owner and a due date, and no record-quality check that must be met left unmet. The author signs as they share; a record only they sign locks at once.',
        tags: ['Records'],
        parameters: [ifMatchParameter(true, 'The ETag of the draft the author checked.')],
        responses: {
          '200': recordResponse('The record, shared or locked'),
          '400': problemResponse('Not ready to share; `errors` names each problem'),
          '403': problemResponse('Only the author shares a draft'),
          '404': problemResponse('No such record'),
          '409': problemResponse('Changed since its ETag, or not a draft'),
          '428': problemResponse('If-Match is missing'),
        },
      },
    },
    '/records/{id}/signatures': {
      parameters: [idParameter],
      post: {
        operationId: 'signRecord',
        summary: 'Sign the shared version as the caller',
        description:
          'The caller signs for the part they play (supervisee, supervisor, observer or line manager). The supervisee may instead disagree, saying with what; the disagreement stays with the record. The last signature locks the version.',
        tags: ['Records'],
        parameters: [
          ifMatchParameter(false, 'The ETag of the version read, so only those words are signed.'),
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: { $ref: '#/components/schemas/RecordSignatureCreate' } },
          },
        },
        responses: {
          '200': recordResponse('The record with the signature'),
          '400': problemResponse('The decision is missing or a disagreement has no words'),
          '403': problemResponse('Not a signatory, already signed, or not shared yet'),
          '404': problemResponse('No such record'),
          '409': problemResponse('Changed since its ETag or while signing'),
        },
      },
    },
  },
  components: {
    schemas: {
      RecordPerson: {
        type: 'object',
        required: ['id', 'name'],
        properties: { id: { type: 'string', format: 'uuid' }, name: { type: 'string' } },
      },
      RecordSummary: {
        type: 'object',
        required: summaryRequired,
        properties: summaryProperties,
      },
      Record: {
        type: 'object',
        required: [...summaryRequired, 'versions', 'escalations'],
        properties: {
          ...summaryProperties,
          versions: {
            type: 'array',
            description: 'Oldest first; a locked version never changes',
            items: { $ref: '#/components/schemas/RecordVersion' },
          },
          escalations: {
            type: 'array',
            items: { $ref: '#/components/schemas/RecordEscalation' },
          },
        },
      },
      RecordVersion: {
        type: 'object',
        required: ['version', 'status', 'template', 'headline', 'answers', 'actions', 'reviews'],
        properties: {
          version: { type: 'integer', minimum: 1 },
          status: { type: 'string', enum: [...versionStatuses] },
          template: {
            type: 'object',
            description: 'The policy pack’s template the version was written on',
            properties: { id: { type: 'string' }, title: { type: 'string' } },
          },
          headline: { type: 'string' },
          amendmentReason: { type: ['string', 'null'] },
          answers: answersSchema,
          actions: { type: 'array', items: actionSchema },
          reviews: {
            type: 'array',
            description: 'Progress on actions still open from earlier supervision',
            items: reviewSchema,
          },
          signatories: {
            type: 'array',
            description: 'Who signs, fixed when shared',
            items: {
              type: 'object',
              properties: { party: partySchema, staffId: { type: 'string', format: 'uuid' } },
            },
          },
          signatures: {
            type: 'array',
            items: {
              type: 'object',
              required: ['party', 'staffId', 'name', 'signedAt', 'disagreement'],
              properties: {
                party: partySchema,
                staffId: { type: 'string', format: 'uuid' },
                name: { type: 'string' },
                signedAt: { type: 'string', format: 'date-time' },
                disagreement: {
                  type: ['string', 'null'],
                  description: 'The supervisee’s disagreement; null when they agreed',
                },
              },
            },
          },
          createdAt: { type: 'string', format: 'date-time' },
          sharedAt: nullableDateTime,
          lockedAt: nullableDateTime,
        },
      },
      RecordEscalation: {
        type: 'object',
        description: 'A disagreement taken to the supervisor’s line manager',
        properties: {
          id: { type: 'string', format: 'uuid' },
          version: { type: 'integer' },
          reason: { type: 'string' },
          raisedBy: { type: ['string', 'null'] },
          raisedAt: { type: 'string', format: 'date-time' },
          to: personRef,
          response: { type: ['string', 'null'] },
          respondedBy: { type: ['string', 'null'] },
          respondedAt: nullableDateTime,
        },
      },
      RecordChange: {
        type: 'object',
        additionalProperties: false,
        properties: {
          answers: {
            type: 'object',
            additionalProperties: { type: ['string', 'integer', 'null'] },
          },
          actions: { type: 'array', items: actionSchema },
          reviews: { type: 'array', items: reviewSchema },
        },
      },
      RecordSignatureCreate: {
        type: 'object',
        required: ['decision'],
        additionalProperties: false,
        properties: {
          decision: { type: 'string', enum: ['agree', 'disagree'] },
          disagreement: {
            type: 'string',
            maxLength: 10000,
            description: 'With `disagree` only: what the supervisee disagrees with',
          },
        },
      },
    },
  },
} as const;
