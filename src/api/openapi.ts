/**
 * The OpenAPI 3.1 document of /api/v1, served at /api/v1/openapi.json without a token (it
 * describes the API; it holds no data). Each feature describes its own paths in a fragment
 * beside its routes; this module assembles them with what every path shares: the bearer token,
 * the problem document and /me. A component defined by two fragments must be the same in
 * both, or building the document fails (a test builds it).
 */
import { isDeepStrictEqual } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { agreementsOpenApi } from './agreements.ts';
import { complianceOpenApi } from './compliance.ts';
import { problemResponse, problemSchema } from './problem.ts';
import { recordsOpenApi } from './records.ts';
import { sessionsOpenApi } from './sessions.ts';
import { syncOpenApi } from './sync.ts';

type Fragment = {
  paths: Record<string, unknown>;
  components?: { schemas?: Record<string, unknown> };
};

const meOpenApi: Fragment = {
  paths: {
    '/me': {
      get: {
        operationId: 'getMe',
        summary: 'The person behind the token',
        tags: ['Account'],
        responses: {
          '200': {
            description: 'Their account',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['id', 'email', 'displayName', 'roles'],
                  properties: {
                    id: { type: 'string', format: 'uuid' },
                    email: { type: 'string', format: 'email' },
                    displayName: { type: 'string' },
                    roles: { type: 'array', items: { type: 'string' } },
                  },
                },
              },
            },
          },
          '401': problemResponse('No valid bearer token'),
        },
      },
    },
  },
  components: { schemas: { Problem: problemSchema } },
};

/** Every feature's fragment, in the order they appear in the document. */
export const openApiFragments: readonly Fragment[] = [
  meOpenApi,
  sessionsOpenApi as unknown as Fragment,
  agreementsOpenApi as unknown as Fragment,
  recordsOpenApi as unknown as Fragment,
  complianceOpenApi as unknown as Fragment,
  syncOpenApi as unknown as Fragment,
];

/** Merges the fragments into one document; throws if two define a path or a component apart. */
export function openApiDocument(fragments: readonly Fragment[] = openApiFragments) {
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  for (const fragment of fragments) {
    for (const [path, item] of Object.entries(fragment.paths)) {
      if (path in paths) throw new Error(`OpenAPI: the path ${path} is described twice`);
      paths[path] = item;
    }
    for (const [name, schema] of Object.entries(fragment.components?.schemas ?? {})) {
      if (name in schemas && !isDeepStrictEqual(schemas[name], schema))
        throw new Error(`OpenAPI: the schema ${name} is defined twice, differently`);
      schemas[name] = schema;
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Oversight API',
      version: '1',
      description:
        'Supervision and management oversight for children’s social care. Authenticate with a personal API token (`oversight tokens create`) as a Bearer token. Errors are RFC 9457 problem details; a bad field is named in `errors`.',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ bearerToken: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerToken: { type: 'http', scheme: 'bearer', description: 'A personal API token' },
      },
      schemas,
    },
  };
}

/** GET /openapi.json, registered beside the API (under the same prefix) with no token asked. */
export function openApiRoutes() {
  const document = openApiDocument();
  return async (app: FastifyInstance) => {
    app.get('/openapi.json', async (_request, reply) =>
      reply.header('Cache-Control', 'no-cache').send(document),
    );
  };
}
