import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../services/auth-service.ts';
import type { Services } from '../services/index.ts';

const signedOut = { signedIn: false, message: 'You have been signed out' };

/**
 * POST /session/keepalive: "Stay signed in" in the session-timeout dialog (public/session-timeout.js).
 * The request itself keeps the session alive, since `resume` slides the idle expiry on the way in;
 * the answer says when the session will now end. The clock only filters the read-back, so the wall
 * clock serves in tests too.
 */
export function keepaliveRoutes(services: Services, clock: Clock = () => new Date()) {
  return async (app: FastifyInstance) => {
    // A signed-out page gets 401 JSON, not the CSRF 403 page: onRequest runs before that check.
    app.post('/session/keepalive', { onRequest: refuseSignedOut }, async (request, reply) => {
      const session = request.currentSession;
      const stored = session && (await services.repos.sessions.findLive(session.id, clock()));
      if (!stored) return reply.code(401).send(signedOut);
      return { idleExpiresAt: stored.idleExpiresAt.toISOString() };
    });
  };
}

async function refuseSignedOut(request: FastifyRequest, reply: FastifyReply) {
  if (!request.currentSession) return reply.code(401).send(signedOut);
}
