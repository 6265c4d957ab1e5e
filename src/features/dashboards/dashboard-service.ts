/**
 * Dashboards: a team manager's (each supervisee and each allocated child, late records, actions
 * by age, agreements and observations due), a senior manager's (the same by unit, with trends),
 * and the obligations behind any figure. Everything comes from the compliance engine.
 */
import type { UnitEntry } from '../../data-access/compliance-repository.ts';
import type { Repositories } from '../../data-access/index.ts';
import type { UserAccount } from '../../data-access/user-repository.ts';
import { type Actor, can } from '../../domain/access/can.ts';
import { yearWindow } from '../../domain/calendar/iso-date.ts';
import type { IsoDate } from '../../domain/calendar/period.ts';
import type { Obligation } from '../../domain/compliance/index.ts';
import {
  actionAgeing,
  filterObligations,
  type ObligationFilter,
} from '../../domain/dashboards/index.ts';
import { unitAndDescendants } from '../../domain/organisation/units.ts';
import type {
  ComplianceScopeRequest,
  ComplianceService,
  ComplianceView,
} from '../../services/compliance-service.ts';
import { HttpError, notAllowed } from '../../web/http-errors.ts';
import { holderOf } from '../planning/planner-service.ts';
import {
  childRows,
  groupFigures,
  kindGroups,
  openOf,
  personRows,
  trends,
  unitRows,
} from './dashboard-figures.ts';

export const notFound = () =>
  new HttpError(
    404,
    'Page not found',
    'There is no such team, unit or person in your organisation.',
  );

