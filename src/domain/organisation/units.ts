/** The shape of the organisation's units: a tree by `parentId`. */

/** The ids of a unit and of every unit inside it, however deep. */
export function unitAndDescendants(
  units: Iterable<{ id: string; parentId: string | null }>,
  id: string,
): Set<string> {
  const list = [...units];
  const out = new Set([id]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const unit of list) {
      if (unit.parentId && out.has(unit.parentId) && !out.has(unit.id)) {
        out.add(unit.id);
        grew = true;
      }
    }
  }
  return out;
}

/**
 * Units depth first under their parents, each level in the order given (sorted by name, say); a
 * unit whose parent is not in the list starts a tree of its own, and a unit given twice is listed once.
 */
export function inTreeOrder<U extends { id: string; parentId: string | null }>(
  units: readonly U[],
): U[] {
  const ids = new Set(units.map((u) => u.id));
  const below = new Map<string | null, U[]>();
  for (const u of units) {
    const parent = u.parentId !== null && ids.has(u.parentId) ? u.parentId : null;
    below.set(parent, [...(below.get(parent) ?? []), u]);
  }
  const out: U[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null) => {
    for (const u of below.get(parent) ?? [])
      if (!seen.has(u.id)) {
        seen.add(u.id);
        out.push(u);
        walk(u.id);
      }
  };
  walk(null);
  return out;
}
