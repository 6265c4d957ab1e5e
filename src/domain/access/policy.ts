/**
 * The access policy as a table: for each kind of resource and each action, the relationships
 * to it that allow the action. `can()` allows exactly when one of the actor's relationships to the
 * resource (derived in relations.ts) is in the cell; an action with no cell of its own falls to
 * the resource's `otherwise` cell, and with neither nobody may. docs/access.md is generated from
 * this table.
 */
import type { Action, Resource } from './can.ts';

/** What an actor can be to a resource. */
export const relations = {
  anyone: 'anyone signed in',
  administrator: 'an account with the administrator role (keeps the organisation’s data)',
  senior_manager: 'an account with the senior manager role',
  quality_assurance: 'an account with the senior manager or the auditor role',
  auditor_role: 'an account with the auditor role',
  grant_holder:
    'an investigating officer or inspector with a live grant whose scope (person, child or team) takes the resource in',
  self: 'the staff member themselves (their record, plan or self-assessment)',
  line_manager: 'the line manager of the staff member (for a record: of a person it is about)',
  team_manager:
    'a manager of the team or unit it belongs to, or of a unit above it (for a child: of a team the child is allocated in)',
  supervisor:
    'supervises the person now, in any relationship, cover included (for an agreement: its supervisor party)',
  supervisee: 'the supervisee party to an agreement',
  subject: 'a person the record is about (supervisee, observed worker, attendee)',
  author: 'wrote the record, or observed the practice it records',
  escalated_to: 'the line manager a disagreement on the record was escalated to (004 4.10)',
  auditor_of_open_audit: 'an auditor whose audit sampled the record, until feedback is given',
  manager_of_original_supervisor:
    'the manager of the supervisor who wrote it, after a change of supervisor where the pack allows redaction (004 4.8)',
  reader_of_every_child: 'a case record: may read every child it is about, as the child’s record',
  allocated_worker: 'the worker the child is allocated to',
  manager_of_unallocated: 'any manager, while the child is allocated to nobody',
  session_lead: 'leads the session',
  attendee: 'attends the session',
  one_to_one_supervisee: 'the supervisee of a one-to-one session',
  planner_of_an_attendee: 'plans the supervision of one of its attendees',
  session_planner:
    'plans the supervision of every attendee, and leads the session or manages where it belongs',
  auditor: 'the auditor the audit or sample is assigned to',
  auditor_while_open: 'the audit’s auditor, until feedback is given',
  feedback_recipient_once_completed: 'the supervisor the audit is fed back to, once completed',
  subject_once_fed_back: 'the supervisee whose supervision was audited, once feedback is given',
} as const;
export type Relation = keyof typeof relations;

type Cells = Partial<Record<Action | 'otherwise', readonly Relation[]>>;

/** Administrators keep the organisation's data: any action there is theirs alone. */
const administratorsOnly = { otherwise: ['administrator'] } as const satisfies Cells;

