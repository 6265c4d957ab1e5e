/**
 * Times of day for sessions: 'HH:MM' on the 24-hour clock in the organisation's local time
 * (Europe/London), kept apart from dates so a daylight-saving change never moves a session.
 */

/** Minutes in a day: a session with no time set is taken to fill the whole day. */
export const minutesInDay = 24 * 60;

/** A session with a time but no recorded length is taken to last this long. */
export const assumedMinutes = 60;

/**
 * Reads a time as people type it: '9:30', '09:30', '9.30', '14:00', '9am', '2:15pm', '12pm'.
 * Returns 'HH:MM', or undefined when it is not a time of day.
 */
export function parseTime(text: string): string | undefined {
  const match = /^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$/i.exec(text.trim());
  if (!match) return undefined;
  let hours = Number(match[1]);
  const minutes = match[2] === undefined ? 0 : Number(match[2]);
  const half = match[3]?.toLowerCase();
  if (match[2] === undefined && !half) return undefined;
  if (minutes > 59) return undefined;
  if (half) {
    if (hours < 1 || hours > 12) return undefined;
    if (half === 'am' && hours === 12) hours = 0;
    if (half === 'pm' && hours !== 12) hours += 12;
  }
  if (hours > 23) return undefined;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

/** '09:30' → 570. */
export function minuteOfDay(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** 570 → '09:30'; past midnight it keeps counting ('24:30'), which only an end time can be. */
export function timeOfDay(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** The minutes of the day a session takes: [start, end). No time set: the whole day. */
export function sessionWindow(startsAt: string | null, minutes: number | null): [number, number] {
  if (startsAt === null) return [0, minutesInDay];
  const start = minuteOfDay(startsAt);
  return [start, start + (minutes ?? assumedMinutes)];
}
