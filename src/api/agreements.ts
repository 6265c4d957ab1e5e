/**
 * /api/v1/agreements: supervision agreements for other systems. The same service as the pages,
 * so the same rules: the pack's template, the agreed frequency never below the pack's minimum,
 * each party signing only from their own account (here, their own API token). A version's
 * ETag changes with every change; PATCH and the status actions take it as If-Match, and a stale
 * one is a 409 problem. Problems are RFC 9457 JSON naming each field (`answers.<id>`,
 * `agreedFrequency`, `relationshipId`).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Agreement, AgreementRelationship } from '../data-access/agreement-repository.ts';
import type { Caller, Problem } from '../features/agreements/agreement-service.ts';
import type { Services } from '../services/index.ts';
import { type ProblemField, problemResponse, sendProblem } from './problem.ts';

export function agreementJson(agreement: Agreement, rel: AgreementRelationship) {
  const signature = (s: Agreement['signatures']['supervisee']) =>
    s ? { signedAt: s.at.toISOString(), userId: s.byUserId, name: s.byName } : null;
  return {
    id: agreement.id,
    relationshipId: agreement.relationshipId,
    relationship: {
      kind: rel.kind,
      startsOn: rel.startsOn,
      endsOn: rel.endsOn,
      supervisee: { id: rel.superviseeId, name: rel.superviseeName },
      supervisor: { id: rel.supervisorId, name: rel.supervisorName },
    },
    version: agreement.version,
    status: agreement.status,
    templateId: agreement.templateId,
    answers: agreement.answers,
    agreedFrequency: agreement.agreedFrequency,
    signatures: {
      supervisee: signature(agreement.signatures.supervisee),
      supervisor: signature(agreement.signatures.supervisor),
    },
    reviewDueOn: agreement.reviewDueOn,
    recordId: agreement.recordId,
    createdAt: agreement.createdAt.toISOString(),
    etag: etag(agreement),
  };
}

const etag = (agreement: Agreement) => `"${agreement.versionToken}"`;

/** The version an If-Match header names (a strong or weak entity tag), if any. */
export function ifMatch(header: string | undefined): string | undefined {
  const match = /^\s*(?:W\/)?"([^"]*)"\s*$/.exec(header ?? '');
  return match?.[1];
}

const fields = (problems: Problem[]): ProblemField[] =>
  problems.map((p) => ({ name: p.field, problem: p.message }));

function invalid(reply: FastifyReply, problems: Problem[]) {
  return sendProblem(
    reply,
    400,
    'The agreement could not be saved',
    problems.map((p) => p.message).join('. '),
    fields(problems),
  );
}

function conflict(reply: FastifyReply, detail: string, current: Agreement) {
  reply.header('ETag', etag(current));
  return sendProblem(reply, 409, 'Conflict', detail);
}

/** Checks a JSON body is an object with only these members. */
function bodyProblems(body: unknown, allowed: string[]): Problem[] {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return [{ field: 'body', message: 'Send a JSON object' }];
  const problems: Problem[] = [];
  for (const key of Object.keys(body))
    if (!allowed.includes(key))
      problems.push({ field: key, message: `“${key}” is not a member this request takes` });
  const answers = (body as Record<string, unknown>).answers;
  if (
    answers !== undefined &&
    (answers === null || typeof answers !== 'object' || Array.isArray(answers))
  )
    problems.push({
      field: 'answers',
      message: 'answers must be an object of answers by question id',
    });
  return problems;
}

const statusActions = ['send', 'sign', 'supersede'] as const;

