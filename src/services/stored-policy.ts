import type { Repositories } from '../data-access/index.ts';
import { workingCalendarForRegion } from '../domain/calendar/index.ts';
import type { BankHolidayRegion, IsoDate } from '../domain/calendar/period.ts';
import type { OrganisationPolicy } from '../domain/compliance/organisation-policy.ts';
import { type PolicyVersion, policyVersions } from './policy-versions.ts';

/**
 * The policy a stored organisation runs: the version in force on `asOf` (services/
 * policy-versions.ts), or the latest without a date, with its working calendar. The one reader
 * of a stored organisation's pack for records, agreements, audits, compliance and the CLI.
 */
export async function storedPolicy(
  repos: Repositories,
  organisationId: string,
  asOf?: IsoDate,
): Promise<OrganisationPolicy & { version: PolicyVersion }> {
  const { version, bankHolidayRegion } = await policyVersions(repos).inForce(organisationId, asOf);
  return {
    pack: version.pack,
    calendar: workingCalendarForRegion(bankHolidayRegion as BankHolidayRegion),
    version,
  };
}
