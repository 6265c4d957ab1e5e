/**
 * The child's record of oversight: every note of a kind kept on the child's record
 * (`childRecordKinds`: case supervision, decisions, oversight and other notes, group records)
 * that names the child, oldest first as a file reads, each with its agreed (locked) version in
 * full. For organisations with no case-management system of their own (Leeds's "child and
 * family file in the school", X02, X28) this page is the child's record. A note not yet agreed
 * is listed without its words; a note the reader may not open is counted, never shown. One
 * audit entry per view names every note whose words were shown.
 */
import type { ChildRecord } from '../../data-access/child-repository.ts';
import type { Repositories } from '../../data-access/index.ts';
import type {
  RecordPerson,
  RecordSummary,
  RecordVersion,
  StoredRecord,
  TrackedAction,
} from '../../data-access/record-repository.ts';
import { can, grantsOpening } from '../../domain/access/can.ts';
import type { IsoDate } from '../../domain/calendar/period.ts';
import { childRecordKinds } from '../../domain/child-record/kinds.ts';
import { formSections } from '../../domain/records/form-layout.ts';
import { isRedacted, recordResource, shownRecord } from '../records/record-access.ts';
import type { Caller } from './children-service.ts';

/** More notes than any child's file holds; past it the page says the oldest are left out. */
export const fileLimit = 5000;

/** A note on the record: its latest agreed version, laid out as the record page lays it out. */
export type AgreedEntry = {
  state: 'agreed';
  record: StoredRecord;
  version: RecordVersion;
  /** What the records' macros read (recordContent, signatures, redactionNotice). */
  page: {
    record: StoredRecord;
    version: RecordVersion;
    sections: ReturnType<typeof formSections>;
    owners: { id: string; name: string }[];
    agreedActions: TrackedAction[];
    /** Actions of earlier notes on this file, to name those this one reviews. */
    openActions: { id: string; description: string }[];
    redaction: { redacted: boolean; mayRedact: false; mayReadOriginal: boolean };
    original: false;
  };
  /** The version replaced by this one, when this is an amendment. */
  amends: number | null;
  /** A later version being written or signed: not on the record until it is agreed. */
  pending: RecordVersion | null;
};

/** A note written in another system: Oversight holds only its dates. */
export type ElsewhereEntry = { state: 'elsewhere'; record: StoredRecord };

export type FileEntry = AgreedEntry | ElsewhereEntry;

export type ChildFile = {
  entries: FileEntry[];
  /** Notes started but not yet agreed: listed without their words. */
  notYetOnRecord: RecordSummary[];
  /** Notes about the child this person may not read. */
  hiddenCount: number;
  /** Whether the file reached `fileLimit` and its oldest notes were left out. */
  truncated: boolean;
};

const agreedOf = (record: StoredRecord) =>
  record.versions.findLast((v) => v.status === 'locked') ?? null;

function owners(record: StoredRecord, actions: readonly TrackedAction[]) {
  const people = [record.author, record.observer, ...record.people]
    .filter((p): p is RecordPerson => !!p)
    .map((p) => ({ id: p.id, name: p.name }));
  const owning = actions.map((a) => ({ id: a.ownerId, name: a.ownerName }));
  return [...new Map([...people, ...owning].map((p) => [p.id, p])).values()];
}

/** `today` is the clock's day: the child's access facts are the allocations in force on it. */
export function childRecordPageService(repos: Repositories, today: () => IsoDate) {
  const records = repos.records;

  /** The actions each readable note agreed, by note, in one query. */
  function actionsByRecord(organisationId: string, readable: readonly StoredRecord[]) {
    const agreeing = readable.filter((r) => (agreedOf(r)?.content.actions.length ?? 0) > 0);
    return records.actionsOfRecords(
      organisationId,
      agreeing.map((r) => r.id),
    );
  }

  function entryOf(
    caller: Caller,
    stored: StoredRecord,
    agreed: TrackedAction[],
    earlier: { id: string; description: string }[],
  ): FileEntry | null {
    if (stored.versions.length === 0) return { state: 'elsewhere', record: stored };
    const record = shownRecord(stored);
    const version = agreedOf(record);
    if (!version) return null;
    const latest = record.versions.at(-1)!;
    return {
      state: 'agreed',
      record,
      version,
      page: {
        record,
        version,
        sections: formSections(version.template, {
          openActions: version.content.reviews.length > 0,
        }),
        owners: owners(record, agreed),
        agreedActions: agreed,
        openActions: earlier,
        redaction: {
          redacted: isRedacted(stored),
          mayRedact: false,
          mayReadOriginal: can(caller.actor, 'view_unredacted', recordResource(stored)),
        },
        original: false,
      },
      amends: version.amendmentReason ? version.version - 1 : null,
      pending: latest.version > version.version ? latest : null,
    };
  }

  async function logView(caller: Caller, child: ChildRecord, file: ChildFile, print: boolean) {
    const shown = file.entries.filter((e): e is AgreedEntry => e.state === 'agreed');
    // Read through an access grant: the trail names the grants that opened the child or a note.
    const grantIds = new Set<string>();
    if (caller.actor.grants?.length) {
      const facts = await repos.children.accessFacts(caller.user.organisationId, child.id, today());
      for (const id of grantsOpening(caller.actor, { type: 'child', id: child.id, ...facts }))
        grantIds.add(id);
      for (const e of shown)
        for (const id of grantsOpening(caller.actor, recordResource(e.record))) grantIds.add(id);
    }
    await repos.auditLog.append({
      organisationId: caller.user.organisationId,
      actorUserId: caller.user.id,
      action: 'child.record_viewed',
      resourceType: 'child',
      resourceId: child.id,
      detail: {
        records: shown.map((e) => ({
          id: e.record.id,
          kind: e.record.kind,
          version: e.version.version,
        })),
        notShown: file.hiddenCount,
        print,
        ...(grantIds.size > 0 ? { grantIds: [...grantIds] } : {}),
      },
      requestId: caller.requestId,
    });
  }

  return {
    /** The child's file as this person may read it; the view is written to the audit trail. */
    async file(caller: Caller, child: ChildRecord, { print = false } = {}): Promise<ChildFile> {
      const organisationId = caller.user.organisationId;
      const found = await records.list(organisationId, {
        childId: child.id,
        kinds: childRecordKinds,
        limit: fileLimit,
      });
      // The list is newest first; a file reads oldest first.
      const summaries = [...found].reverse();
      const stored = await records.findMany(
        organisationId,
        summaries.map((s) => s.id),
      );
      const readable = stored.filter((r) => can(caller.actor, 'view', recordResource(r)));
      const actions = await actionsByRecord(organisationId, readable);
      // Only actions of notes this person may read name the actions a later note reviews.
      const earlier = [...actions.values()].flat().map((a) => ({
        id: a.id,
        description: a.description,
      }));
      const entries: FileEntry[] = [];
      const readableIds = new Set<string>();
      for (const record of readable) {
        readableIds.add(record.id);
        const entry = entryOf(caller, record, actions.get(record.id) ?? [], earlier);
        if (entry) entries.push(entry);
      }
      const onRecord = new Set(entries.map((e) => e.record.id));
      const file: ChildFile = {
        entries,
        notYetOnRecord: summaries.filter((s) => readableIds.has(s.id) && !onRecord.has(s.id)),
        hiddenCount: stored.length - readable.length,
        truncated: found.length === fileLimit,
      };
      await logView(caller, child, file, print);
      return file;
    },
  };
}
