/**
 * Reports: whom a person may report on (the units can() lets them see, or the whole
 * organisation), and a report's tables built once from the compliance view on an as-of date.
 */

import type { Repositories } from '../../data-access/index.ts';
import type { UserAccount } from '../../data-access/user-repository.ts';
import { type Actor, can } from '../../domain/access/can.ts';
import { isoDateAt } from '../../domain/calendar/iso-date.ts';
import type { IsoDate } from '../../domain/calendar/period.ts';
import { inTreeOrder, unitAndDescendants } from '../../domain/organisation/units.ts';
import type {
  ComplianceScopeRequest,
  ComplianceService,
} from '../../services/compliance-service.ts';
import { isUuid } from '../../web/forms.ts';
import { notAllowed } from '../../web/http-errors.ts';
import { compareText } from '../../web/report-table.ts';
import { childRows, personRows } from '../dashboards/dashboard-figures.ts';
import { notFound } from '../dashboards/dashboard-service.ts';
import type { Whose } from './obligation-links.ts';
import type { LinkedTable, ReportContext } from './report-lists.ts';
import type { ReportDefinition } from './reports.ts';

/** The unit choice meaning the whole organisation. */
export const wholeOrganisation = 'organisation';

export type ScopeChoice = { value: string; name: string };

export type BuiltReport = {
  report: ReportDefinition;
  scope: { value: string; name: string; slug: string };
  asOf: IsoDate;
  computedAt: Date;
  pack: { name: string; version: string };
  tables: LinkedTable[];
};

type Scope = {
  value: string;
  name: string;
  slug: string;
  whose: Whose;
  request: ComplianceScopeRequest;
  /** The units in scope; undefined for the whole organisation. */
  unitIds: Set<string> | undefined;
};

export function slugOf(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'unit'
  );
}

export function reportService(
  repos: Repositories,
  compliance: ComplianceService,
  options: { today?: () => IsoDate } = {},
) {
  const today = options.today ?? (() => isoDateAt(new Date()));
  const seesOrganisation = (actor: Actor, action: 'view' | 'export') =>
    can(actor, action, { type: 'compliance', unitId: null });

  /** The units this person may report on, in tree order, and the one a report opens on. */
  async function choicesFor(user: UserAccount, actor: Actor) {
    const units = inTreeOrder(await repos.compliance.units(user.organisationId));
    const seen = units.filter((u) => can(actor, 'view', { type: 'compliance', unitId: u.id }));
    const choices: ScopeChoice[] = seen.map((u) => ({ value: u.id, name: u.name }));
    if (seesOrganisation(actor, 'view'))
      choices.unshift({ value: wholeOrganisation, name: 'The whole organisation' });
    // A senior manager's reports open on the organisation; a manager's on the highest unit
    // they manage (its parent is not theirs).
    const top = seen.find((u) => actor.managedUnitIds.has(u.id));
    const preferred = seesOrganisation(actor, 'view') ? wholeOrganisation : (top ?? seen[0])?.id;
    return { choices, preferred, units };
  }

  async function scopeOf(
    user: UserAccount,
    actor: Actor,
    value: string | undefined,
    action: 'view' | 'export',
  ): Promise<Scope> {
    const { preferred, units } = await choicesFor(user, actor);
    const chosen = value ?? preferred;
    if (chosen === undefined) throw notAllowed();
    if (chosen === wholeOrganisation) {
      if (!seesOrganisation(actor, action)) throw notAllowed();
      const organisation = await repos.organisations.findById(user.organisationId);
      const name = organisation?.name ?? 'The whole organisation';
      return {
        value: chosen,
        name,
        slug: organisation?.slug ?? slugOf(name),
        whose: {},
        request: { kind: 'organisation' },
        unitIds: undefined,
      };
    }
    const unit = isUuid(chosen) ? units.find((u) => u.id === chosen) : undefined;
    if (!unit) throw notFound();
    if (!can(actor, action, { type: 'compliance', unitId: unit.id })) throw notAllowed();
    // The one top unit is the organisation: its figures come from the shared snapshot.
    const onlyRoot =
      unit.parentId === null && units.filter((u) => u.parentId === null).length === 1;
    return {
      value: unit.id,
      name: unit.name,
      slug: slugOf(unit.name),
      whose: { unit: unit.id },
      request: onlyRoot ? { kind: 'organisation' } : { kind: 'unit', unitId: unit.id },
      unitIds: unitAndDescendants(units, unit.id),
    };
  }

  return {
    today,

    /** The report form: whom this person may report on and the default. 403 for nobody. */
    async choices(user: UserAccount, actor: Actor) {
      const { choices, preferred } = await choicesFor(user, actor);
      if (preferred === undefined) throw notAllowed();
      return { choices, preferred };
    },

    /** A report on a unit (the person's default when not given) as it stood on a date. */
    async build(
      user: UserAccount,
      actor: Actor,
      report: ReportDefinition,
      query: { unit?: string | undefined; asOf: IsoDate; action: 'view' | 'export' },
    ): Promise<BuiltReport> {
      const scope = await scopeOf(user, actor, query.unit, query.action);
      const organisationId = user.organisationId;
      const view = await compliance.view(organisationId, query.asOf, scope.request);
      const people = [...view.directory.staffById.values()].filter(
        (s) => scope.unitIds === undefined || (s.teamId !== null && scope.unitIds.has(s.teamId)),
      );
      const teamIds = new Set(people.flatMap((p) => (p.teamId ? [p.teamId] : [])));
      const teams = [...teamIds]
        .map((id) => view.directory.unitsById.get(id))
        .filter((u) => u !== undefined)
        .sort((a, b) => compareText(a.name, b.name));
      const once = <T>(load: () => Promise<T>) => {
        let loaded: Promise<T> | undefined;
        return () => {
          loaded ??= load();
          return loaded;
        };
      };
      const ctx: ReportContext = {
        view,
        scope: { name: scope.name, whose: scope.whose, teams, people },
        people: once(() => personRows(repos, organisationId, view, people)),
        children: once(() =>
          childRows(repos, organisationId, view, scope.unitIds ? people : undefined),
        ),
        evidence: async (ids) =>
          new Map(
            (await repos.compliance.evidence(organisationId, [...new Set(ids)])).map((e) => [
              e.externalId,
              e,
            ]),
          ),
      };
      return {
        report,
        scope: { value: scope.value, name: scope.name, slug: scope.slug },
        asOf: view.asOf,
        computedAt: view.computedAt,
        pack: { name: view.pack.name, version: view.pack.version },
        tables: await report.build(ctx),
      };
    },
  };
}
export type ReportService = ReturnType<typeof reportService>;
