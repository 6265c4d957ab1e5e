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
