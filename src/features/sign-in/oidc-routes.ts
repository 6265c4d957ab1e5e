import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Config } from '../../config.ts';
import type { Services } from '../../services/index.ts';
import { clearCookie, cookieNames, setCookie } from '../../web/cookies.ts';
import { loginLifetimeSeconds, type OidcRefusal, type OidcService } from './oidc-service.ts';

type Problem = { status: number; title: string; paragraphs: string[] };

const sameAgain = 'Try signing in again, or sign in with your email address and password.';

/** What each refusal tells the person; none says more than they need to try again or ask. */
function problemPage(reason: OidcRefusal, email?: string, providerError?: string): Problem {
  switch (reason) {
    case 'not-set-up':
    case 'provider-unreachable':
      return {
        status: 503,
        title: 'Single sign-on is not available',
        paragraphs: [
          reason === 'not-set-up'
            ? 'Single sign-on is not set up correctly. Tell your administrator.'
            : "Your organisation's sign-in service could not be reached. Try again in a few minutes.",
          'You can still sign in with your email address and password.',
        ],
      };
    case 'expired':
      return {
        status: 400,
        title: 'Your sign-in timed out',
        paragraphs: [
          'Signing in took too long, or was started in another browser or tab, so it could not be finished.',
          sameAgain,
        ],
      };
    case 'state-mismatch':
      return {
        status: 400,
        title: 'Your sign-in could not be checked',
        paragraphs: [
          "The answer from your organisation's sign-in service did not match the sign-in started here, so it was not used.",
          sameAgain,
        ],
      };
    case 'denied':
      return {
        status: 403,
        title: 'You did not sign in',
        paragraphs: [
          "The sign-in was cancelled, or your organisation's sign-in service did not let you in to Oversight.",
          sameAgain,
        ],
      };
    case 'provider-error':
      return {
        status: 502,
        title: "Your organisation's sign-in service returned an error",
        paragraphs: [
          `It gave the error code ${providerError ?? 'unknown'}.`,
          `${sameAgain} If it happens again, tell your administrator.`,
        ],
      };
    case 'not-verified':
      return {
        status: 401,
        title: 'Your sign-in could not be verified',
        paragraphs: [
          "The proof of who you are from your organisation's sign-in service could not be checked, so it was not used.",
          `${sameAgain} If it happens again, tell your administrator.`,
        ],
      };
    case 'no-email':
      return {
        status: 403,
        title: 'You cannot sign in to Oversight with this account',
        paragraphs: [
          "Your organisation's sign-in service did not give a verified email address to match to an Oversight account.",
          'Ask your administrator for access.',
        ],
      };
    case 'no-account':
      return {
        status: 403,
        title: 'You do not have an Oversight account',
        paragraphs: [
          `Your organisation's sign-in service recognised you as ${email ?? 'someone'}, but there is no Oversight account with that email address.`,
          'Ask your administrator to create an account for you. This attempt to sign in has been recorded.',
        ],
      };
    case 'disabled':
      return {
        status: 403,
        title: 'Your account is disabled',
        paragraphs: ['Ask your administrator if you need access again.'],
      };
    case 'linked-elsewhere':
      return {
        status: 403,
        title: 'Your account is linked to someone else',
        paragraphs: [
          "The Oversight account with your email address is already linked to a different person at your organisation's sign-in service.",
          'Ask your administrator to check the account.',
        ],
      };
  }
}

/** `/sign-in/oidc` sends the browser to the provider; `/sign-in/oidc/callback` brings it back. */
export function oidcRoutes(
  services: Services,
  config: Config,
  sso: OidcService,
  safeNext: (next: unknown) => string,
) {
  const secure = config.secureCookies;
  const names = cookieNames(secure);
  // Binds the sign-in to this browser. SameSite=Lax, because the provider's redirect back is a
  // top-level navigation from another site.
  const loginCookie = `${secure ? '__Host-' : ''}oversight-oidc`;

  return async (app: FastifyInstance) => {
    app.get<{ Querystring: { next?: string } }>('/sign-in/oidc', async (request, reply) => {
      if (request.currentSession) return reply.redirect('/', 303);
      let started: { url: string; handle: string };
      try {
        started = await sso.begin(safeNext(request.query.next));
      } catch (error) {
        request.log.error({ err: error }, 'single sign-on could not start');
        return showProblem(reply, problemPage('provider-unreachable'));
      }
      reply.setCookie(loginCookie, started.handle, {
        path: '/',
        httpOnly: true,
        secure,
        sameSite: 'lax',
        maxAge: loginLifetimeSeconds,
      });
      return reply.redirect(started.url, 303);
    });

    app.get<{ Querystring: Record<string, unknown> }>(
      '/sign-in/oidc/callback',
      async (request, reply) => {
        const query = Object.fromEntries(
          Object.entries(request.query).filter(
            (entry): entry is [string, string] => typeof entry[1] === 'string',
          ),
        );
        clearCookie(reply, secure, loginCookie);
        const result = await sso.finish(request.cookies[loginCookie], query, request.id);
        if (result.outcome === 'refused') {
          request.log.warn(
            { reason: result.reason, providerError: result.providerError },
            'single sign-on refused',
          );
          return showProblem(reply, problemPage(result.reason, result.email, result.providerError));
        }
        // Whoever was signed in on this browser before is signed out: one browser, one session.
        if (request.currentSession) await services.auth.signOut(request.currentSession, request.id);
        clearCookie(reply, secure, names.csrf);
        setCookie(reply, secure, names.session, result.sessionToken);
        request.log.info({ userId: result.user.id, method: 'oidc' }, 'signed in');
        return reply.redirect(result.returnTo, 303);
      },
    );
  };
}

function showProblem(reply: FastifyReply, problem: Problem) {
  return reply.code(problem.status).view('sign-in/views/sign-in-problem.njk', {
    title: problem.title,
    paragraphs: problem.paragraphs,
  });
}
