/**
 * A staff member's supervisors: change of supervisor (the current relationship of that kind
 * ends the day before the new one starts), temporary cover, ending a relationship, and what
 * the organisation's policy pack asks for after a change.
 */
import type { Repositories } from '../../data-access/index.ts';
import type { Relationship } from '../../data-access/relationship-repository.ts';
import type { StaffRecord } from '../../data-access/staff-repository.ts';
import type { UserAccount } from '../../data-access/user-repository.ts';
import { type Actor, can } from '../../domain/access/can.ts';
import { addDays } from '../../domain/calendar/index.ts';
import type { IsoDate } from '../../domain/calendar/period.ts';
import type { Obligation } from '../../domain/compliance/index.ts';
import type { ComplianceService } from '../../services/compliance-service.ts';
import {
  dateToForm,
  FormErrors,
  type FormValues,
  isUuid,
  readChoice,
  readDate,
} from '../../web/forms.ts';
import { notAllowed, notFound } from '../../web/http-errors.ts';
import { govukDate } from '../../web/view-filters.ts';
import { type ConflictPage, conflictPage } from './conflict.ts';
import { relationshipKindLabels } from './labels.ts';

import { type Choice, staffResource } from './staff-service.ts';

/** Kinds a change of supervisor applies to; cover has its own action. */
export const changeableKinds = [
  'line_management',
  'placement_supervisor',
  'practice_educator',
] as const;

export type SupervisionFormPage = {
  staff: StaffRecord;
  values: FormValues;
  errors?: FormErrors;
  supervisors: Choice[];
  current: Relationship[];
};

export type SupervisionOutcome =
  | { outcome: 'saved'; relationshipId: string }
  | { outcome: 'invalid'; page: SupervisionFormPage }
  | { outcome: 'conflict'; page: ConflictPage };

/** What the policy pack asks for after a change, for the confirmation page. */
export type AfterChange = {
  relationship: Relationship;
  staff: StaffRecord;
  previous: Relationship | undefined;
  policyPack: string;
  asOf: IsoDate;
  obligations: {
    kind: 'agreement_review' | 'handover';
    responsible: string | null;
    dueDate: IsoDate | null;
    state: Obligation['state'];
    source: string;
    note: string | undefined;
  }[];
  /** Why nothing could be worked out, when the pack cannot be read. */
  problem?: string;
};

const overlaps = (r: Relationship, from: IsoDate, to: IsoDate | null) =>
  r.startsOn <= (to ?? '9999-12-31') && from <= (r.endsOn ?? '9999-12-31');

