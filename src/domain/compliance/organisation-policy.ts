/**
 * The policy an organisation runs: its built-in pack with its own overrides merged, and the
 * working calendar of its bank-holiday region. One place, so the CLI, the pages and the API
 * all evaluate an organisation the same way.
 */
import type { Bundle } from '../bundle/schema.ts';
import { workingCalendarForRegion } from '../calendar/index.ts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import {
  applyOverrides,
  getPack,
  listPacks,
  type Parsed,
  type PolicyPack,
} from '../policy/index.ts';

export type OrganisationPolicy = { pack: PolicyPack; calendar: WorkingCalendar };

/**
 * Resolves the organisation's pack, or another built-in pack by id; another pack is taken as
 * published, since the organisation's overrides were written for its own.
 */
export function organisationPolicy(
  organisation: Bundle['organisation'],
  packId: string = organisation.policy,
): Parsed<OrganisationPolicy> {
  const pack = getPack(packId);
  if (!pack) {
    const known = listPacks()
      .map((p) => p.id)
      .join(', ');
    return {
      ok: false,
      problems: [`$.organisation.policy: expected one of ${known} (got "${packId}")`],
    };
  }
  const overrides = packId === organisation.policy ? organisation.overrides : undefined;
  const merged = applyOverrides(pack, overrides);
  if (!merged.ok) {
    return {
      ok: false,
      problems: merged.problems.map((p) => p.replace(/^\$/, '$.organisation.overrides')),
    };
  }
  return {
    ok: true,
    value: {
      pack: merged.value,
      calendar: workingCalendarForRegion(organisation.bankHolidayRegion),
    },
  };
}
