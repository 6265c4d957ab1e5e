import { randomUUID } from 'node:crypto';
import type { AuditEntry } from '../../data-access/audit-log-repository.ts';
import type {
  ChildDetails,
  ChildListItem,
  ChildRecord,
  ChildScope,
} from '../../data-access/child-repository.ts';
import type { Repositories } from '../../data-access/index.ts';
import type { UserAccount } from '../../data-access/user-repository.ts';
import { type Actor, can, grantsOpening, type Resource } from '../../domain/access/can.ts';
import { daysBetween } from '../../domain/calendar/iso-date.ts';
import type { IsoDate } from '../../domain/calendar/period.ts';
import { childStatuses } from '../../domain/policy/vocabulary.ts';
import { isUuid } from '../../web/forms.ts';
import { govukDate } from '../../web/view-filters.ts';

/** Who is asking, for access decisions and the audit trail. */
export type Caller = { actor: Actor; user: UserAccount; requestId: string };

export const pageSize = 50;

// Ids that are never a real worker or unit: what can() says about a child held by strangers.
const stranger = '00000000-0000-0000-0000-000000000000';
const childHeldBy = (teams: string[], workers: string[]): Resource => ({
  type: 'child',
  allocatedTeamIds: teams,
  allocatedWorkerIds: workers,
});
const unallocatedChild = childHeldBy([], []);

/**
 * The children a list may show, asked of can() itself rather than restating its rules: can
 * this person see a child held by strangers (then every child), one allocated to them, one
 * held in each unit they manage, one held by nobody? The list query filters by the answer,
 * and each row on the page is checked with can() again.
 */
export function listScope(actor: Actor): ChildScope {
  if (can(actor, 'view', childHeldBy([stranger], [stranger]))) return { kind: 'all' };
  const own = actor.staffId;
  return {
    kind: 'some',
    allocatedToStaffId: own && can(actor, 'view', childHeldBy([stranger], [own])) ? own : undefined,
    allocatedToUnitIds: [...actor.managedUnitIds].filter((unit) =>
      can(actor, 'view', childHeldBy([unit], [stranger])),
    ),
    unallocated: can(actor, 'view', unallocatedChild),
  };
}

/** Whether a child held this way is in the scope, as the list query decides it. */
export function inScope(scope: ChildScope, resource: Extract<Resource, { type: 'child' }>) {
  if (scope.kind === 'all') return true;
  return (
    (scope.allocatedToStaffId !== undefined &&
      resource.allocatedWorkerIds.includes(scope.allocatedToStaffId)) ||
    resource.allocatedTeamIds.some((team) => scope.allocatedToUnitIds.includes(team)) ||
    (scope.unallocated && resource.allocatedWorkerIds.length === 0)
  );
}

export function canAddChildren(actor: Actor): boolean {
  return can(actor, 'edit', unallocatedChild);
}

/** Whether this person may see any children at all (for the navigation). */
export function canSeeChildren(actor: Actor): boolean {
  const scope = listScope(actor);
  return (
    scope.kind === 'all' ||
    scope.allocatedToStaffId !== undefined ||
    scope.allocatedToUnitIds.length > 0 ||
    scope.unallocated
  );
}

/** '4 years', '7 months', 'Unborn (due 3 March 2027)'. */
export function ageText(
  child: { dateOfBirth: IsoDate | null; expectedDateOfBirth: IsoDate | null },
  today: IsoDate,
): string {
  if (!child.dateOfBirth) {
    return child.expectedDateOfBirth
      ? `Unborn (due ${govukDate(child.expectedDateOfBirth)})`
      : 'Not known';
  }
  const [by, bm, bd] = child.dateOfBirth.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  const months = (ty - by) * 12 + (tm - bm) - (td < bd ? 1 : 0);
  if (months >= 12) {
    const years = Math.floor(months / 12);
    return `${years} year${years === 1 ? '' : 's'}`;
  }
  if (months >= 1) return `${months} month${months === 1 ? '' : 's'}`;
  const weeks = Math.floor(daysBetween(child.dateOfBirth, today) / 7);
  return weeks >= 1 ? `${weeks} week${weeks === 1 ? '' : 's'}` : 'Under 1 week';
}

export type ListFilters = {
  search: string;
  status: string;
  teamId: string;
  workerId: string;
  state: 'open' | 'closed' | 'all';
  page: number;
};

