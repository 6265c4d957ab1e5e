import type { Repositories } from '../../data-access/index.ts';
import type { Supervisee } from '../../data-access/staff-repository.ts';
import type { UserAccount } from '../../data-access/user-repository.ts';
import type { UserRole } from '../../domain/organisation/vocabulary.ts';

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
};

const pendingByRole: Record<UserRole, PendingPanel[]> = {
  practitioner: [
    { heading: 'Your next supervision', arrivesWith: 'supervision planning' },
    { heading: 'Records awaiting your signature', arrivesWith: 'supervision recording' },
    { heading: 'Your open actions', arrivesWith: 'supervision recording' },
    { heading: 'Your children due for case supervision', arrivesWith: 'the children register' },
  ],
  supervisor: [
    { heading: 'Supervision due and overdue in your team', arrivesWith: 'the team dashboard' },
    { heading: 'Children due for case supervision', arrivesWith: 'the team dashboard' },
  ],
  senior_manager: [
    { heading: 'Compliance by team and service', arrivesWith: 'the service dashboard' },
  ],
  auditor: [{ heading: 'Audits assigned to you', arrivesWith: 'quality assurance' }],
  administrator: [],
  investigating_officer: [
    { heading: 'Records you have been granted access to', arrivesWith: 'access grants' },
  ],
  inspector: [{ heading: 'Records you have been granted access to', arrivesWith: 'access grants' }],
};

export function homeService(repos: Repositories, today: () => string) {
  return {
    async pageFor(user: UserAccount): Promise<HomePage> {
      const organisation = await repos.organisations.findById(user.organisationId);
      const staffId = user.staffMemberId;
      const on = today();
      const [me, mySupervisors, mySupervisees, organisationCounts] = await Promise.all([
        staffId ? repos.staff.findById(user.organisationId, staffId) : undefined,
        staffId ? repos.staff.supervisors(user.organisationId, staffId, on) : [],
        staffId && user.roles.includes('supervisor')
          ? repos.staff.supervisees(user.organisationId, staffId, on)
          : [],
        user.roles.includes('administrator')
          ? repos.organisations.counts(user.organisationId)
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
      };
    },
  };
}
