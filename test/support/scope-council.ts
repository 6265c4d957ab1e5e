import type { Bundle, BundleRecord } from '../../src/domain/bundle/schema.ts';
import { addDays } from '../../src/domain/compliance/dates.ts';
import { councilBundle } from '../../src/services/demo/council-bundle.ts';

/**
 * A small council with every kind of evidence the engine reads: one-to-ones with personal
 * records, case discussions of each child by its workers, group sessions per team,
 * observations, agreements, audits, actions and a change of supervisor.
 */
export function scopeCouncil(asOf: string): Bundle {
  const bundle = councilBundle({ children: 600, today: asOf, sessions: true, seed: 7 });
  const records: BundleRecord[] = [...bundle.records];
  const add = (r: Omit<BundleRecord, 'id'>) => records.push({ id: `x-${records.length}`, ...r });
  bundle.children.forEach((child, i) => {
    for (const allocation of child.allocations) {
      for (
        let day = allocation.from;
        day <= (allocation.to ?? asOf);
        day = addDays(day, 35 + (i % 20))
      ) {
        const manager = bundle.staff.find((s) => s.id === allocation.workerId)?.lineManagerId;
        add({
          kind: i % 7 === 0 ? 'case_supervision_unplanned' : 'case_supervision',
          date: day,
          ...(manager ? { authorId: manager } : {}),
          staffIds: [allocation.workerId],
          childIds: [child.id],
          writtenAt: addDays(day, i % 9),
          ...(i % 3 === 0 ? { sharedAt: addDays(day, 3), signedAt: addDays(day, 12) } : {}),
        });
      }
    }
  });
  const teams = bundle.orgUnits.filter((u) => u.kind === 'team');
  teams.forEach((team, t) => {
    const members = bundle.staff.filter((s) => s.teamId === team.id).map((s) => s.id);
    for (let m = 1; m <= 10; m += 1 + (t % 3)) {
      bundle.sessions.push({
        id: `grp-${team.id}-${m}`,
        kind: 'group',
        date: addDays(asOf, -30 * m),
        supervisorId: team.managerId ?? (members[0] as string),
        participantIds: members.slice(0, 4),
        teamId: team.id,
        status: 'held',
      });
    }
  });
  bundle.staff.forEach((s, i) => {
    if (i % 4 === 0)
      add({
        kind: 'direct_observation',
        date: addDays(asOf, -40 - i),
        staffIds: [s.id],
        childIds: [],
        ...(s.lineManagerId ? { observerId: s.lineManagerId } : {}),
      });
    if (i % 5 === 0)
      add({
        kind: 'supervision_agreement',
        date: addDays(asOf, -200 - i),
        staffIds: [s.id],
        childIds: [],
      });
    if (s.lineManagerId && i % 6 === 0) {
      bundle.actions.push({
        id: `act-${i}`,
        description: 'Read the chronology',
        ownerId: s.id,
        staffId: s.id,
        setOn: addDays(asOf, -90),
        dueDate: addDays(asOf, -60 + i),
        status: i % 12 === 0 ? 'completed' : 'open',
        ...(i % 12 === 0 ? { completedAt: addDays(asOf, -50) } : {}),
      });
      bundle.audits.push({
        id: `aud-${i}`,
        auditorId: s.lineManagerId,
        subjectStaffId: s.id,
        of: 'supervision_records',
        completedAt: addDays(asOf, -30 - i),
      });
    }
  });
  const child = bundle.children[3];
  if (child)
    bundle.actions.push({
      id: 'act-child',
      description: 'Visit',
      ownerId: child.allocations[0]!.workerId,
      childId: child.id,
      setOn: addDays(asOf, -20),
      dueDate: addDays(asOf, -5),
      status: 'open',
    });
  // A change of supervisor: a worker moves to another team's manager.
  const mover = bundle.relationships.find((r) => r.superviseeId === 'st-9');
  if (mover) {
    mover.to = addDays(asOf, -100);
    bundle.relationships.push({
      id: 'rel-moved',
      superviseeId: 'st-9',
      supervisorId: 'st-tm-0',
      kind: 'line_management',
      from: addDays(asOf, -99),
    });
  }
  bundle.records = records;
  return bundle;
}
