/**
 * Reads one CSV file of a kind (tables.ts) against the organisation as stored, and returns the
 * organisation as it would be after the import, or every problem with its line and column.
 * Rows never half-apply: the caller writes the result only when there are no problems.
 */
import type { Bundle, BundleChild } from '../bundle/schema.ts';
import type { IsoDate } from '../calendar/period.ts';
import type { CsvRecord } from './csv.ts';
import type { ChildRow, Episode, ImportKind, Reference, RowReader, TableSpec } from './tables.ts';
import { tables } from './tables.ts';
import { readDate, readNumber, readYesNo, wordKey } from './values.ts';

export type ImportProblem = { line?: number; column?: string; message: string };

export type TableResult = {
  rows: number;
  problems: ImportProblem[];
  bundle?: Bundle;
  /**
   * With problems: the organisation with the rows that could be read applied, so the next file
   * of a set is read against it and reports its own problems, not ones this file caused.
   */
  readable?: Bundle;
};

/** Stop listing after this many; the count still covers them all. */
export const problemListLimit = 1000;

/** Canonical column names by every heading they go by. */
function headingLookup(spec: TableSpec<unknown>): Map<string, string> {
  const out = new Map<string, string>();
  for (const column of spec.columns) {
    for (const heading of [column.name, ...(column.aliases ?? [])])
      out.set(wordKey(heading), column.name);
  }
  return out;
}

function readHeader(spec: TableSpec<unknown>, record: CsvRecord, problems: ImportProblem[]) {
  const lookup = headingLookup(spec);
  const columns: (string | undefined)[] = [];
  const seen = new Set<string>();
  record.fields.forEach((heading, i) => {
    const name = lookup.get(wordKey(heading));
    if (!name) {
      problems.push({
        line: record.line,
        column: heading || `column ${i + 1}`,
        message: `unknown column; the ${spec.kind} file has: ${spec.columns.map((c) => c.name).join(', ')}`,
      });
    } else if (seen.has(name)) {
      problems.push({ line: record.line, column: heading, message: `a second ${name} column` });
    }
    if (name) seen.add(name);
    columns.push(name);
  });
  for (const column of spec.columns) {
    if (column.required && !seen.has(column.name)) {
      problems.push({
        line: record.line,
        column: column.name,
        message: 'required column is missing',
      });
    }
  }
  if (spec.oneOf && !spec.oneOf.some((set) => set.every((c) => seen.has(c)))) {
    problems.push({
      line: record.line,
      column: spec.oneOf[0]?.join(', '),
      message: `give ${spec.oneOf.map((set) => set.join(' and ')).join(', or ')}`,
    });
  }
  return columns;
}

function rowReader(
  spec: TableSpec<unknown>,
  columns: (string | undefined)[],
  record: CsvRecord,
  report: (p: ImportProblem) => void,
): RowReader {
  const values = new Map<string, string>();
  columns.forEach((name, i) => {
    const value = record.fields[i]?.trim() ?? '';
    if (name && value !== '') values.set(name, value);
  });
  const problem = (column: string, message: string) =>
    report({ line: record.line, column, message });
  for (const column of spec.columns) {
    if (column.required && !values.has(column.name)) problem(column.name, 'is required');
  }
  if (spec.oneOf && !spec.oneOf.some((set) => set.every((c) => values.has(c)))) {
    problem(
      spec.oneOf[0]?.[0] ?? '',
      `give ${spec.oneOf.map((set) => set.join(' and ')).join(', or ')}`,
    );
  }
  const typed =
    <T>(read: (text: string) => { ok: true; value: T } | { ok: false; problem: string }) =>
    (column: string): T | undefined => {
      const text = values.get(column);
      if (text === undefined) return undefined;
      const cell = read(text);
      if (cell.ok) return cell.value;
      problem(column, cell.problem);
      return undefined;
    };
  return {
    line: record.line,
    text: (column) => values.get(column),
    date: typed(readDate),
    yesNo: typed(readYesNo),
    number: typed(readNumber),
    choice: (column, read) => typed(read)(column),
    problem,
  };
}

/** The stored organisation as maps by id, copied on write so `current` is never changed. */
class Working {
  orgUnits: Map<string, Bundle['orgUnits'][number]>;
  staff: Map<string, Bundle['staff'][number]>;
  relationships: Map<string, Bundle['relationships'][number]>;
  absences: Map<string, Bundle['absences'][number]>;
  children: Map<string, BundleChild>;

