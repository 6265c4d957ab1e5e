/**
 * The access matrix (issue 9, item 1), read off the policy table: roles × resources ×
 * actions, each cell `yes`, `no`, or the condition under which the role may. A cell is worked
 * out by asking `can()` for two people in the role about one supervisee's things: one in the
 * relationship the role usually has to them (their supervisor, their cover, their supervisor's
 * line manager...) and one a stranger to them. Both allowed: yes; only the first: the relationships
 * that allowed it, in words; neither: no. docs/access.md carries these tables and a unit test keeps
 * it true; the HTTP test runs the same cells against the demo organisation.
 */
import { type AccessGrant, type Action, type Actor, allowedBy, can, type Resource } from './can.ts';
import { policy, type Relation, relations } from './policy.ts';

export const matrixRoles = {
  practitioner: 'Practitioner',
  supervisor: 'Supervisor',
  cover_manager: 'Cover manager',
  supervisors_line_manager: 'Supervisor’s line manager',
  senior_manager: 'Senior manager or QA',
  auditor: 'Auditor',
  administrator: 'Administrator',
  investigating_officer: 'Investigating officer',
  inspector: 'Inspector',
} as const;
export type MatrixRole = keyof typeof matrixRoles;

export const matrixResources = {
  personal_record: 'Personal supervision record',
  case_record: 'Case supervision record',
  observation: 'Observation of practice',
  agreement: 'Supervision agreement',
  worker_details: 'Worker’s details',
  audit: 'Audit',
  report: 'Report',
  audit_log: 'Audit log',
} as const;
export type MatrixResource = keyof typeof matrixResources;

export const matrixActions = [
  'list',
  'view',
  'create',
  'edit',
  'sign',
  'comment',
  'redact',
  'export',
  'delete',
] as const;
export type MatrixAction = (typeof matrixActions)[number];

/**
 * The scenario: the worker W (team T, in area A) is line-managed and supervised by S, who
 * manages T and is line-managed by L (who manages A). C covers W's supervision and manages T2.
 * H is a senior manager, Q the auditor with an open audit of W's supervision; the investigating
 * officer holds a grant for W, the inspector one for team T. Strangers: another worker, another
 * team's manager, another area's manager, an auditor without the audit, holders of grants for
 * someone else. W disagreed with the personal record and it was escalated to L; after a change of
 * supervisor, L is the manager of the original supervisor, who may redact.
 */
const person = (staffId: string, roles: Actor['roles'], managed: string[] = []): Actor => ({
  userId: staffId,
  roles,
  staffId,
  managedUnitIds: new Set(managed),
});
const holder = (scope: AccessGrant['scope']): Actor => ({
  userId: 'holder',
  roles: [],
  managedUnitIds: new Set(),
  grants: [{ id: 'grant', scope }],
});

export const scenarioActors: Record<MatrixRole, { related: Actor; stranger: Actor }> = {
  practitioner: {
    related: person('W', ['practitioner']),
    stranger: person('W2', ['practitioner']),
  },
  supervisor: {
    related: person('S', ['supervisor'], ['T']),
    stranger: person('S3', ['supervisor'], ['T3']),
  },
  cover_manager: {
    related: person('C', ['supervisor'], ['T2']),
    stranger: person('S3', ['supervisor'], ['T3']),
  },
  supervisors_line_manager: {
    related: person('L', ['supervisor'], ['A', 'T', 'T2']),
    stranger: person('L2', ['supervisor'], ['B', 'T3']),
  },
  senior_manager: {
    related: person('H', ['senior_manager']),
    stranger: person('H2', ['senior_manager']),
  },
  auditor: { related: person('Q', ['auditor']), stranger: person('Q2', ['auditor']) },
  administrator: {
    related: person('ADM', ['administrator']),
    stranger: person('ADM', ['administrator']),
  },
  investigating_officer: {
    related: { ...holder({ kind: 'person', staffId: 'W' }), roles: ['investigating_officer'] },
    stranger: { ...holder({ kind: 'person', staffId: 'W2' }), roles: ['investigating_officer'] },
  },
  inspector: {
    related: { ...holder({ kind: 'team', unitIds: ['T'] }), roles: ['inspector'] },
    stranger: { ...holder({ kind: 'team', unitIds: ['T3'] }), roles: ['inspector'] },
  },
};

