/**
 * Dates and periods as the policy packs speak of them. A date is a calendar date with no time
 * of day ('YYYY-MM-DD', in the organisation's local time zone): deadlines in the seeds are
 * days, never instants, so no Date arithmetic leaks daylight-saving shifts into due dates.
 */
export type IsoDate = string;

/**
 * A length of time. Each period word in the seeds maps to exactly one of these, documented in
 * docs/policy-packs.md ('8-weekly' is weeks 8, '2 monthly' is months 2, 'within 5 working days'
 * is working_days 5, 'within one week' is days 7).
 */
export type Period =
  | { unit: 'days'; count: number }
  | { unit: 'working_days'; count: number }
  | { unit: 'weeks'; count: number }
  | { unit: 'months'; count: number };

/** Which twelve months a yearly count runs over. */
export type YearBasis = 'financial' | 'calendar' | 'rolling';

export type BankHolidayRegion = 'england-and-wales' | 'scotland' | 'northern-ireland';
