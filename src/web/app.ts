import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import view from '@fastify/view';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RouteOptions } from 'fastify';
import nunjucks from 'nunjucks';
import { openApiRoutes } from '../api/openapi.ts';
import { registerApi } from '../api/routes.ts';
import type { Config } from '../config.ts';
import { inRequestScope } from '../data-access/tenant-scope.ts';
import { canBrowseOrganisation } from '../domain/access/can.ts';
import { refuseGrantHolderWrites } from '../features/access-grants/read-only.ts';
import { accessGrantRoutes } from '../features/access-grants/routes.ts';
import { agreementRoutes } from '../features/agreements/routes.ts';
import { auditLogRoutes } from '../features/audit-log/routes.ts';
import { auditToolRoutes } from '../features/audit-tools/routes.ts';
import { auditRoutes } from '../features/audits/routes.ts';
import { calendarFeedPublicRoutes, calendarFeedRoutes } from '../features/calendar-feed/routes.ts';
import { childRecordRoutes } from '../features/child-record/routes.ts';
import { childSyncRoutes } from '../features/child-sync/routes.ts';
import { childrenRoutes } from '../features/children/routes.ts';
import { dashboardRoutes } from '../features/dashboards/routes.ts';
import { healthRoutes } from '../features/health/routes.ts';
import { homeRoutes } from '../features/home/routes.ts';
import { notificationsRoutes } from '../features/notifications/routes.ts';
import { organisationRoutes } from '../features/organisation/routes.ts';
import { maxUploadBytes } from '../features/organisation-import/import-jobs.ts';
import { organisationImportRoutes } from '../features/organisation-import/routes.ts';
import { planningRoutes } from '../features/planning/routes.ts';
import { policyRoutes } from '../features/policy/routes.ts';
import { qualityReportRoutes } from '../features/quality-report/routes.ts';
import { recordTransferRoutes } from '../features/record-transfer/routes.ts';
import { recordRoutes } from '../features/records/routes.ts';
import { reportRoutes } from '../features/reports/routes.ts';
import { retentionRoutes } from '../features/retention/routes.ts';
import { selfAssessmentRoutes } from '../features/self-assessment/routes.ts';
import { signInRoutes } from '../features/sign-in/routes.ts';
import { staffRoutes } from '../features/staff/routes.ts';
import { subjectAccessRoutes } from '../features/subject-access/routes.ts';
import { supervisionFeedbackRoutes } from '../features/supervision-feedback/routes.ts';
import type { Services } from '../services/index.ts';
import { actorOf } from './actor.ts';
import { registerErrorPages } from './error-pages.ts';
import { keepaliveRoutes } from './keepalive.ts';
import { navigationFor } from './navigation.ts';
import { registerSessions, requireSignIn } from './sessions.ts';
import { addFilters } from './view-filters.ts';

