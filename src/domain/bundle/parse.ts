import { formatProblems, jsonPath, type Parsed } from '../policy/problems.ts';
import { type Bundle, bundleSchema } from './schema.ts';

/** Checks that every reference in a bundle points at something in it. */
function referenceProblems(bundle: Bundle): string[] {
  const problems: string[] = [];
  const staff = new Set(bundle.staff.map((s) => s.id));
  const units = new Set(bundle.orgUnits.map((u) => u.id));
  const children = new Set(bundle.children.map((c) => c.id));
  const check = (ok: boolean, path: PropertyKey[], what: string) => {
    if (!ok) problems.push(`${jsonPath(path)}: expected the id of ${what} in this bundle`);
  };
  bundle.orgUnits.forEach((u, i) => {
    if (u.parentId) check(units.has(u.parentId), ['orgUnits', i, 'parentId'], 'an org unit');
    if (u.managerId) check(staff.has(u.managerId), ['orgUnits', i, 'managerId'], 'a staff member');
  });
  bundle.staff.forEach((s, i) => {
    if (s.teamId) check(units.has(s.teamId), ['staff', i, 'teamId'], 'an org unit');
    if (s.lineManagerId) {
      check(staff.has(s.lineManagerId), ['staff', i, 'lineManagerId'], 'a staff member');
    }
  });
  bundle.relationships.forEach((r, i) => {
    check(staff.has(r.superviseeId), ['relationships', i, 'superviseeId'], 'a staff member');
    check(staff.has(r.supervisorId), ['relationships', i, 'supervisorId'], 'a staff member');
  });
  bundle.absences.forEach((a, i) => {
    check(staff.has(a.staffId), ['absences', i, 'staffId'], 'a staff member');
  });
  bundle.children.forEach((c, i) => {
    c.allocations.forEach((a, j) => {
      check(staff.has(a.workerId), ['children', i, 'allocations', j, 'workerId'], 'a staff member');
    });
  });
  bundle.sessions.forEach((s, i) => {
    check(staff.has(s.supervisorId), ['sessions', i, 'supervisorId'], 'a staff member');
    s.participantIds.forEach((p, j) => {
      check(staff.has(p), ['sessions', i, 'participantIds', j], 'a staff member');
    });
  });
  bundle.records.forEach((r, i) => {
    r.staffIds.forEach((p, j) => {
      check(staff.has(p), ['records', i, 'staffIds', j], 'a staff member');
    });
    r.childIds.forEach((c, j) => {
      check(children.has(c), ['records', i, 'childIds', j], 'a child');
    });
  });
  bundle.actions.forEach((a, i) => {
    check(staff.has(a.ownerId), ['actions', i, 'ownerId'], 'a staff member');
  });
  return problems;
}

/** Ids that appear twice in one list, and dates out of order, which no store could hold. */
function consistencyProblems(bundle: Bundle): string[] {
  const problems: string[] = [];
  const lists = [
    'orgUnits',
    'staff',
    'relationships',
    'absences',
    'children',
    'sessions',
    'records',
    'audits',
    'actions',
  ] as const;
  for (const list of lists) {
    const seen = new Map<string, number>();
    bundle[list].forEach((item, i) => {
      const first = seen.get(item.id);
      if (first !== undefined)
        problems.push(`${jsonPath([list, i, 'id'])}: the same id as ${jsonPath([list, first])}`);
      else seen.set(item.id, i);
    });
  }
  const order = (
    path: PropertyKey[],
    from: string | undefined,
    to: string | undefined,
    name = 'from',
  ) => {
    if (from && to && to < from)
      problems.push(`${jsonPath(path)}: ${to} is before ${name} (${from})`);
  };
  bundle.relationships.forEach((r, i) => {
    order(['relationships', i, 'to'], r.from, r.to);
  });
  bundle.absences.forEach((a, i) => {
    order(['absences', i, 'to'], a.from, a.to);
  });
  bundle.staff.forEach((s, i) => {
    order(['staff', i, 'leavingDate'], s.startDate, s.leavingDate, 'startDate');
  });
  bundle.children.forEach((c, i) => {
    order(['children', i, 'closedAt'], c.openedAt, c.closedAt, 'openedAt');
    const episodes = [
      ['statuses', c.statuses, (e: { status: string; from: string }) => `${e.status} ${e.from}`],
      ['flags', c.flags, (e: { flag: string; from: string }) => `${e.flag} ${e.from}`],
      [
        'allocations',
        c.allocations,
        (e: { workerId: string; role: string; from: string }) =>
          `${e.workerId} ${e.role} ${e.from}`,
      ],
    ] as const;
    for (const [field, list, key] of episodes) {
      const seen = new Set<string>();
      (list as { from: string; to?: string }[]).forEach((e, j) => {
        order(['children', i, field, j, 'to'], e.from, e.to);
        const k = (key as (e: unknown) => string)(e);
        if (seen.has(k))
          problems.push(`${jsonPath(['children', i, field, j])}: the same entry twice`);
        seen.add(k);
      });
    }
  });
  return problems;
}

/** Parses unknown input as a bundle; on any problem nothing is returned but the problems. */
export function parseBundle(input: unknown): Parsed<Bundle> {
  const result = bundleSchema.safeParse(input);
  if (!result.success) return { ok: false, problems: formatProblems(result.error) };
  const problems = [...consistencyProblems(result.data), ...referenceProblems(result.data)];
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: result.data };
}
