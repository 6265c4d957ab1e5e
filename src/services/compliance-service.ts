import type { BundleScope } from '../data-access/bundle-reader.ts';
import type { ChildEntry, StaffEntry, UnitEntry } from '../data-access/compliance-repository.ts';
import type { Repositories } from '../data-access/index.ts';
import type { IsoDate } from '../domain/calendar/period.ts';
import { addMonths } from '../domain/compliance/dates.ts';
import {
  type CalendarPort,
  type ComplianceScope,
  evaluateCompliance,
  type Obligation,
} from '../domain/compliance/index.ts';
import type { PolicyPack } from '../domain/policy/schema.ts';
import type { ObligationKind } from '../domain/policy/vocabulary.ts';
import type { Clock } from './auth-service.ts';
import { snapshotCache } from './snapshot-cache.ts';
import { storedPolicy } from './stored-policy.ts';
import { versionCache } from './version-cache.ts';

export type OrganisationCompliance = {
  organisation: string;
  policy: string;
  asOf: IsoDate;
  obligations: Obligation[];
};

/** Whose compliance: the whole organisation, a unit and everything under it, people, a child. */
export type ComplianceScopeRequest =
  | { kind: 'organisation' }
  | { kind: 'unit'; unitId: string }
  | { kind: 'staff'; staffIds: readonly string[] }
  | { kind: 'child'; childId: string };

/** The names and internal ids behind the external ids obligations carry. */
export type ComplianceDirectory = {
  units: Map<string, UnitEntry>;
  unitsById: Map<string, UnitEntry>;
  staff: Map<string, StaffEntry>;
  staffById: Map<string, StaffEntry>;
  children: Map<string, ChildEntry>;
};

export type ComplianceView = {
  asOf: IsoDate;
  /** When the figures were worked out (organisation-wide ones are reused for a while). */
  computedAt: Date;
  pack: PolicyPack;
  calendar: CalendarPort;
  obligations: Obligation[];
  directory: ComplianceDirectory;
};

type Policy = Awaited<ReturnType<typeof storedPolicy>>;

export type ComplianceOptions = {
  clock?: Clock;
  /** How long organisation-wide figures are reused (config.complianceSnapshotMs). */
  snapshotMs?: number;
};

/**
 * Compliance derived from the stored organisation: the same engine `evaluate` runs on a bundle.
 * A unit, people or a child are evaluated on the slice of the organisation they depend on (the
 * engine's scope) and reused until the organisation's data version moves; the whole
 * organisation is worked out once and reused for `snapshotMs`, refreshed in the background
 * while it is being read.
 */
