/**
 * The one order a bundle is kept in: entities by id, a child's episodes by start date. Export
 * writes this form and import compares in it, so the same data always reads as unchanged.
 */
import type { Bundle, BundleChild } from './schema.ts';

const byId = <T extends { id: string }>(items: readonly T[]) =>
  [...items].sort((a, b) => compareText(a.id, b.id));

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => compareText(key(a), key(b)));
}

/** A child with its episodes, flags, allocations and events in date order. */
export function normaliseChild(child: BundleChild): BundleChild {
  const { events, ...rest } = child;
  const out: BundleChild = {
    ...rest,
    statuses: sortedBy(child.statuses, (s) => `${s.from} ${s.status}`),
    flags: sortedBy(child.flags, (f) => `${f.from} ${f.flag}`),
    allocations: sortedBy(child.allocations, (a) => `${a.from} ${a.workerId} ${a.role}`),
  };
  if (events && events.length > 0) out.events = sortedBy(events, (e) => `${e.date} ${e.kind}`);
  return out;
}

export function normaliseBundle(bundle: Bundle): Bundle {
  const { waivers, ...rest } = bundle;
  const out: Bundle = {
    ...rest,
    orgUnits: byId(bundle.orgUnits),
    staff: byId(bundle.staff),
    relationships: byId(bundle.relationships),
    absences: byId(bundle.absences),
    children: byId(bundle.children).map(normaliseChild),
    sessions: byId(bundle.sessions),
    records: byId(bundle.records),
    audits: byId(bundle.audits),
    actions: byId(bundle.actions),
  };
  if (waivers && waivers.length > 0) out.waivers = sortedBy(waivers, waiverKey);
  return out;
}

/** A waiver has no id: it is known by what it waives, for whom, from when. */
export function waiverKey(waiver: NonNullable<Bundle['waivers']>[number]): string {
  return `${waiver.kind} ${waiver.subjectId} ${waiver.from}`;
}
