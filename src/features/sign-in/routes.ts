import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Config } from '../../config.ts';
import type { Services } from '../../services/index.ts';
import { clearCookie, cookieNames, setCookie } from '../../web/cookies.ts';
import { requireSignIn } from '../../web/sessions.ts';
import { oidcRoutes } from './oidc-routes.ts';
import { oidcService } from './oidc-service.ts';

type SignInBody = { email?: unknown; password?: unknown };
type FieldError = { text: string; href: string };

const view = 'sign-in/views/sign-in.njk';

/**
 * Only local paths, so `next` cannot send someone to another site after signing in. Control
 * characters and backslashes are refused anywhere: browsers drop tabs and newlines and read `\`
 * as `/`, so `/\t/evil.example` would become `//evil.example`.
 */
function safeNext(next: unknown): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses.
  return typeof next === 'string' && /^\/(?![/\\])[^\x00-\x1f\x7f\\]*$/.test(next) ? next : '/';
}

export function signInRoutes(services: Services, config: Config) {
  const names = cookieNames(config.secureCookies);
  // Single sign-on sits beside local accounts when it is configured; otherwise nothing changes.
  const sso = config.oidc && oidcService(services.repos, services.auth, config.oidc);
  const ssoButton = sso && { text: sso.buttonText };

  return async (app: FastifyInstance) => {
    app.get<{ Querystring: { next?: string } }>('/sign-in', async (request, reply) => {
      if (request.currentSession) return reply.redirect('/', 303);
      return reply.view(view, { title: 'Sign in', next: safeNext(request.query.next), ssoButton });
    });
    if (sso) await app.register(oidcRoutes(services, config, sso, safeNext));

    app.post<{ Body: SignInBody; Querystring: { next?: string } }>(
      '/sign-in',
      async (request, reply) => {
        const email = typeof request.body?.email === 'string' ? request.body.email.trim() : '';
        const password = typeof request.body?.password === 'string' ? request.body.password : '';
        const next = safeNext(request.query.next);
        const errors: FieldError[] = [];
        if (!email) errors.push({ text: 'Enter your email address', href: '#email' });
        if (!password) errors.push({ text: 'Enter your password', href: '#password' });
        if (errors.length) return rerender(reply, 400, email, next, errors);

        const result = await services.auth.signIn(email, password, request.ip, request.id);
        if (result.outcome === 'throttled') {
          const minutes = result.retryAfterMinutes;
          return rerender(reply, 429, email, next, [
            {
              text: `Too many failed attempts to sign in. Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again`,
              href: '#email',
            },
          ]);
        }
        if (result.outcome === 'rejected') {
          return rerender(reply, 401, email, next, [
            { text: 'Enter a correct email address and password', href: '#email' },
          ]);
        }
        clearCookie(reply, config.secureCookies, names.csrf);
        setCookie(reply, config.secureCookies, names.session, result.sessionToken);
        request.log.info({ userId: result.user.id }, 'signed in');
        return reply.redirect(next, 303);
      },
    );

    app.get('/sign-out', { preHandler: requireSignIn }, async (_request, reply) =>
      reply.view('sign-in/views/sign-out.njk', { title: 'Sign out' }),
    );

    app.post('/sign-out', async (request, reply) => {
      if (request.currentSession) await services.auth.signOut(request.currentSession, request.id);
      clearCookie(reply, config.secureCookies, names.session);
      return reply.redirect('/signed-out', 303);
    });

    app.get('/signed-out', async (request, reply) => {
      if (request.currentSession) return reply.redirect('/', 303);
      return reply.view('sign-in/views/signed-out.njk', { title: 'You have signed out' });
    });

    for (const [url, title, paragraphs] of staticPages) {
      app.get(url, async (_request, reply) => reply.view('static-page.njk', { title, paragraphs }));
    }
  };

  function rerender(
    reply: FastifyReply,
    status: number,
    email: string,
    next: string,
    errors: FieldError[],
  ) {
    return reply.code(status).view(view, { title: 'Sign in', email, next, errors, ssoButton });
  }
}

const staticPages: [string, string, string[]][] = [
  [
    '/accessibility',
    'Accessibility statement',
    [
      'Oversight is built with the GOV.UK Design System and aims to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA.',
      'Every page works without JavaScript and is checked automatically with axe-core in a real browser.',
      'If you find a page you cannot use, tell your administrator so it can be fixed.',
    ],
  ],
  [
    '/privacy',
    'Privacy',
    [
      'Oversight holds supervision records about staff and the children they work with. Your organisation is the data controller.',
      'Only the people the supervision framework names can read a record, and every read of a sensitive record is logged.',
      'Oversight uses one essential cookie to keep you signed in and one to protect forms. It sets no tracking cookies.',
    ],
  ],
];
