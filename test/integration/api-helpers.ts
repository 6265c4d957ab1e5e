/**
 * Calling /api/v1 as the demo's people: a personal token per account, and requests with it.
 */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../src/services/index.ts';

export function apiClient(app: FastifyInstance, services: Services) {
  return {
    /** A new personal API token for the account with this email. */
    async tokenFor(email: string) {
      const user = await services.repos.users.findByEmail(email);
      if (!user) throw new Error(`no account ${email}`);
      return services.auth.createApiToken(user, 'integration test');
    },
    /** A request to `/api/v1<url>` with the token, and a JSON body when given. */
    call(
      token: string,
      method: 'GET' | 'POST' | 'PATCH',
      url: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ) {
      return app.inject({
        method,
        url: `/api/v1${url}`,
        headers: { authorization: `Bearer ${token}`, ...headers },
        ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
      });
    },
  };
}
