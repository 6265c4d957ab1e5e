/**
 * Supervision records as the pages and the API use them: started for a session (one record per
 * child discussed) or by hand, written on the pack's template, checked for quality, shared with
 * those who sign, signed or disagreed with, locked, amended as new versions, and disagreements
 * escalated to the supervisor's line manager. Every view is written to the audit trail.
 * Problems name the field (`answers.<key>`, `actions[i].ownerId`, …) as the API does.
 */

import type { Repositories } from '../../data-access/index.ts';
import type {
  NewRecord,
  RecordPerson,
  RecordVersion,
  StoredRecord,
} from '../../data-access/record-repository.ts';
import type { SupervisionSession } from '../../data-access/supervision-session-repository.ts';
import type { UserAccount } from '../../data-access/user-repository.ts';
import { type Actor, can, grantsOpening } from '../../domain/access/can.ts';
import { isIsoDate } from '../../domain/calendar/iso-date.ts';
import type { IsoDate } from '../../domain/calendar/period.ts';
import type { PolicyPack, Template } from '../../domain/policy/schema.ts';
import type { RecordKind } from '../../domain/policy/vocabulary.ts';
import { formSections } from '../../domain/records/form-layout.ts';
import {
  blocksSharing,
  canRecordDisagreement,
  checkContent,
  checkQuality,
  headlineFor,
  partiesOf,
  qualityRulesFor,
  recordableKinds,
  recordDeadlines,
  signingProblem,
  templateFor,
} from '../../domain/records/index.ts';
import type { OpenAction, QualityFinding, RecordContent } from '../../domain/records/types.ts';
import { storedPolicy } from '../../services/stored-policy.ts';
import { isUuid } from '../../web/forms.ts';
import { HttpError, notAllowed, notFound } from '../../web/http-errors.ts';
import type { SessionService } from '../planning/session-service.ts';
import { keepHidden, redactionsInForce } from '../record-transfer/rules.ts';
import { goneOrNotFound } from '../retention/tombstone.ts';
import {
  categoryOf,
  childKinds,
  groupKinds,
  isRedacted,
  recordResource,
  shownContent,
  shownRecord,
  superviseeOf,
  writerRole,
} from './record-access.ts';
import {
  completeProblems,
  merged,
  noPermissions,
  ownerIds,
  partyPeople,
  permissions,
  signatoriesOf,
} from './record-rules.ts';

export type Caller = { user: UserAccount; actor: Actor; requestId?: string | undefined };
export type Problem = { field: string; message: string };

export type Invalid = { outcome: 'invalid'; problems: Problem[] };
/** Someone saved in between: their version and what this person sent, so nothing is lost. */
export type Conflict = { outcome: 'conflict'; current: RecordVersion; mine: RecordContent };
/** The version is no longer a draft (shared or locked meanwhile). */
export type Fixed = { outcome: 'fixed' };

/** What a form or the API sends to change a draft. */
export type DraftInput = {
  version: number;
  revision: number;
  answers?: Record<string, unknown> | undefined;
  actions?: unknown;
  reviews?: unknown;
  /** The sections sent: their answers replace the stored ones; the rest are kept. */
  sectionIds?: readonly string[] | undefined;
  /**
   * The API's change: each answer sent replaces only its own key (null or '' clears it), and
   * actions and reviews are replaced only when sent. Without it, the sections are sent whole.
   */
  merge?: boolean | undefined;
};