const worker = { staffId: 'W', teamId: 'T', lineManagerId: 'S', supervisorIds: ['S', 'C'] };
const personal: Resource = {
  type: 'supervision_record',
  category: 'personal',
  authorId: 'S',
  people: [worker],
  children: [],
  escalatedTo: ['L'],
  auditedBy: ['Q'],
  redactors: ['L'],
};

/** What each cell asks of `can()`; null where there is no such thing to do. */
export type Operation = { action: Action; resource: Resource; note?: string };

const retentionRun: Operation = {
  action: 'edit',
  resource: { type: 'retention' },
  note: 'retention run',
};
const subjectAccess: Operation = {
  action: 'export',
  resource: { type: 'subject_access' },
  note: 'subject access',
};

function recordOperations(record: Resource): Record<MatrixAction, Operation | null> {
  return {
    list: { action: 'view', resource: record },
    view: { action: 'view', resource: record },
    // Starting one is writing its first draft.
    create: { action: 'edit', resource: record },
    edit: { action: 'edit', resource: record },
    sign: { action: 'sign', resource: record },
    // A comment is a signature with the signatory's disagreement, or its escalation.
    comment: { action: 'sign', resource: record },
    redact: { action: 'redact', resource: record },
    export: subjectAccess,
    delete: retentionRun,
  };
}

const audit: Resource = {
  type: 'quality_audit',
  auditorId: 'Q',
  feedbackToId: 'S',
  subjectStaffId: 'W',
  status: 'in_progress',
};
const agreement: Resource = {
  type: 'supervision_agreement',
  superviseeId: 'W',
  supervisorId: 'S',
  teamId: 'T',
  lineManagerId: 'S',
};
const details: Resource = { type: 'staff_member', id: 'W', teamId: 'T', lineManagerId: 'S' };
/** The compliance reports (`/reports`) for W's team. */
const report: Resource = { type: 'compliance', unitId: 'T' };
const none = { comment: null, redact: null, sign: null } as const;

export const operations: Record<MatrixResource, Record<MatrixAction, Operation | null>> = {
  personal_record: recordOperations(personal),
  case_record: recordOperations({
    ...personal,
    category: 'case',
    escalatedTo: [],
    redactors: [],
    children: [{ id: 'K', allocatedTeamIds: ['T'], allocatedWorkerIds: ['W'] }],
  }),
  observation: recordOperations({ ...personal, authorId: undefined, observerId: 'S' }),
  agreement: {
    ...none,
    list: { action: 'view', resource: agreement },
    view: { action: 'view', resource: agreement },
    create: { action: 'edit', resource: agreement },
    edit: { action: 'edit', resource: agreement },
    sign: { action: 'sign', resource: agreement },
    export: subjectAccess,
    delete: retentionRun,
  },
  worker_details: {
    ...none,
    list: { action: 'view', resource: details },
    view: { action: 'view', resource: details },
    create: { action: 'edit', resource: { ...details, id: '' } },
    edit: { action: 'edit', resource: details },
    export: {
      action: 'export',
      resource: { type: 'organisation_data' },
      note: 'organisation export',
    },
    delete: null,
  },
  audit: {
    ...none,
    list: { action: 'view', resource: audit },
    view: { action: 'view', resource: audit },
    // Audits are made by drawing a sample.
    create: { action: 'edit', resource: { type: 'sampling', auditorId: 'Q' } },
    edit: { action: 'edit', resource: audit },
    // Feedback on the audit is written into it by its auditor.
    comment: { action: 'edit', resource: audit },
    export: null,
    delete: null,
  },
  report: {
    ...none,
    list: { action: 'view', resource: report },
    view: { action: 'view', resource: report },
    create: null,
    edit: null,
    export: { action: 'export', resource: report },
    delete: null,
  },
  audit_log: {
    ...none,
    list: { action: 'view', resource: { type: 'audit_log' } },
    view: { action: 'view', resource: { type: 'audit_log' } },
    create: null,
    edit: null,
    export: { action: 'export', resource: { type: 'audit_log' } },
    delete: null,
  },
};