export const policy = {
  organisation_data: administratorsOnly,
  email_outbox: administratorsOnly,
  audit_log: administratorsOnly,
  access_grants: administratorsOnly,
  retention: administratorsOnly,
  subject_access: administratorsOnly,
  sync_runs: administratorsOnly,
  child_record: administratorsOnly,
  org_unit: { view: ['anyone'], otherwise: ['administrator'] },
  staff_member: {
    view: [
      'self',
      'line_manager',
      'team_manager',
      'senior_manager',
      'grant_holder',
      'administrator',
    ],
    edit: ['line_manager', 'team_manager', 'administrator'],
    /** Registration, DBS and emergency contacts. */
    view_personal_details: ['self', 'line_manager', 'administrator'],
    otherwise: ['administrator'],
  },
  child: {
    view: [
      'allocated_worker',
      'team_manager',
      'manager_of_unallocated',
      'senior_manager',
      'grant_holder',
      'administrator',
    ],
    edit: ['team_manager', 'manager_of_unallocated', 'administrator'],
    otherwise: ['administrator'],
  },
  supervision_plan: {
    view: [
      'self',
      'supervisor',
      'line_manager',
      'team_manager',
      'senior_manager',
      'grant_holder',
      'administrator',
    ],
    edit: ['supervisor', 'line_manager', 'team_manager', 'administrator'],
    otherwise: ['administrator'],
  },
  supervision_session: {
    view: [
      'session_lead',
      'attendee',
      'team_manager',
      'planner_of_an_attendee',
      'senior_manager',
      'administrator',
    ],
    edit: ['session_planner', 'administrator'],
    prepare: ['session_lead', 'attendee', 'administrator'],
    // Durham 4.5: a practitioner may rearrange their own one-to-one (after leave, say).
    reschedule: ['session_planner', 'one_to_one_supervisee', 'administrator'],
    otherwise: ['administrator'],
  },
  /**
   * Both parties write the agreement together (001: "completed collaboratively"; 004:
   * "developed, agreed and signed by the supervisee and supervisor"), as may the supervisee's
   * line manager or a manager of their team; auditors read agreements (002 5.1). A signature is
   * the person's own: no administrator signs for a party.
   */
  supervision_agreement: {
    view: [
      'supervisee',
      'supervisor',
      'line_manager',
      'team_manager',
      'senior_manager',
      'auditor_role',
      'grant_holder',
      'administrator',
    ],
    edit: ['supervisee', 'supervisor', 'line_manager', 'team_manager', 'administrator'],
    sign: ['supervisee', 'supervisor'],
    otherwise: ['administrator'],
  },
  /**
   * What is said in supervision is confidential (002 2.2; 004 4.7): keeping the organisation's
   * data does not open it, so the administrator is in no cell. Each signatory signs for
   * themselves, which the service checks against the version's signatories.
   */
  supervision_record: {
    view: [
      'author',
      'subject',
      'supervisor',
      'line_manager',
      'escalated_to',
      'auditor_of_open_audit',
      'manager_of_original_supervisor',
      'reader_of_every_child',
      'grant_holder',
    ],
    edit: ['author', 'subject', 'supervisor', 'line_manager'],
    sign: ['author', 'subject', 'supervisor', 'line_manager'],
    redact: ['manager_of_original_supervisor'],
    view_unredacted: ['author', 'subject', 'manager_of_original_supervisor'],
  },
  /**
   * The auditor works on an audit until feedback is given; the supervisor it is fed back to reads
   * it once completed, the supervisee once feedback is given (002 5.2, Appendix J). Audits quote
   * and judge supervision, so administrators do not open them.
   */
  quality_audit: {
    view: [
      'auditor',
      'quality_assurance',
      'feedback_recipient_once_completed',
      'subject_once_fed_back',
    ],
    edit: ['auditor_while_open'],
  },
  /** For "their allotted supervision" (Manchester Appendix K), not for QA or administrators. */
  self_assessment: { view: ['self', 'supervisor'], edit: ['self'] },
  team_plan: {
    view: ['team_manager', 'senior_manager', 'administrator'],
    otherwise: ['administrator'],
  },
  /** An auditor draws their own sample; QA draws anyone's. */
  sampling: {
    view: ['auditor', 'quality_assurance', 'administrator'],
    edit: ['auditor', 'quality_assurance', 'administrator'],
    otherwise: ['administrator'],
  },
  audit_tools: { view: ['quality_assurance', 'administrator'], otherwise: ['administrator'] },
  /** Quality assurance may read and export the policy; administrators change it. */
  policy: {
    view: ['quality_assurance', 'administrator'],
    export: ['quality_assurance', 'administrator'],
    otherwise: ['administrator'],
  },
  quality_report: {
    view: ['quality_assurance', 'team_manager', 'administrator'],
    export: ['quality_assurance', 'team_manager', 'administrator'],
    otherwise: ['administrator'],
  },
  compliance: {
    view: ['senior_manager', 'team_manager', 'administrator'],
    export: ['senior_manager', 'team_manager', 'administrator'],
    otherwise: ['administrator'],
  },
} as const satisfies { [T in Resource['type']]: Cells };

/** The relationships that allow `action` on a kind of resource. */
export function cellOf(type: Resource['type'], action: Action): readonly Relation[] {
  const cells: Cells = policy[type];
  return cells[action] ?? cells.otherwise ?? [];
}

/** Whether any of these relationships is in the cell. */
export function allows(cell: readonly Relation[], held: Iterable<Relation | false>): boolean {
  for (const r of held) if (r !== false && cell.includes(r)) return true;
  return false;
}