export function agreementsApi(services: Services) {
  const agreements = services.agreements;
  const caller = async (request: FastifyRequest): Promise<Caller> => {
    const user = request.apiUser!;
    return { user, actor: await services.access.actorFor(user), requestId: request.id };
  };
  const sendAgreement = (
    reply: FastifyReply,
    status: number,
    agreement: Agreement,
    rel: AgreementRelationship,
  ) => {
    reply.header('ETag', etag(agreement));
    if (status === 201) reply.header('Location', `/api/v1/agreements/${agreement.id}`);
    return reply.code(status).send(agreementJson(agreement, rel));
  };

  return async (api: FastifyInstance) => {
    api.get<{ Querystring: { staffId?: string; relationshipId?: string } }>(
      '/agreements',
      async (request) => {
        const { staffId, relationshipId } = request.query;
        const items = await agreements.list(await caller(request), {
          ...(staffId !== undefined ? { staffId } : {}),
          ...(relationshipId !== undefined ? { relationshipId } : {}),
        });
        return { items: items.map(({ agreement, rel }) => agreementJson(agreement, rel)) };
      },
    );

    api.get<{ Params: { id: string } }>('/agreements/:id', async (request, reply) => {
      const { agreement, rel } = await agreements.get(await caller(request), request.params.id);
      return sendAgreement(reply, 200, agreement, rel);
    });

    api.post('/agreements', async (request, reply) => {
      const body = request.body as Record<string, unknown> | undefined;
      const problems = bodyProblems(body, ['relationshipId', 'answers', 'agreedFrequency']);
      if (problems.length === 0 && typeof body?.relationshipId !== 'string')
        problems.push({
          field: 'relationshipId',
          message: 'Send the id of the supervisory relationship',
        });
      if (problems.length > 0) return invalid(reply, problems);
      const c = await caller(request);
      const result = await agreements.create(c, body!.relationshipId as string, {
        answers: body!.answers as Record<string, unknown> | undefined,
        agreedFrequency: body!.agreedFrequency,
      });
      if (result.outcome === 'invalid') return invalid(reply, result.problems);
      if (result.outcome === 'open') {
        reply.header('Location', `/api/v1/agreements/${result.agreement.id}`);
        return sendProblem(
          reply,
          409,
          'Conflict',
          `Version ${result.agreement.version} of this agreement is not signed yet (${result.agreement.status}). Change that version instead.`,
          [
            {
              name: 'relationshipId',
              problem: 'This relationship already has a version being written or signed',
            },
          ],
        );
      }
      const { rel } = await agreements.get(c, result.agreement.id);
      return sendAgreement(reply, 201, result.agreement, rel);
    });

    api.patch<{ Params: { id: string } }>('/agreements/:id', async (request, reply) => {
      const body = request.body as Record<string, unknown> | undefined;
      const problems = bodyProblems(body, ['answers', 'agreedFrequency']);
      if (problems.length > 0) return invalid(reply, problems);
      const c = await caller(request);
      const token = ifMatch(request.headers['if-match']);
      if (token === undefined) {
        // Check the agreement exists and is theirs before asking for its version.
        await agreements.get(c, request.params.id);
        return sendProblem(
          reply,
          428,
          'Precondition required',
          'Send the ETag of the version you changed as If-Match, so a change made in between is not lost.',
          [{ name: 'If-Match', problem: 'Send the version’s ETag' }],
        );
      }
      const result = await agreements.update(
        c,
        request.params.id,
        token,
        {
          answers: body!.answers as Record<string, unknown> | undefined,
          agreedFrequency: body!.agreedFrequency,
        },
        { merge: true },
      );
      if (result.outcome === 'invalid') return invalid(reply, result.problems);
      if (result.outcome === 'conflict')
        return conflict(
          reply,
          `${result.message}: its ETag is now ${etag(result.current)}. Get it again, apply your change and send it with that ETag.`,
          result.current,
        );
      if (result.outcome === 'fixed')
        return conflict(
          reply,
          `Version ${result.current.version} is ${result.current.status} and cannot be changed. POST {"action":"supersede"} to its status to start a new version.`,
          result.current,
        );
      const { rel } = await agreements.get(c, result.agreement.id);
      return sendAgreement(reply, 200, result.agreement, rel);
    });

    api.post<{ Params: { id: string } }>('/agreements/:id/status', async (request, reply) => {
      const body = request.body as Record<string, unknown> | undefined;
      const problems = bodyProblems(body, ['action']);
      const action = body?.action;
      if (
        problems.length === 0 &&
        !statusActions.includes(action as (typeof statusActions)[number])
      )
        problems.push({
          field: 'action',
          message: 'action must be one of send, sign or supersede',
        });
      if (problems.length > 0) return invalid(reply, problems);
      const c = await caller(request);
      const { id } = request.params;
      const token = ifMatch(request.headers['if-match']);
      if (action === 'supersede') {
        const result = await agreements.startNewVersion(c, id);
        if (result.outcome === 'invalid') return invalid(reply, result.problems);
        if (result.outcome === 'open' || result.outcome === 'conflict') {
          const current = result.outcome === 'open' ? result.agreement : result.current;
          return conflict(
            reply,
            result.outcome === 'open'
              ? `Version ${current.version} is already being written or signed; change that one.`
              : result.message,
            current,
          );
        }
        const { rel } = await agreements.get(c, result.agreement.id);
        return sendAgreement(reply, 201, result.agreement, rel);
      }
      const result =
        action === 'send'
          ? await agreements.send(c, id, token)
          : await agreements.sign(c, id, token);
      if (result.outcome === 'invalid') return invalid(reply, result.problems);
      if (result.outcome !== 'saved') return conflict(reply, result.message, result.current);
      const { rel } = await agreements.get(c, id);
      return sendAgreement(reply, 200, result.agreement, rel);
    });
  };
}

