/**
 * What a sync from the case-management system did to the children: which were added, which
 * changed and how (status episodes, flags and allocations added, ended, changed or removed; the
 * child's own details), and which were closed (an open status episode before, none after). A
 * run's report adds its outcome and, for a rejected run, every problem with where it is.
 *
 * The report names children by their ids in the source system and case numbers, and a changed
 * detail by its field only: it is kept with each run and written beside the files, so it carries
 * no names or dates of birth.
 */
import type { IsoDate } from '../calendar/period.ts';
import { canonicalJson } from '../canonical-json.ts';
import type { BundleChild } from './schema.ts';

type Status = BundleChild['statuses'][number];
type Flag = BundleChild['flags'][number];
type Allocation = BundleChild['allocations'][number];
type Episode = { from: IsoDate; to?: IsoDate | undefined };

/**
 * An episode is known by what it is and its start date (as the import matches it). `ended`: it
 * was open and now has an end date; `changed`: its end date changed otherwise (moved, removed);
 * `removed`: the source system no longer has it (a pushed child replaces its episodes).
 */
export type EpisodeChanges<T> = { added: T[]; ended: T[]; changed: T[]; removed: T[] };

/** The child's own fields a report names when they change. */
export const childDetailFields = [
  'caseId',
  'name',
  'dateOfBirth',
  'expectedDateOfBirth',
  'openedAt',
  'closedAt',
  'events',
] as const;
export type ChildDetailField = (typeof childDetailFields)[number];

export type ChildRef = { id: string; caseId: string };

export type ChildChange = ChildRef & {
  details: ChildDetailField[];
  statuses: EpisodeChanges<Status>;
  flags: EpisodeChanges<Flag>;
  allocations: EpisodeChanges<Allocation>;
};

export type ChildSyncChanges = {
  added: ChildRef[];
  /** Every child that differs, closed ones included. */
  changed: ChildChange[];
  closed: ChildRef[];
  counts: { added: number; changed: number; closed: number; unchanged: number };
};

export type SyncOutcome = 'applied' | 'unchanged' | 'rejected';

/** A reason a run was rejected: the file, line and column, or the JSON path as the column. */
export type SyncProblem = { file?: string; line?: number; column?: string; message: string };

export type SyncReport = Omit<ChildSyncChanges, 'counts'> & {
  outcome: SyncOutcome;
  counts: ChildSyncChanges['counts'] & { rejected: number };
  rejected: SyncProblem[];
};

const statusKey = (s: Status) => `${s.status} ${s.from}`;
const flagKey = (f: Flag) => `${f.flag} ${f.from}`;
const allocationKey = (a: Allocation) => `${a.workerId} ${a.role} ${a.from}`;

const byKey = <T>(items: readonly T[], key: (item: T) => string) =>
  [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

/** Open on the date: no end date, or one not yet passed. */
export const isOpenOn = (episode: Episode, asOf: IsoDate) =>
  episode.to === undefined || episode.to >= asOf;

export function episodeChanges<T extends Episode>(
  before: readonly T[],
  after: readonly T[],
  key: (item: T) => string,
): EpisodeChanges<T> {
  const stored = new Map(before.map((e) => [key(e), e]));
  const kept = new Set<string>();
  const out: EpisodeChanges<T> = { added: [], ended: [], changed: [], removed: [] };
  // In date order, as the child's page lists them.
  const inOrder = (items: readonly T[]) => byKey(items, (e) => `${e.from} ${key(e)}`);
  for (const episode of inOrder(after)) {
    const previous = stored.get(key(episode));
    kept.add(key(episode));
    if (!previous) out.added.push(episode);
    else if (previous.to === episode.to) continue;
    else if (previous.to === undefined) out.ended.push(episode);
    else out.changed.push(episode);
  }
  out.removed = inOrder(before).filter((e) => !kept.has(key(e)));
  return out;
}

const hasEpisodeChanges = (c: EpisodeChanges<unknown>) =>
  c.added.length + c.ended.length + c.changed.length + c.removed.length > 0;

function detailChanges(before: BundleChild, after: BundleChild): ChildDetailField[] {
  const events = (child: BundleChild) =>
    canonicalJson(byKey(child.events ?? [], (e) => `${e.date} ${e.kind}`));
  return childDetailFields.filter((field) =>
    field === 'events' ? events(before) !== events(after) : before[field] !== after[field],
  );
}

/** How one child changed, or undefined when it did not. */
export function childChange(before: BundleChild, after: BundleChild): ChildChange | undefined {
  const change: ChildChange = {
    id: after.id,
    caseId: after.caseId,
    details: detailChanges(before, after),
    statuses: episodeChanges(before.statuses, after.statuses, statusKey),
    flags: episodeChanges(before.flags, after.flags, flagKey),
    allocations: episodeChanges(before.allocations, after.allocations, allocationKey),
  };
  const changed =
    change.details.length > 0 ||
    hasEpisodeChanges(change.statuses) ||
    hasEpisodeChanges(change.flags) ||
    hasEpisodeChanges(change.allocations);
  return changed ? change : undefined;
}

const hasOpenStatus = (child: BundleChild, asOf: IsoDate) =>
  child.statuses.some((s) => isOpenOn(s, asOf));

/**
 * The children before a sync against after it, as of a date (what "open" means). A sync never
 * removes a child, so a child missing from `after` is not reported.
 */
export function childSyncChanges(
  before: readonly BundleChild[],
  after: readonly BundleChild[],
  asOf: IsoDate,
): ChildSyncChanges {
  const stored = new Map(before.map((c) => [c.id, c]));
  const out: ChildSyncChanges = {
    added: [],
    changed: [],
    closed: [],
    counts: { added: 0, changed: 0, closed: 0, unchanged: 0 },
  };
  for (const child of byKey(after, (c) => c.id)) {
    const previous = stored.get(child.id);
    if (!previous) {
      out.added.push({ id: child.id, caseId: child.caseId });
      continue;
    }
    const change = childChange(previous, child);
    if (!change) {
      out.counts.unchanged++;
      continue;
    }
    out.changed.push(change);
    if (hasOpenStatus(previous, asOf) && !hasOpenStatus(child, asOf))
      out.closed.push({ id: child.id, caseId: child.caseId });
  }
  out.counts.added = out.added.length;
  out.counts.changed = out.changed.length;
  out.counts.closed = out.closed.length;
  return out;
}

/** The report of a run that was written: applied when it changed a child, else unchanged. */
export function appliedReport(changes: ChildSyncChanges): SyncReport {
  const { counts, ...lists } = changes;
  return {
    outcome: counts.added + counts.changed > 0 ? 'applied' : 'unchanged',
    counts: { ...counts, rejected: 0 },
    ...lists,
    rejected: [],
  };
}

/** The report of a run rejected whole: nothing written, every reason listed. */
export function rejectedReport(problems: readonly SyncProblem[]): SyncReport {
  return {
    outcome: 'rejected',
    counts: { added: 0, changed: 0, closed: 0, unchanged: 0, rejected: problems.length },
    added: [],
    changed: [],
    closed: [],
    rejected: [...problems],
  };
}

/** Where a problem is, as people read it: `children.csv, line 4, date_of_birth`. */
export function problemPlace(problem: SyncProblem): string {
  return [
    problem.file,
    problem.line === undefined ? undefined : `line ${problem.line}`,
    problem.column,
  ]
    .filter((part) => part !== undefined && part !== '')
    .join(', ');
}
