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
  });
  bundle.staff.forEach((s, i) => {
    if (s.teamId) check(units.has(s.teamId), ['staff', i, 'teamId'], 'an org unit');
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

/** Parses unknown input as a bundle; on any problem nothing is returned but the problems. */
export function parseBundle(input: unknown): Parsed<Bundle> {
  const result = bundleSchema.safeParse(input);
  if (!result.success) return { ok: false, problems: formatProblems(result.error) };
  const problems = referenceProblems(result.data);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: result.data };
}