const agreedFrequencySchema = {
  type: ['object', 'null'],
  description:
    'How often the pair meet for one-to-one supervision: once every `count` days, weeks or months. Never less often than the policy pack’s minimum for the supervisee.',
  required: ['unit', 'count'],
  additionalProperties: false,
  properties: {
    unit: { type: 'string', enum: ['days', 'weeks', 'months'] },
    count: { type: 'integer', minimum: 1, maximum: 366 },
  },
};

const signatureSchema = {
  type: ['object', 'null'],
  required: ['signedAt', 'userId', 'name'],
  properties: {
    signedAt: { type: 'string', format: 'date-time' },
    userId: { type: 'string', format: 'uuid' },
    name: { type: 'string' },
  },
};

const agreementResponse = (description: string, headers = true) => ({
  description,
  ...(headers
    ? { headers: { ETag: { description: 'The version’s entity tag', schema: { type: 'string' } } } }
    : {}),
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Agreement' } } },
});

const idParameter = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string', format: 'uuid' },
};

const ifMatchParameter = (required: boolean) => ({
  name: 'If-Match',
  in: 'header',
  required,
  description: 'The ETag of the version the change was made to.',
  schema: { type: 'string' },
});

/** The OpenAPI 3.1 description of these paths, for /api/v1/openapi.json. */
export const agreementsOpenApi = {
  paths: {
    '/agreements': {
      get: {
        operationId: 'listAgreements',
        summary: 'List agreement versions',
        description:
          'Every version of the agreements the caller may see: of one relationship, of one supervisee, or (with neither) their own and those of the people they supervise.',
        tags: ['Agreements'],
        parameters: [
          { name: 'staffId', in: 'query', schema: { type: 'string', format: 'uuid' } },
          { name: 'relationshipId', in: 'query', schema: { type: 'string', format: 'uuid' } },
        ],
        responses: {
          '200': {
            description: 'The versions, newest first within each relationship',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items'],
                  properties: {
                    items: { type: 'array', items: { $ref: '#/components/schemas/Agreement' } },
                  },
                },
              },
            },
          },
          '401': problemResponse('No valid bearer token'),
          '403': problemResponse('Not the caller’s to see'),
          '404': problemResponse('No such relationship'),
        },
      },
      post: {
        operationId: 'createAgreement',
        summary: 'Start a draft agreement for a supervisory relationship',
        tags: ['Agreements'],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/AgreementCreate' },
            },
          },
        },
        responses: {
          '201': agreementResponse('The draft, version 1 or the next after the signed one'),
          '400': problemResponse('A field is wrong; `errors` names each'),
          '403': problemResponse('The caller may not write this agreement'),
          '409': problemResponse('A version is already being written or signed'),
        },
      },
    },
    '/agreements/{id}': {
      parameters: [idParameter],
      get: {
        operationId: 'getAgreement',
        summary: 'One version of an agreement',
        tags: ['Agreements'],
        responses: {
          '200': agreementResponse('The version'),
          '403': problemResponse('Not the caller’s to see'),
          '404': problemResponse('No such agreement'),
        },
      },
      patch: {
        operationId: 'updateAgreement',
        summary: 'Change a draft’s answers or agreed frequency',
        description:
          'Answers sent replace those with the same question id (an empty string or null clears one); the others are kept. A version awaiting signatures goes back to draft and loses any signature.',
        tags: ['Agreements'],
        parameters: [ifMatchParameter(true)],
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: { $ref: '#/components/schemas/AgreementChange' } },
          },
        },
        responses: {
          '200': agreementResponse('The changed version'),
          '400': problemResponse('A field is wrong; `errors` names each'),
          '409': problemResponse('The version changed since its ETag, or is signed'),
          '428': problemResponse('If-Match is missing'),
        },
      },
    },
    '/agreements/{id}/status': {
      parameters: [idParameter],
      post: {
        operationId: 'changeAgreementStatus',
        summary: 'Send for signature, sign, or start a new version of a signed one',
        description:
          '`send`: a complete draft goes for signature. `sign`: the caller signs as the supervisee or the supervisor, whichever they are; with both signatures the version is signed and fixed. `supersede`: a new draft version from a signed one (201); the signed one stays in force until the new one is signed.',
        tags: ['Agreements'],
        parameters: [ifMatchParameter(false)],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['action'],
                additionalProperties: false,
                properties: { action: { type: 'string', enum: ['send', 'sign', 'supersede'] } },
              },
            },
          },
        },
        responses: {
          '200': agreementResponse('The version after the change'),
          '201': agreementResponse('The new draft version (supersede)'),
          '400': problemResponse('Not complete enough to send; `errors` names each field'),
          '403': problemResponse('Only the two parties sign, each for themselves'),
          '409': problemResponse('Not in a state for this action, or changed since its ETag'),
        },
      },
    },
  },
  components: {
    schemas: {
      AgreedFrequency: agreedFrequencySchema,
      Agreement: {
        type: 'object',
        required: ['id', 'relationshipId', 'version', 'status', 'answers', 'signatures', 'etag'],
        properties: {
          id: { type: 'string', format: 'uuid' },
          relationshipId: { type: 'string', format: 'uuid' },
          relationship: {
            type: 'object',
            properties: {
              kind: {
                type: 'string',
                enum: ['line_management', 'placement_supervisor', 'practice_educator'],
              },
              startsOn: { type: 'string', format: 'date' },
              endsOn: { type: ['string', 'null'], format: 'date' },
              supervisee: { $ref: '#/components/schemas/AgreementPerson' },
              supervisor: { $ref: '#/components/schemas/AgreementPerson' },
            },
          },
          version: { type: 'integer', minimum: 1 },
          status: {
            type: 'string',
            enum: ['draft', 'awaiting_signatures', 'signed', 'superseded'],
          },
          templateId: { type: 'string' },
          answers: {
            type: 'object',
            description:
              'Answers by question id of the policy pack’s agreement template: text, a date as YYYY-MM-DD, or yes/no.',
            additionalProperties: { type: 'string' },
          },
          agreedFrequency: { $ref: '#/components/schemas/AgreedFrequency' },
          signatures: {
            type: 'object',
            properties: { supervisee: signatureSchema, supervisor: signatureSchema },
          },
          reviewDueOn: { type: ['string', 'null'], format: 'date' },
          recordId: {
            type: ['string', 'null'],
            format: 'uuid',
            description: 'The supervision record that evidences it for compliance, once signed.',
          },
          createdAt: { type: 'string', format: 'date-time' },
          etag: { type: 'string' },
        },
      },
      AgreementCreate: {
        type: 'object',
        required: ['relationshipId'],
        additionalProperties: false,
        properties: {
          relationshipId: { type: 'string', format: 'uuid' },
          answers: { type: 'object', additionalProperties: { type: ['string', 'null'] } },
          agreedFrequency: { $ref: '#/components/schemas/AgreedFrequency' },
        },
      },
      AgreementChange: {
        type: 'object',
        additionalProperties: false,
        properties: {
          answers: { type: 'object', additionalProperties: { type: ['string', 'null'] } },
          agreedFrequency: { $ref: '#/components/schemas/AgreedFrequency' },
        },
      },
      AgreementPerson: {
        type: 'object',
        properties: { id: { type: 'string', format: 'uuid' }, name: { type: 'string' } },
      },
    },
  },
} as const;
