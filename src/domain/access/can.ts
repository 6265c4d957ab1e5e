/**
 * Who may do what: one pure decision, `can(actor, action, resource)`, that denies unless the
 * policy table (policy.ts) allows. Adapters load the facts (the actor's roles, the units they
 * manage, the resource's team and line manager) and ask; relations.ts derives what the actor is to
 * the resource, and the table says which of those relationships allow the action. Nothing else
 * decides access.
 */
import type { UserRole } from '../organisation/vocabulary.ts';
import { allows, cellOf, type Relation } from './policy.ts';
import { relationsTo } from './relations.ts';

export { grantsOpening } from './grants.ts';
export { policy, type Relation, relations } from './policy.ts';
export { relationsTo } from './relations.ts';

export type Actor = {
  userId: string;
  roles: readonly UserRole[];
  /** The staff member the account belongs to, if any. */
  staffId?: string | undefined;
  /** Units this person manages, with every unit beneath them. */
  managedUnitIds: ReadonlySet<string>;
  /** Access grants live now (an investigating officer's or inspector's); expired ones are not loaded. */
  grants?: readonly AccessGrant[] | undefined;
};

/**
 * Time-bounded read access given to an investigating officer or an inspector, with a reason,
 * scoped to one person, one child, or a team (the unit and every unit beneath it).
 */
export type AccessGrant = {
  id: string;
  scope:
    | { kind: 'person'; staffId: string }
    | { kind: 'child'; childId: string }
    | { kind: 'team'; unitIds: readonly string[] };
};

export type Resource =
  /** The organisation's data as a whole: import, export, structure. */
  | { type: 'organisation_data' }
  /** Every email the organisation sent or holds (the outbox): its administrators' only. */
  | { type: 'email_outbox' }
  /** The audit trail: who read and changed what. Its administrators' only. */
  | { type: 'audit_log' }
  /** Access grants to investigating officers and inspectors: administrators give and end them. */
  | { type: 'access_grants' }
  /** Retention runs and legal holds: administrators'. */
  | { type: 'retention' }
  /** Subject access exports (everything about one child or one staff member): administrators'. */
  | { type: 'subject_access' }
  /** Syncs of children from the case-management system and their reports: administrators'. */
  | { type: 'sync_runs' }
  /** How notes reach the child's record: the link, its deliveries and exports. Administrators'. */
  | { type: 'child_record' }
  | { type: 'org_unit'; id: string }
  | {
      type: 'staff_member';
      id: string;
      teamId?: string | undefined;
      lineManagerId?: string | undefined;
    }
  | {
      type: 'child';
      /** The child's id, for grants scoped to the child. */
      id?: string | undefined;
      /** Teams of the workers allocated now; empty when the child is unallocated. */
      allocatedTeamIds: readonly string[];
      allocatedWorkerIds: readonly string[];
    }
  /** A person's supervision plan: their sessions, the gaps, the year ahead. */
  | ({ type: 'supervision_plan' } & PlanHolder)
  /** One supervision session, with the facts of each person in it. */
  | {
      type: 'supervision_session';
      kind: 'one_to_one' | 'unplanned' | 'group' | 'group_learning';
      supervisorId: string;
      teamId?: string | undefined;
      participants: readonly PlanHolder[];
    }
  /** A supervisory relationship's agreement: its two parties and the supervisee's place. */
  | {
      type: 'supervision_agreement';
      superviseeId: string;
      supervisorId: string;
      /** The supervisee's team and line manager. */
      teamId?: string | undefined;
      lineManagerId?: string | undefined;
    }
  /** A team's sessions, for the managers above it. */
  | { type: 'team_plan'; teamId: string }
  /** Compliance figures and reports for a unit and everything under it; null: the organisation. */
  | { type: 'compliance'; unitId: string | null }
  /** A supervision record (or note) with the people and children it is about. */
  | {
      type: 'supervision_record';
      /**
       * personal: about a person (personal supervision, observation, PDR, handover);
       * case: about children; group: a group session's own record.
       */
      category: 'personal' | 'case' | 'group';
      authorId?: string | undefined;
      observerId?: string | undefined;
      /** The supervisees, observed worker or attendees, with their place now. */
      people: readonly PlanHolder[];
      /** Where each child it is about is allocated now. */
      children: readonly ChildAccess[];
      /** Line managers a disagreement on it was escalated to (004 4.10, 001 General Principles). */
      escalatedTo?: readonly string[] | undefined;
      /** Auditors with an open audit that sampled it: they read it until feedback is given. */
      auditedBy?: readonly string[] | undefined;
      /**
       * Supervisors who took over from its writer and to whom it has not passed: the pack asks for
       * the supervisee's agreement first (004 4.8, 4.9, 6.6) and it has not been given.
       */
      heldBackFrom?: readonly string[] | undefined;
      /**
       * Managers of the original supervisor, once the supervisee has a new supervisor and the pack
       * allows redaction: only they may redact (004 4.8 "only ... by the manager of the original
       * supervisor").
       */
      redactors?: readonly string[] | undefined;
    }
  /** An audit of supervision: its auditor, who gets the feedback, whose supervision it is. */
  | {
      type: 'quality_audit';
      auditorId: string;
      feedbackToId?: string | undefined;
      subjectStaffId?: string | undefined;
      status: 'assigned' | 'in_progress' | 'completed' | 'feedback_given';
    }
  /** Drawing an auditor's samples, and reading the draws. */
  | { type: 'sampling'; auditorId: string }
  /** The organisation's audit tools, its own added beside the pack's. */
  | { type: 'audit_tools' }
  /** The organisation's policy: its pack, overrides and versions (issue 13). */
  | { type: 'policy' }
  /** A worker's self-assessment for a session, read by those who supervise them in it. */
  | { type: 'self_assessment'; staffId: string; supervisorIds: readonly string[] }
  /** Supervisees' feedback results and the annual supervision report; null: the organisation. */
  | { type: 'quality_report'; unitId: string | null };