declare module 'fastify' {
  interface FastifyReply {
    locals?: Record<string, unknown>;
  }
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const govukDist = path.join(root, 'node_modules/govuk-frontend/dist');

export type AppOptions = {
  config: Config;
  services: Services;
  /** A pino logger; without one the app logs nothing (tests). */
  logger?: FastifyBaseLogger;
  /** Told of every route as it is added, so the security tests can enumerate the router. */
  onRoute?: (route: RouteOptions) => void;
};

export async function createApp({ config, services, logger, onRoute }: AppOptions) {
  const app = Fastify({
    ...(logger ? { loggerInstance: logger } : { logger: false }),
    trustProxy: config.trustProxy,
    genReqId: () => randomUUID(),
    bodyLimit: 1_048_576,
    routerOptions: { ignoreTrailingSlash: true },
  });
  if (onRoute) app.addHook('onRoute', onRoute);

  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: config.secureCookies ? [] : null,
      },
    },
    frameguard: { action: 'deny' },
    hsts: config.secureCookies,
    referrerPolicy: { policy: 'same-origin' },
  });
  await app.register(cookie);
  await app.register(formbody);
  // Uploads stream part by part; one file, up to the import limit.
  await app.register(multipart, { limits: { files: 1, fields: 10, fileSize: maxUploadBytes } });
  await app.register(fastifyStatic, {
    root: path.join(govukDist, 'govuk/assets'),
    prefix: '/assets/',
  });
  await app.register(fastifyStatic, {
    root: path.join(govukDist, 'govuk'),
    prefix: '/govuk/',
    decorateReply: false,
    allowedPath: (pathName) => /^\/govuk-frontend\.min\.(css|js)$/.test(pathName),
  });
  await app.register(fastifyStatic, {
    root: path.join(root, 'src/web/public'),
    prefix: '/public/',
    decorateReply: false,
  });
  await app.register(view, {
    engine: { nunjucks },
    templates: [path.join(root, 'src/web/views'), path.join(root, 'src/features'), govukDist],
    options: { autoescape: true, onConfigure: addFilters },
  });

  // Each request runs in its own tenant scope, narrowed to the account's organisation once
  // the session or token is known (row-level security, src/data-access/tenant-scope.ts).
  app.addHook('onRequest', (_request, _reply, done) => inRequestScope(done));
  registerSessions(app, services.auth, config.secureCookies);
  app.addHook('preHandler', async (request, reply) => {
    // Static files render no page, so they need no navigation.
    if (/^\/(govuk|assets|public)\//.test(request.url)) return;
    const user = request.currentSession?.user;
    const actor = user ? await actorOf(request, services.access) : undefined;
    reply.locals = {
      ...reply.locals,
      cspNonce: reply.cspNonce?.script,
      csrfToken: request.csrfToken,
      // The layout tells session-timeout.js how long a page may sit idle before sign-out.
      sessionIdleMs: config.sessionIdleMs,
      user,
      navigation: navigationFor(user, request.url, {
        browseOrganisation: actor !== undefined && canBrowseOrganisation(actor),
        unreadNotifications: user ? await services.notifications.unreadCount(user) : 0,
      }),
      requestId: request.id,
    };
  });
  registerErrorPages(app, config);

  await app.register(healthRoutes(services, config));
  await app.register(signInRoutes(services, config));
  await app.register(keepaliveRoutes(services));
  await app.register(calendarFeedPublicRoutes(services));
  // The OpenAPI document asks for no token, so it sits beside the API rather than inside it.
  await app.register(openApiRoutes(), { prefix: '/api/v1' });
  await app.register(registerApi(services), { prefix: '/api/v1' });
  await app.register(async (signedIn: FastifyInstance) => {
    signedIn.addHook('preHandler', requireSignIn);
    signedIn.addHook('preHandler', refuseGrantHolderWrites(services));
    await signedIn.register(homeRoutes(services));
    await signedIn.register(accessGrantRoutes(services));
    await signedIn.register(auditLogRoutes(services));
    await signedIn.register(organisationRoutes(services));
    await signedIn.register(auditToolRoutes(services));
    await signedIn.register(staffRoutes(services));
    await signedIn.register(organisationImportRoutes(services));
    await signedIn.register(childSyncRoutes(services));
    await signedIn.register(childrenRoutes(services));
    await signedIn.register(planningRoutes(services));
    await signedIn.register(agreementRoutes(services));
    await signedIn.register(recordRoutes(services));
    await signedIn.register(recordTransferRoutes(services));
    await signedIn.register(auditRoutes(services));
    await signedIn.register(qualityReportRoutes(services));
    await signedIn.register(reportRoutes(services));
    await signedIn.register(dashboardRoutes(services));
    await signedIn.register(notificationsRoutes(services));
    await signedIn.register(calendarFeedRoutes(services));
    await signedIn.register(supervisionFeedbackRoutes(services));
    await signedIn.register(selfAssessmentRoutes(services));
    await signedIn.register(retentionRoutes(services));
    await signedIn.register(policyRoutes(services));
    await signedIn.register(subjectAccessRoutes(services));
    await signedIn.register(childRecordRoutes(services));
  });
  return app;
}
