import type { FastifyReply } from 'fastify';

/**
 * Cookie names and attributes in one place. Behind HTTPS the names take the `__Host-` prefix,
 * which browsers honour only for Secure, path=/, host-only cookies.
 */
export function cookieNames(secure: boolean) {
  const prefix = secure ? '__Host-' : '';
  return { session: `${prefix}oversight-session`, csrf: `${prefix}oversight-csrf` };
}

export function setCookie(reply: FastifyReply, secure: boolean, name: string, value: string) {
  reply.setCookie(name, value, { path: '/', httpOnly: true, secure, sameSite: 'lax' });
}

export function clearCookie(reply: FastifyReply, secure: boolean, name: string) {
  reply.clearCookie(name, { path: '/', httpOnly: true, secure, sameSite: 'lax' });
}
