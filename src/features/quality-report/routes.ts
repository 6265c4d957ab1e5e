/**
 * The annual supervision report: the page (?year=2026 for April 2026 to March 2027, ?half=2026-1
 * or 2026-2 for a half), its print view (&view=print) and the CSV of its figures, one figure a
 * row. Viewing needs can(…, 'view', quality_report), the CSV 'export'.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../../web/actor.ts';
import { toCsv } from '../../web/exports/csv.ts';
import { pageTable } from '../reports/report-page.ts';
import type { AnnualReport, Caller } from './quality-report-service.ts';

type Query = { year?: string; half?: string; view?: string };

const view = (name: string) => `quality-report/views/${name}.njk`;
const path = '/reports/annual-supervision';

const str = (value: unknown) => (typeof value === 'string' ? value.trim() : undefined);

/** The figures as a CSV table: section, group, measure, value. */
export function figuresTable(report: AnnualReport) {
  return {
    title: `Annual supervision report, ${report.period.label}`,
    columns: [
      { key: 'section', label: 'Section', kind: 'text' as const },
      { key: 'group', label: 'Group', kind: 'text' as const },
      { key: 'measure', label: 'Measure', kind: 'text' as const },
      { key: 'value', label: 'Value', kind: 'text' as const },
    ],
    rows: report.figures,
  };
}

export function qualityReportRoutes(services: Services) {
  const caller = async (request: FastifyRequest): Promise<Caller> => ({
    user: request.currentSession!.user,
    actor: await actorOf(request, services.access),
    requestId: request.id,
  });
  const queryOf = (query: Query) => ({ year: str(query.year), half: str(query.half) });

  return async (app: FastifyInstance) => {
    app.get<{ Querystring: Query }>(path, async (request, reply) => {
      const report = await services.qualityReport.build(
        await caller(request),
        queryOf(request.query),
        'view',
      );
      const print = request.query.view === 'print';
      const here = `${path}?${report.period.query}`;
      return reply.view(view(print ? 'print' : 'report'), {
        title: `Annual supervision report: ${report.period.label}`,
        organisationName: report.organisationName,
        report,
        sections: report.sections.map((section) => ({
          ...section,
          tables: section.tables.map((t, index) =>
            // Every row on one page: the largest table has a row per unit.
            pageTable(t, index, {
              page: 1,
              pageHref: () => here,
              size: Number.POSITIVE_INFINITY,
            }),
          ),
        })),
        links: {
          report: here,
          print: `${here}&view=print`,
          csv: `${path}.csv?${report.period.query}`,
        },
        periods: report.periods.map((p) => ({
          ...p,
          href: `${path}?${p.query}`,
          current: p.query === report.period.query,
        })),
      });
    });

    app.get<{ Querystring: Query }>(`${path}.csv`, async (request, reply) => {
      const report = await services.qualityReport.build(
        await caller(request),
        queryOf(request.query),
        'export',
      );
      const name = `annual-supervision-report-${report.period.query.replace('=', '-')}`;
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}.csv"`)
        .header('cache-control', 'no-store')
        .send(toCsv(figuresTable(report)));
    });
  };
}
