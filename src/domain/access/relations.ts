/**
 * The actor's relationships to one resource: small derivations of the facts the adapters load
 * (who wrote a record, whom it is about, who supervises them now, which units the actor manages,
 * the actor's roles and live grants). `can()` looks them up in the policy table.
 */
import type { Actor, ChildAccess, PlanHolder, Resource } from './can.ts';
import { grantsOpening } from './grants.ts';
import { allows, policy, type Relation } from './policy.ts';

type Of<T extends Resource['type']> = Extract<Resource, { type: T }>;
type Found = (Relation | false)[];

const is = (id: string | undefined, other: string | undefined) => id !== undefined && id === other;
const manages = (actor: Actor, unitId: string | null | undefined) =>
  unitId != null && actor.managedUnitIds.has(unitId);

/** Relations every resource shares: the actor's roles, and a grant that opens it. */
function byRole(actor: Actor, resource: Resource): Found {
  const has = (role: Actor['roles'][number]) => actor.roles.includes(role);
  return [
    'anyone',
    has('administrator') && 'administrator',
    has('senior_manager') && 'senior_manager',
    (has('senior_manager') || has('auditor')) && 'quality_assurance',
    has('auditor') && 'auditor_role',
    grantsOpening(actor, resource).length > 0 && 'grant_holder',
  ];
}

function staffMember(actor: Actor, r: Of<'staff_member'>): Found {
  return [
    is(actor.staffId, r.id) && 'self',
    is(actor.staffId, r.lineManagerId) && 'line_manager',
    manages(actor, r.teamId) && 'team_manager',
  ];
}

/** What a person is to a child through their work, not through their role's reach. */
function child(actor: Actor, r: ChildAccess): Found {
  const me = actor.staffId;
  return [
    me !== undefined && r.allocatedWorkerIds.includes(me) && 'allocated_worker',
    r.allocatedTeamIds.some((team) => manages(actor, team)) && 'team_manager',
    // An unallocated child is any manager's to allocate.
    r.allocatedWorkerIds.length === 0 && actor.managedUnitIds.size > 0 && 'manager_of_unallocated',
  ];
}

/** Those who plan a person's supervision: their supervisors, line manager, team's managers. */
function plannerOf(actor: Actor, p: PlanHolder): Found {
  const me = actor.staffId;
  return [
    me !== undefined && p.supervisorIds.includes(me) && 'supervisor',
    is(me, p.lineManagerId) && 'line_manager',
    manages(actor, p.teamId) && 'team_manager',
  ];
}
const plans = (actor: Actor, p: PlanHolder) => plannerOf(actor, p).some(Boolean);

function supervisionPlan(actor: Actor, r: PlanHolder): Found {
  return [is(actor.staffId, r.staffId) && 'self', ...plannerOf(actor, r)];
}

function supervisionSession(actor: Actor, r: Of<'supervision_session'>): Found {
  const me = actor.staffId;
  const leads = is(me, r.supervisorId);
  const attends = me !== undefined && r.participants.some((p) => p.staffId === me);
  // Someone who plans for every participant, and leads it or manages where it belongs.
  const planner =
    r.participants.length > 0 &&
    r.participants.every((p) => plans(actor, p)) &&
    (leads || manages(actor, r.teamId) || r.participants.every((p) => manages(actor, p.teamId)));
  return [
    leads && 'session_lead',
    attends && 'attendee',
    attends && r.kind === 'one_to_one' && 'one_to_one_supervisee',
    manages(actor, r.teamId) && 'team_manager',
    r.participants.some((p) => plans(actor, p)) && 'planner_of_an_attendee',
    planner && 'session_planner',
  ];
}

function supervisionAgreement(actor: Actor, r: Of<'supervision_agreement'>): Found {
  return [
    is(actor.staffId, r.superviseeId) && 'supervisee',
    is(actor.staffId, r.supervisorId) && 'supervisor',
    is(actor.staffId, r.lineManagerId) && 'line_manager',
    manages(actor, r.teamId) && 'team_manager',
  ];
}

/**
 * Nobody without a staff record of their own is anything to a record but through a grant. A
 * supervisor the record has not passed to (no consent yet) is not its supervisor.
 */
function supervisionRecord(actor: Actor, r: Of<'supervision_record'>): Found {
  const me = actor.staffId;
  if (me === undefined) return [];
  const heldBack = r.heldBackFrom?.includes(me) ?? false;
  const readsChild = (c: ChildAccess) =>
    allows(policy.child.view, [
      ...child(actor, c),
      actor.roles.includes('senior_manager') && 'senior_manager',
    ]);
  return [
    (is(me, r.authorId) || is(me, r.observerId)) && 'author',
    r.people.some((p) => p.staffId === me) && 'subject',
    !heldBack && r.people.some((p) => p.supervisorIds.includes(me)) && 'supervisor',
    !heldBack && r.people.some((p) => p.lineManagerId === me) && 'line_manager',
    (r.escalatedTo?.includes(me) ?? false) && 'escalated_to',
    (r.auditedBy?.includes(me) ?? false) && 'auditor_of_open_audit',
    (r.redactors?.includes(me) ?? false) && 'manager_of_original_supervisor',
    r.category === 'case' &&
      r.children.length > 0 &&
      r.children.every(readsChild) &&
      'reader_of_every_child',
  ];
}

function qualityAudit(actor: Actor, r: Of<'quality_audit'>): Found {
  const me = actor.staffId;
  const done = r.status === 'completed' || r.status === 'feedback_given';
  return [
    is(me, r.auditorId) && 'auditor',
    is(me, r.auditorId) && r.status !== 'feedback_given' && 'auditor_while_open',
    done && is(me, r.feedbackToId) && 'feedback_recipient_once_completed',
    r.status === 'feedback_given' && is(me, r.subjectStaffId) && 'subject_once_fed_back',
  ];
}

function specific(actor: Actor, r: Resource): Found {
  switch (r.type) {
    case 'staff_member':
      return staffMember(actor, r);
    case 'child':
      return child(actor, r);
    case 'supervision_plan':
      return supervisionPlan(actor, r);
    case 'supervision_session':
      return supervisionSession(actor, r);
    case 'supervision_agreement':
      return supervisionAgreement(actor, r);
    case 'supervision_record':
      return supervisionRecord(actor, r);
    case 'quality_audit':
      return qualityAudit(actor, r);
    case 'self_assessment':
      return [
        is(actor.staffId, r.staffId) && 'self',
        actor.staffId !== undefined && r.supervisorIds.includes(actor.staffId) && 'supervisor',
      ];
    case 'sampling':
      return [is(actor.staffId, r.auditorId) && 'auditor'];
    case 'team_plan':
      return [manages(actor, r.teamId) && 'team_manager'];
    case 'compliance':
    case 'quality_report':
      return [manages(actor, r.unitId) && 'team_manager'];
    default:
      return [];
  }
}

/** Every relationship the actor has to the resource. */
export function relationsTo(actor: Actor, resource: Resource): Set<Relation> {
  const found = [...byRole(actor, resource), ...specific(actor, resource)];
  return new Set(found.filter((r): r is Relation => r !== false));
}
