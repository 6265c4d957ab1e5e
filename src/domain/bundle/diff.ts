/**
 * What an import would change: each entity of the incoming bundle is added, changed or
 * unchanged against the stored one, matched by id. Nothing is ever removed by an import.
 */
import { canonicalJson } from '../canonical-json.ts';
import { normaliseChild, waiverKey } from './normalise.ts';
import type { Bundle } from './schema.ts';

export const entityNames = [
  'orgUnits',
  'staff',
  'relationships',
  'absences',
  'children',
  'sessions',
  'records',
  'audits',
  'actions',
  'waivers',
] as const;
export type EntityName = (typeof entityNames)[number];

export type EntityChanges<T> = { added: T[]; changed: T[]; unchanged: number };
export type BundleChanges = {
  organisation: 'added' | 'changed' | 'unchanged';
  entities: { [K in EntityName]: EntityChanges<NonNullable<Bundle[K]>[number]> };
};

function diffEntities<T>(
  before: readonly T[],
  after: readonly T[],
  key: (item: T) => string,
  normalise: (item: T) => T = (item) => item,
): EntityChanges<T> {
  const stored = new Map(before.map((item) => [key(item), canonicalJson(normalise(item))]));
  const out: EntityChanges<T> = { added: [], changed: [], unchanged: 0 };
  for (const item of after) {
    const previous = stored.get(key(item));
    if (previous === undefined) out.added.push(item);
    else if (previous !== canonicalJson(normalise(item))) out.changed.push(item);
    else out.unchanged++;
  }
  return out;
}

/** Changes that writing `after` over `before` makes; `before` is null for a new organisation. */
export function diffBundles(before: Bundle | null, after: Bundle): BundleChanges {
  const id = (item: { id: string }) => item.id;
  const organisation =
    before === null
      ? 'added'
      : canonicalJson(before.organisation) === canonicalJson(after.organisation)
        ? 'unchanged'
        : 'changed';
  return {
    organisation,
    entities: {
      orgUnits: diffEntities(before?.orgUnits ?? [], after.orgUnits, id),
      staff: diffEntities(before?.staff ?? [], after.staff, id),
      relationships: diffEntities(before?.relationships ?? [], after.relationships, id),
      absences: diffEntities(before?.absences ?? [], after.absences, id),
      children: diffEntities(before?.children ?? [], after.children, id, normaliseChild),
      sessions: diffEntities(before?.sessions ?? [], after.sessions, id),
      records: diffEntities(before?.records ?? [], after.records, id),
      audits: diffEntities(before?.audits ?? [], after.audits, id),
      actions: diffEntities(before?.actions ?? [], after.actions, id),
      waivers: diffEntities(before?.waivers ?? [], after.waivers ?? [], waiverKey),
    },
  };
}

/** Counts for a report: how many of each entity an import adds, changes and leaves alone. */
export function changeCounts(changes: BundleChanges) {
  return Object.fromEntries(
    entityNames.map((name) => {
      const c = changes.entities[name];
      return [name, { added: c.added.length, changed: c.changed.length, unchanged: c.unchanged }];
    }),
  ) as Record<EntityName, { added: number; changed: number; unchanged: number }>;
}

/** Whether writing the changes would alter anything at all. */
export function hasChanges(changes: BundleChanges): boolean {
  return (
    changes.organisation !== 'unchanged' ||
    entityNames.some(
      (name) => changes.entities[name].added.length + changes.entities[name].changed.length > 0,
    )
  );
}

/**
 * The bundle after an import: stored entities the import does not mention stay as they are,
 * the import's own entities replace theirs.
 */
export function mergeBundles(before: Bundle, incoming: Bundle): Bundle {
  const merge = <T>(stored: readonly T[], added: readonly T[], key: (item: T) => string) => {
    const out = new Map(stored.map((item) => [key(item), item]));
    for (const item of added) out.set(key(item), item);
    return [...out.values()];
  };
  const id = (item: { id: string }) => item.id;
  return {
    ...incoming,
    orgUnits: merge(before.orgUnits, incoming.orgUnits, id),
    staff: merge(before.staff, incoming.staff, id),
    relationships: merge(before.relationships, incoming.relationships, id),
    absences: merge(before.absences, incoming.absences, id),
    children: merge(before.children, incoming.children, id),
    sessions: merge(before.sessions, incoming.sessions, id),
    records: merge(before.records, incoming.records, id),
    audits: merge(before.audits, incoming.audits, id),
    actions: merge(before.actions, incoming.actions, id),
    waivers: merge(before.waivers ?? [], incoming.waivers ?? [], waiverKey),
  };
}
