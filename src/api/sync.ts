/**
 * POST /api/v1/sync/children: the case-management system pushes children, each in the bundle's
 * child shape with its status episodes, flags and allocations; those replace the child's stored
 * ones, an optional field left out is kept and one sent as null is cleared (child-push.ts), and
 * children not sent are left alone. Only an account that may import the
 * organisation's data may push. The body is read here as text, so malformed JSON is a 422
 * problem naming `$` like any other. A rejected push is kept as a run unless it was no list of
 * children at all. An `Idempotency-Key` makes a retry safe: the same key and body answer the run
 * again, another body with it is refused. docs/sync.md.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SyncRun } from '../data-access/sync-run-repository.ts';
import { can } from '../domain/access/can.ts';
import type { PushResult } from '../features/child-sync/child-sync-service.ts';
import type { Services } from '../services/index.ts';
import { problemResponse, sendProblem } from './problem.ts';

/** The largest push taken: about 40,000 children with a few episodes each. */
export const maxPushBytes = 16 * 1024 * 1024;

/** Visible ASCII, as a UUID or any client's token would be. */
const keyPattern = /^[\x21-\x7e]{1,255}$/;

/** What a push answers with: the run and its report. */
export function runJson(run: SyncRun) {
  return {
    id: run.id,
    receivedAt: run.receivedAt.toISOString(),
    finishedAt: run.finishedAt.toISOString(),
    ...run.report,
  };
}

function answer(reply: FastifyReply, result: PushResult) {
  switch (result.kind) {
    case 'done':
      if (result.replayed) reply.header('Idempotent-Replayed', 'true');
      return reply.code(200).send(runJson(result.run));
    case 'rejected': {
      const { problems, run } = result;
      return sendProblem(
        reply,
        422,
        'The children were not synced',
        `Nothing was changed: ${problems.length} problem${problems.length === 1 ? '' : 's'}${run ? ` (run ${run.id})` : ''}. Correct every one and send the whole request again.`,
        problems.map((p) => ({ name: p.column ?? '$', problem: p.message })),
      );
    }
    case 'key reused':
      return sendProblem(
        reply,
        422,
        'Idempotency key already used',
        `This Idempotency-Key was sent with a different request (run ${result.run.id}). Send a new key with a new request.`,
        [{ name: 'Idempotency-Key', problem: 'already used for a different request' }],
      );
    case 'busy':
      reply.header('Retry-After', '5');
      return sendProblem(
        reply,
        503,
        'Another sync is running',
        'Another sync of your organisation’s children is running. Send the request again shortly.',
      );
  }
}

export function syncApi(services: Services) {
  return async (api: FastifyInstance) => {
    // The body as text: this route reads and judges it, so every problem is a 422 problem.
    api.removeAllContentTypeParsers();
    api.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) =>
      done(null, body),
    );
    api.addHook('onSend', async (_request, reply) => {
      reply.header('Cache-Control', 'no-store');
    });

    api.post('/sync/children', { bodyLimit: maxPushBytes }, async (request, reply) => {
      const user = request.apiUser!;
      const actor = await services.access.actorFor(user);
      if (!can(actor, 'import', { type: 'organisation_data' }))
        return sendProblem(
          reply,
          403,
          'Forbidden',
          'Only an account that may import your organisation’s data may sync children.',
        );
      const key = request.headers['idempotency-key'];
      if (key !== undefined && (Array.isArray(key) || !keyPattern.test(key)))
        return sendProblem(
          reply,
          422,
          'The Idempotency-Key could not be read',
          'Send one Idempotency-Key of 1 to 255 visible characters, such as a UUID.',
          [{ name: 'Idempotency-Key', problem: 'expected 1 to 255 visible characters' }],
        );
      const result = await services.childSync.push({
        user,
        body: typeof request.body === 'string' ? request.body : '',
        idempotencyKey: key,
      });
      return answer(reply, result);
    });
  };
}

const episode = (what: Record<string, unknown>) => ({
  type: 'object',
  additionalProperties: false,
  required: [...Object.keys(what), 'from'],
  properties: {
    ...what,
    from: { type: 'string', format: 'date' },
    to: { type: 'string', format: 'date', description: 'The last day; absent while it lasts.' },
  },
});

const keptUnlessSent = 'Left out, Oversight keeps what it holds; null clears it';
const replacedWhole =
  'The source’s full list: it replaces the stored one, and what is not sent is removed';

const childRef = {
  type: 'object',
  required: ['id', 'caseId'],
  properties: { id: { type: 'string' }, caseId: { type: 'string' } },
};

const episodeChanges = (ref: string) => ({
  type: 'object',
  required: ['added', 'ended', 'changed', 'removed'],
  properties: Object.fromEntries(
    ['added', 'ended', 'changed', 'removed'].map((k) => [
      k,
      { type: 'array', items: { $ref: `#/components/schemas/${ref}` } },
    ]),
  ),
});