export function supervisionService(
  repos: Repositories,
  { today, compliance }: { today: () => IsoDate; compliance: ComplianceService },
) {
  async function staffFor(
    user: UserAccount,
    actor: Actor,
    staffId: string,
    action: 'view' | 'edit',
  ) {
    const record = isUuid(staffId)
      ? await repos.staff.record(user.organisationId, staffId)
      : undefined;
    if (!record) throw notFound();
    if (!can(actor, action, staffResource(record))) throw notAllowed();
    return record;
  }

  async function relationshipOf(user: UserAccount, staffId: string, relationshipId: string) {
    const relationship = isUuid(relationshipId)
      ? await repos.relationships.findById(user.organisationId, relationshipId)
      : undefined;
    if (!relationship || relationship.superviseeId !== staffId) throw notFound();
    return relationship;
  }

  async function formPage(
    user: UserAccount,
    staff: StaffRecord,
    values: FormValues,
    errors?: FormErrors,
  ): Promise<SupervisionFormPage> {
    const [people, relationships] = await Promise.all([
      repos.staff.list(user.organisationId),
      repos.relationships.listForSupervisee(user.organisationId, staff.id),
    ]);
    const on = today();
    return {
      staff,
      values,
      ...(errors ? { errors } : {}),
      supervisors: people
        .filter((p) => p.id !== staff.id && (p.leavingDate === null || p.leavingDate >= on))
        .map((p) => ({
          value: p.id,
          text: [p.name, [p.jobTitle, p.teamName].filter(Boolean).join(', ')]
            .filter(Boolean)
            .join(' – '),
        })),
      current: relationships.filter((r) => r.endsOn === null || r.endsOn >= on),
    };
  }

  /** A supervisor chosen from the list: someone else in the organisation. */
  async function readSupervisor(
    user: UserAccount,
    staff: StaffRecord,
    form: FormValues,
    errors: FormErrors,
    field: string,
    missing: string,
  ) {
    const id = form[field] ?? '';
    if (id === '') {
      errors.add(field, missing);
      return undefined;
    }
    const person = isUuid(id) ? await repos.staff.record(user.organisationId, id) : undefined;
    if (!person) errors.add(field, 'Select a person from the list');
    else if (person.id === staff.id)
      errors.add(field, `${staff.name} cannot supervise themselves. Select someone else`);
    return errors.has(field) ? undefined : person;
  }

  return {
    async changeForm(user: UserAccount, actor: Actor, staffId: string) {
      const staff = await staffFor(user, actor, staffId, 'edit');
      return formPage(user, staff, { kind: 'line_management' });
    },

    /** Ends the current relationship of the kind the day before the new one starts. */
    async change(
      user: UserAccount,
      actor: Actor,
      staffId: string,
      form: FormValues,
      requestId?: string,
    ): Promise<SupervisionOutcome> {
      const staff = await staffFor(user, actor, staffId, 'edit');
      const errors = new FormErrors();
      const kind = readChoice(
        form,
        errors,
        'kind',
        changeableKinds,
        'Select the kind of supervision that is changing',
      );
      const supervisor = await readSupervisor(
        user,
        staff,
        form,
        errors,
        'supervisorId',
        'Select the new supervisor',
      );
      const from = readDate(form, errors, 'startsOn', 'Date the change takes effect', {
        required: true,
      });
      const setLineManager = form.setLineManager === 'yes';
      const invalid = async () => ({
        outcome: 'invalid' as const,
        page: await formPage(user, staff, form, errors),
      });
      if (!kind || !supervisor || !from) return invalid();

      const relationships = await repos.relationships.listForSupervisee(
        user.organisationId,
        staffId,
      );
      const ongoing = relationships.filter((r) => r.kind === kind && overlaps(r, from, null));
      const later = ongoing.find((r) => r.startsOn >= from);
      const kindWords = relationshipKindLabels[kind].toLowerCase();
      if (later) {
        errors.add(
          'startsOn',
          `The change must take effect after ${govukDate(later.startsOn)}, when ${kindWords} by ${later.supervisorName} starts`,
          { href: '#startsOn-day' },
        );
        return invalid();
      }
      if (ongoing.length > 1) {
        errors.add(
          'startsOn',
          `${staff.name} has more than one ${kindWords} supervisor on that date. End all but one of them first`,
          { href: '#startsOn-day' },
        );
        return invalid();
      }
      const current = ongoing[0];
      if (current?.supervisorId === supervisor.id) {
        errors.add(
          'supervisorId',
          `${supervisor.name} is already ${staff.name}’s supervisor for ${kindWords}. Select a different supervisor`,
        );
        return invalid();
      }
      if (setLineManager) {
        const chain = await repos.staff.lineManagerChain(user.organisationId, supervisor.id);
        if (chain.some((link) => link.id === staff.id)) {
          errors.add(
            'supervisorId',
            `${supervisor.name} reports to ${staff.name}, so cannot also be their line manager. Select someone else, or do not change the line manager on the record`,
          );
          return invalid();
        }
      }
      const audit = {
        actorUserId: user.id,
        requestId,
        action: 'supervisory_relationship.changed',
        detail: {
          kind,
          superviseeId: staffId,
          supervisorId: supervisor.id,
          startsOn: from,
          endedRelationshipId: current?.id ?? null,
          lineManagerSet: setLineManager,
        },
      };
      const result = await repos.relationships.apply(
        user.organisationId,
        staffId,
        {
          ...(current
            ? { end: { id: current.id, endsOn: addDays(from, -1), version: current.version } }
            : {}),
          start: { supervisorId: supervisor.id, kind, startsOn: from, endsOn: null },
          ...(setLineManager
            ? {
                lineManagerId: supervisor.id,
                lineManagerAudit: {
                  actorUserId: user.id,
                  requestId,
                  action: 'staff_member.updated',
                  detail: { changed: ['lineManagerId'], by: 'change_of_supervisor' },
                },
              }
            : {}),
        },
        audit,
      );
      if (result.outcome === 'saved')
        return { outcome: 'saved', relationshipId: result.startedId! };
      errors.add(
        'supervisorId',
        result.outcome === 'cycle'
          ? `${supervisor.name} reports to ${staff.name}, so cannot also be their line manager`
          : `${staff.name}’s supervisors were changed by someone else while you were working. Check their current supervisors below and send the change again`,
      );
      return invalid();
    },

    /** What the pack now asks for, worked out by the compliance engine. */
    async afterChange(
      user: UserAccount,
      actor: Actor,
      staffId: string,
      relationshipId: string,
    ): Promise<AfterChange> {
      const staff = await staffFor(user, actor, staffId, 'view');
      const relationship = await relationshipOf(user, staffId, relationshipId);
      const relationships = await repos.relationships.listForSupervisee(
        user.organisationId,
        staffId,
      );
      const previous = relationships.find(
        (r) =>
          r.kind === relationship.kind &&
          r.id !== relationship.id &&
          r.endsOn === addDays(relationship.startsOn, -1),
      );
      const on = today();
      const asOf = relationship.startsOn > on ? relationship.startsOn : on;
      const page: AfterChange = {
        relationship,
        staff,
        previous,
        policyPack: '',
        asOf,
        obligations: [],
      };
      let evaluated: Awaited<ReturnType<ComplianceService['view']>>;
      try {
        // Only this person's agreement reviews and handovers: a scoped evaluation.
        evaluated = await compliance.view(
          user.organisationId,
          asOf,
          { kind: 'staff', staffIds: [staff.id] },
          { kinds: ['agreement_review', 'handover'] },
        );
      } catch {
        page.problem =
          'The organisation’s policy pack could not be read, so what it asks for cannot be shown.';
        return page;
      }
      page.policyPack = evaluated.pack.id;
      const people = await repos.staff.list(user.organisationId);
      const names = new Map(people.map((person) => [person.externalId, person.name]));
      page.obligations = evaluated.obligations
        .filter(
          (o): o is Obligation & { kind: 'agreement_review' | 'handover' } =>
            (o.kind === 'agreement_review' || o.kind === 'handover') &&
            o.subject.id === staff.externalId &&
            o.window.from >= relationship.startsOn,
        )
        .map((o) => ({
          kind: o.kind,
          responsible: o.responsibleId ? (names.get(o.responsibleId) ?? o.responsibleId) : null,
          dueDate: o.dueDate,
          state: o.state,
          source: `${o.rule.source.seed}, ${o.rule.source.section}`,
          note: o.rule.note,
        }));
      return page;
    },

    async coverForm(user: UserAccount, actor: Actor, staffId: string) {
      const staff = await staffFor(user, actor, staffId, 'edit');
      return formPage(user, staff, {});
    },

    /** Temporary cover: someone else supervises for a while, beside the usual supervisor. */
    async addCover(
      user: UserAccount,
      actor: Actor,
      staffId: string,
      form: FormValues,
      requestId?: string,
    ): Promise<SupervisionOutcome> {
      const staff = await staffFor(user, actor, staffId, 'edit');
      const errors = new FormErrors();
      const supervisor = await readSupervisor(
        user,
        staff,
        form,
        errors,
        'supervisorId',
        'Select who will cover',
      );
      const from = readDate(form, errors, 'startsOn', 'First day of cover', { required: true });
      const to = readDate(form, errors, 'endsOn', 'Last day of cover', { required: true });
      if (from && to && to < from)
        errors.add('endsOn', 'Last day of cover must be the same as or after the first day', {
          href: '#endsOn-day',
        });
      const invalid = async () => ({
        outcome: 'invalid' as const,
        page: await formPage(user, staff, form, errors),
      });
      if (errors.any || !supervisor || !from || !to) return invalid();
      const relationships = await repos.relationships.listForSupervisee(
        user.organisationId,
        staffId,
      );
      const clash = relationships.find((r) => r.kind === 'cover' && overlaps(r, from, to));
      if (clash) {
        errors.add(
          'startsOn',
          `${clash.supervisorName} already covers from ${govukDate(clash.startsOn)}${
            clash.endsOn ? ` to ${govukDate(clash.endsOn)}` : ''
          }. Choose dates that do not overlap, or end that cover first`,
          { href: '#startsOn-day' },
        );
        return invalid();
      }
      const result = await repos.relationships.apply(
        user.organisationId,
        staffId,
        { start: { supervisorId: supervisor.id, kind: 'cover', startsOn: from, endsOn: to } },
        {
          actorUserId: user.id,
          requestId,
          action: 'supervisory_relationship.created',
          detail: {
            kind: 'cover',
            superviseeId: staffId,
            supervisorId: supervisor.id,
            startsOn: from,
            endsOn: to,
          },
        },
      );
      if (result.outcome === 'saved')
        return { outcome: 'saved', relationshipId: result.startedId! };
      errors.add(
        'startsOn',
        `${staff.name}’s cover was changed by someone else while you were working. Check the current supervisors and choose dates that do not overlap`,
        { href: '#startsOn-day' },
      );
      return invalid();
    },

    async endForm(user: UserAccount, actor: Actor, staffId: string, relationshipId: string) {
      const staff = await staffFor(user, actor, staffId, 'edit');
      const relationship = await relationshipOf(user, staffId, relationshipId);
      return {
        staff,
        relationship,
        values: {
          ...dateToForm('endsOn', relationship.endsOn ?? today()),
          version: relationship.version,
        },
      };
    },

    /** Sets the last day of a relationship. */
    async end(
      user: UserAccount,
      actor: Actor,
      staffId: string,
      relationshipId: string,
      form: FormValues,
      requestId?: string,
    ) {
      const staff = await staffFor(user, actor, staffId, 'edit');
      const relationship = await relationshipOf(user, staffId, relationshipId);
      const errors = new FormErrors();
      const endsOn = readDate(form, errors, 'endsOn', 'Last day', { required: true });
      if (endsOn && endsOn < relationship.startsOn)
        errors.add(
          'endsOn',
          `Last day must be the same as or after ${govukDate(relationship.startsOn)}, when it started`,
          { href: '#endsOn-day' },
        );
      if (!endsOn || errors.any)
        return { outcome: 'invalid' as const, page: { staff, relationship, values: form, errors } };
      const result = await repos.relationships.apply(
        user.organisationId,
        staffId,
        { end: { id: relationship.id, endsOn, version: form.version ?? '' } },
        {
          actorUserId: user.id,
          requestId,
          action: 'supervisory_relationship.ended',
          detail: {
            kind: relationship.kind,
            superviseeId: staffId,
            changed: relationship.endsOn === endsOn ? [] : ['endsOn'],
          },
        },
      );
      if (result.outcome === 'saved') return { outcome: 'saved' as const };
      const now = await relationshipOf(user, staffId, relationshipId);
      return {
        outcome: 'conflict' as const,
        page: conflictPage({
          heading: `This supervision of ${staff.name} was changed while you were ending it`,
          action: `/staff/${staffId}/supervisors/${relationshipId}/end`,
          backHref: `/staff/${staffId}#supervisors`,
          fields: [{ key: 'endsOn', label: 'Last day', date: true }],
          yours: form,
          saved: dateToForm('endsOn', now.endsOn),
          savedVersion: now.version,
        }),
      };
    },
  };
}
export type SupervisionService = ReturnType<typeof supervisionService>;