  constructor(readonly current: Bundle) {
    const byId = <T extends { id: string }>(items: T[]) => new Map(items.map((i) => [i.id, i]));
    this.orgUnits = byId(current.orgUnits);
    this.staff = byId(current.staff);
    this.relationships = byId(current.relationships);
    this.absences = byId(current.absences);
    this.children = byId(current.children);
  }

  has(reference: Reference): boolean {
    return this[reference.to].has(reference.id);
  }

  apply(kind: ImportKind, entity: unknown) {
    switch (kind) {
      case 'org-units':
      case 'staff':
      case 'relationships':
      case 'absences': {
        const item = entity as { id: string };
        const map = this[kindMaps[kind]] as Map<string, unknown>;
        map.set(item.id, item);
        return;
      }
      case 'children': {
        const row = entity as ChildRow;
        const stored = this.children.get(row.id);
        this.children.set(row.id, {
          ...row,
          statuses: stored?.statuses ?? [],
          flags: stored?.flags ?? [],
          allocations: stored?.allocations ?? [],
          ...(stored?.events ? { events: stored.events } : {}),
        });
        return;
      }
      case 'child-statuses':
        return this.upsertEpisode(
          entity as Episode<BundleChild['statuses'][number]>,
          'statuses',
          (a, b) => a.status === b.status && a.from === b.from,
        );
      case 'child-flags':
        return this.upsertEpisode(
          entity as Episode<BundleChild['flags'][number]>,
          'flags',
          (a, b) => a.flag === b.flag && a.from === b.from,
        );
      case 'allocations':
        return this.upsertEpisode(
          entity as Episode<BundleChild['allocations'][number]>,
          'allocations',
          (a, b) => a.workerId === b.workerId && a.role === b.role && a.from === b.from,
        );
    }
  }

  private upsertEpisode<K extends 'statuses' | 'flags' | 'allocations'>(
    episode: Episode<BundleChild[K][number]>,
    field: K,
    same: (a: BundleChild[K][number], b: BundleChild[K][number]) => boolean,
  ) {
    const child = this.children.get(episode.childId);
    if (!child) return; // reported as a reference problem
    const list = (child[field] as BundleChild[K][number][]).filter((e) => !same(e, episode.item));
    this.children.set(episode.childId, { ...child, [field]: [...list, episode.item] });
  }

  bundle(): Bundle {
    return {
      ...this.current,
      orgUnits: [...this.orgUnits.values()],
      staff: [...this.staff.values()],
      relationships: [...this.relationships.values()],
      absences: [...this.absences.values()],
      children: [...this.children.values()],
    };
  }
}

const kindMaps = {
  'org-units': 'orgUnits',
  staff: 'staff',
  relationships: 'relationships',
  absences: 'absences',
} as const;

/** Dates that must not come before others in the same row: [column, field] later, then earlier. */
const orderedDates: [later: [string, string], earlier: [string, string]][] = [
  [
    ['to', 'to'],
    ['from', 'from'],
  ],
  [
    ['leaving_date', 'leavingDate'],
    ['start_date', 'startDate'],
  ],
  [
    ['placement_end_date', 'placementEndDate'],
    ['placement_start_date', 'placementStartDate'],
  ],
  [
    ['closed_on', 'closedAt'],
    ['opened_on', 'openedAt'],
  ],
];

function checkDateOrder(
  fields: Record<string, unknown>,
  line: number,
  report: (p: ImportProblem) => void,
) {
  for (const [[laterColumn, laterField], [earlierColumn, earlierField]] of orderedDates) {
    const later = fields[laterField] as IsoDate | undefined;
    const earlier = fields[earlierField] as IsoDate | undefined;
    if (later && earlier && later < earlier) {
      report({
        line,
        column: laterColumn,
        message: `${later} is before ${earlierColumn} (${earlier})`,
      });
    }
  }
}

const columnOfField: Record<string, string> = { openedAt: 'opened_on', closedAt: 'closed_on' };
const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The bundle schema's verdict on what a row makes, each problem named by its column. */
function schemaAccepts(
  spec: TableSpec<unknown>,
  entity: unknown,
  line: number,
  report: (p: ImportProblem) => void,
): boolean {
  const result = spec.schema.safeParse(spec.checked ? spec.checked(entity) : entity);
  if (result.success) return true;
  for (const issue of result.error.issues) {
    const path = issue.path.map(String);
    const column =
      path[0] === 'id'
        ? spec.keyColumn
        : (columnOfField[path[0] ?? ''] ?? path.map(snake).join('_'));
    report({ line, column, message: issue.message.replace(/^Invalid input: /, '') });
  }
  return false;
}

