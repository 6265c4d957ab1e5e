/**
 * Compliance for part of an organisation: a team's dashboard needs the obligations of its people
 * and their children, not the whole council's. A scope names the staff (and teams) whose
 * obligations are wanted; `sliceBundle` keeps only the data those obligations can depend on, and
 * evaluating the slice with the scope gives exactly the obligations a whole evaluation would
 * give for the scope (test: scope.test.ts), at a fraction of the cost.
 */
import type { Bundle } from '../bundle/schema.ts';
import type { Obligation } from './types.ts';

export interface ComplianceScope {
  /** Staff whose obligations are wanted, and whose allocated children's. */
  staffIds: ReadonlySet<string>;
  /** Teams whose own obligations (team group sessions) are wanted. */
  teamIds: ReadonlySet<string>;
}

/**
 * Whose an obligation is: a staff member's or a team's own, a child's through the allocated
 * worker it names, or else through the person responsible for it (a record's author, an
 * action's owner).
 */
export function concerns(o: Obligation, scope: ComplianceScope): boolean {
  switch (o.subject.kind) {
    case 'staff':
      return scope.staffIds.has(o.subject.id);
    case 'team':
      return scope.teamIds.has(o.subject.id);
    case 'child':
      if (o.workerId !== undefined) return scope.staffIds.has(o.workerId);
      return o.responsibleId !== null && scope.staffIds.has(o.responsibleId);
  }
}

/**
 * The part of a bundle a scope's obligations depend on. People, structure, relationships,
 * absences and waivers are kept whole (they are small, and rules look across them: a
 * supervisor's reports, a previous worker's team). Children are those ever allocated to the
 * scope's staff; sessions and records those about the scope's people or children, written by
 * them, or in the scope's teams; audits and actions those of the scope's people or children.
 * The SQL reader (data-access/bundle-reader.ts) selects the same rows.
 */
export function sliceBundle(bundle: Bundle, scope: ComplianceScope): Bundle {
  const staff = scope.staffIds;
  const children = bundle.children.filter((c) => c.allocations.some((a) => staff.has(a.workerId)));
  const childIds = new Set(children.map((c) => c.id));
  const ownSessions = new Set(
    bundle.sessions
      .filter(
        (s) =>
          staff.has(s.supervisorId) ||
          s.participantIds.some((p) => staff.has(p)) ||
          (s.teamId !== undefined && scope.teamIds.has(s.teamId)),
      )
      .map((s) => s.id),
  );
  const records = bundle.records.filter(
    (r) =>
      r.staffIds.some((s) => staff.has(s)) ||
      r.childIds.some((c) => childIds.has(c)) ||
      (r.authorId !== undefined && staff.has(r.authorId)) ||
      (r.sessionId !== undefined && ownSessions.has(r.sessionId)),
  );
  const recordSessions = new Set(records.flatMap((r) => (r.sessionId ? [r.sessionId] : [])));
  return {
    ...bundle,
    children,
    sessions: bundle.sessions.filter((s) => ownSessions.has(s.id) || recordSessions.has(s.id)),
    records,
    audits: bundle.audits.filter(
      (a) =>
        staff.has(a.auditorId) || (a.subjectStaffId !== undefined && staff.has(a.subjectStaffId)),
    ),
    actions: bundle.actions.filter(
      (a) =>
        staff.has(a.ownerId) ||
        (a.staffId !== undefined && staff.has(a.staffId)) ||
        (a.childId !== undefined && childIds.has(a.childId)),
    ),
  };
}
