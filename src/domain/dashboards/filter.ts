/** The one filter behind the evidence pages and the API. */
import type { IsoDate } from '../calendar/period.ts';
import type { Obligation, ObligationState } from '../compliance/types.ts';
import type { ObligationKind } from '../policy/vocabulary.ts';

/**
 * Every given criterion must hold; an empty list or set matches nothing (a figure of 0 leads to
 * no obligations, never to all). `workerIds` matches the allocated worker of case and event
 * supervision; `responsibleIds` the person responsible. `dueFrom`/`dueTo` are inclusive bounds on
 * the due date; obligations with no due date are kept only when neither bound is given.
 */
export interface ObligationFilter {
  kinds?: readonly ObligationKind[] | undefined;
  states?: readonly ObligationState[] | undefined;
  subjectIds?: ReadonlySet<string> | undefined;
  workerIds?: ReadonlySet<string> | undefined;
  responsibleIds?: ReadonlySet<string> | undefined;
  dueFrom?: IsoDate | undefined;
  dueTo?: IsoDate | undefined;
  ids?: ReadonlySet<string> | undefined;
}

/** A test for one obligation against a filter (the lists turned into sets once). */
export function obligationMatcher(filter: ObligationFilter): (o: Obligation) => boolean {
  const kinds = filter.kinds && new Set<string>(filter.kinds);
  const states = filter.states && new Set<string>(filter.states);
  const { subjectIds, workerIds, responsibleIds, dueFrom, dueTo, ids } = filter;
  const dueRange = dueFrom !== undefined || dueTo !== undefined;
  return (o) => {
    if (kinds && !kinds.has(o.kind)) return false;
    if (states && !states.has(o.state)) return false;
    if (ids && !ids.has(o.id)) return false;
    if (subjectIds && !subjectIds.has(o.subject.id)) return false;
    if (workerIds && (o.workerId === undefined || !workerIds.has(o.workerId))) return false;
    if (responsibleIds && (o.responsibleId === null || !responsibleIds.has(o.responsibleId)))
      return false;
    if (!dueRange) return true;
    if (o.dueDate === null) return false;
    return (
      (dueFrom === undefined || o.dueDate >= dueFrom) && (dueTo === undefined || o.dueDate <= dueTo)
    );
  };
}

/** The obligations that meet the filter, in the order given. */
export function filterObligations(
  obligations: readonly Obligation[],
  filter: ObligationFilter,
): Obligation[] {
  return obligations.filter(obligationMatcher(filter));
}
