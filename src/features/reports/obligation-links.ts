/** Where a figure leads: the evidence page listing the obligations behind it. */
import type { IsoDate } from '../../domain/calendar/period.ts';
import type { ObligationState } from '../../domain/compliance/index.ts';
import type { ObligationKind } from '../../domain/policy/vocabulary.ts';

/** Whose obligations: a unit, a person or a child (internal ids); none for the organisation. */
export type Whose = { unit?: string; person?: string; child?: string };

/** The filter the evidence page reads (the API's parameters: lists separated by commas). */
export type EvidenceFilter = {
  kinds: readonly ObligationKind[];
  states?: readonly ObligationState[];
  dueFrom?: IsoDate;
  dueTo?: IsoDate;
};

export const openStates: readonly ObligationState[] = ['due', 'due_soon', 'overdue'];
/** The states a share on time counts (waived and not applicable are left out of it). */
export const countedStates: readonly ObligationState[] = ['met', 'met_late', ...openStates];

/** `/compliance/obligations?unit=…&kind=…&state=…&dueFrom=…&dueTo=…&asOf=…`. */
export function obligationsHref(whose: Whose, filter: EvidenceFilter, asOf: IsoDate): string {
  const parts: string[] = [];
  const add = (name: string, value: string | undefined) => {
    if (value) parts.push(`${name}=${value.split(',').map(encodeURIComponent).join(',')}`);
  };
  add('unit', whose.unit);
  add('person', whose.person);
  add('child', whose.child);
  add('kind', filter.kinds.join(','));
  add('state', filter.states?.join(','));
  add('dueFrom', filter.dueFrom);
  add('dueTo', filter.dueTo);
  add('asOf', asOf);
  return `/compliance/obligations?${parts.join('&')}`;
}