/** A finding's field as problems name it: `answers.<key>`, or an action or review row. */
const findingField = (field: string | undefined) =>
  !field ? 'record' : /^(actions|reviews)\[/.test(field) ? field : `answers.${field}`;

const cannot = (title: string, detail: string) => new HttpError(403, title, detail);

/** Kinds of record each kind of session makes, besides one note for each child discussed. */
const sessionRecordKind: Record<SupervisionSession['kind'], RecordKind | null> = {
  one_to_one: 'personal_supervision',
  unplanned: null,
  group: 'group_supervision',
  group_learning: 'group_learning',
};

const childNoteKind = (session: SupervisionSession['kind']): RecordKind =>
  session === 'unplanned' ? 'case_supervision_unplanned' : 'case_supervision';

export function recordService(repos: Repositories, { sessions }: { sessions: SessionService }) {
  const records = repos.records;

  const policyOf = (organisationId: string) => storedPolicy(repos, organisationId);

  const today = async (organisationId: string) => (await sessions.now(organisationId)).today;

  const audit = (caller: Caller, action: string, detail: Record<string, unknown> = {}) => ({
    actorUserId: caller.user.id,
    requestId: caller.requestId,
    action,
    detail,
  });

  /** A record this person may see or change (404 for anything of another organisation). */
  async function load(
    caller: Caller,
    id: string,
    action: 'view' | 'edit' | 'sign' = 'view',
    { original = false } = {},
  ) {
    const record = isUuid(id) ? await records.find(caller.user.organisationId, id) : undefined;
    if (!record)
      throw isUuid(id) ? await goneOrNotFound(repos, caller.user.organisationId, id) : notFound();
    if (!can(caller.actor, action, recordResource(record))) throw notAllowed();
    // Edited and signed as stored: an overlay written back would replace the original words.
    if (action !== 'view') return record;
    const readable = withoutOthersDrafts(caller, record);
    // Redactions lie over the text unless the original is asked for by someone who may read it.
    if (!original) return shownRecord(readable);
    if (!can(caller.actor, 'view_unredacted', recordResource(record))) throw notAllowed();
    return readable;
  }

  /** A draft is its writers' until it is shared: nobody else reads it (nor a grant holder). */
  function withoutOthersDrafts(caller: Caller, record: StoredRecord): StoredRecord {
    if (writerRole(record, caller.actor.staffId) !== undefined) return record;
    const versions = record.versions.filter((v) => v.status !== 'draft');
    if (versions.length === record.versions.length) return record;
    if (versions.length === 0)
      throw new HttpError(
        404,
        'This record has not been shared yet',
        'Its author is still writing it. It can be read once it is shared.',
      );
    return { ...record, versions };
  }

  /** Whether this person may read the words under redactions (supervisee, writers, redactors). */
  const readsOriginal = (caller: Caller, record: StoredRecord) =>
    can(caller.actor, 'view_unredacted', recordResource(record));

  /** A record loaded to edit, as shown to this person: overlaid unless they may read under it. */
  const forWriter = (caller: Caller, record: StoredRecord) =>
    readsOriginal(caller, record) ? record : shownRecord(record);

  /** Content going back to the writer who sent it: overlaid unless they may read the original. */
  const contentFor = (caller: Caller, record: StoredRecord, content: RecordContent) =>
    readsOriginal(caller, record) ? content : shownContent(record, content);

  function latest(record: StoredRecord): RecordVersion {
    const version = record.versions.at(-1);
    if (!version)
      throw new HttpError(
        409,
        'This record was made in another system',
        'Oversight holds only its dates. Read it where it was written.',
      );
    return version;
  }

  async function openActionsFor(organisationId: string, record: StoredRecord) {
    const childId = record.children[0]?.id ?? null;
    const staffId = childId ? null : (superviseeOf(record)?.id ?? null);
    return records.openActions(organisationId, { staffId, childId }, record.id);
  }

  /** The record-quality findings for a version, against the previous record about the same. */
  async function findingsFor(
    organisationId: string,
    pack: PolicyPack,
    record: StoredRecord,
    version: RecordVersion,
    /** Already read by the caller, or read here. */
    known?: readonly OpenAction[],
  ): Promise<QualityFinding[]> {
    const supervisee = superviseeOf(record);
    const childId = record.children[0]?.id ?? null;
    const [previous, openActions, caseload] = await Promise.all([
      records.previous(organisationId, {
        recordId: record.id,
        kinds: [record.kind],
        date: record.date,
        staffId: childId ? null : (supervisee?.id ?? null),
        childId,
      }),
      known ?? openActionsFor(organisationId, record),
      supervisee ? records.caseload(organisationId, supervisee.id) : Promise.resolve([]),
    ]);
    return checkQuality({
      template: version.template,
      content: version.content,
      rules: qualityRulesFor(pack, record.kind),
      ...(previous
        ? {
            previous: previous.content,
            previousActions: previous.content.actions.map((a) => a.description),
          }
        : {}),
      openActions,
      caseload,
    });
  }

  async function person(organisationId: string, id: string) {
    return (await records.people(organisationId, [id])).get(id);
  }

  /** The headline from the template's format, with the people and the child. */
  async function headline(
    organisationId: string,
    template: Template,
    input: { authorId: string; superviseeId: string | null; childId: string | null; date: IsoDate },
  ) {
    const [author, supervisee, child] = await Promise.all([
      person(organisationId, input.authorId),
      input.superviseeId ? person(organisationId, input.superviseeId) : undefined,
      input.childId ? repos.children.findById(organisationId, input.childId) : undefined,
    ]);
    return headlineFor(template, {
      ...(author
        ? { supervisor: { name: author.name, roleCategory: author.roleCategory ?? null } }
        : {}),
      ...(supervisee
        ? { supervisee: { name: supervisee.name, roleCategory: supervisee.roleCategory ?? null } }
        : {}),
      ...(child ? { child: { name: child.name ?? null, caseId: child.caseId } } : {}),
      date: input.date,
    });
  }

  async function newRecord(
    caller: Caller,
    pack: PolicyPack,
    input: Omit<NewRecord, 'template' | 'headline' | 'createdBy'>,
  ): Promise<NewRecord> {
    const template = templateFor(pack, input.kind);
    return {
      ...input,
      template,
      createdBy: caller.user.id,
      headline: await headline(caller.user.organisationId, template, {
        authorId: input.authorId,
        superviseeId: groupKinds.includes(input.kind) ? null : (input.staffIds[0] ?? null),
        childId: input.childIds[0] ?? null,
        date: input.date,
      }),
    };
  }

  /** The page of one version: its sections with answers, people, signatures and what next. */
  async function page(caller: Caller, record: StoredRecord, version: RecordVersion) {
    const organisationId = caller.user.organisationId;
    const { pack, calendar } = await policyOf(organisationId);
    const now = await today(organisationId);
    const isLatest = version.version === record.versions.at(-1)?.version;
    // Open actions, and those this record gave progress on: the review of actions lists both.
    const openActions = await openActionsFor(organisationId, record);
    const may = permissions(caller, record);
    const owners = [
      ...new Map(
        [record.author, record.observer, ...record.people]
          .filter((p): p is RecordPerson => !!p)
          .map((p) => [p.id, { id: p.id, name: p.name }]),
      ).values(),
    ];
    return {
      record,
      version,
      isLatest,
      owners,
      category: categoryOf(record.kind, record.children.length),
      sections: sectionsOf(version, openActions),
      openActions,
      agreedActions: await records.actionsOf(organisationId, record.id),
      deadlines: recordDeadlines(
        pack,
        (date, period) => calendar.addPeriod(date, period),
        {
          kind: record.kind,
          date: record.date,
          ...(record.writtenOn ? { writtenAt: record.writtenOn } : {}),
          ...(record.sharedOn ? { sharedAt: record.sharedOn } : {}),
          ...(record.signedOn ? { signedAt: record.signedOn } : {}),
          ...(record.onChildRecordOn ? { onChildRecordAt: record.onChildRecordOn } : {}),
          ...(record.dateRecordedOn ? { dateRecordedAt: record.dateRecordedOn } : {}),
        },
        now,
      ),
      findings:
        isLatest && version.status === 'draft' && may.editSections.length > 0
          ? await findingsFor(organisationId, pack, record, version, openActions)
          : [],
      may: isLatest ? may : noPermissions,
      // After a change of supervisor: parts hidden from this reader, and who may lay or lift them.
      redaction: {
        redacted: isRedacted(record),
        mayRedact: can(caller.actor, 'redact', recordResource(record)),
        mayReadOriginal: can(caller.actor, 'view_unredacted', recordResource(record)),
      },
      // Durham asks for the meeting's date to be put on MyView: its author says when it was.
      asksDateRecorded:
        writerRole(record, caller.actor.staffId) === 'author' &&
        pack.recordingDeadlines.some(
          (rule) => rule.step === 'date_recorded' && rule.recordKinds.includes(record.kind),
        ),
    };
  }

  async function logView(
    caller: Caller,
    record: StoredRecord,
    version: number | null,
    { original = false } = {},
  ) {
    // Read by an auditor while auditing it: the trail says which audits the read was for.
    const auditIds = record.openAudits
      .filter((a) => a.auditorId === caller.actor.staffId)
      .map((a) => a.id);
    // Read through an access grant: the trail names the grants that opened it.
    const grantIds = grantsOpening(caller.actor, recordResource(record));
    await repos.auditLog.append({
      organisationId: caller.user.organisationId,
      actorUserId: caller.user.id,
      // Reading the words under a redaction is its own event on the trail (A48).
      action: original ? 'supervision_record.original_viewed' : 'supervision_record.viewed',
      resourceType: 'supervision_record',
      resourceId: record.id,
      detail: {
        kind: record.kind,
        version,
        ...(auditIds.length > 0 ? { auditIds } : {}),
        ...(grantIds.length > 0 ? { grantIds } : {}),
      },
      requestId: caller.requestId ?? null,
    });
  }

  /** The form's sections: a review of actions only when there are actions to review. */
  function sectionsOf(version: RecordVersion, openActions: readonly unknown[]) {
    return formSections(version.template, {
      openActions: openActions.length > 0 || version.content.reviews.length > 0,
    });
  }

  /** The version the caller works on now: the latest, which must be a draft they may edit. */
  function draftOf(caller: Caller, record: StoredRecord) {
    const version = latest(record);
    const may = permissions(caller, record);
    if (version.status !== 'draft' || may.editSections.length === 0) return undefined;
    return { version, editable: new Set(may.editSections) };
  }

  return {
    today,
    policyOf,

    /** The kinds a person can start by hand, and the people and children to choose from. */
    async startForm(caller: Caller) {
      const { pack } = await policyOf(caller.user.organisationId);
      const me = caller.actor.staffId;
      const now = await today(caller.user.organisationId);
      const supervisees = me
        ? await repos.supervisionSessions.supervisees(caller.user.organisationId, me, now, now)
        : [];
      const people = [...new Map(supervisees.map((s) => [s.person.id, s.person])).values()];
      const caseloads = await Promise.all(
        people.map(async (p) => ({
          p,
          children: await records.caseload(caller.user.organisationId, p.id),
        })),
      );
      const children = caseloads.flatMap(({ p, children }) =>
        children.map((c) => ({
          id: c.id,
          label: `${c.externalId}${c.names[0] ? ` – ${c.names[0]}` : ''} (${p.name})`,
        })),
      );
      return {
        children,
        kinds: recordableKinds.map((kind) => ({
          kind,
          title: templateFor(pack, kind).title,
          aboutChild: childKinds.includes(kind),
        })),
        people,
        today: now,
      };
    },

    /** Starts a record by hand: about a supervisee (and one of their children, for case kinds). */
    async start(
      caller: Caller,
      input: { kind?: string; staffId?: string; childId?: string; date?: string },
    ): Promise<{ outcome: 'saved'; id: string } | Invalid> {
      const organisationId = caller.user.organisationId;
      const me = caller.actor.staffId;
      const problems: Problem[] = [];
      const kind = recordableKinds.find((k) => k === input.kind);
      if (!kind) problems.push({ field: 'kind', message: 'Select what you are recording' });
      if (!me)
        return {
          outcome: 'invalid',
          problems: [
            { field: 'kind', message: 'Only staff members can write supervision records' },
          ],
        };
      const date = input.date && isIsoDate(input.date) ? input.date : undefined;
      const now = await today(organisationId);
      if (!date)
        problems.push({
          field: 'date',
          message: 'Enter the date it happened, for example 27 3 2026',
        });
      else if (date > now)
        problems.push({ field: 'date', message: 'The date must be today or in the past' });
      const supervisee =
        input.staffId && isUuid(input.staffId)
          ? (await repos.supervisionSessions.people(organisationId, [input.staffId], now))[0]
          : undefined;
      const supervises =
        supervisee &&
        (supervisee.supervisorIds.includes(me) ||
          supervisee.lineManagerId === me ||
          caller.actor.managedUnitIds.has(supervisee.teamId ?? ''));
      if (!supervisee || !supervises)
        problems.push({ field: 'staffId', message: 'Select one of the people you supervise' });
      let childId: string | null = null;
      if (kind && childKinds.includes(kind)) {
        const child =
          input.childId && isUuid(input.childId)
            ? await repos.children.findById(organisationId, input.childId)
            : undefined;
        const facts = child
          ? await repos.children.accessFacts(organisationId, child.id, now)
          : undefined;
        if (!child || !facts || !can(caller.actor, 'view', { type: 'child', ...facts }))
          problems.push({ field: 'childId', message: 'Select the child the record is about' });
        else childId = child.id;
      }
      if (problems.length > 0 || !kind || !date || !supervisee)
        return { outcome: 'invalid', problems };
      const { pack } = await policyOf(organisationId);
      const observation = kind === 'direct_observation';
      const [id] = await records.create(
        organisationId,
        [
          await newRecord(caller, pack, {
            kind,
            date,
            sessionId: null,
            authorId: me,
            observerId: observation ? me : null,
            staffIds: [supervisee.id],
            childIds: childId ? [childId] : [],
          }),
        ],
        audit(caller, 'supervision_record.created'),
      );
      return { outcome: 'saved', id: id! };
    },

    /**
     * The records of a session: made the first time they are asked for (a session's own record
     * and one note per child discussed), then the ones already made.
     */
    async forSession(caller: Caller, sessionId: string, options: { create: boolean }) {
      const organisationId = caller.user.organisationId;
      const { session, may } = await sessions.load(caller.user, caller.actor, sessionId);
      const existing = await records.list(organisationId, { sessionId: session.id, limit: 500 });
      const leads = caller.actor.staffId === session.supervisor.id;
      if (!options.create || existing.length > 0 || !(leads || may.edit))
        return {
          session,
          records: existing,
          canStart: existing.length === 0 && (leads || may.edit),
        };
      if (session.status !== 'held' && session.date > (await today(organisationId)))
        throw cannot(
          'This session has not happened yet',
          'Record a supervision on or after the day it is held.',
        );
      const { pack } = await policyOf(organisationId);
      const children = await repos.supervisionSessions.children(organisationId, session.id);
      const participantIds = session.participants.map((p) => p.id);
      const base = {
        date: session.date,
        sessionId: session.id,
        authorId: session.supervisor.id,
        observerId: null,
      };
      const own = sessionRecordKind[session.kind];
      const made: NewRecord[] = [];
      if (own)
        made.push(
          await newRecord(caller, pack, {
            ...base,
            kind: own,
            staffIds: participantIds,
            childIds: [],
          }),
        );
      for (const child of children)
        made.push(
          await newRecord(caller, pack, {
            ...base,
            kind: childNoteKind(session.kind),
            staffIds: participantIds,
            childIds: [child.id],
          }),
        );
      if (made.length === 0)
        throw cannot(
          'There is nothing to record yet',
          'An unplanned supervision is recorded for each child discussed: add the children first.',
        );
      await records.create(
        organisationId,
        made,
        audit(caller, 'supervision_record.created', { sessionId }),
      );
      return {
        session,
        records: await records.list(organisationId, { sessionId: session.id, limit: 500 }),
        canStart: false,
      };
    },

    /** Records for the caller: awaiting their signature, their drafts, and recent ones. */
    async mine(caller: Caller) {
      const organisationId = caller.user.organisationId;
      const me = caller.actor.staffId;
      if (!me) return { awaiting: [], drafts: [], shared: [], recent: [] };
      const [awaiting, drafts, shared, recent] = await Promise.all([
        records.list(organisationId, { awaitingSignatureOf: me, limit: 100 }),
        records.list(organisationId, { authorId: me, status: 'draft', limit: 100 }),
        records.list(organisationId, { authorId: me, status: 'shared', limit: 100 }),
        records.list(organisationId, { involving: me, status: 'locked', limit: 50 }),
      ]);
      return { awaiting, drafts, shared, recent };
    },

    /** A record's page (its latest version, or the one asked for); the view is audited. */
    async view(caller: Caller, id: string, versionNumber?: number, { original = false } = {}) {
      const record = await load(caller, id, 'view', { original });
      const version =
        versionNumber === undefined
          ? latest(record)
          : record.versions.find((v) => v.version === versionNumber);
      if (!version) throw notFound();
      await logView(caller, record, version.version, { original: original && isRedacted(record) });
      return { ...(await page(caller, record, version)), original };
    },

    /** The draft's form: its sections (one, or all for a short form) and what fills them. */
    async editForm(caller: Caller, id: string) {
      const stored = await load(caller, id, 'edit');
      const record = forWriter(caller, stored);
      const draft = draftOf(caller, record);
      if (!draft) return { outcome: 'not_draft' as const, record };
      await logView(caller, record, draft.version.version, {
        original: record === stored && isRedacted(record),
      });
      return {
        outcome: 'draft' as const,
        ...(await page(caller, record, draft.version)),
        editable: draft.editable,
      };
    },

    /**
     * What a posted draft form is read against: its sections and those this person writes.
     * Lighter than the form's page (no checks, no deadlines) and not a view of the record.
     */
    async draftLayout(caller: Caller, id: string) {
      const record = await load(caller, id, 'edit');
      const draft = draftOf(caller, record);
      if (!draft) return { outcome: 'not_draft' as const };
      const openActions = await openActionsFor(caller.user.organisationId, record);
      return {
        outcome: 'draft' as const,
        sections: sectionsOf(draft.version, openActions),
        editable: draft.editable,
      };
    },

    /** Saves what was sent to the draft, unless someone saved it since it was read. */
    async save(caller: Caller, id: string, input: DraftInput) {
      const record = await load(caller, id, 'edit');
      const draft = draftOf(caller, record);
      if (!draft || draft.version.version !== input.version) return { outcome: 'fixed' } as Fixed;
      const { content: sent, refused } = merged(draft.version, input, draft.editable);
      // Someone shown only the overlay sends it back: the words under it stay as they were.
      if (!readsOriginal(caller, record))
        sent.answers = keepHidden(
          sent.answers,
          draft.version.content.answers,
          redactionsInForce(record.redactions ?? []),
        );
      const open = await openActionsFor(caller.user.organisationId, record);
      const checked = checkContent(draft.version.template, sent, {
        meetingDate: record.date,
        ownerIds: ownerIds(record),
        openActionIds: new Set(open.map((a) => a.id)),
        childIds: new Set(record.children.map((c) => c.id)),
        complete: false,
      });
      const problems = [...refused, ...checked.problems];
      if (problems.length > 0)
        return {
          outcome: 'invalid',
          problems,
          content: contentFor(caller, record, checked.content),
        } as const;
      const result = await records.saveDraft(
        caller.user.organisationId,
        record.id,
        draft.version.version,
        input.revision,
        { content: checked.content, headline: draft.version.headline, userId: caller.user.id },
        audit(caller, 'supervision_record.saved', { version: draft.version.version }),
      );
      if (result.outcome === 'conflict') {
        const now = forWriter(caller, (await records.find(caller.user.organisationId, record.id))!);
        return {
          outcome: 'conflict',
          current: latest(now),
          mine: contentFor(caller, now, checked.content),
        } as Conflict;
      }
      return result.outcome === 'saved'
        ? ({ outcome: 'saved', revision: result.revision } as const)
        : ({ outcome: 'fixed' } as Fixed);
    },

    /** The check before sharing: problems that stop it, quality findings, who will sign. */
    async shareCheck(caller: Caller, id: string) {
      const record = await load(caller, id, 'edit');
      const version = latest(record);
      if (version.status !== 'draft' || writerRole(record, caller.actor.staffId) !== 'author')
        throw cannot('You cannot share this record', 'Only its author can share a draft.');
      const { pack } = await policyOf(caller.user.organisationId);
      const findings = await findingsFor(caller.user.organisationId, pack, record, version);
      const signing = signatoriesOf(record, version.template);
      const names = new Map(
        [record.author, record.observer, ...record.people]
          .filter((p): p is RecordPerson => !!p)
          .map((p) => [p.id, p.name]),
      );
      const lineManager = partyPeople(record).lineManagerId;
      if (lineManager && !names.has(lineManager)) {
        const lm = await person(caller.user.organisationId, lineManager);
        if (lm) names.set(lm.id, lm.name);
      }
      const problems = [
        ...completeProblems(record, version),
        ...signing.problems.map((message) => ({ field: 'signatories', message })),
        ...findings
          .filter((f) => f.level === 'must')
          .map((f) => ({ field: findingField(f.field), message: f.message })),
      ];
      const shown = forWriter(caller, record);
      return {
        record: shown,
        version: latest(shown),
        findings,
        problems,
        blocked: problems.length > 0 || blocksSharing(findings),
        signatories: signing.signatories.map((s) => ({ ...s, name: names.get(s.staffId) ?? '' })),
      };
    },

    /** Shares the draft; the author signs as they share, and a note only they sign locks. */
    async share(caller: Caller, id: string, revision: number) {
      const check = await this.shareCheck(caller, id);
      if (check.blocked) return { outcome: 'invalid', problems: check.problems } as Invalid;
      const { record, version } = check;
      const me = caller.actor.staffId!;
      const signatories = check.signatories.map(({ party, staffId }) => ({ party, staffId }));
      const own = signatories.find((s) => s.staffId === me && s.party !== 'supervisee');
      const locks = signatories.every((s) => s.staffId === me && s.party !== 'supervisee');
      const result = await records.share(
        caller.user.organisationId,
        record.id,
        version.version,
        {
          revision,
          signatories,
          authorSignature: own ?? null,
          content: version.content,
          userId: caller.user.id,
          today: await today(caller.user.organisationId),
          actions: {
            staffId: groupKinds.includes(record.kind) ? null : (superviseeOf(record)?.id ?? null),
            setOn: record.date,
          },
          locks,
        },
        audit(caller, 'supervision_record.shared'),
      );
      if (result.outcome === 'conflict')
        return {
          outcome: 'conflict',
          current: latest(
            forWriter(caller, (await records.find(caller.user.organisationId, record.id))!),
          ),
          mine: version.content,
        } as Conflict;
      return result.outcome === 'saved'
        ? ({ outcome: 'shared', locked: locks } as const)
        : ({ outcome: 'fixed' } as Fixed);
    },

    async returnToDraft(caller: Caller, id: string) {
      const record = await load(caller, id, 'edit');
      if (!permissions(caller, record).returnToDraft)
        throw cannot(
          'This record cannot go back to draft',
          'A record goes back to draft only while nobody else has signed it.',
        );
      const result = await records.returnToDraft(
        caller.user.organisationId,
        record.id,
        latest(record).version,
        caller.actor.staffId ?? null,
        audit(caller, 'supervision_record.returned_to_draft'),
      );
      return result.outcome;
    },

    /** The signing page: who is signing, as what, and whether they may disagree. */
    async signForm(caller: Caller, id: string) {
      const record = await load(caller, id, 'sign');
      const version = latest(record);
      const problem = signingProblem(
        version.status,
        version.signatories,
        version.signatures,
        caller.actor.staffId,
      );
      if (problem) throw cannot('You cannot sign this record', problem);
      await logView(caller, record, version.version);
      // Read as on the record's page: the original is opened there, on purpose.
      const shown = shownRecord(record);
      return page(caller, shown, latest(shown));
    },

    /** Signs, or records the supervisee's disagreement; the last signature locks the version. */
    async sign(
      caller: Caller,
      id: string,
      input: { decision?: string; disagreement?: string },
    ): Promise<{ outcome: 'signed'; locked: boolean } | Invalid | { outcome: 'conflict' }> {
      const record = await load(caller, id, 'sign');
      const version = latest(record);
      const me = caller.actor.staffId;
      const problem = signingProblem(version.status, version.signatories, version.signatures, me);
      if (problem) throw cannot('You cannot sign this record', problem);
      const signed = new Set(version.signatures.map((s) => s.party));
      const party = partiesOf(me, version.signatories).find((p) => !signed.has(p))!;
      const problems: Problem[] = [];
      const disagree = input.decision === 'disagree';
      if (input.decision !== 'agree' && !(disagree && canRecordDisagreement(party)))
        problems.push({
          field: 'decision',
          message: canRecordDisagreement(party)
            ? 'Select whether you agree this is an accurate record'
            : 'Confirm that you are signing this record',
        });
      const text = input.disagreement?.trim() ?? '';
      if (disagree && text.length === 0)
        problems.push({ field: 'disagreement', message: 'Say what you disagree with' });
      if (text.length > 10_000)
        problems.push({
          field: 'disagreement',
          message: 'Your disagreement must be 10,000 characters or fewer',
        });
      if (problems.length > 0) return { outcome: 'invalid', problems };
      return records.sign(
        caller.user.organisationId,
        record.id,
        version.version,
        {
          party,
          staffId: me!,
          userId: caller.user.id,
          disagreement: disagree ? text : null,
          today: await today(caller.user.organisationId),
        },
        audit(caller, disagree ? 'supervision_record.disagreed' : 'supervision_record.signed'),
      );
    },

    /** Starts a new version of a locked record, with the reason for the amendment. */
    async amend(caller: Caller, id: string, reason: string | undefined) {
      const record = await load(caller, id, 'edit');
      if (!permissions(caller, record).amend)
        throw cannot(
          'You cannot amend this record',
          'Its author or the supervisee’s supervisor can amend a locked record.',
        );
      const text = reason?.trim() ?? '';
      if (text.length === 0)
        return {
          outcome: 'invalid',
          problems: [{ field: 'reason', message: 'Say why the record is being amended' }],
        } as Invalid;
      if (text.length > 2000)
        return {
          outcome: 'invalid',
          problems: [{ field: 'reason', message: 'The reason must be 2,000 characters or fewer' }],
        } as Invalid;
      const version = latest(record);
      const result = await records.amend(
        caller.user.organisationId,
        record.id,
        {
          fromVersion: version.version,
          reason: text,
          userId: caller.user.id,
          template: version.template,
        },
        audit(caller, 'supervision_record.amended'),
      );
      return result;
    },

    /** Says when the meeting was recorded in the HR system, as the pack asks. */
    async recordDateRecorded(caller: Caller, id: string, date: IsoDate | undefined) {
      const record = await load(caller, id);
      if (writerRole(record, caller.actor.staffId) !== 'author')
        throw cannot(
          'You cannot change this',
          'Only the record’s author says when it was recorded.',
        );
      const problems: Problem[] = [];
      if (!date)
        problems.push({ field: 'dateRecorded', message: 'Enter the date it was recorded' });
      else if (date < record.date)
        problems.push({
          field: 'dateRecorded',
          message: 'The date cannot be before the supervision',
        });
      else if (date > (await today(caller.user.organisationId)))
        problems.push({ field: 'dateRecorded', message: 'The date must be today or in the past' });
      if (problems.length > 0 || !date) return { outcome: 'invalid', problems } as Invalid;
      await records.setDateRecorded(
        caller.user.organisationId,
        record.id,
        date,
        audit(caller, 'supervision_record.date_recorded', { date }),
      );
      return { outcome: 'saved' } as const;
    },

    /** Takes a disagreement to the supervisor's line manager. */
    async escalate(caller: Caller, id: string, reason: string | undefined) {
      const record = await load(caller, id);
      if (!permissions(caller, record).escalate)
        throw cannot(
          'You cannot escalate this record',
          'A recorded disagreement can be escalated by the supervisee or the supervisor, once.',
        );
      const text = reason?.trim() ?? '';
      const problems: Problem[] = [];
      if (text.length === 0)
        problems.push({
          field: 'reason',
          message: 'Say what you would like the line manager to look at',
        });
      if (text.length > 5000)
        problems.push({ field: 'reason', message: 'This must be 5,000 characters or fewer' });
      const to = record.author
        ? (await person(caller.user.organisationId, record.author.id))?.lineManagerId
        : null;
      if (!to)
        problems.push({
          field: 'reason',
          message: `${record.author?.name ?? 'The supervisor'} has no line manager recorded. Ask an administrator to add one`,
        });
      if (problems.length > 0) return { outcome: 'invalid', problems } as Invalid;
      const disagreed = [...record.versions]
        .reverse()
        .find((v) => v.signatures.some((s) => s.disagreement !== null))!;
      await records.escalate(
        caller.user.organisationId,
        record.id,
        { version: disagreed.version, reason: text, toStaffId: to!, userId: caller.user.id },
        audit(caller, 'supervision_record.escalated'),
      );
      return { outcome: 'saved' } as const;
    },

    /** The line manager's response to an escalated disagreement. */
    async respond(caller: Caller, id: string, escalationId: string, response: string | undefined) {
      const record = await load(caller, id);
      if (!permissions(caller, record).respondTo.includes(escalationId))
        throw cannot(
          'You cannot respond to this',
          'Only the line manager it was escalated to can respond.',
        );
      const text = response?.trim() ?? '';
      if (text.length === 0 || text.length > 5000)
        return {
          outcome: 'invalid',
          problems: [
            {
              field: 'response',
              message:
                text.length === 0
                  ? 'Enter your response'
                  : 'Your response must be 5,000 characters or fewer',
            },
          ],
        } as Invalid;
      const done = await records.respond(
        caller.user.organisationId,
        record.id,
        escalationId,
        { response: text, userId: caller.user.id },
        audit(caller, 'supervision_record.escalation_answered'),
      );
      return done ? ({ outcome: 'saved' } as const) : ({ outcome: 'conflict' } as const);
    },

    /** Records as the API lists them: those the caller may see, with their current state. */
    async list(
      caller: Caller,
      filter: {
        staffId?: string;
        childId?: string;
        kind?: RecordKind;
        status?: 'draft' | 'shared' | 'locked';
        from?: IsoDate;
        to?: IsoDate;
      },
    ) {
      const organisationId = caller.user.organisationId;
      const me = caller.actor.staffId;
      const { kind, ...rest } = filter;
      const found = await records.list(organisationId, {
        ...(filter.staffId || filter.childId ? {} : me ? { involving: me } : {}),
        ...rest,
        ...(kind ? { kinds: [kind] } : {}),
        limit: 100,
      });
      const full = await records.findMany(
        organisationId,
        found.map((summary) => summary.id),
      );
      return full
        .filter((record) => can(caller.actor, 'view', recordResource(record)))
        .map(shownRecord);
    },

    /**
     * The oversight notes on a child's page, newest first. The caller may see the child; a
     * note about several children is checked against each of them.
     */
    async forChild(caller: Caller, childId: string) {
      const organisationId = caller.user.organisationId;
      const found = await records.list(organisationId, { childId, limit: 200 });
      const several = await records.findMany(
        organisationId,
        found.filter((summary) => summary.childIds.length > 1).map((summary) => summary.id),
      );
      const seen = new Set(
        several
          .filter((record) => can(caller.actor, 'view', recordResource(record)))
          .map((record) => record.id),
      );
      return found.filter((summary) => summary.childIds.length <= 1 || seen.has(summary.id));
    },

    /** One record for the API, with every version; the view is audited. */
    async get(caller: Caller, id: string) {
      const record = await load(caller, id);
      await logView(caller, record, record.versions.at(-1)?.version ?? null);
      return record;
    },

    /**
     * The latest version as it stands now, for the API's checks before a change: the same
     * access as `get`, but not a view (nobody is sent the record), so not audited. Undefined
     * for a record made in another system.
     */
    async current(caller: Caller, id: string): Promise<RecordVersion | undefined> {
      return (await load(caller, id)).versions.at(-1);
    },
  };
}
export type RecordService = ReturnType<typeof recordService>;
