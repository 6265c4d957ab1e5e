import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../../web/actor.ts';
import { toCsv } from '../../web/exports/csv.ts';
import { errorLocals } from '../../web/forms.ts';
import { type AuditLogQuery, auditLogPageSize, recordHref } from './audit-log-service.ts';

const path = '/organisation/audit-log';

/** The detail of an event in a line: `kind: personal_supervision, grantIds: …`. */
function detailText(detail: Record<string, unknown>): string {
  const text = Object.entries(detail)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}

export function auditLogRoutes(services: Services) {
  const caller = async (request: FastifyRequest) => ({
    user: request.currentSession!.user,
    actor: await actorOf(request, services.access),
    requestId: request.id,
  });

  return async (app: FastifyInstance) => {
    app.get<{ Querystring: AuditLogQuery }>(path, async (request, reply) => {
      const c = await caller(request);
      if (request.query.format === 'csv') {
        const table = await services.auditLog.export(c, request.query);
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="audit-log.csv"')
          .header('cache-control', 'no-store')
          .send(toCsv(table));
      }
      const page = await services.auditLog.page(c, request.query);
      const link = (extra: Record<string, string>) => {
        const params = new URLSearchParams({ ...page.values, ...extra });
        if (extra.page) params.set('upTo', String(page.upTo));
        const text = params.toString();
        return text ? `${path}?${text}` : path;
      };
      const pagination = {
        ...(page.page > 1 ? { previous: { href: link({ page: String(page.page - 1) }) } } : {}),
        ...(page.page < page.pages
          ? { next: { href: link({ page: String(page.page + 1) }) } }
          : {}),
      };
      return reply.code(page.errors.any ? 400 : 200).view('audit-log/views/audit-log.njk', {
        title: 'Audit log',
        page,
        pagination,
        csvHref: link({ format: 'csv' }),
        first: (page.page - 1) * auditLogPageSize + 1,
        rows: page.events.map((e) => ({
          ...e,
          href: recordHref(e),
          detailText: detailText(e.detail),
        })),
        ...errorLocals(page.errors.any ? page.errors : undefined),
      });
    });
  };
}
