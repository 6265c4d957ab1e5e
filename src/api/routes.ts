import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { UserAccount } from '../data-access/user-repository.ts';
import type { Services } from '../services/index.ts';
import { agreementsApi } from './agreements.ts';
import { complianceApi } from './compliance.ts';
import { sendProblem } from './problem.ts';
import { recordsApi } from './records.ts';
import { sessionsApi } from './sessions.ts';
import { syncApi } from './sync.ts';

declare module 'fastify' {
  interface FastifyRequest {
    apiUser: UserAccount | undefined;
  }
}

/**
 * The JSON API. It authenticates only by personal bearer token, never by the session cookie,
 * so a page on another site cannot make a signed-in browser call it.
 */
export function registerApi(services: Services) {
  return async (api: FastifyInstance) => {
    api.decorateRequest('apiUser', undefined);
    api.addHook('onRequest', async (request, reply) => {
      const user = await bearerUser(request, services);
      if (!user) {
        reply.header('WWW-Authenticate', 'Bearer realm="oversight"');
        return sendProblem(
          reply,
          401,
          'Unauthorised',
          'Send a valid personal API token as a Bearer token.',
        );
      }
      request.apiUser = user;
    });

    await api.register(agreementsApi(services));
    await api.register(sessionsApi(services));
    await api.register(recordsApi(services));
    await api.register(complianceApi(services));
    await api.register(syncApi(services));

    api.get('/me', async (request) => {
      const user = request.apiUser!;
      return { id: user.id, email: user.email, displayName: user.displayName, roles: user.roles };
    });
  };
}

async function bearerUser(request: FastifyRequest, services: Services) {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  return match?.[1] ? services.auth.authenticateApiToken(match[1]) : undefined;
}
