import type { StoredGrant } from '../../data-access/access-grant-repository.ts';
import type { Repositories } from '../../data-access/index.ts';
import type { RecordSummary } from '../../data-access/record-repository.ts';
import type { Supervisee } from '../../data-access/staff-repository.ts';
import type {
  OpenAction,
  SupervisionSession,
} from '../../data-access/supervision-session-repository.ts';
import type { UserAccount } from '../../data-access/user-repository.ts';
import { addMonths } from '../../domain/compliance/dates.ts';
import type { Obligation } from '../../domain/compliance/index.ts';
import { earliestOpen, isOpen } from '../../domain/dashboards/index.ts';
import type { UserRole } from '../../domain/organisation/vocabulary.ts';
import type { ObligationKind } from '../../domain/policy/vocabulary.ts';
import { mayHoldGrants } from '../../services/access-service.ts';
import type { ComplianceService } from '../../services/compliance-service.ts';

/** A panel that a later part of Oversight fills, shown honestly as not built yet. */
export type PendingPanel = { heading: string; arrivesWith: string };

export type HomePage = {
  organisationName: string;
  policyPackId: string;
  me: { name: string; jobTitle: string; team: string | null } | undefined;
  mySupervisors: Supervisee[];
  mySupervisees: Supervisee[];
  organisationCounts:
    | { units: number; staff: number; relationships: number; users: number }
    | undefined;
  pending: PendingPanel[];
  /** A practitioner's own: what is next, what waits for them, what is due. */
  mine: MyWork | undefined;
  /** An investigating officer's or inspector's live access grants; undefined for other roles. */
  grants: StoredGrant[] | undefined;
  /** Whether this person has a dashboard (supervisors and senior managers). */
  dashboard: boolean;
  today: string;
};

export type MyWork = {
  nextSession: SupervisionSession | undefined;
  awaitingSignature: RecordSummary[];
  actions: OpenAction[];
  /** Children allocated to me whose case supervision is due, due soon or overdue. */
  childrenDue: {
    obligation: Obligation;
    child: { id: string; name: string | null; caseId: string } | undefined;
  }[];
  /** My own supervision, observation, appraisal and agreement: the current obligation of each. */
  status: { kind: ObligationKind; obligation: Obligation }[];
};

const ownKinds: ObligationKind[] = [
  'staff_supervision',
  'observation',
  'pdr',
  'agreement',
  'agreement_review',
];

/** The open obligation of each kind, or the latest one when none is open. */
function currentOfEach(obligations: readonly Obligation[], staffExternalId: string) {
  return ownKinds.flatMap((kind) => {
    const of = obligations.filter((o) => o.kind === kind && o.subject.id === staffExternalId);
    const obligation = earliestOpen(of) ?? of.at(-1);
    return obligation ? [{ kind, obligation }] : [];
  });
}

const pendingByRole: Record<UserRole, PendingPanel[]> = {
  practitioner: [],
  supervisor: [],
  senior_manager: [],
  auditor: [{ heading: 'Audits assigned to you', arrivesWith: 'quality assurance' }],
  administrator: [],
  investigating_officer: [],
  inspector: [],
};

export function homeService(
  repos: Repositories,
  today: () => string,
  compliance: ComplianceService,
) {
  /** The practitioner's own work, from the compliance engine on their slice of the organisation. */
  async function myWork(organisationId: string, staffId: string, on: string): Promise<MyWork> {
    const [sessions, awaitingSignature, actions, view] = await Promise.all([
      repos.supervisionSessions.list(organisationId, {
        staffIds: [staffId],
        from: on,
        to: addMonths(on, 12),
        statuses: ['planned'],
        limit: 1,
      }),
      repos.records.list(organisationId, { awaitingSignatureOf: staffId, limit: 20 }),
      repos.supervisionSessions.openActions(organisationId, staffId),
      // Only the kinds the panels show: the home page is the busiest page.
      compliance.view(
        organisationId,
        on,
        { kind: 'staff', staffIds: [staffId] },
        { kinds: ['case_supervision', ...ownKinds] },
      ),
    ]);
    const me = view.directory.staffById.get(staffId);
    const due = view.obligations.filter(
      (o) => o.kind === 'case_supervision' && o.workerId === me?.externalId && isOpen(o.state),
    );
    return {
      nextSession: sessions[0],
      awaitingSignature,
      actions,
      childrenDue: due.map((obligation) => ({
        obligation,
        child: view.directory.children.get(obligation.subject.id),
      })),
      status: me ? currentOfEach(view.obligations, me.externalId) : [],
    };
  }

  return {
    async pageFor(user: UserAccount): Promise<HomePage> {
      const organisation = await repos.organisations.findById(user.organisationId);
      const staffId = user.staffMemberId;
      const on = today();
      const [me, mySupervisors, mySupervisees, organisationCounts, mine, grants] =
        await Promise.all([
          staffId ? repos.staff.findById(user.organisationId, staffId) : undefined,
          staffId ? repos.staff.supervisors(user.organisationId, staffId, on) : [],
          staffId && user.roles.includes('supervisor')
            ? repos.staff.supervisees(user.organisationId, staffId, on)
            : [],
          user.roles.includes('administrator')
            ? repos.organisations.counts(user.organisationId)
            : undefined,
          staffId ? myWork(user.organisationId, staffId, on) : undefined,
          mayHoldGrants(user.roles)
            ? repos.accessGrants.liveFor(user.organisationId, user.id)
            : undefined,
        ]);
      const seen = new Set<string>();
      const pending = user.roles
        .flatMap((role) => pendingByRole[role])
        .filter((panel) => !seen.has(panel.heading) && seen.add(panel.heading));
      return {
        organisationName: organisation?.name ?? '',
        policyPackId: organisation?.policyPackId ?? '',
        me: me ? { name: me.name, jobTitle: me.jobTitle, team: me.teamName } : undefined,
        mySupervisors,
        mySupervisees,
        organisationCounts,
        pending,
        mine,
        grants,
        dashboard: user.roles.some((r) => r === 'supervisor' || r === 'senior_manager'),
        today: on,
      };
    },
  };
}
