/**
 * Supervision agreements as the pages and the API use them: on the organisation's pack template,
 * with the agreed frequency held above the pack's floor, signed by each party from their own
 * account, and reviewed when the pack says. Problems name the field (`answers.<id>`,
 * `agreedFrequency`, `relationshipId`) so a page can point at the input and the API at the
 * JSON member.
 */

import type {
  Agreement,
  AgreementRelationship,
  EffectivenessReview,
} from '../../data-access/agreement-repository.ts';
import type { Repositories } from '../../data-access/index.ts';
import type { UserAccount } from '../../data-access/user-repository.ts';
import { type Actor, can, type Resource } from '../../domain/access/can.ts';
import {
  type AgreedFrequency,
  type AgreementDue,
  agreementDue,
  agreementTemplateFor,
  carryOver,
  changeOfSupervisor,
  checkAnswers,
  describeAgreedFrequency,
  effectivenessDueDates,
  effectivenessRuleFor,
  evidenceKind,
  floorProblem,
  frequencyFloor,
  isChangeable,
  type Party,
  parseAgreedFrequency,
  partyOf,
  reviewDueOn,
  signingProblem,
  takesAgreement,
} from '../../domain/agreements/index.ts';
import { isoDateAt } from '../../domain/calendar/iso-date.ts';
import type { IsoDate } from '../../domain/calendar/period.ts';
import type { AgreementTemplate, PolicyPack } from '../../domain/policy/schema.ts';
import { storedPolicy } from '../../services/stored-policy.ts';
import {
  FormErrors,
  type FormValues,
  isUuid,
  readChoice,
  readDate,
  readText,
} from '../../web/forms.ts';
import { HttpError, notAllowed, notFound } from '../../web/http-errors.ts';
import { govukDate } from '../../web/view-filters.ts';

/** Who is asking: their account, what can() knows of them, and the request to audit. */
export type Caller = { user: UserAccount; actor: Actor; requestId?: string | undefined };

/** A problem with what was sent, naming the field as the API names it. */
export type Problem = { field: string; message: string };

/** What a page or the API sends to make or change a version. */
export type AgreementInput = {
  answers?: Record<string, unknown> | undefined;
  /** A period { unit, count }; null clears it. */
  agreedFrequency?: unknown;
};

export type Saved = { outcome: 'saved'; agreement: Agreement; signaturesCleared: boolean };
export type Invalid = { outcome: 'invalid'; problems: Problem[] };
/** The version changed since it was read, or is not in a state for this. */
export type Conflict = { outcome: 'conflict'; current: Agreement; message: string };

const notYours = () =>
  new HttpError(
    403,
    'You cannot sign this agreement',
    'Only the supervisee and the supervisor can sign, each from their own account.',
  );

export function agreementResource(rel: AgreementRelationship): Resource {
  return {
    type: 'supervision_agreement',
    superviseeId: rel.superviseeId,
    supervisorId: rel.supervisorId,
    teamId: rel.superviseeTeamId ?? undefined,
    lineManagerId: rel.superviseeLineManagerId ?? undefined,
  };
}

/** The word the pack uses: Leeds calls it a contract. */
export function agreementWord(pack: PolicyPack): string {
  return pack.terminology.agreement ?? 'agreement';
}

function sameFrequency(a: AgreedFrequency | null, b: AgreedFrequency | null) {
  return a === b || (a !== null && b !== null && a.unit === b.unit && a.count === b.count);
}

function changedAnswers(before: Record<string, string>, after: Record<string, string>) {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((key) => before[key] !== after[key]).sort();
}

