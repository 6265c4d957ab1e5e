/**
 * The administrators' window on the audit trail: newest first, filtered and paged, or the whole
 * filtered trail as CSV. Reading the trail, and exporting it, go on the trail too.
 */
import type { AuditLogEvent, AuditLogFilter } from '../../data-access/audit-log-reader.ts';
import type { Repositories } from '../../data-access/index.ts';
import { can } from '../../domain/access/can.ts';
import { addDays } from '../../domain/calendar/index.ts';
import { FormErrors, isUuid, readDate } from '../../web/forms.ts';
import { HttpError, notAllowed } from '../../web/http-errors.ts';
import type { ReportTable } from '../../web/report-table.ts';
import type { Caller } from '../access-grants/access-grant-service.ts';
import { zonedInstant } from '../notifications/zoned-time.ts';

export const auditLogPageSize = 50;
/** The most rows one export holds; more must be narrowed by the filters first. */
export const auditLogExportLimit = 100_000;

/** The query string as the filter form sends it. */
export type AuditLogQuery = Record<string, string | undefined>;

const filterFields = ['resourceType', 'resourceId', 'actor', 'action'] as const;
const dateFields = ['from', 'to'].flatMap((d) => ['day', 'month', 'year'].map((p) => `${d}-${p}`));

/** The filters as typed (to refill the form) and as the reader takes them. */
function readFilters(query: AuditLogQuery) {
  const values: Record<string, string> = {};
  for (const name of [...filterFields, ...dateFields]) {
    const value = query[name];
    if (typeof value === 'string' && value.trim() !== '') values[name] = value.trim();
  }
  const errors = new FormErrors();
  const from = readDate(values, errors, 'from', 'From date');
  const to = readDate(values, errors, 'to', 'To date');
  if (from && to && to < from)
    errors.add('to', 'To date must be the same as or after the from date');
  if (values.actor && !isUuid(values.actor)) errors.add('actor', 'Choose who acted');
  const filter: AuditLogFilter = {
    resourceType: values.resourceType,
    resourceId: values.resourceId,
    actorUserId: values.actor,
    action: values.action,
    // Whole days on the organisation's clock: from the start of one to the end of the other.
    from: from ? zonedInstant(from, '00:00') : undefined,
    to: to ? zonedInstant(addDays(to, 1), '00:00') : undefined,
  };
  return { values, errors, filter };
}

/** The page's own link for a row's record, where the record has a page. */
const recordPaths: Record<string, string> = {
  supervision_record: '/records/',
  child: '/children/',
  staff_member: '/staff/',
  org_unit: '/organisation/units/',
  supervision_agreement: '/agreements/',
};
export function recordHref(event: Pick<AuditLogEvent, 'resourceType' | 'resourceId'>) {
  const path = recordPaths[event.resourceType];
  return path && isUuid(event.resourceId) ? path + event.resourceId : undefined;
}

export function auditLogService(repos: Repositories) {
  const trail = repos.auditTrail;

  function logRead(caller: Caller, action: string, detail: Record<string, unknown>) {
    return repos.auditLog.append({
      organisationId: caller.user.organisationId,
      actorUserId: caller.user.id,
      action,
      resourceType: 'audit_log',
      resourceId: null,
      detail,
      requestId: caller.requestId ?? null,
    });
  }

  return {
    async page(caller: Caller, query: AuditLogQuery) {
      if (!can(caller.actor, 'view', { type: 'audit_log' })) throw notAllowed();
      const organisationId = caller.user.organisationId;
      const { values, errors, filter } = readFilters(query);
      const [actors, resourceTypes] = await Promise.all([
        trail.actors(organisationId),
        trail.resourceTypes(organisationId),
      ]);
      const requested = Number.parseInt(query.page ?? '1', 10);
      // Pages are of the trail as it stood at the first: later events do not shift them.
      const given = Number.parseInt(query.upTo ?? '', 10);
      const upTo =
        Number.isSafeInteger(given) && given > 0
          ? given
          : await trail.latestSequence(organisationId);
      filter.upTo = upTo;
      const base = {
        values,
        errors,
        actors,
        resourceTypes,
        upTo,
        filtered: Object.keys(values).length > 0,
      };
      if (errors.any) return { ...base, events: [], total: 0, page: 1, pages: 1 };
      const total = await trail.count(organisationId, filter);
      const pages = Math.max(1, Math.ceil(total / auditLogPageSize));
      const page = Number.isFinite(requested) ? Math.min(Math.max(requested, 1), pages) : 1;
      const events = await trail.search(organisationId, filter, {
        limit: auditLogPageSize,
        offset: (page - 1) * auditLogPageSize,
      });
      // After the read, so the page does not open on its own entry.
      await logRead(caller, 'audit_log.viewed', { filters: values, page });
      return { ...base, events, total, page, pages };
    },

    /** The filtered trail as a table for CSV, newest first. */
    async export(caller: Caller, query: AuditLogQuery): Promise<ReportTable> {
      if (!can(caller.actor, 'export', { type: 'audit_log' })) throw notAllowed();
      const organisationId = caller.user.organisationId;
      const { values, errors, filter } = readFilters(query);
      if (errors.any)
        throw new HttpError(
          400,
          'The filters are not valid',
          errors.list.map((e) => e.text).join('. '),
        );
      const total = await trail.count(organisationId, filter);
      if (total > auditLogExportLimit)
        throw new HttpError(
          400,
          'Too many events to export',
          `The filters match ${total} events; one export holds up to ${auditLogExportLimit}. Narrow the dates or other filters and try again.`,
        );
      const events = await trail.search(organisationId, filter, { limit: total, offset: 0 });
      await logRead(caller, 'audit_log.exported', { filters: values, rows: events.length });
      return {
        title: 'Audit log',
        columns: [
          { key: 'sequence', label: 'Sequence', kind: 'number' },
          { key: 'occurredAt', label: 'When (UTC)', kind: 'text' },
          { key: 'actorName', label: 'Who', kind: 'text' },
          { key: 'actorEmail', label: 'Email', kind: 'text' },
          { key: 'actorUserId', label: 'User id', kind: 'text' },
          { key: 'action', label: 'Action', kind: 'text' },
          { key: 'resourceType', label: 'Record type', kind: 'text' },
          { key: 'resourceId', label: 'Record id', kind: 'text' },
          { key: 'detail', label: 'Detail', kind: 'text' },
          { key: 'requestId', label: 'Request id', kind: 'text' },
        ],
        rows: events.map((e) => ({
          sequence: e.sequence,
          occurredAt: e.occurredAt.toISOString(),
          actorName: e.actorName ?? (e.actorUserId ? null : 'System'),
          actorEmail: e.actorEmail,
          actorUserId: e.actorUserId,
          action: e.action,
          resourceType: e.resourceType,
          resourceId: e.resourceId,
          detail: JSON.stringify(e.detail),
          requestId: e.requestId,
        })),
      };
    },
  };
}
export type AuditLogService = ReturnType<typeof auditLogService>;
