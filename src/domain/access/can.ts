/**
 * Who may do what: one pure decision, `can(actor, action, resource)`, that denies unless a rule
 * below allows. Adapters load the facts (the actor's roles, the units they manage, the resource's
 * team and line manager) and ask; nothing else decides access.
 */
import type { UserRole } from '../organisation/vocabulary.ts';

export type Actor = {
  userId: string;
  roles: readonly UserRole[];
  /** The staff member the account belongs to, if any. */
  staffId?: string | undefined;
  /** Units this person manages, with every unit beneath them. */
  managedUnitIds: ReadonlySet<string>;
};

export type Resource =
  /** The organisation's data as a whole: import, export, structure. */
  | { type: 'organisation_data' }
  | { type: 'org_unit'; id: string }
  | {
      type: 'staff_member';
      id: string;
      teamId?: string | undefined;
      lineManagerId?: string | undefined;
    }
  | {
      type: 'child';
      /** Teams of the workers allocated now; empty when the child is unallocated. */
      allocatedTeamIds: readonly string[];
      allocatedWorkerIds: readonly string[];
    };

export type Action =
  | 'view'
  | 'edit'
  /** A worker's registration, DBS and emergency contacts. */
  | 'view_personal_details'
  | 'import'
  | 'export';

const has = (actor: Actor, role: UserRole) => actor.roles.includes(role);
const isManager = (actor: Actor) => actor.managedUnitIds.size > 0;
const manages = (actor: Actor, unitId: string | undefined) =>
  unitId !== undefined && actor.managedUnitIds.has(unitId);

function staffMember(actor: Actor, action: Action, r: Extract<Resource, { type: 'staff_member' }>) {
  const self = actor.staffId !== undefined && actor.staffId === r.id;
  const lineManager = actor.staffId !== undefined && actor.staffId === r.lineManagerId;
  switch (action) {
    case 'view':
      return self || lineManager || manages(actor, r.teamId) || has(actor, 'senior_manager');
    case 'edit':
      return lineManager || manages(actor, r.teamId);
    case 'view_personal_details':
      return self || lineManager;
    default:
      return false;
  }
}

function child(actor: Actor, action: Action, r: Extract<Resource, { type: 'child' }>) {
  const allocated = actor.staffId !== undefined && r.allocatedWorkerIds.includes(actor.staffId);
  const teamManager = r.allocatedTeamIds.some((team) => manages(actor, team));
  // An unallocated child is any manager's to allocate.
  const unallocated = r.allocatedWorkerIds.length === 0 && isManager(actor);
  switch (action) {
    case 'view':
      return allocated || teamManager || unallocated || has(actor, 'senior_manager');
    case 'edit':
      return teamManager || unallocated;
    default:
      return false;
  }
}

export function can(actor: Actor, action: Action, resource: Resource): boolean {
  // Administrators keep the organisation's data; nothing here is beyond them.
  if (has(actor, 'administrator')) return true;
  switch (resource.type) {
    case 'organisation_data':
      return false;
    case 'org_unit':
      return action === 'view';
    case 'staff_member':
      return staffMember(actor, action, resource);
    case 'child':
      return child(actor, action, resource);
  }
}

/** Whether this person can open the organisation pages at all (a list they can see into). */
export function canBrowseOrganisation(actor: Actor): boolean {
  return has(actor, 'administrator') || has(actor, 'senior_manager') || isManager(actor);
}
