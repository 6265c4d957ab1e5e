/** Counts of obligations by state. */
import type { Obligation, ObligationState } from '../compliance/types.ts';
import { isOpen } from './states.ts';

/** How many obligations are in each state; `open` = due + due soon + overdue; `total` = all. */
export type StateCounts = Record<ObligationState, number> & { open: number; total: number };

function emptyCounts(): StateCounts {
  return {
    met: 0,
    met_late: 0,
    due: 0,
    due_soon: 0,
    overdue: 0,
    not_applicable: 0,
    waived: 0,
    open: 0,
    total: 0,
  };
}

/** Adds one obligation in this state to the counts. */
function addToCounts(counts: StateCounts, state: ObligationState): void {
  counts[state]++;
  counts.total++;
  if (isOpen(state)) counts.open++;
}

/** The number of obligations in each state, how many are open, and how many in all. */
export function countStates(obligations: readonly Obligation[]): StateCounts {
  const counts = emptyCounts();
  for (const o of obligations) addToCounts(counts, o.state);
  return counts;
}