export function dashboardService(repos: Repositories, compliance: ComplianceService) {
  /** The unit, checked for access; the root unit is the whole organisation. */
  async function unitFor(user: UserAccount, actor: Actor, unitId: string) {
    const units = await repos.compliance.units(user.organisationId);
    const unit = units.find((u) => u.id === unitId);
    if (!unit) throw notFound();
    if (!can(actor, 'view', { type: 'compliance', unitId: unit.id })) throw notAllowed();
    // A unit of kind organisation is everyone; other top units (services) are their own part.
    const request: ComplianceScopeRequest =
      unit.kind === 'organisation' ? { kind: 'organisation' } : { kind: 'unit', unitId: unit.id };
    return { unit, units: new Map(units.map((u) => [u.id, u])), request };
  }

  /** The trail from the organisation down to a unit, for breadcrumbs and drill-down. */
  function trail(units: Map<string, UnitEntry>, unit: UnitEntry): UnitEntry[] {
    const out: UnitEntry[] = [];
    for (
      let at: UnitEntry | undefined = unit;
      at;
      at = at.parentId ? units.get(at.parentId) : undefined
    ) {
      out.unshift(at);
      if (out.length > 20) break;
    }
    return out;
  }

  return {
    /** Where "Dashboards" takes a person: their organisation, or the unit they manage. */
    async home(user: UserAccount, actor: Actor): Promise<string | undefined> {
      if (can(actor, 'view', { type: 'compliance', unitId: null }))
        return '/dashboards/organisation';
      const units = await repos.compliance.units(user.organisationId);
      const managed = units.filter((u) => actor.managedUnitIds.has(u.id));
      // The highest unit they manage: its parent is not managed by them.
      const top = managed.find((u) => !u.parentId || !actor.managedUnitIds.has(u.parentId));
      if (!top) return undefined;
      return top.kind === 'team' ? `/dashboards/teams/${top.id}` : `/dashboards/units/${top.id}`;
    },

    async team(user: UserAccount, actor: Actor, unitId: string, asOf: IsoDate) {
      const { unit, units } = await unitFor(user, actor, unitId);
      const view = await compliance.view(user.organisationId, asOf, {
        kind: 'unit',
        unitId: unit.id,
      });
      const inUnit = unitAndDescendants(units.values(), unit.id);
      const people = [...view.directory.staffById.values()].filter(
        (s) => s.teamId !== null && inUnit.has(s.teamId),
      );
      const [personStatus, children] = await Promise.all([
        personRows(repos, user.organisationId, view, people),
        childRows(repos, user.organisationId, view, people),
      ]);
      const o = view.obligations;
      const since = yearWindow(asOf, 'rolling').start;
      return {
        unit,
        trail: trail(units, unit),
        view,
        people: personStatus,
        children,
        lateRecords: o.filter(
          (x) =>
            x.kind === 'recording' &&
            (x.state === 'overdue' || (x.state === 'met_late' && (x.dueDate ?? '') >= since)),
        ),
        actions: actionAgeing(
          o.filter((x) => x.kind === 'action'),
          asOf,
        ),
        agreements: openOf(o, ['agreement', 'agreement_review', 'effectiveness_review']),
        observations: openOf(o, ['observation', 'pdr']),
        trends: trends(view),
      };
    },

    /** The whole organisation, by its top units (services, or the organisation's own unit). */
    async organisation(user: UserAccount, actor: Actor, asOf: IsoDate) {
      if (!can(actor, 'view', { type: 'compliance', unitId: null })) throw notAllowed();
      const [view, units, organisation] = await Promise.all([
        compliance.view(user.organisationId, asOf, { kind: 'organisation' }),
        repos.compliance.units(user.organisationId),
        repos.organisations.findById(user.organisationId),
      ]);
      const top = units.filter((u) => u.parentId === null);
      // An organisation unit at the top stands for everyone: show what is beneath it.
      const parts =
        top.length === 1 && top[0]?.kind === 'organisation'
          ? units.filter((u) => u.parentId === top[0]?.id)
          : top;
      return {
        name: organisation?.name ?? 'Organisation',
        view,
        total: groupFigures(view.obligations, yearWindow(asOf, 'rolling').start, asOf),
        parts: unitRows(view, parts),
        trends: trends(view),
        groups: kindGroups,
      };
    },

    async unit(user: UserAccount, actor: Actor, unitId: string, asOf: IsoDate) {
      const { unit, units, request } = await unitFor(user, actor, unitId);
      const view = await compliance.view(user.organisationId, asOf, request);
      const parts = [...units.values()].filter((u) => u.parentId === unit.id);
      return {
        unit,
        trail: trail(units, unit),
        view,
        total: groupFigures(view.obligations, yearWindow(asOf, 'rolling').start, asOf),
        parts: unitRows(view, parts),
        trends: trends(view),
        groups: kindGroups,
      };
    },

    /**
     * The obligations behind a figure: a unit's, a person's or a child's, filtered. A person's
     * are open to whoever may see their supervision plan; a child's to whoever may see the child.
     */
    async obligations(
      user: UserAccount,
      actor: Actor,
      query: {
        unitId?: string;
        staffId?: string;
        childId?: string;
        asOf: IsoDate;
        filter: ObligationFilter;
      },
    ): Promise<{ view: ComplianceView; obligations: Obligation[]; scopeName: string }> {
      let request: ComplianceScopeRequest;
      let scopeName: string;
      if (query.unitId) {
        const found = await unitFor(user, actor, query.unitId);
        request = found.request;
        scopeName = found.unit.name;
      } else if (query.staffId) {
        const staff = await repos.staff.findById(user.organisationId, query.staffId);
        if (!staff) throw notFound();
        const [holder] = await repos.supervisionSessions.people(
          user.organisationId,
          [staff.id],
          query.asOf,
        );
        if (!holder || !can(actor, 'view', { type: 'supervision_plan', ...holderOf(holder) }))
          throw notAllowed();
        request = { kind: 'staff', staffIds: [staff.id] };
        scopeName = staff.name;
      } else if (query.childId) {
        const child = await repos.children.findById(user.organisationId, query.childId);
        if (!child) throw notFound();
        const facts = await repos.children.accessFacts(user.organisationId, child.id, query.asOf);
        if (!can(actor, 'view', { type: 'child', ...facts })) throw notAllowed();
        request = { kind: 'child', childId: child.id };
        scopeName = child.name ?? child.caseId;
      } else {
        if (!can(actor, 'view', { type: 'compliance', unitId: null })) throw notAllowed();
        request = { kind: 'organisation' };
        scopeName = 'the whole organisation';
      }
      const view = await compliance.view(user.organisationId, query.asOf, request);
      return { view, obligations: filterObligations(view.obligations, query.filter), scopeName };
    },

    /** Names and links for the records and sessions named as evidence. */
    async evidence(user: UserAccount, obligations: readonly Obligation[]) {
      const ids = [...new Set(obligations.flatMap((o) => o.evidenceIds))];
      return new Map(
        (await repos.compliance.evidence(user.organisationId, ids)).map((e) => [e.externalId, e]),
      );
    },
  };
}
export type DashboardService = ReturnType<typeof dashboardService>;
