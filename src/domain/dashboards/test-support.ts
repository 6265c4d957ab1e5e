/** A tiny obligation factory for the dashboard tests (not a test file itself). */
import type { Obligation } from '../compliance/types.ts';

let next = 0;

/**
 * An obligation with sensible defaults: a staff supervision of 'sw' due on 15 March 2026,
 * responsible 'tm', open ('due'). Give only what a test is about.
 */
export function ob(extra: Partial<Obligation> = {}): Obligation {
  next++;
  const dueDate = extra.dueDate === undefined ? '2026-03-15' : extra.dueDate;
  return {
    id: `o${next}`,
    kind: 'staff_supervision',
    subject: { kind: 'staff', id: 'sw' },
    responsibleId: 'tm',
    dueDate,
    window: { from: '2026-03-01', to: dueDate },
    state: 'due',
    rule: { id: 'rule', source: { seed: 'seed.txt', section: '1' } },
    evidenceIds: [],
    ...extra,
  };
}

/** Met on a date, on time or late as the engine decides (on or before the due date is on time). */
export function metOn(dueDate: string, on: string, extra: Partial<Obligation> = {}): Obligation {
  return ob({ dueDate, metOn: on, state: on <= dueDate ? 'met' : 'met_late', ...extra });
}