/** Reads the list's query string, ignoring anything that is not a known value. */
export function readFilters(query: Record<string, unknown>): ListFilters {
  const get = (key: string) => {
    const value = query[key];
    return typeof value === 'string' ? value.trim() : '';
  };
  const state = get('state');
  const page = Number.parseInt(get('page'), 10);
  return {
    search: get('q').slice(0, 100),
    status: (childStatuses as readonly string[]).includes(get('status')) ? get('status') : '',
    teamId: isUuid(get('team')) ? get('team') : '',
    workerId: isUuid(get('worker')) ? get('worker') : '',
    state: state === 'closed' || state === 'all' ? state : 'open',
    page: Number.isSafeInteger(page) && page > 0 ? page : 1,
  };
}

export type ListRow = ChildListItem & {
  age: string;
  keyWorker: string | null;
  team: string | null;
};

function audit(
  caller: Caller,
  action: string,
  childId: string,
  detail?: Record<string, unknown>,
): AuditEntry {
  return {
    organisationId: caller.user.organisationId,
    actorUserId: caller.user.id,
    action,
    resourceType: 'child',
    resourceId: childId,
    requestId: caller.requestId,
    ...(detail ? { detail } : {}),
  };
}

/** The names of the details that differ, for the audit trail (not the values: they are personal). */
function changedFields(before: ChildRecord, after: ChildDetails): string[] {
  return (Object.keys(after) as (keyof ChildDetails)[]).filter((key) => before[key] !== after[key]);
}

export type ChildAccess =
  | { kind: 'not_found' }
  | { kind: 'denied' }
  | { kind: 'allowed'; child: ChildRecord; canEdit: boolean };

