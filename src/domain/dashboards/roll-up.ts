/** State counts per organisational unit, each unit including everything below it. */
import type { Obligation } from '../compliance/types.ts';
import type { ObligationKind } from '../policy/vocabulary.ts';
import { addCounts, addToCounts, emptyCounts, type StateCounts } from './counts.ts';

/** The pseudo-unit of obligations that belong to no unit. */
export const unassignedUnit = 'unassigned';

/** A unit's counts: by obligation kind (only kinds it has) and over all kinds. */
export interface UnitFigures {
  byKind: Partial<Record<ObligationKind, StateCounts>>;
  all: StateCounts;
}

export interface RollUpUnit {
  id: string;
  parentId?: string | undefined;
}

function emptyFigures(): UnitFigures {
  return { byKind: {}, all: emptyCounts() };
}

function addFigures(into: UnitFigures, from: UnitFigures): void {
  addCounts(into.all, from.all);
  for (const [kind, counts] of Object.entries(from.byKind) as [ObligationKind, StateCounts][]) {
    let byKind = into.byKind[kind];
    if (!byKind) {
      byKind = emptyCounts();
      into.byKind[kind] = byKind;
    }
    addCounts(byKind, counts);
  }
}

/** Counts each obligation in the unit it belongs to (one count per obligation). */
function ownFigures(
  obligations: readonly Obligation[],
  unitOf: (o: Obligation) => string | undefined,
): Map<string, UnitFigures> {
  const own = new Map<string, UnitFigures>();
  for (const o of obligations) {
    const id = unitOf(o) ?? unassignedUnit;
    let f = own.get(id);
    if (!f) {
      f = emptyFigures();
      own.set(id, f);
    }
    addToCounts(f.all, o.state);
    let byKind = f.byKind[o.kind];
    if (!byKind) {
      byKind = emptyCounts();
      f.byKind[o.kind] = byKind;
    }
    addToCounts(byKind, o.state);
  }
  return own;
}

/** A unit and the listed units above it, stopping at one not listed or already visited. */
function chainOf(id: string, parentOf: ReadonlyMap<string, string | undefined>): string[] {
  const chain = [id];
  const seen = new Set(chain);
  for (let p = parentOf.get(id); p !== undefined && parentOf.has(p) && !seen.has(p); ) {
    seen.add(p);
    chain.push(p);
    p = parentOf.get(p);
  }
  return chain;
}

/**
 * Counts each obligation in its own unit and once in every unit above it (following parentId,
 * stopping at a unit not listed or at a unit already visited, so a cycle cannot loop or count
 * twice). Every listed unit appears, with zeros if nothing falls under it. Obligations of no unit
 * are counted only under 'unassigned' (present only when there are some); obligations of a unit
 * not listed are counted under that unit's id alone. Linear in the obligations: each is counted
 * once in its own unit, then each unit's counts are added to its ancestors, walked once per unit.
 */
export function rollUp(
  obligations: readonly Obligation[],
  unitOf: (o: Obligation) => string | undefined,
  units: readonly RollUpUnit[],
): Map<string, UnitFigures> {
  const parentOf = new Map<string, string | undefined>();
  const figures = new Map<string, UnitFigures>();
  for (const u of units) {
    parentOf.set(u.id, u.parentId);
    figures.set(u.id, emptyFigures());
  }
  for (const [id, own] of ownFigures(obligations, unitOf)) {
    for (const unit of chainOf(id, parentOf)) {
      let f = figures.get(unit);
      if (!f) {
        f = emptyFigures();
        figures.set(unit, f);
      }
      addFigures(f, own);
    }
  }
  return figures;
}
