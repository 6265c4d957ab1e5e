/**
 * A sync's report in words: each changed child's changes as short lines for the run's page,
 * and the whole report as the `report.txt` the folder keeps beside the files.
 */
import {
  type ChildChange,
  type EpisodeChanges,
  problemPlace,
  type SyncReport,
} from '../../domain/bundle/child-sync-report.ts';

type Span = { from: string; to?: string | undefined };

const span = (e: Span) => (e.to ? `from ${e.from} to ${e.to}` : `from ${e.from}`);

function episodeLines<T extends Span>(
  what: string,
  changes: EpisodeChanges<T>,
  name: (e: T) => string,
): string[] {
  return [
    ...changes.added.map((e) => `${what} added: ${name(e)} ${span(e)}`),
    ...changes.ended.map((e) => `${what} ended: ${name(e)} ${span(e)}`),
    ...changes.changed.map((e) => `${what} end date changed: ${name(e)} ${span(e)}`),
    ...changes.removed.map((e) => `${what} removed: ${name(e)} ${span(e)}`),
  ];
}

const detailNames: Record<ChildChange['details'][number], string> = {
  caseId: 'case number',
  name: 'name',
  dateOfBirth: 'date of birth',
  expectedDateOfBirth: 'expected date of birth',
  openedAt: 'opened on',
  closedAt: 'closed on',
  events: 'events',
};

/** What changed for one child, a line each. */
export function changeLines(change: ChildChange): string[] {
  return [
    ...episodeLines('Status', change.statuses, (s) => s.status),
    ...episodeLines('Flag', change.flags, (f) => f.flag),
    ...episodeLines('Allocation', change.allocations, (a) => `${a.workerId} as ${a.role}`),
    ...(change.details.length > 0
      ? [`Details changed: ${change.details.map((d) => detailNames[d]).join(', ')}`]
      : []),
  ];
}

export const outcomeWords = {
  applied: 'Applied',
  unchanged: 'Unchanged',
  rejected: 'Rejected',
} as const;

/** `children.csv (1 row)`. */
export const fileWords = (f: { name: string; rows: number }) =>
  `${f.name} (${f.rows} ${f.rows === 1 ? 'row' : 'rows'})`;

const child = (c: { id: string; caseId: string }) =>
  c.caseId === c.id ? c.id : `${c.id} (case ${c.caseId})`;

/** The report as plain text, headed by what the run was. */
export function reportText(report: SyncReport, heading: string[]): string {
  const { counts } = report;
  const lines = [
    ...heading,
    `Outcome: ${outcomeWords[report.outcome]}`,
    `Children: ${counts.added} added, ${counts.changed} changed, ${counts.closed} closed, ${counts.unchanged} unchanged; ${counts.rejected} problems`,
  ];
  const section = (title: string, items: string[]) => {
    if (items.length > 0) lines.push('', title, ...items.map((item) => `  ${item}`));
  };
  section('Added', report.added.map(child));
  section(
    'Changed',
    report.changed.flatMap((c) => [child(c), ...changeLines(c).map((l) => `  ${l}`)]),
  );
  section('Closed', report.closed.map(child));
  section(
    'Rejected: nothing was changed',
    report.rejected.map((p) => {
      const place = problemPlace(p);
      return place ? `${place}: ${p.message}` : p.message;
    }),
  );
  return `${lines.join('\n')}\n`;
}