export function childrenService(repos: Repositories, today: () => IsoDate) {
  const children = repos.children;

  return {
    today,

    async list(caller: Caller, filters: ListFilters) {
      const on = today();
      const organisationId = caller.user.organisationId;
      const scope = listScope(caller.actor);
      const { total, items } = await children.list(organisationId, {
        scope,
        today: on,
        search: filters.search || undefined,
        status: filters.status || undefined,
        teamId: filters.teamId || undefined,
        workerId: filters.workerId || undefined,
        state: filters.state,
        limit: pageSize,
        offset: (filters.page - 1) * pageSize,
      });
      const rows = items
        .filter((item) =>
          can(
            caller.actor,
            'view',
            childHeldBy(
              item.allocations.map((a) => a.teamId).filter((t): t is string => t !== null),
              item.allocations.map((a) => a.workerId),
            ),
          ),
        )
        .map((item): ListRow => {
          const lead =
            item.allocations.find((a) => a.role === 'key_worker') ??
            item.allocations.find((a) => a.role === 'lead_professional') ??
            item.allocations[0];
          return {
            ...item,
            age: ageText(item, on),
            keyWorker: item.allocations.find((a) => a.role === 'key_worker')?.workerName ?? null,
            team: lead?.teamName ?? null,
          };
        });
      const [teams, workers] = await Promise.all([
        children.teams(organisationId),
        children.caseHoldingWorkers(organisationId, 'all', on),
      ]);
      return {
        total,
        rows,
        pages: Math.max(1, Math.ceil(total / pageSize)),
        teams,
        workers,
        canAdd: canAddChildren(caller.actor),
      };
    },

    /** Finds the child in the caller's organisation and asks can() whether they may `action` it. */
    async open(caller: Caller, id: string, action: 'view' | 'edit'): Promise<ChildAccess> {
      if (!isUuid(id)) return { kind: 'not_found' };
      const organisationId = caller.user.organisationId;
      const child = await children.findById(organisationId, id);
      if (!child) return { kind: 'not_found' };
      const facts = await children.accessFacts(organisationId, id, today());
      const resource: Resource = { type: 'child', id, ...facts };
      if (!can(caller.actor, action, resource)) return { kind: 'denied' };
      return { kind: 'allowed', child, canEdit: can(caller.actor, 'edit', resource) };
    },

    /** The child's page; each view goes on the audit trail. */
    async page(caller: Caller, child: ChildRecord) {
      const history = await children.history(caller.user.organisationId, child.id);
      // Read through an access grant: the trail names the grants that opened it.
      const grantIds = caller.actor.grants?.length
        ? grantsOpening(caller.actor, {
            type: 'child',
            id: child.id,
            ...(await children.accessFacts(caller.user.organisationId, child.id, today())),
          })
        : [];
      await repos.auditLog.append(
        audit(caller, 'child.viewed', child.id, grantIds.length > 0 ? { grantIds } : undefined),
      );
      return { ...history, age: ageText(child, today()) };
    },

    /** The child's episodes, flags, allocations and events, for a change to one of them. */
    history(caller: Caller, childId: string) {
      return children.history(caller.user.organisationId, childId);
    },

    /** Case-holding staff of the caller's teams (every team's for someone who edits any child). */
    allocatableWorkers(caller: Caller) {
      const everywhere = can(caller.actor, 'edit', childHeldBy([stranger], [stranger]));
      return children.caseHoldingWorkers(
        caller.user.organisationId,
        everywhere ? 'all' : [...caller.actor.managedUnitIds],
        today(),
      );
    },

    async create(caller: Caller, details: ChildDetails) {
      const id = randomUUID();
      const result = await children.create(
        caller.user.organisationId,
        id,
        details,
        audit(caller, 'child.created', id, { caseId: details.caseId }),
      );
      return { ...result, id };
    },

    updateDetails(caller: Caller, child: ChildRecord, version: string, details: ChildDetails) {
      return children.updateDetails(
        caller.user.organisationId,
        child.id,
        version,
        details,
        audit(caller, 'child.updated', child.id, { fields: changedFields(child, details) }),
      );
    },

    addEpisode(
      caller: Caller,
      childId: string,
      episode: { status: string; startsOn: IsoDate; endsOn: IsoDate | null },
    ) {
      return children.addEpisode(
        caller.user.organisationId,
        childId,
        episode,
        audit(caller, 'child_status_episode.added', childId, episode),
      );
    },

    endEpisode(
      caller: Caller,
      childId: string,
      key: { status: string; startsOn: IsoDate },
      endsOn: IsoDate,
    ) {
      return children.endEpisode(
        caller.user.organisationId,
        childId,
        key,
        endsOn,
        audit(caller, 'child_status_episode.ended', childId, { ...key, endsOn }),
      );
    },

    addFlag(
      caller: Caller,
      childId: string,
      flag: { flag: string; startsOn: IsoDate; endsOn: IsoDate | null },
    ) {
      return children.addFlag(
        caller.user.organisationId,
        childId,
        flag,
        audit(caller, 'child_flag.added', childId, flag),
      );
    },

    endFlag(
      caller: Caller,
      childId: string,
      key: { flag: string; startsOn: IsoDate },
      endsOn: IsoDate,
    ) {
      return children.endFlag(
        caller.user.organisationId,
        childId,
        key,
        endsOn,
        audit(caller, 'child_flag.ended', childId, { ...key, endsOn }),
      );
    },

    addAllocation(
      caller: Caller,
      childId: string,
      allocation: {
        workerId: string;
        role: 'key_worker' | 'lead_professional' | 'involved';
        startsOn: IsoDate;
        endsOn: IsoDate | null;
      },
    ) {
      return children.addAllocation(
        caller.user.organisationId,
        childId,
        allocation,
        audit(caller, 'child_allocation.added', childId, allocation),
      );
    },

    endAllocation(
      caller: Caller,
      childId: string,
      key: { workerId: string; role: string; startsOn: IsoDate },
      endsOn: IsoDate,
    ) {
      return children.endAllocation(
        caller.user.organisationId,
        childId,
        key,
        endsOn,
        audit(caller, 'child_allocation.ended', childId, { ...key, endsOn }),
      );
    },

    addEvent(caller: Caller, childId: string, event: { kind: string; occurredOn: IsoDate }) {
      return children.addEvent(
        caller.user.organisationId,
        childId,
        event,
        audit(caller, 'child_event.added', childId, event),
      );
    },

    latestOpenStart(caller: Caller, childId: string, on: IsoDate) {
      return children.latestOpenStart(caller.user.organisationId, childId, on);
    },

    openOn(caller: Caller, childId: string, on: IsoDate) {
      return children.openOn(caller.user.organisationId, childId, on);
    },

    close(caller: Caller, childId: string, version: string, closedOn: IsoDate) {
      return children.close(
        caller.user.organisationId,
        childId,
        version,
        closedOn,
        audit(caller, 'child.closed', childId, { closedOn }),
      );
    },

    reopen(caller: Caller, childId: string) {
      return children.reopen(
        caller.user.organisationId,
        childId,
        audit(caller, 'child.reopened', childId),
      );
    },
  };
}
export type ChildrenService = ReturnType<typeof childrenService>;
