/**
 * Subject access (docs/retention-and-subject-access.md): everything held about one child or one
 * staff member, as a JSON document and a readable page, with third parties' names marked for the
 * data protection officer to review before release. Each export is on the audit trail.
 */
import type { Repositories } from '../../data-access/index.ts';
import type {
  ChildExportData,
  StaffExportData,
  SubjectPerson,
} from '../../data-access/subject-access-repository.ts';
import { type Actor, can } from '../../domain/access/can.ts';
import { notAllowed } from '../../web/http-errors.ts';
import { markThirdParties, type ThirdParty } from './third-parties.ts';

export type SubjectKind = 'child' | 'staff';

export type SubjectAccessCaller = {
  organisationId: string;
  userId: string | null;
  actor?: Actor | undefined;
  requestId?: string | undefined;
};

export type SubjectAccessExport = {
  subject: { kind: SubjectKind; id: string; name: string };
  exportedAt: string;
  /** How many of each kind of thing the export holds. */
  counts: Record<string, number>;
  /** Names of other people found in the export, each wrapped as [[review: name]] in it. */
  thirdParties: ThirdParty[];
  notice: string;
  data: ChildExportData | StaffExportData;
};

const notice =
  'Names of other people are wrapped as [[review: name]] and listed under thirdParties with where each appears. Review each before release: redact, or remove the marker where the person may be named.';

function countsOf(data: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries(data).map(([key, value]) => [key, Array.isArray(value) ? value.length : 1]),
  );
}

export function subjectAccessService(repos: Repositories, { clock }: { clock: () => Date }) {
  const repo = repos.subjectAccess;
  return {
    /** The export, or undefined when no one (or more than one) matches `key`. */
    async export(
      caller: SubjectAccessCaller,
      kind: SubjectKind,
      key: string,
    ): Promise<SubjectAccessExport | undefined> {
      if (caller.actor && !can(caller.actor, 'export', { type: 'subject_access' }))
        throw notAllowed();
      const subject = await repo.findSubject(caller.organisationId, kind, key.trim());
      if (!subject) return undefined;
      const data = await repo.export(caller.organisationId, subject as SubjectPerson, (d) => ({
        organisationId: caller.organisationId,
        actorUserId: caller.userId,
        action: 'subject_access.export',
        resourceType: kind === 'child' ? 'child' : 'staff_member',
        resourceId: subject.id,
        detail: { counts: countsOf(d) },
        requestId: caller.requestId ?? null,
      }));
      const others = (await repo.people(caller.organisationId)).filter((p) => p.id !== subject.id);
      const marked = markThirdParties(data, others, [subject.name]);
      return {
        subject: { kind, id: subject.id, name: subject.name },
        exportedAt: clock().toISOString(),
        counts: countsOf(data),
        thirdParties: marked.thirdParties,
        notice,
        data: marked.document,
      };
    },
  };
}

export type SubjectAccessService = ReturnType<typeof subjectAccessService>;
