/**
 * The report pages: the list of reports with the choice of unit and as-of date, each report as
 * tables (200 rows a page), its CSV (one table) and XLSX (every table) downloads, and a print
 * view. Exports need can(…, 'export', compliance); the figures are built once per request.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../domain/access/can.ts';
import { isIsoDate } from '../../domain/calendar/iso-date.ts';
import type { IsoDate } from '../../domain/calendar/period.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../../web/actor.ts';
import { toCsv } from '../../web/exports/csv.ts';
import { toXlsx } from '../../web/exports/xlsx.ts';
import { dateToForm, errorLocals, FormErrors, type FormValues, readDate } from '../../web/forms.ts';
import { pageTable } from './report-page.ts';
import type { BuiltReport } from './report-service.ts';
import { isReportId, reportById, reports } from './reports.ts';

type ReportQuery = {
  unit?: string;
  asOf?: string;
  format?: string;
  table?: string;
  page?: string;
};

const view = (name: string) => `reports/views/${name}.njk`;
const asOfLabel = 'The as-of date';
const formats = ['html', 'csv', 'xlsx', 'print'] as const;
const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The form's fields as the query carries them: strings only, trimmed. */
function queryValues(query: unknown): FormValues {
  const out: FormValues = {};
  for (const [key, value] of Object.entries((query ?? {}) as Record<string, unknown>))
    if (typeof value === 'string') out[key] = value.trim();
  return out;
}

function reportHref(id: string, built: { scope: { value: string }; asOf: IsoDate }) {
  return `/reports/${id}?unit=${encodeURIComponent(built.scope.value)}&asOf=${built.asOf}`;
}

function download(reply: FastifyReply, type: string, filename: string, body: string | Buffer) {
  return reply
    .header('content-type', type)
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'no-store')
    .send(body);
}

export function reportRoutes(services: Services) {
  const reportService = services.reports;
  const who = async (request: FastifyRequest) => ({
    user: request.currentSession!.user,
    actor: await actorOf(request, services.access),
  });

  /** The list of reports and the form choosing unit and date; errors named in the summary. */
  async function renderIndex(
    request: FastifyRequest,
    reply: FastifyReply,
    values: FormValues,
    errors?: FormErrors,
    known?: Awaited<ReturnType<typeof reportService.choices>>,
  ) {
    const { user, actor } = await who(request);
    const { choices } = known ?? (await reportService.choices(user, actor));
    return reply.code(errors?.any ? 400 : 200).view(view('index'), {
      title: 'Reports',
      reports,
      choices,
      values,
      // The annual supervision report covers the organisation over a year: a page of its own.
      annualReport: can(actor, 'view', { type: 'quality_report', unitId: null }),
      ...errorLocals(errors),
    });
  }

  /** The form as sent: the report's address, or the errors to correct. */
  function readForm(form: FormValues, unitValues: string[], today: IsoDate) {
    const errors = new FormErrors();
    const report = form.report ?? '';
    if (!isReportId(report)) errors.add('report', 'Select a report');
    if (!unitValues.includes(form.unit ?? '')) errors.add('unit', 'Select a team or unit');
    const asOf = readDate(form, errors, 'asOf', asOfLabel, { required: 'Enter the as-of date' });
    if (asOf && asOf > today)
      errors.add('asOf', `${asOfLabel} must be today or in the past`, { href: '#asOf-day' });
    const href = `/reports/${report}?unit=${encodeURIComponent(form.unit ?? '')}&asOf=${asOf}`;
    return { errors, href };
  }

  return async (app: FastifyInstance) => {
    app.get('/reports', async (request, reply) => {
      const form = queryValues(request.query);
      const today = reportService.today();
      const { user, actor } = await who(request);
      const known = await reportService.choices(user, actor);
      // The form always sends the date's boxes; a "change" link carries only report, unit, asOf.
      if (['asOf-day', 'asOf-month', 'asOf-year'].some((k) => k in form)) {
        const units = known.choices.map((c) => c.value);
        const { errors, href } = readForm(form, units, today);
        if (!errors.any) return reply.redirect(href, 303);
        return renderIndex(request, reply, form, errors, known);
      }
      const asOf = isIsoDate(form.asOf) && form.asOf <= today ? form.asOf : today;
      const values = {
        ...(form.report && isReportId(form.report) ? { report: form.report } : {}),
        unit: form.unit ?? known.preferred,
        ...dateToForm('asOf', asOf),
      };
      return renderIndex(request, reply, values, undefined, known);
    });

    app.get<{ Params: { report: string }; Querystring: ReportQuery }>(
      '/reports/:report',
      async (request, reply) => {
        const report = reportById(request.params.report);
        const query = queryValues(request.query) as ReportQuery;
        const format = (query.format ?? 'html') as (typeof formats)[number];
        if (!report || !formats.includes(format)) return reply.callNotFound();
        const today = reportService.today();
        const asOf = query.asOf ?? today;
        if (!isIsoDate(asOf) || asOf > today) {
          const errors = new FormErrors();
          const text = isIsoDate(asOf)
            ? `${asOfLabel} must be today or in the past`
            : `${asOfLabel} must be a real date`;
          errors.add('asOf', text, { href: '#asOf-day' });
          return renderIndex(
            request,
            reply,
            { report: report.id, ...(query.unit ? { unit: query.unit } : {}) },
            errors,
          );
        }
        const { user, actor } = await who(request);
        const exporting = format === 'csv' || format === 'xlsx';
        const built = await reportService.build(user, actor, report, {
          unit: query.unit,
          asOf,
          action: exporting ? 'export' : 'view',
        });
        const name = `${report.id}-${built.scope.slug}-${built.asOf}`;
        if (format === 'csv') {
          const index = query.table === undefined ? 0 : Number(query.table);
          const table = Number.isInteger(index) ? built.tables[index] : undefined;
          if (!table) return reply.callNotFound();
          const filename =
            index === 0 ? name : `${report.id}-${table.id}-${built.scope.slug}-${built.asOf}`;
          return download(reply, 'text/csv; charset=utf-8', `${filename}.csv`, toCsv(table));
        }
        if (format === 'xlsx') {
          const workbook = await toXlsx(
            built.tables.map((t) => ({ ...t, title: t.sheet })),
            { title: `${report.title}: ${built.scope.name}`, asOf: built.asOf },
          );
          return download(reply, xlsxType, `${name}.xlsx`, workbook);
        }
        return renderReport(reply, built, format === 'print', query);
      },
    );
  };
}

function renderReport(reply: FastifyReply, built: BuiltReport, print: boolean, query: ReportQuery) {
  const base = reportHref(built.report.id, built);
  const chosen = Number(query.table ?? 0);
  const tables = built.tables.map((t, index) =>
    pageTable(t, index, {
      page: index === chosen ? Number(query.page ?? 1) : 1,
      pageHref: (page) => `${base}&table=${index}&page=${page}#${t.id}`,
      ...(print ? { size: Number.POSITIVE_INFINITY } : {}),
    }),
  );
  return reply.view(view(print ? 'print' : 'report'), {
    title: `${built.report.title}: ${built.scope.name}`,
    built,
    tables,
    links: {
      report: base,
      csv: `${base}&format=csv`,
      xlsx: `${base}&format=xlsx`,
      print: `${base}&format=print`,
      change: `/reports?report=${built.report.id}&unit=${encodeURIComponent(built.scope.value)}&asOf=${built.asOf}`,
    },
  });
}
