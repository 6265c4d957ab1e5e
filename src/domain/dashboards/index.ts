/** The figures behind the dashboards and reports, all derived from compliance obligations. */
export {
  type ActionAgeBand,
  type ActionAgeing,
  type AgeingBand,
  actionAgeBands,
  actionAgeing,
  ageInDays,
} from './action-ageing.ts';
export {
  annualMinimum,
  workingDaysPerYear,
  type YearToDateBasis,
  yearToDate,
} from './annual.ts';
export { type ChildCaseStatus, childCaseStatus } from './child-status.ts';
export { countStates, type StateCounts } from './counts.ts';
export { filterObligations, type ObligationFilter, obligationMatcher } from './filter.ts';
export { type PersonSupervisionStatus, personSupervisionStatus } from './person-status.ts';
export {
  earliestOpen,
  isCounted,
  isOpen,
  type OpenState,
  type StatusState,
} from './states.ts';
export { type Timeliness, timeliness } from './timeliness.ts';
export { type MonthPoint, monthlyTrend, shortMonthLabel } from './trend.ts';
