/** An obligation as a table row shows it: who or what it is about, with links, in words. */
import type { EvidenceEntry } from '../../data-access/compliance-repository.ts';
import type { Obligation } from '../../domain/compliance/index.ts';
import type { ComplianceDirectory } from '../../services/compliance-service.ts';

export type ObligationRow = {
  obligation: Obligation;
  subject: { name: string; href: string | undefined };
  worker: string | undefined;
  responsible: string | undefined;
  evidence: { text: string; href: string }[];
};

export function obligationRow(
  o: Obligation,
  directory: ComplianceDirectory,
  evidence: Map<string, EvidenceEntry> = new Map(),
): ObligationRow {
  const name = (id: string | null | undefined) =>
    id ? (directory.staff.get(id)?.name ?? id) : undefined;
  let subject: ObligationRow['subject'];
  if (o.subject.kind === 'staff') {
    const s = directory.staff.get(o.subject.id);
    subject = { name: s?.name ?? o.subject.id, href: s ? `/planning/people/${s.id}` : undefined };
  } else if (o.subject.kind === 'child') {
    const c = directory.children.get(o.subject.id);
    subject = {
      name: c ? `${c.name ?? 'Unnamed child'} (${c.caseId})` : o.subject.id,
      href: c ? `/children/${c.id}` : undefined,
    };
  } else {
    const u = directory.units.get(o.subject.id);
    subject = { name: u?.name ?? o.subject.id, href: u ? `/dashboards/teams/${u.id}` : undefined };
  }
  return {
    obligation: o,
    subject,
    worker: name(o.workerId),
    responsible: name(o.responsibleId),
    evidence: o.evidenceIds.flatMap((id) => {
      const e = evidence.get(id);
      if (!e) return [];
      return [
        {
          text: `${e.type === 'record' ? 'Record' : 'Session'} of ${e.date}`,
          href: e.type === 'record' ? `/records/${e.id}` : `/planning/sessions/${e.id}`,
        },
      ];
    }),
  };
}