/** A chain of line managers or parent units that comes back to where it started. */
function cycleFrom(start: string, next: (id: string) => string | undefined): string[] | undefined {
  const path = [start];
  const seen = new Set(path);
  for (let id = next(start); id !== undefined; id = next(id)) {
    path.push(id);
    if (id === start) return path;
    if (seen.has(id)) return undefined; // a cycle, but not through this row; its own rows report it
    seen.add(id);
  }
  return undefined;
}

export async function readTable(
  kind: ImportKind,
  records: AsyncIterable<CsvRecord>,
  current: Bundle,
  progress: (rows: number) => void = () => {},
): Promise<TableResult> {
  const spec = tables[kind] as TableSpec<unknown>;
  const problems: ImportProblem[] = [];
  let problemCount = 0;
  const report = (p: ImportProblem) => {
    problemCount++;
    if (problems.length < problemListLimit) problems.push(p);
  };
  const read: { line: number; entity: unknown }[] = [];
  const lineOfKey = new Map<string, number>();
  let columns: (string | undefined)[] | undefined;
  let rows = 0;
  for await (const record of records) {
    if (!columns) {
      columns = readHeader(spec, record, problems);
      problemCount = problems.length;
      if (problems.length > 0) return { rows, problems, readable: current };
      continue;
    }
    rows++;
    if (rows % 1000 === 0) progress(rows);
    if (record.fields.length !== columns.length) {
      report({
        line: record.line,
        message: `has ${record.fields.length} fields; the header has ${columns.length}`,
      });
      continue;
    }
    const row = rowReader(spec, columns, record, report);
    const entity = spec.read(row);
    if (entity === undefined) continue;
    if (!schemaAccepts(spec, entity, record.line, report)) continue;
    checkDateOrder(
      (spec.checked ? spec.checked(entity) : entity) as Record<string, unknown>,
      record.line,
      report,
    );
    const key = spec.key(entity);
    const earlier = lineOfKey.get(key);
    if (earlier !== undefined) {
      report({
        line: record.line,
        column: spec.keyColumn,
        message: `the same ${spec.keyColumn === 'from' ? 'entry' : spec.keyColumn} is also on line ${earlier}`,
      });
      continue;
    }
    lineOfKey.set(key, record.line);
    read.push({ line: record.line, entity });
  }
  progress(rows);
  if (!columns)
    return {
      rows,
      problems: [{ line: 1, message: 'the file is empty: it needs a header line' }],
      readable: current,
    };

  const working = new Working(current);
  // Children first in their own file, so rows of the same file can refer to each other.
  for (const { entity } of read) working.apply(kind, entity);
  for (const { line, entity } of read) {
    for (const reference of spec.references(entity)) {
      if (!working.has(reference)) {
        report({
          line,
          column: reference.column,
          message: `'${reference.id}' is not ${referenceNames[reference.to]} in this file or in Oversight`,
        });
      }
    }
  }
  for (const problem of cycleProblems(kind, read, working)) report(problem);
  if (problemCount > 0) {
    if (problemCount > problems.length) {
      problems.push({ message: `and ${problemCount - problems.length} more problems` });
    }
    return { rows, problems, readable: working.bundle() };
  }
  return { rows, problems, bundle: working.bundle() };
}

const referenceNames = {
  staff: 'a staff member',
  orgUnits: 'a service, area or team',
  children: 'a child',
} as const;

function cycleProblems(
  kind: ImportKind,
  read: { line: number; entity: unknown }[],
  working: Working,
): ImportProblem[] {
  const out: ImportProblem[] = [];
  if (kind === 'staff') {
    for (const { line, entity } of read) {
      const id = (entity as { id: string }).id;
      const cycle = cycleFrom(id, (s) => working.staff.get(s)?.lineManagerId);
      if (cycle)
        out.push({
          line,
          column: 'line_manager_id',
          message: `makes a cycle in line management: ${cycle.join(' → ')}`,
        });
    }
  }
  if (kind === 'org-units') {
    for (const { line, entity } of read) {
      const id = (entity as { id: string }).id;
      const cycle = cycleFrom(id, (u) => working.orgUnits.get(u)?.parentId);
      if (cycle)
        out.push({
          line,
          column: 'parent_id',
          message: `makes a unit its own parent: ${cycle.join(' → ')}`,
        });
    }
  }
  return out;
}