export const syncOpenApi = {
  paths: {
    '/sync/children': {
      post: {
        operationId: 'syncChildren',
        summary: 'Push children from the case-management system',
        description:
          'Each child sent is laid over the child Oversight holds with its id. `statuses`, `flags` and `allocations` are the source system’s full view: they replace the stored ones, so an episode not sent is removed. An optional field left out (`name`, `dateOfBirth`, `expectedDateOfBirth`, `closedAt`, `events`) keeps the value Oversight holds; sent as `null` (or `[]` for `events`) it is cleared; sent with a value it replaces it. Children not sent are left alone. Any problem rejects the whole request and nothing changes. For an account that may import the organisation’s data (an administrator’s token).',
        tags: ['Sync'],
        parameters: [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            description:
              'A key of your choosing (a UUID). The same key and body answer the first run again with `Idempotent-Replayed: true` and change nothing; the same key with another body is a 422. A rejected request does not use its key up.',
            schema: { type: 'string', minLength: 1, maxLength: 255 },
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: { $ref: '#/components/schemas/ChildrenSync' } },
          },
        },
        responses: {
          '200': {
            description: 'Applied, or unchanged when every child already matched',
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/SyncRun' } },
            },
          },
          '401': problemResponse('No valid bearer token'),
          '403': problemResponse('The caller may not import the organisation’s data'),
          '413': problemResponse('The body is larger than 16 MB: send the children in parts'),
          '422': problemResponse(
            'Nothing was changed: malformed JSON, a field the schema refuses, a worker who is not a staff member, the same child twice, or an Idempotency-Key used for another body; `errors` names each by its JSON path',
          ),
          '503': problemResponse(
            'Another sync of the organisation is running; retry after the Retry-After seconds',
          ),
        },
      },
    },
  },
  components: {
    schemas: {
      ChildrenSync: {
        type: 'object',
        additionalProperties: false,
        required: ['children'],
        properties: {
          children: { type: 'array', items: { $ref: '#/components/schemas/SyncChild' } },
        },
      },
      SyncChild: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'caseId', 'openedAt', 'statuses', 'flags', 'allocations'],
        properties: {
          id: { type: 'string', description: 'The child’s id in the case-management system' },
          caseId: { type: 'string' },
          name: { type: ['string', 'null'], description: keptUnlessSent },
          dateOfBirth: { type: ['string', 'null'], format: 'date', description: keptUnlessSent },
          expectedDateOfBirth: {
            type: ['string', 'null'],
            format: 'date',
            description: keptUnlessSent,
          },
          openedAt: { type: 'string', format: 'date' },
          closedAt: {
            type: ['string', 'null'],
            format: 'date',
            description: `End of involvement. ${keptUnlessSent} (reopens the child).`,
          },
          statuses: {
            type: 'array',
            description: replacedWhole,
            items: { $ref: '#/components/schemas/SyncStatus' },
          },
          flags: {
            type: 'array',
            description: replacedWhole,
            items: { $ref: '#/components/schemas/SyncFlag' },
          },
          allocations: {
            type: 'array',
            description: replacedWhole,
            items: { $ref: '#/components/schemas/SyncAllocation' },
          },
          events: {
            type: ['array', 'null'],
            description:
              'Events, which may also be recorded in Oversight. Left out, Oversight keeps what it holds; null or [] clears them; a list replaces them.',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['kind', 'date'],
              properties: { kind: { type: 'string' }, date: { type: 'string', format: 'date' } },
            },
          },
        },
      },
      SyncStatus: episode({
        status: { type: 'string', description: 'child_in_need, child_protection, …' },
      }),
      SyncFlag: episode({ flag: { type: 'string', description: 'most_concern, …' } }),
      SyncAllocation: episode({
        workerId: { type: 'string', description: 'The staff member’s id in the HR system' },
        role: { type: 'string', enum: ['key_worker', 'lead_professional', 'involved'] },
      }),
      SyncChildChange: {
        type: 'object',
        required: ['id', 'caseId', 'details', 'statuses', 'flags', 'allocations'],
        properties: {
          id: { type: 'string' },
          caseId: { type: 'string' },
          details: {
            type: 'array',
            description: 'The child’s own fields that changed (names only)',
            items: { type: 'string' },
          },
          statuses: episodeChanges('SyncStatus'),
          flags: episodeChanges('SyncFlag'),
          allocations: episodeChanges('SyncAllocation'),
        },
      },
      SyncRun: {
        type: 'object',
        required: [
          'id',
          'receivedAt',
          'finishedAt',
          'outcome',
          'counts',
          'added',
          'changed',
          'closed',
          'rejected',
        ],
        properties: {
          id: { type: 'string', format: 'uuid' },
          receivedAt: { type: 'string', format: 'date-time' },
          finishedAt: { type: 'string', format: 'date-time' },
          outcome: { type: 'string', enum: ['applied', 'unchanged'] },
          counts: {
            type: 'object',
            required: ['added', 'changed', 'closed', 'unchanged', 'rejected'],
            properties: Object.fromEntries(
              ['added', 'changed', 'closed', 'unchanged', 'rejected'].map((k) => [
                k,
                { type: 'integer', minimum: 0 },
              ]),
            ),
          },
          added: { type: 'array', items: childRef },
          changed: { type: 'array', items: { $ref: '#/components/schemas/SyncChildChange' } },
          closed: {
            type: 'array',
            description: 'Children with an open status episode before and none after',
            items: childRef,
          },
          rejected: { type: 'array', maxItems: 0 },
        },
      },
    },
  },
} as const;
