/**
 * Writes src/domain/calendar/bank-holidays.json in the format of
 * https://www.gov.uk/bank-holidays.json, from the rules of the Banking and Financial Dealings
 * Act 1971 as applied each year by royal proclamation, plus the one-off changes since 2015.
 * Run: npx tsx scripts/generate-bank-holidays.ts
 * Later years than these, or changes announced after they were written, come in through
 * `oversight calendar import FILE`, which takes precedence year by year.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  addDays,
  dayOfWeek,
  daysInMonth,
  isoDateFromParts,
  isWeekend,
} from '../src/domain/calendar/iso-date.ts';
import type { BankHolidayRegion, IsoDate } from '../src/domain/calendar/period.ts';

export const firstYear = 2015;
export const lastYear = 2030;

export type GovUkEvent = { title: string; date: IsoDate; notes: string; bunting: boolean };
export type GovUkFile = Record<
  BankHolidayRegion,
  { division: BankHolidayRegion; events: GovUkEvent[] }
>;

type Fixed = { title: string; date: IsoDate; bunting?: boolean };

const title = {
  newYear: 'New Year’s Day',
  secondJanuary: '2nd January',
  stPatrick: 'St Patrick’s Day',
  goodFriday: 'Good Friday',
  easterMonday: 'Easter Monday',
  earlyMay: 'Early May bank holiday',
  spring: 'Spring bank holiday',
  boyne: 'Battle of the Boyne (Orangemen’s Day)',
  summer: 'Summer bank holiday',
  stAndrew: 'St Andrew’s Day',
  christmas: 'Christmas Day',
  boxing: 'Boxing Day',
};

/** Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDateFromParts(year, month, day);
}

function firstMonday(year: number, month: number): IsoDate {
  const first = isoDateFromParts(year, month, 1);
  return addDays(first, (8 - dayOfWeek(first)) % 7);
}

function lastMonday(year: number, month: number): IsoDate {
  const last = isoDateFromParts(year, month, daysInMonth(year, month));
  return addDays(last, -((dayOfWeek(last) + 6) % 7));
}

/**
 * Fixed-date holidays that fall at a weekend move to the next weekday not already taken, in
 * order: Christmas on a Saturday gives Monday 27 and (Boxing Day) Tuesday 28; Christmas on a
 * Sunday keeps Boxing Day on Monday 26 and moves Christmas to Tuesday 27.
 */
function withSubstitutes(days: Fixed[]): GovUkEvent[] {
  const taken = new Set(days.filter((d) => !isWeekend(d.date)).map((d) => d.date));
  return days.map((day) => {
    const bunting = day.bunting ?? true;
    if (!isWeekend(day.date)) return { title: day.title, date: day.date, notes: '', bunting };
    let date = day.date;
    while (isWeekend(date) || taken.has(date)) date = addDays(date, 1);
    taken.add(date);
    return { title: day.title, date, notes: 'Substitute day', bunting };
  });
}

function event(eventTitle: string, date: IsoDate, bunting = true): GovUkEvent {
  return { title: eventTitle, date, notes: '', bunting };
}

function newYear(year: number, region: BankHolidayRegion): GovUkEvent[] {
  const days: Fixed[] = [{ title: title.newYear, date: isoDateFromParts(year, 1, 1) }];
  if (region === 'scotland') {
    days.push({ title: title.secondJanuary, date: isoDateFromParts(year, 1, 2) });
  }
  return withSubstitutes(days);
}

function easter(year: number, region: BankHolidayRegion): GovUkEvent[] {
  const sunday = easterSunday(year);
  const goodFriday = event(title.goodFriday, addDays(sunday, -2), false);
  return region === 'scotland'
    ? [goodFriday]
    : [goodFriday, event(title.easterMonday, addDays(sunday, 1))];
}

function may(year: number): GovUkEvent[] {
  if (year === 2020) {
    return [
      event('Early May bank holiday (VE day)', '2020-05-08'),
      event(title.spring, lastMonday(2020, 5)),
    ];
  }
  if (year === 2022) {
    return [
      event(title.earlyMay, firstMonday(2022, 5)),
      event(title.spring, '2022-06-02'),
      event('Platinum Jubilee bank holiday', '2022-06-03'),
    ];
  }
  const earlyMay = [event(title.earlyMay, firstMonday(year, 5))];
  if (year === 2023) {
    earlyMay.push(event('Bank holiday for the coronation of King Charles III', '2023-05-08'));
  }
  return [...earlyMay, event(title.spring, lastMonday(year, 5))];
}

function regional(year: number, region: BankHolidayRegion): GovUkEvent[] {
  switch (region) {
    case 'england-and-wales':
      return [event(title.summer, lastMonday(year, 8))];
    case 'scotland':
      return [
        event(title.summer, firstMonday(year, 8)),
        ...withSubstitutes([{ title: title.stAndrew, date: isoDateFromParts(year, 11, 30) }]),
      ];
    case 'northern-ireland':
      return [
        ...withSubstitutes([{ title: title.stPatrick, date: isoDateFromParts(year, 3, 17) }]),
        ...withSubstitutes([
          { title: title.boyne, date: isoDateFromParts(year, 7, 12), bunting: false },
        ]),
        event(title.summer, lastMonday(year, 8)),
      ];
  }
}

function oneOffs(year: number): GovUkEvent[] {
  return year === 2022
    ? [event('Bank Holiday for the State Funeral of Queen Elizabeth II', '2022-09-19', false)]
    : [];
}

function christmas(year: number): GovUkEvent[] {
  return withSubstitutes([
    { title: title.christmas, date: isoDateFromParts(year, 12, 25) },
    { title: title.boxing, date: isoDateFromParts(year, 12, 26) },
  ]);
}

export function bankHolidaysFor(region: BankHolidayRegion, year: number): GovUkEvent[] {
  return [
    ...newYear(year, region),
    ...easter(year, region),
    ...may(year),
    ...regional(year, region),
    ...oneOffs(year),
    ...christmas(year),
  ].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

export function generateBankHolidays(from = firstYear, to = lastYear): GovUkFile {
  const division = (region: BankHolidayRegion) => {
    const events: GovUkEvent[] = [];
    for (let year = from; year <= to; year += 1) events.push(...bankHolidaysFor(region, year));
    return { division: region, events };
  };
  return {
    'england-and-wales': division('england-and-wales'),
    scotland: division('scotland'),
    'northern-ireland': division('northern-ireland'),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const target = new URL('../src/domain/calendar/bank-holidays.json', import.meta.url);
  writeFileSync(target, `${JSON.stringify(generateBankHolidays(), null, 2)}\n`);
  console.log(`Wrote ${fileURLToPath(target)} (${firstYear}–${lastYear})`);
}
