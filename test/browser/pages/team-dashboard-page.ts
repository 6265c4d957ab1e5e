import type { Locator } from 'playwright-core';
import { OversightPage } from './oversight-page.ts';

/** A table row as its column headings and what each cell says, whitespace folded. */
export type Row = Record<string, string>;

const folded = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

/** Reads a table's body rows against its column headings. */
export async function rowsOf(table: Locator): Promise<Row[]> {
  const headings = (await table.locator('thead th').allInnerTexts()).map(folded);
  const rows: Row[] = [];
  for (const row of await table.locator('tbody tr').all()) {
    const cells = (await row.locator('td, th').allInnerTexts()).map(folded);
    rows.push(Object.fromEntries(headings.map((heading, n) => [heading, cells[n] ?? ''])));
  }
  return rows;
}

/** A team's dashboard: each person's supervision and each allocated child's case supervision. */
export class TeamDashboardPage extends OversightPage {
  get peopleTable(): Locator {
    return this.main.locator('table[aria-describedby="people"]');
  }

  get childrenTable(): Locator {
    return this.main.locator('table[aria-describedby="children"]');
  }

  /** A person's row: Name, Last held, Next planned, State, Due by, Held this year. */
  async person(name: string): Promise<Row> {
    const row = (await rowsOf(this.peopleTable)).find((r) => r.Name?.startsWith(name));
    if (!row) throw new Error(`${name} is not on the team dashboard`);
    return row;
  }

  /** The rows of the children allocated to a worker. */
  async childrenOf(worker: string): Promise<Row[]> {
    return (await rowsOf(this.childrenTable)).filter((r) => r.Worker === worker);
  }
}
