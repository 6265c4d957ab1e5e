import type pg from 'pg';
import type { BankHoliday } from '../domain/calendar/bank-holiday-file.ts';
import type { BankHolidayRegion } from '../domain/calendar/period.ts';
import { inTransaction } from './transaction.ts';

export type SaveHolidaysResult = { saved: number; removed: number };

/** Imported holidays of one region, in date order (merge them with mergeBankHolidays). */
export async function loadImportedHolidays(
  pool: pg.Pool,
  region: BankHolidayRegion,
): Promise<BankHoliday[]> {
  // to_char keeps the date a plain 'YYYY-MM-DD', whatever type parser is installed.
  const { rows } = await pool.query<{ date: string; title: string }>(
    `SELECT to_char(holiday_date, 'YYYY-MM-DD') AS date, title FROM bank_holiday
     WHERE region = $1 ORDER BY holiday_date`,
    [region],
  );
  return rows.map((row) => ({ region, date: row.date, title: row.title }));
}

/**
 * Upserts the holidays and deletes the other stored ones of each (region, year) they cover, so
 * a holiday GOV.UK has moved does not linger. Call inside a transaction (importHolidays does).
 */
export async function saveHolidays(
  client: pg.ClientBase,
  holidays: readonly BankHoliday[],
  source = 'gov.uk',
): Promise<SaveHolidaysResult> {
  const regions = holidays.map((h) => h.region);
  const dates = holidays.map((h) => h.date);
  const removed = await client.query(
    `DELETE FROM bank_holiday b
     USING (SELECT DISTINCT region, extract(year FROM holiday_date)::int AS year
            FROM unnest($1::text[], $2::date[]) AS i(region, holiday_date)) covered
     WHERE b.region = covered.region
       AND extract(year FROM b.holiday_date)::int = covered.year
       AND (b.region, b.holiday_date) NOT IN
           (SELECT * FROM unnest($1::text[], $2::date[]))`,
    [regions, dates],
  );
  const saved = await client.query(
    `INSERT INTO bank_holiday (region, holiday_date, title, source)
     SELECT region, holiday_date, title, $4
     FROM unnest($1::text[], $2::date[], $3::text[]) AS i(region, holiday_date, title)
     ON CONFLICT (region, holiday_date)
     DO UPDATE SET title = excluded.title, source = excluded.source`,
    [regions, dates, holidays.map((h) => h.title), source],
  );
  return { saved: saved.rowCount ?? 0, removed: removed.rowCount ?? 0 };
}

/** saveHolidays in one transaction: all of a file is stored, or none of it. */
export async function importHolidays(
  pool: pg.Pool,
  holidays: readonly BankHoliday[],
  source: string,
): Promise<SaveHolidaysResult> {
  return inTransaction(pool, (client) => saveHolidays(client, holidays, source));
}
