import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../domain/access/can.ts';
import { grantHolderRoles } from '../../services/access-service.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../../web/actor.ts';
import { HttpError } from '../../web/http-errors.ts';

const reads = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether this person only reads: an account whose every role is a grant holder's
 * (investigating officer, inspector), or anyone while they hold a live grant. A grant is
 * read-only, so nothing they send may change anything, whatever else a route would allow.
 */
export function readsOnly(actor: Actor): boolean {
  const holderOnly = actor.roles.every((role) => grantHolderRoles.includes(role));
  return holderOnly || (actor.grants?.length ?? 0) > 0;
}

/** A preHandler for the signed-in pages: every POST of a read-only person is refused (403). */
export function refuseGrantHolderWrites(services: Services) {
  return async (request: FastifyRequest) => {
    if (reads.has(request.method)) return;
    if (!request.currentSession) return;
    if (readsOnly(await actorOf(request, services.access)))
      throw new HttpError(
        403,
        'You can read but not change anything',
        'Your access is read-only: it was given to an investigating officer or an inspector to read records, not to change them.',
      );
  };
}
