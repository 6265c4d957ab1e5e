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

function child(actor: Actor, action: Action, r: ChildAccess) {
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

/** Their supervisor, their line manager, or a manager of their team plans their supervision. */
function plansFor(actor: Actor, p: PlanHolder) {
  const me = actor.staffId;
  const supervises = me !== undefined && (p.supervisorIds.includes(me) || p.lineManagerId === me);
  return supervises || manages(actor, p.teamId);
}

function supervisionPlan(actor: Actor, action: Action, r: PlanHolder) {
  const self = actor.staffId !== undefined && actor.staffId === r.staffId;
  switch (action) {
    case 'view':
      return self || plansFor(actor, r) || has(actor, 'senior_manager');
    case 'edit':
      return plansFor(actor, r);
    default:
      return false;
  }
}

function supervisionSession(
  actor: Actor,
  action: Action,
  r: Extract<Resource, { type: 'supervision_session' }>,
) {
  const me = actor.staffId;
  const leads = me !== undefined && me === r.supervisorId;
  const attends = me !== undefined && r.participants.some((p) => p.staffId === me);
  // Someone who plans for every participant, and leads it or manages where it belongs.
  const editor =
    r.participants.length > 0 &&
    r.participants.every((p) => plansFor(actor, p)) &&
    (leads || manages(actor, r.teamId) || r.participants.every((p) => manages(actor, p.teamId)));
  switch (action) {
    case 'view':
      return (
        leads ||
        attends ||
        manages(actor, r.teamId) ||
        r.participants.some((p) => plansFor(actor, p)) ||
        has(actor, 'senior_manager')
      );
    case 'edit':
      return editor;
    case 'prepare':
      return leads || attends;
    case 'reschedule':
      // Durham 4.5: a practitioner may rearrange their own one-to-one (after leave, say).
      return editor || (r.kind === 'one_to_one' && attends);
    default:
      return false;
  }
}

/**
 * Both parties write the agreement together (001: "completed collaboratively"; 004: "developed,
 * agreed and signed by the supervisee and supervisor"), as may the supervisee's line manager or
 * a manager of their team; auditors read agreements (002 5.1 checks they "are being developed,
 * reviewed and used"). Each party signs for themselves and no one signs for them.
 */
function supervisionAgreement(
  actor: Actor,
  action: Action,
  r: Extract<Resource, { type: 'supervision_agreement' }>,
) {
  const me = actor.staffId;
  const party = me !== undefined && (me === r.superviseeId || me === r.supervisorId);
  const oversees = (me !== undefined && me === r.lineManagerId) || manages(actor, r.teamId);
  switch (action) {
    case 'view':
      return party || oversees || has(actor, 'senior_manager') || has(actor, 'auditor');
    case 'edit':
      return party || oversees;
    case 'sign':
      return party;
    default:
      return false;
  }
}

/**
 * Personal records reach only the supervisee, whoever wrote or observed, and the people who
 * supervise the supervisee now (cover included) or line-manage them (002 2.2: "confidential
 * between the supervisor and supervisee"; 004 4.7). A case record reaches whoever may see every
 * child it is about, as the child's own record would. A group record reaches its lead and
 * attendees and those who supervise them. Drafts are written by their author (the supervisee
 * adds the sections the template gives them, decided by the service); each signatory signs for
 * themselves, which the service checks against the version's signatories.
 */
function supervisionRecord(
  actor: Actor,
  action: Action,
  r: Extract<Resource, { type: 'supervision_record' }>,
) {
  const me = actor.staffId;
  if (me === undefined) return action === 'view' && grantsOpening(actor, r).length > 0;
  const wrote = me === r.authorId || me === r.observerId;
  const about = r.people.some((p) => p.staffId === me);
  const heldBack = r.heldBackFrom?.includes(me) ?? false;
  const supervises =
    !heldBack && r.people.some((p) => p.supervisorIds.includes(me) || p.lineManagerId === me);
  const redactor = r.redactors?.includes(me) ?? false;
  const seesChildren = r.children.length > 0 && r.children.every((c) => child(actor, 'view', c));
  switch (action) {
    case 'view':
      return (
        wrote ||
        about ||
        supervises ||
        (r.escalatedTo?.includes(me) ?? false) ||
        (r.auditedBy?.includes(me) ?? false) ||
        redactor ||
        (r.category === 'case' && seesChildren) ||
        grantsOpening(actor, r).length > 0
      );
    case 'edit':
      return wrote || about || supervises;
    case 'sign':
      return wrote || about || supervises;
    case 'redact':
      return redactor;
    case 'view_unredacted':
      return wrote || about || redactor;
    default:
      return false;
  }
}

/** Senior managers (QA) and auditors oversee the quality of supervision across the organisation. */
const assures = (actor: Actor) => has(actor, 'senior_manager') || has(actor, 'auditor');

/**
 * The auditor works on an audit until feedback is given; the supervisor it is fed back to reads
 * it once completed, the supervisee whose supervision it was once feedback is given (002 5.2,
 * Appendix J: "enter into supervisor's supervision file").
 */
function qualityAudit(
  actor: Actor,
  action: Action,
  r: Extract<Resource, { type: 'quality_audit' }>,
) {
  const me = actor.staffId;
  const auditor = me !== undefined && me === r.auditorId;
  const done = r.status === 'completed' || r.status === 'feedback_given';
  switch (action) {
    case 'view':
      return (
        auditor ||
        assures(actor) ||
        (done && me !== undefined && me === r.feedbackToId) ||
        (r.status === 'feedback_given' && me !== undefined && me === r.subjectStaffId)
      );
    case 'edit':
      return auditor && r.status !== 'feedback_given';
    default:
      return false;
  }
}

/** Self-assessments are the worker's own, ready for those who supervise them. */
function selfAssessment(
  actor: Actor,
  action: Action,
  r: Extract<Resource, { type: 'self_assessment' }>,
) {
  const me = actor.staffId;
  const self = me !== undefined && me === r.staffId;
  switch (action) {
    case 'view':
      return self || (me !== undefined && r.supervisorIds.includes(me));
    case 'edit':
      return self;
    default:
      return false;
  }
}

const holdsGrants = (actor: Actor) =>
  has(actor, 'investigating_officer') || has(actor, 'inspector');

/** Whether a grant's scope takes in a person, in their team now. */
function grantTakesIn(grant: AccessGrant, staffId: string, teamId: string | undefined) {
  const s = grant.scope;
  if (s.kind === 'person') return s.staffId === staffId;
  return s.kind === 'team' && teamId !== undefined && s.unitIds.includes(teamId);
}

/**
 * The actor's live grants that open this resource for reading: a person's grant opens what is
 * about them or what they wrote; a child's what is about the child; a team's what is about its
 * people or children allocated in it. Grants are read-only, and only their holders' roles use them.
 */
export function grantsOpening(actor: Actor, resource: Resource): string[] {
  if (!holdsGrants(actor) || !actor.grants) return [];
  return actor.grants.filter((g) => grantOpens(g, resource)).map((g) => g.id);
}

function grantOpens(grant: AccessGrant, r: Resource): boolean {
  const s = grant.scope;
  const childIn = (c: ChildAccess) =>
    (s.kind === 'child' && c.id === s.childId) ||
    (s.kind === 'team' && c.allocatedTeamIds.some((t) => s.unitIds.includes(t)));
  switch (r.type) {
    case 'supervision_record':
      return (
        r.people.some((p) => grantTakesIn(grant, p.staffId, p.teamId)) ||
        (s.kind === 'person' && (r.authorId === s.staffId || r.observerId === s.staffId)) ||
        r.children.some(childIn)
      );
    case 'staff_member':
      return grantTakesIn(grant, r.id, r.teamId);
    case 'child':
      return childIn(r);
    case 'supervision_agreement':
      return grantTakesIn(grant, r.superviseeId, r.teamId);
    case 'supervision_plan':
      return grantTakesIn(grant, r.staffId, r.teamId);
    default:
      return false;
  }
}

export function can(actor: Actor, action: Action, resource: Resource): boolean {
  // A grant is read-only and only ever adds what it names.
  if (action === 'view' && grantsOpening(actor, resource).length > 0) return true;
  // A signature is the person's own: not even an administrator signs for someone else.
  if (resource.type === 'supervision_agreement' && action === 'sign')
    return supervisionAgreement(actor, action, resource);
  // What is said in supervision is confidential: keeping the organisation's data does not open it.
  if (resource.type === 'supervision_record') return supervisionRecord(actor, action, resource);
  // Nor does it open audits, self-assessments or feedback, which quote and judge supervision.
  if (resource.type === 'quality_audit') return qualityAudit(actor, action, resource);
  if (resource.type === 'self_assessment') return selfAssessment(actor, action, resource);
  // Administrators keep the organisation's data; nothing here is beyond them.
  if (has(actor, 'administrator')) return true;
  switch (resource.type) {
    case 'organisation_data':
      return false;
    case 'email_outbox':
    case 'audit_log':
    case 'access_grants':
    case 'retention':
    case 'subject_access':
      return false;
    case 'org_unit':
      return action === 'view';
    case 'staff_member':
      return staffMember(actor, action, resource);
    case 'child':
      return child(actor, action, resource);
    case 'supervision_plan':
      return supervisionPlan(actor, action, resource);
    case 'supervision_session':
      return supervisionSession(actor, action, resource);
    case 'supervision_agreement':
      return supervisionAgreement(actor, action, resource);
    case 'team_plan':
      return action === 'view' && (manages(actor, resource.teamId) || has(actor, 'senior_manager'));
    case 'sampling':
      // An auditor draws their own sample; QA draws anyone's.
      return (
        (action === 'view' || action === 'edit') &&
        (actor.staffId === resource.auditorId || assures(actor))
      );
    case 'audit_tools':
      return action === 'view' && assures(actor);
    case 'quality_report':
      return (
        (action === 'view' || action === 'export') &&
        (assures(actor) || (resource.unitId !== null && manages(actor, resource.unitId)))
      );
    case 'compliance':
      return (
        (action === 'view' || action === 'export') &&
        (has(actor, 'senior_manager') ||
          (resource.unitId !== null && manages(actor, resource.unitId)))
      );
  }
}

/** Whether this person can open the organisation pages at all (a list they can see into). */
export function canBrowseOrganisation(actor: Actor): boolean {
  return has(actor, 'administrator') || has(actor, 'senior_manager') || isManager(actor);
}