/** Where a child is allocated now: what access to the child is decided on. */
export type ChildAccess = Omit<Extract<Resource, { type: 'child' }>, 'type'>;

/** Whose supervision is planned: the person, their team, line manager and supervisors now. */
export type PlanHolder = {
  staffId: string;
  teamId?: string | undefined;
  lineManagerId?: string | undefined;
  /** Everyone supervising them now, in any relationship (cover included). */
  supervisorIds: readonly string[];
};

export type Action =
  | 'view'
  | 'edit'
  /** A worker's registration, DBS and emergency contacts. */
  | 'view_personal_details'
  | 'import'
  | 'export'
  /** Add agenda items and children to discuss before a session. */
  | 'prepare'
  /** Put one's own electronic signature to an agreement. */
  | 'sign'
  /** Move a session to another date (postpone it with a new date). */
  | 'reschedule'
  /** Lay a redaction over a record's text (an overlay: the original is kept). */
  | 'redact'
  /** Read a redacted record's original text. */
  | 'view_unredacted';

/** The actor's relationships to the resource that allow the action: none, and it is refused. */
export function allowedBy(actor: Actor, action: Action, resource: Resource): Relation[] {
  const cell = cellOf(resource.type, action);
  return [...relationsTo(actor, resource)].filter((r) => cell.includes(r));
}

export function can(actor: Actor, action: Action, resource: Resource): boolean {
  return allows(cellOf(resource.type, action), relationsTo(actor, resource));
}

/** Whether this person can open the organisation pages at all (a list they can see into). */
export function canBrowseOrganisation(actor: Actor): boolean {
  return (
    actor.roles.includes('administrator') ||
    actor.roles.includes('senior_manager') ||
    actor.managedUnitIds.size > 0
  );
}