/** The words a cell gives for a relationship that allows only in that relationship. */
const conditions: Partial<Record<Relation, string>> = {
  self: 'own',
  subject: 'own',
  supervisee: 'own',
  author: 'own supervisee',
  supervisor: 'own supervisee',
  line_manager: 'own supervisee',
  team_manager: 'own team',
  escalated_to: 'when escalated to them',
  auditor_of_open_audit: 'while their audit is open',
  manager_of_original_supervisor: 'after a change of supervisor',
  reader_of_every_child: 'the children they may see',
  grant_holder: 'with a live grant',
  auditor: 'own audit',
  auditor_while_open: 'own audit, until feedback',
  feedback_recipient_once_completed: 'once completed',
  subject_once_fed_back: 'once fed back',
};

export type Cell = { allowed: 'yes' | 'no' | 'if'; text: string; operation: Operation | null };

export function matrixCell(role: MatrixRole, resource: MatrixResource, action: MatrixAction): Cell {
  const operation = operations[resource][action];
  if (!operation) return { allowed: 'no', text: 'no', operation };
  const { related, stranger } = scenarioActors[role];
  const { action: a, resource: r } = operation;
  const how = operation.note ? ` (${operation.note})` : '';
  if (can(stranger, a, r)) return { allowed: 'yes', text: `yes${how}`, operation };
  const why = allowedBy(related, a, r);
  if (why.length === 0) return { allowed: 'no', text: 'no', operation };
  // Seeing the children is said only when it is the whole reason.
  const telling = why.length > 1 ? why.filter((w) => w !== 'reader_of_every_child') : why;
  const words = [...new Set(telling.map((w) => conditions[w] ?? w))];
  return { allowed: 'if', text: words.join('; '), operation };
}

/** One markdown table per resource: roles as rows, actions as columns. */
export function matrixMarkdown(): string {
  return Object.entries(matrixResources)
    .map(([resource, title]) => {
      const head = `| Role | ${matrixActions.join(' | ')} |`;
      const rule = `|${' --- |'.repeat(matrixActions.length + 1)}`;
      const rows = Object.entries(matrixRoles).map(
        ([role, name]) =>
          `| ${name} | ${matrixActions
            .map((a) => matrixCell(role as MatrixRole, resource as MatrixResource, a).text)
            .join(' | ')} |`,
      );
      return [`### ${title}`, '', head, rule, ...rows].join('\n');
    })
    .join('\n\n');
}

/** The policy table itself: each kind of resource, each action, the relationships that allow it. */
export function policyMarkdown(): string {
  const rows = Object.entries(policy).flatMap(([type, cells]) =>
    Object.entries(cells as Record<string, readonly Relation[]>).map(
      ([action, allowed]) =>
        `| ${type} | ${action === 'otherwise' ? '(any other action)' : action} | ${allowed.join(', ')} |`,
    ),
  );
  const glossary = Object.entries(relations).map(([name, words]) => `| ${name} | ${words} |`);
  return [
    '| Resource | Action | Allowed for |',
    '| --- | --- | --- |',
    ...rows,
    '',
    '| Relationship | Who |',
    '| --- | --- |',
    ...glossary,
  ].join('\n');
}

/** Everything docs/access.md carries from the code. */
export function accessDocTables(): string {
  return [
    '## The matrix',
    '',
    matrixMarkdown(),
    '',
    '## The policy table',
    '',
    policyMarkdown(),
  ].join('\n');
}