export function agreementService(repos: Repositories, { clock }: { clock: () => Date }) {
  const today = () => isoDateAt(clock());

  async function policyOf(organisationId: string) {
    const { pack, calendar } = await storedPolicy(repos, organisationId);
    return { pack, calendar, template: agreementTemplateFor(pack), word: agreementWord(pack) };
  }

  async function relationshipFor(caller: Caller, id: string, action: 'view' | 'edit') {
    const rel = isUuid(id)
      ? await repos.agreements.relationship(caller.user.organisationId, id)
      : undefined;
    if (!rel) throw notFound();
    if (!can(caller.actor, action, agreementResource(rel))) throw notAllowed();
    return rel;
  }

  async function agreementFor(caller: Caller, id: string, action: 'view' | 'edit') {
    const agreement = isUuid(id)
      ? await repos.agreements.find(caller.user.organisationId, id)
      : undefined;
    if (!agreement) throw notFound();
    const rel = await repos.agreements.relationship(
      caller.user.organisationId,
      agreement.relationshipId,
    );
    if (!rel) throw notFound();
    if (!can(caller.actor, action, agreementResource(rel))) throw notAllowed();
    return { agreement, rel };
  }

  async function floorFor(organisationId: string, rel: AgreementRelationship, pack: PolicyPack) {
    const facts = await repos.agreements.superviseeFacts(organisationId, rel.superviseeId);
    if (!facts) return undefined;
    const { calendar } = await policyOf(organisationId);
    return frequencyFloor(pack, facts, today(), calendar);
  }

  /** The answers and the agreed frequency checked, and the frequency held above the floor. */
  async function check(
    caller: Caller,
    rel: AgreementRelationship,
    template: AgreementTemplate,
    pack: PolicyPack,
    answersInput: Record<string, unknown>,
    frequencyInput: unknown,
    complete: boolean,
  ) {
    const problems: Problem[] = [];
    const checked = checkAnswers(template, answersInput, { complete });
    for (const p of checked.problems)
      problems.push({ field: `answers.${p.field}`, message: p.message });
    let agreedFrequency: AgreedFrequency | null = null;
    if (frequencyInput === null || frequencyInput === undefined) {
      if (complete)
        problems.push({
          field: 'agreedFrequency',
          message: 'Enter how often you will meet for one-to-one supervision',
        });
    } else {
      const parsed = parseAgreedFrequency(frequencyInput);
      if (!parsed.ok) problems.push({ field: 'agreedFrequency', message: parsed.problem });
      else {
        agreedFrequency = parsed.value;
        const floor = await floorFor(caller.user.organisationId, rel, pack);
        const problem = floorProblem(parsed.value, floor, rel.superviseeName);
        if (problem) problems.push({ field: 'agreedFrequency', message: problem });
      }
    }
    return { answers: checked.answers, agreedFrequency, problems };
  }

  function ended(rel: AgreementRelationship) {
    return rel.endsOn !== null && rel.endsOn < today();
  }

  function relationshipProblem(rel: AgreementRelationship, word: string): Problem | undefined {
    if (!takesAgreement(rel.kind))
      return {
        field: 'relationshipId',
        message: `Temporary cover has no ${word} of its own. Choose ${rel.superviseeName}’s line management, placement supervisor or practice educator relationship`,
      };
    if (ended(rel))
      return {
        field: 'relationshipId',
        message: `This supervision ended on ${govukDate(rel.endsOn)}, so no new ${word} can be made for it`,
      };
    return undefined;
  }

  async function reload(caller: Caller, id: string) {
    const agreement = await repos.agreements.find(caller.user.organisationId, id);
    if (!agreement) throw notFound();
    return agreement;
  }

  const audit = (caller: Caller, action: string, detail: Record<string, unknown> = {}) => ({
    actorUserId: caller.user.id,
    requestId: caller.requestId,
    action,
    detail,
  });

  async function create(
    caller: Caller,
    relationshipId: string,
    input: AgreementInput,
  ): Promise<Saved | Invalid | { outcome: 'open'; agreement: Agreement }> {
    const rel = await relationshipFor(caller, relationshipId, 'edit');
    const { pack, template, word } = await policyOf(caller.user.organisationId);
    const problem = relationshipProblem(rel, word);
    if (problem) return { outcome: 'invalid', problems: [problem] };
    const versions = await repos.agreements.listForRelationships(caller.user.organisationId, [
      rel.id,
    ]);
    const open = versions.find((v) => isChangeable(v.status));
    if (open) return { outcome: 'open', agreement: open };
    // A new version starts from the one in force.
    const inForce = versions.find((v) => v.status === 'signed');
    const checked = await check(
      caller,
      rel,
      template,
      pack,
      input.answers ?? carryOver(template, inForce?.answers ?? {}),
      input.agreedFrequency !== undefined ? input.agreedFrequency : inForce?.agreedFrequency,
      false,
    );
    if (checked.problems.length > 0) return { outcome: 'invalid', problems: checked.problems };
    const result = await repos.agreements.create(
      caller.user.organisationId,
      {
        relationshipId: rel.id,
        templateId: template.id,
        template,
        answers: checked.answers,
        agreedFrequency: checked.agreedFrequency,
        createdBy: caller.user.id,
      },
      audit(caller, 'supervision_agreement.created', inForce ? { from: inForce.id } : {}),
    );
    if (result.outcome === 'open')
      return { outcome: 'open', agreement: await reload(caller, result.id) };
    return {
      outcome: 'saved',
      agreement: await reload(caller, result.id),
      signaturesCleared: false,
    };
  }

  return {
    today,
    policyOf,

    /** Relationships to list: someone's (as supervisee), or the caller's own and their supervisees'. */
    async overview(caller: Caller, staffId?: string) {
      const organisationId = caller.user.organisationId;
      const on = today();
      let groups: { title: string; relationships: AgreementRelationship[] }[];
      let person: { id: string; name: string } | undefined;
      if (staffId !== undefined) {
        const staff = isUuid(staffId)
          ? await repos.staff.record(organisationId, staffId)
          : undefined;
        if (!staff) throw notFound();
        const all = await repos.agreements.relationshipsOfSupervisee(organisationId, staff.id);
        const visible = all.filter((r) => can(caller.actor, 'view', agreementResource(r)));
        if (visible.length === 0 && !can(caller.actor, 'view', staffResourceOf(staff)))
          throw notAllowed();
        person = { id: staff.id, name: staff.name };
        groups = [{ title: `${staff.name}’s supervision`, relationships: visible }];
      } else {
        const me = caller.actor.staffId;
        const [mine, supervising] = me
          ? await Promise.all([
              repos.agreements.relationshipsOfSupervisee(organisationId, me),
              repos.agreements.currentRelationshipsOfSupervisor(organisationId, me, on),
            ])
          : [[], []];
        groups = [
          { title: 'Your supervision', relationships: mine },
          { title: 'People you supervise', relationships: supervising },
        ];
      }
      const ids = groups.flatMap((g) => g.relationships.map((r) => r.id));
      const versions = await repos.agreements.listForRelationships(organisationId, ids);
      const { word } = await policyOf(organisationId);
      return {
        person,
        word,
        today: on,
        groups: groups.map((group) => ({
          title: group.title,
          rows: group.relationships
            .filter((r) => takesAgreement(r.kind))
            .map((relationship) => {
              const own = versions.filter((v) => v.relationshipId === relationship.id);
              return {
                relationship,
                latest: own[0],
                inForce: own.find((v) => v.status === 'signed'),
                ended: relationship.endsOn !== null && relationship.endsOn < on,
              };
            }),
        })),
      };
    },

    /** A relationship: its versions, what is due, and its effectiveness reviews. */
    async relationshipPage(caller: Caller, relationshipId: string) {
      const organisationId = caller.user.organisationId;
      const rel = await relationshipFor(caller, relationshipId, 'view');
      const { pack, calendar, template, word } = await policyOf(organisationId);
      const [versions, all, floor] = await Promise.all([
        repos.agreements.listForRelationships(organisationId, [rel.id]),
        repos.agreements.relationshipsOfSupervisee(organisationId, rel.superviseeId),
        floorFor(organisationId, rel, pack),
      ]);
      const inForce = versions.find((v) => v.status === 'signed');
      const open = versions.find((v) => isChangeable(v.status));
      const previous = changeOfSupervisor(all, rel);
      const on = today();
      const due: AgreementDue = agreementDue({
        pack,
        relationship: rel,
        signedReviewDueOn: inForce?.reviewDueOn ?? null,
        previous,
        today: on,
      });
      const rule = effectivenessRuleFor(pack, rel.kind);
      let effectiveness:
        | { every: string; dueDates: IsoDate[]; reviews: EffectivenessReview[]; source: string }
        | undefined;
      if (rule) {
        const [dates, reviews] = await Promise.all([
          repos.agreements.effectivenessReviewDates(organisationId, rel.superviseeId),
          repos.agreements.effectivenessReviews(organisationId, [rel.id]),
        ]);
        effectiveness = {
          every: describeAgreedFrequency(rule.every as AgreedFrequency),
          dueDates: effectivenessDueDates(rule, rel, dates, (d, p) => calendar.addPeriod(d, p)),
          reviews,
          source: `${rule.source.section} (${pack.name})`,
        };
      }
      const canEdit = can(caller.actor, 'edit', agreementResource(rel));
      return {
        rel,
        word,
        title: template.title,
        versions,
        inForce,
        open,
        previous,
        due,
        floor,
        effectiveness,
        today: on,
        canCreate: canEdit && !open && relationshipProblem(rel, word) === undefined,
        canRecordReview: canEdit && !ended(rel),
      };
    },

    /** One version, its answers laid out on its template, and what the caller can do with it. */
    async agreementPage(caller: Caller, id: string) {
      const { agreement, rel } = await agreementFor(caller, id, 'view');
      const { pack, template: current, word } = await policyOf(caller.user.organisationId);
      const template = agreement.template ?? current;
      const party = partyOf(caller.actor.staffId, rel);
      const canEdit = can(caller.actor, 'edit', agreementResource(rel));
      const versions = await repos.agreements.listForRelationships(caller.user.organisationId, [
        rel.id,
      ]);
      const latest = versions[0];
      const floor = await floorFor(caller.user.organisationId, rel, pack);
      const signProblem = signingProblem(agreement.status, party, {
        supervisee: agreement.signatures.supervisee ? 'signed' : null,
        supervisor: agreement.signatures.supervisor ? 'signed' : null,
      });
      return {
        agreement,
        rel,
        word,
        template,
        floor,
        party,
        frequencyWords: agreement.agreedFrequency
          ? describeAgreedFrequency(agreement.agreedFrequency)
          : undefined,
        canEdit: canEdit && isChangeable(agreement.status),
        canSend: canEdit && agreement.status === 'draft',
        canSign: can(caller.actor, 'sign', agreementResource(rel)) && signProblem === undefined,
        canStartNewVersion:
          canEdit &&
          agreement.status === 'signed' &&
          latest?.id === agreement.id &&
          relationshipProblem(rel, word) === undefined,
        isLatest: latest?.id === agreement.id,
      };
    },

    create,

    /**
     * Changes a draft (or one awaiting signatures, which goes back to draft). `merge` keeps the
     * answers not sent (the API's PATCH); otherwise the answers sent are the whole set (a form).
     */
    async update(
      caller: Caller,
      id: string,
      versionToken: string,
      input: AgreementInput,
      options: { merge: boolean },
    ): Promise<Saved | Invalid | Conflict | { outcome: 'fixed'; current: Agreement }> {
      const { agreement, rel } = await agreementFor(caller, id, 'edit');
      if (!isChangeable(agreement.status)) return { outcome: 'fixed', current: agreement };
      const { pack, template: current } = await policyOf(caller.user.organisationId);
      const template = agreement.template ?? current;
      const answersInput = options.merge
        ? { ...agreement.answers, ...(input.answers ?? {}) }
        : (input.answers ?? {});
      const frequencyInput =
        input.agreedFrequency === undefined && options.merge
          ? agreement.agreedFrequency
          : input.agreedFrequency;
      const checked = await check(caller, rel, template, pack, answersInput, frequencyInput, false);
      if (checked.problems.length > 0) return { outcome: 'invalid', problems: checked.problems };
      if (versionToken !== agreement.versionToken)
        return {
          outcome: 'conflict',
          current: agreement,
          message: 'Someone else changed this agreement after you opened it',
        };
      const changed = changedAnswers(agreement.answers, checked.answers);
      const frequencyChanged = !sameFrequency(agreement.agreedFrequency, checked.agreedFrequency);
      if (changed.length === 0 && !frequencyChanged)
        return { outcome: 'saved', agreement, signaturesCleared: false };
      const result = await repos.agreements.update(
        caller.user.organisationId,
        agreement.id,
        versionToken,
        { answers: checked.answers, agreedFrequency: checked.agreedFrequency },
        audit(caller, 'supervision_agreement.updated', {
          changed: [
            ...changed.map((field) => `answers.${field}`),
            ...(frequencyChanged ? ['agreedFrequency'] : []),
          ],
        }),
      );
      const now = await reload(caller, id);
      if (result.outcome === 'saved')
        return { outcome: 'saved', agreement: now, signaturesCleared: result.signaturesCleared };
      if (result.outcome === 'fixed') return { outcome: 'fixed', current: now };
      return {
        outcome: 'conflict',
        current: now,
        message: 'Someone else changed this agreement after you opened it',
      };
    },

    /** Sends a complete draft for both parties to sign. */
    async send(
      caller: Caller,
      id: string,
      versionToken?: string,
    ): Promise<Saved | Invalid | Conflict> {
      const { agreement, rel } = await agreementFor(caller, id, 'edit');
      const { pack, template: current, word } = await policyOf(caller.user.organisationId);
      if (agreement.status !== 'draft')
        return {
          outcome: 'conflict',
          current: agreement,
          message:
            agreement.status === 'awaiting_signatures'
              ? `This ${word} has already been sent for signature`
              : `This ${word} has been signed by both and cannot be sent again`,
        };
      if (versionToken !== undefined && versionToken !== agreement.versionToken)
        return {
          outcome: 'conflict',
          current: agreement,
          message: `Someone else changed this ${word} after you opened it`,
        };
      const problem = relationshipProblem(rel, word);
      if (problem) return { outcome: 'invalid', problems: [problem] };
      const template = agreement.template ?? current;
      const checked = await check(
        caller,
        rel,
        template,
        pack,
        agreement.answers,
        agreement.agreedFrequency,
        true,
      );
      if (checked.problems.length > 0) return { outcome: 'invalid', problems: checked.problems };
      const result = await repos.agreements.send(
        caller.user.organisationId,
        agreement.id,
        agreement.versionToken,
        audit(caller, 'supervision_agreement.sent'),
      );
      const now = await reload(caller, id);
      if (result.outcome === 'sent')
        return { outcome: 'saved', agreement: now, signaturesCleared: false };
      return {
        outcome: 'conflict',
        current: now,
        message: `Someone else changed this ${word} after you opened it`,
      };
    },

    /** The caller's own electronic signature, as the supervisee or the supervisor. */
    async sign(
      caller: Caller,
      id: string,
      versionToken?: string,
    ): Promise<
      Saved | Conflict | { outcome: 'not_signable'; current: Agreement; message: string }
    > {
      const { agreement, rel } = await agreementFor(caller, id, 'view');
      if (!can(caller.actor, 'sign', agreementResource(rel))) throw notYours();
      const party = partyOf(caller.actor.staffId, rel) as Party;
      const problem = signingProblem(agreement.status, party, {
        supervisee: agreement.signatures.supervisee ? 'signed' : null,
        supervisor: agreement.signatures.supervisor ? 'signed' : null,
      });
      if (problem) return { outcome: 'not_signable', current: agreement, message: problem };
      if (versionToken !== undefined && versionToken !== agreement.versionToken)
        return {
          outcome: 'conflict',
          current: agreement,
          message: 'The agreement changed after you opened it. Read it again before you sign',
        };
      const { pack, calendar } = await policyOf(caller.user.organisationId);
      const on = today();
      const result = await repos.agreements.sign(
        caller.user.organisationId,
        agreement.id,
        {
          party,
          userId: caller.user.id,
          at: clock(),
          versionToken: agreement.versionToken,
          complete: {
            evidence: {
              kind: evidenceKind(agreement.version),
              date: on,
              authorId: rel.supervisorId,
              superviseeId: rel.superviseeId,
            },
            reviewDueOn: reviewDueOn(pack, rel.kind, on, (d, p) => calendar.addPeriod(d, p)),
          },
        },
        audit(caller, 'supervision_agreement.signed'),
      );
      const now = await reload(caller, id);
      if (result.outcome === 'signed')
        return { outcome: 'saved', agreement: now, signaturesCleared: false };
      return {
        outcome: 'conflict',
        current: now,
        message: 'The agreement changed after you opened it. Read it again before you sign',
      };
    },

    /** Changing a signed agreement: a new draft version from it; the signed one stays in force. */
    async startNewVersion(
      caller: Caller,
      id: string,
    ): Promise<Saved | Invalid | Conflict | { outcome: 'open'; agreement: Agreement }> {
      const { agreement, rel } = await agreementFor(caller, id, 'edit');
      if (agreement.status !== 'signed')
        return {
          outcome: 'conflict',
          current: agreement,
          message:
            agreement.status === 'superseded'
              ? 'A later version has replaced this one. Start from the version in force'
              : 'Only a signed agreement is changed by starting a new version. Change this one instead',
        };
      return create(caller, rel.id, {});
    },

    /** The form to record an effectiveness review. */
    async reviewForm(caller: Caller, relationshipId: string) {
      const rel = await relationshipFor(caller, relationshipId, 'edit');
      const { pack, word } = await policyOf(caller.user.organisationId);
      const rule = effectivenessRuleFor(pack, rel.kind);
      return { rel, word, rule, values: {} as FormValues };
    },

    /** Records an effectiveness review and the evidence the compliance engine counts. */
    async addReview(caller: Caller, relationshipId: string, form: FormValues) {
      const rel = await relationshipFor(caller, relationshipId, 'edit');
      const { pack, word } = await policyOf(caller.user.organisationId);
      const rule = effectivenessRuleFor(pack, rel.kind);
      const errors = new FormErrors();
      const heldOn = readDate(form, errors, 'heldOn', 'Date of the review', { required: true });
      if (heldOn && heldOn > today())
        errors.add('heldOn', 'Date of the review must be today or in the past', {
          href: '#heldOn-day',
        });
      else if (heldOn && heldOn < rel.startsOn)
        errors.add(
          'heldOn',
          `Date of the review must be on or after ${govukDate(rel.startsOn)}, when this supervision started`,
          { href: '#heldOn-day' },
        );
      const review = readText(form, errors, 'review', 'What you reviewed and agreed', {
        required:
          'Enter what you reviewed: the content, length, frequency, format and style of supervision',
        max: 5000,
      });
      const feedback = readText(form, errors, 'feedback', 'The supervisee’s feedback', {
        max: 5000,
      });
      const changes = readChoice(
        form,
        errors,
        'changesNeeded',
        ['yes', 'no'] as const,
        `Select yes if the ${word} needs to change`,
      );
      if (ended(rel))
        errors.add('heldOn', `This supervision ended on ${govukDate(rel.endsOn)}`, {
          href: '#heldOn-day',
        });
      if (errors.any || !heldOn || !review || !changes)
        return { outcome: 'invalid' as const, page: { rel, word, rule, values: form, errors } };
      const versions = await repos.agreements.listForRelationships(caller.user.organisationId, [
        rel.id,
      ]);
      await repos.agreements.addEffectivenessReview(
        caller.user.organisationId,
        {
          relationshipId: rel.id,
          agreementId: versions.find((v) => v.status === 'signed')?.id ?? null,
          heldOn,
          review,
          superviseeFeedback: feedback,
          agreementChangesNeeded: changes === 'yes',
          createdBy: caller.user.id,
          evidence: {
            kind: 'effectiveness_review',
            date: heldOn,
            authorId: rel.supervisorId,
            superviseeId: rel.superviseeId,
          },
        },
        audit(caller, 'effectiveness_review.created'),
      );
      return { outcome: 'saved' as const, changesNeeded: changes === 'yes' };
    },

    /** Versions visible to the caller: of one relationship, one supervisee, or their own. */
    async list(caller: Caller, filter: { staffId?: string; relationshipId?: string }) {
      const organisationId = caller.user.organisationId;
      let relationships: AgreementRelationship[];
      if (filter.relationshipId !== undefined) {
        relationships = [await relationshipFor(caller, filter.relationshipId, 'view')];
      } else if (filter.staffId !== undefined) {
        relationships = isUuid(filter.staffId)
          ? await repos.agreements.relationshipsOfSupervisee(organisationId, filter.staffId)
          : [];
      } else {
        const me = caller.actor.staffId;
        relationships = me
          ? [
              ...(await repos.agreements.relationshipsOfSupervisee(organisationId, me)),
              ...(await repos.agreements.currentRelationshipsOfSupervisor(
                organisationId,
                me,
                today(),
              )),
            ]
          : [];
      }
      const visible = relationships.filter((r) => can(caller.actor, 'view', agreementResource(r)));
      const byId = new Map(visible.map((r) => [r.id, r]));
      const agreements = await repos.agreements.listForRelationships(organisationId, [
        ...byId.keys(),
      ]);
      return agreements.map((agreement) => ({
        agreement,
        rel: byId.get(agreement.relationshipId) as AgreementRelationship,
      }));
    },

    /** One version with its relationship, for the API. */
    async get(caller: Caller, id: string) {
      return agreementFor(caller, id, 'view');
    },

    /** The form for a version: its relationship, template and the floor. */
    async editForm(caller: Caller, id: string) {
      const { agreement, rel } = await agreementFor(caller, id, 'edit');
      const { pack, template: current, word } = await policyOf(caller.user.organisationId);
      return {
        agreement,
        rel,
        word,
        template: agreement.template ?? current,
        floor: await floorFor(caller.user.organisationId, rel, pack),
      };
    },
  };
}
export type AgreementService = ReturnType<typeof agreementService>;

function staffResourceOf(staff: {
  id: string;
  teamId: string | null;
  lineManagerId: string | null;
}): Resource {
  return {
    type: 'staff_member',
    id: staff.id,
    teamId: staff.teamId ?? undefined,
    lineManagerId: staff.lineManagerId ?? undefined,
  };
}
