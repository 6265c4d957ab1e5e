/**
 * Wall-clock times in the organisation's time zone (Europe/London) and the instants they name.
 * Dates stay 'YYYY-MM-DD' strings everywhere else; only a job's run time and a session's start
 * in an email need an instant, and the time zone's rules (GMT in winter, BST in summer) come
 * from the platform's time-zone data, never from the process's TZ.
 */
import type { IsoDate } from '../../domain/calendar/period.ts';

export const organisationTimeZone = 'Europe/London';

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, found);
  }
  return found;
}

/** The date and time on a clock in `timeZone` at `instant`: { date: '2026-03-29', time: '02:30' }. */
export function wallClock(
  instant: Date,
  timeZone = organisationTimeZone,
): { date: IsoDate; time: string } {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}`,
  };
}

/** Milliseconds the zone is ahead of UTC at `instant` (3,600,000 in British Summer Time). */
function offsetAt(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(instant))
      .map((part) => [part.type, Number(part.value)]),
  );
  const asUtc = Date.UTC(
    parts.year!,
    parts.month! - 1,
    parts.day!,
    parts.hour!,
    parts.minute!,
    parts.second!,
  );
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** 'HH:MM' or 'HH:MM:SS' (as PostgreSQL returns a time) as hours and minutes. */
export function parseTime(time: string): { hours: number; minutes: number } {
  const match = /^(\d{2}):(\d{2})(?::\d{2})?$/.exec(time);
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  if (!match || hours > 23 || minutes > 59) throw new RangeError(`Not a time as HH:MM: '${time}'`);
  return { hours, minutes };
}

/**
 * The instant a clock in `timeZone` shows `time` on `date`. A time the clocks skip (01:30 on
 * the last Sunday in March) is read as the hour after; a time that happens twice (01:30 on
 * the last Sunday in October) as the second, in GMT.
 */
export function zonedInstant(date: IsoDate, time: string, timeZone = organisationTimeZone): Date {
  const [year, month, day] = date.split('-').map(Number);
  const { hours, minutes } = parseTime(time);
  const asUtc = Date.UTC(year!, month! - 1, day!, hours, minutes);
  const first = asUtc - offsetAt(asUtc, timeZone);
  const second = asUtc - offsetAt(first, timeZone);
  return new Date(second);
}

/** '10am', '2:30pm', 'midday', as GOV.UK writes times. */
export function govukTime(time: string): string {
  const { hours, minutes } = parseTime(time);
  if (hours === 12 && minutes === 0) return 'midday';
  if (hours === 0 && minutes === 0) return 'midnight';
  const suffix = hours < 12 ? 'am' : 'pm';
  const hour = hours % 12 === 0 ? 12 : hours % 12;
  return minutes === 0
    ? `${hour}${suffix}`
    : `${hour}:${String(minutes).padStart(2, '0')}${suffix}`;
}