export function complianceService(repos: Repositories, options: ComplianceOptions = {}) {
  const clock = options.clock ?? (() => new Date());
  const snapshots = snapshotCache<ComplianceView>({ clock, maxAgeMs: options.snapshotMs ?? 0 });
  // Views of units, people and children, reused until the organisation's data changes.
  const views = versionCache<ComplianceView>({ size: 64 });

  async function directoryOf(organisationId: string, childIds?: readonly string[]) {
    const [units, staff, children] = await Promise.all([
      repos.compliance.units(organisationId),
      repos.compliance.staff(organisationId),
      repos.compliance.children(organisationId, childIds),
    ]);
    return {
      units: new Map(units.map((u) => [u.externalId, u])),
      unitsById: new Map(units.map((u) => [u.id, u])),
      staff: new Map(staff.map((s) => [s.externalId, s])),
      staffById: new Map(staff.map((s) => [s.id, s])),
      children: new Map(children.map((c) => [c.externalId, c])),
    };
  }

  /** Internal ids of the staff and teams a request covers (undefined: everyone). */
  async function bundleScopeOf(
    organisationId: string,
    request: ComplianceScopeRequest,
  ): Promise<BundleScope | undefined> {
    switch (request.kind) {
      case 'organisation':
        return undefined;
      case 'unit':
        return repos.compliance.unitScope(organisationId, request.unitId);
      case 'staff':
        return { staffIds: request.staffIds, teamIds: [] };
      case 'child':
        return {
          staffIds: await repos.compliance.workersOf(organisationId, request.childId),
          teamIds: [],
        };
    }
  }

  async function compute(
    organisationId: string,
    asOf: IsoDate,
    request: ComplianceScopeRequest,
    kinds: readonly ObligationKind[] | undefined,
    { pack, calendar }: Policy,
  ): Promise<ComplianceView> {
    const computedAt = clock();
    const scope = await bundleScopeOf(organisationId, request);
    const bundle = await repos.organisationData.loadBundle(organisationId, scope);
    if (!bundle) throw new Error(`no organisation ${organisationId}`);
    const directory = await directoryOf(
      organisationId,
      scope ? bundle.children.map((c) => c.id) : undefined,
    );
    const engineScope: ComplianceScope | undefined = scope && {
      staffIds: externalIds(scope.staffIds, directory.staffById),
      teamIds: externalIds(scope.teamIds, directory.unitsById),
    };
    let obligations = evaluateCompliance(bundle, pack, asOf, {
      calendar,
      kinds,
      scope: engineScope,
    });
    if (request.kind === 'child') {
      const child = [...directory.children.values()].find((c) => c.id === request.childId);
      obligations = obligations.filter(
        (o) => o.subject.kind === 'child' && o.subject.id === child?.externalId,
      );
    }
    if (request.kind === 'organisation') obligations = withinHorizon(obligations, asOf);
    return { asOf, computedAt, pack, calendar, obligations, directory };
  }

  return {
    /** Every obligation of the organisation on a date (the CLI's and the bundle's view). */
    async forOrganisation(
      organisationId: string,
      asOf: IsoDate,
      options: { from?: IsoDate } = {},
    ): Promise<OrganisationCompliance> {
      const bundle = await repos.organisationData.loadBundle(organisationId);
      if (!bundle) throw new Error(`no organisation ${organisationId}`);
      // The policy version in force on the date (issue 13), not necessarily today's.
      const { pack, calendar } = await storedPolicy(repos, organisationId, asOf);
      const obligations = evaluateCompliance(bundle, pack, asOf, { calendar, ...options });
      return { organisation: bundle.organisation.id, policy: pack.id, asOf, obligations };
    },

    /**
     * Compliance for a scope on a date. The whole organisation is reused from a snapshot and
     * keeps only what dashboards and reports read: every open obligation, and the rest due in
     * the thirteen months before the date (the twelve-month trends and the current month).
     */
    async view(
      organisationId: string,
      asOf: IsoDate,
      request: ComplianceScopeRequest,
      options: { kinds?: readonly ObligationKind[] } = {},
    ): Promise<ComplianceView> {
      // Keyed by the policy version in force on the date too, so a saved version is never
      // answered from figures worked out under the one before.
      const policy = await storedPolicy(repos, organisationId, asOf);
      const key = `${organisationId}|${asOf}|v${policy.version.version}|${options.kinds?.join(',') ?? '*'}`;
      const evaluate = () => compute(organisationId, asOf, request, options.kinds, policy);
      if (request.kind === 'organisation') return snapshots.get(key, evaluate);
      const version = await repos.compliance.dataVersion(organisationId);
      return views.get(`${key}|${JSON.stringify(request)}`, version, evaluate);
    },
  };
}
export type ComplianceService = ReturnType<typeof complianceService>;

function externalIds<T extends { externalId: string }>(
  ids: readonly string[],
  byId: Map<string, T>,
): Set<string> {
  const out = new Set<string>();
  for (const id of ids) {
    const entry = byId.get(id);
    if (entry) out.add(entry.externalId);
  }
  return out;
}

const open = new Set(['due', 'due_soon', 'overdue']);

/** Open obligations, those with no due date, and the rest due in the last thirteen months. */
function withinHorizon(obligations: Obligation[], asOf: IsoDate): Obligation[] {
  const from = addMonths(asOf, -13);
  return obligations.filter((o) => o.dueDate === null || o.dueDate >= from || open.has(o.state));
}
