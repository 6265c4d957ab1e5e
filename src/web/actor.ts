import type { FastifyRequest } from 'fastify';
import type { Actor } from '../domain/access/can.ts';
import type { AccessService } from '../services/access-service.ts';
import { HttpError } from './http-errors.ts';

const actors = new WeakMap<FastifyRequest, Actor>();

/** The signed-in actor of this request, loaded once per request. */
export async function actorOf(request: FastifyRequest, access: AccessService): Promise<Actor> {
  const cached = actors.get(request);
  if (cached) return cached;
  const user = request.currentSession?.user;
  if (!user) throw new HttpError(401, 'Sign in to continue', 'Your session has ended.');
  const actor = await access.actorFor(user);
  actors.set(request, actor);
  return actor;
}
