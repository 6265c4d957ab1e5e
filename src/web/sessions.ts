import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthService, CurrentSession } from '../services/auth-service.ts';
import { newSecret } from '../services/tokens.ts';
import { clearCookie, cookieNames, setCookie } from './cookies.ts';
import { forbiddenCsrf } from './http-errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route checks `_csrf` inside its multipart body itself (checkCsrfField). */
    csrfInMultipart?: boolean;
  }
  interface FastifyRequest {
    currentSession: CurrentSession | undefined;
    /** The token every form on this page must send back as `_csrf`. */
    csrfToken: string;
  }
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Loads the server-side session named by the cookie, and guards every state-changing request
 * with a CSRF token: the session's own token once signed in, and a double-submit cookie before
 * (so the sign-in form itself is protected against login CSRF).
 */
export function registerSessions(app: FastifyInstance, auth: AuthService, secure: boolean) {
  const names = cookieNames(secure);
  app.decorateRequest('currentSession', undefined);
  app.decorateRequest('csrfToken', '');

  app.addHook('onRequest', async (request, reply) => {
    const token = request.cookies[names.session];
    request.currentSession = token ? await auth.resume(token) : undefined;
    if (token && !request.currentSession) clearCookie(reply, secure, names.session);
    request.csrfToken = request.currentSession?.csrfToken ?? anonymousCsrfToken(request, reply);
  });

  // The body (and so `_csrf`) is parsed only by the time preHandler runs.
  app.addHook('preHandler', async (request) => {
    if (!unsafeMethods.has(request.method) || request.url.startsWith('/api/')) return;
    // An upload is not parsed ahead; its route reads `_csrf`, the form's first part, with
    // checkCsrfField before it touches the file. Other routes refuse uploads outright.
    if (request.isMultipart()) {
      if (request.routeOptions.config.csrfInMultipart) return;
      throw forbiddenCsrf();
    }
    const sent = (request.body as Record<string, unknown> | undefined)?._csrf;
    if (typeof sent !== 'string' || !sameToken(sent, request.csrfToken)) throw forbiddenCsrf();
  });

  function anonymousCsrfToken(request: FastifyRequest, reply: FastifyReply): string {
    const existing = request.cookies[names.csrf];
    if (existing && existing.length >= 32) return existing;
    const token = newSecret();
    setCookie(reply, secure, names.csrf, token);
    return token;
  }
}

/** For an upload route: the `_csrf` field it read from the multipart body. */
export function checkCsrfField(request: FastifyRequest, sent: unknown) {
  if (typeof sent !== 'string' || !sameToken(sent, request.csrfToken)) throw forbiddenCsrf();
}

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** preHandler for pages that need a signed-in person: others go to the sign-in page. */
export async function requireSignIn(request: FastifyRequest, reply: FastifyReply) {
  if (request.currentSession) return;
  const next = request.method === 'GET' ? `?next=${encodeURIComponent(request.url)}` : '';
  return reply.redirect(`/sign-in${next}`, 303);
}
