/** Absences on a staff member's page: add, correct, and record the return of someone away. */
import type { Absence, AbsenceInput } from '../../data-access/absence-repository.ts';
import type { Repositories } from '../../data-access/index.ts';
import type { UserAccount } from '../../data-access/user-repository.ts';
import { type Actor, can } from '../../domain/access/can.ts';
import { absenceKinds } from '../../domain/policy/vocabulary.ts';
import {
  dateToForm,
  FormErrors,
  type FormValues,
  isUuid,
  readChoice,
  readDate,
} from '../../web/forms.ts';
import { notAllowed, notFound } from '../../web/http-errors.ts';
import { type ConflictPage, conflictPage } from './conflict.ts';
import { absenceKindLabels } from './labels.ts';

import { staffResource } from './staff-service.ts';

export type AbsenceFormPage = {
  staff: { id: string; name: string };
  absence: Absence | undefined;
  values: FormValues;
  errors?: FormErrors;
};

export type AbsenceOutcome =
  | { outcome: 'saved' }
  | { outcome: 'invalid'; page: AbsenceFormPage }
  | { outcome: 'conflict'; page: ConflictPage };

function absenceToForm(absence: Absence): FormValues {
  return {
    kind: absence.kind,
    ...dateToForm('startsOn', absence.startsOn),
    ...dateToForm('endsOn', absence.endsOn),
    version: absence.version,
  };
}

const conflictFields = [
  { key: 'kind', label: 'Kind', show: (v: string) => absenceKindLabels[v as 'other'] ?? v },
  { key: 'startsOn', label: 'First day away', date: true },
  { key: 'endsOn', label: 'Last day away', date: true },
];

export function absenceService(repos: Repositories) {
  /** The staff member, whose absences this person must be allowed to change. */
  async function staffFor(user: UserAccount, actor: Actor, staffId: string) {
    const record = isUuid(staffId)
      ? await repos.staff.record(user.organisationId, staffId)
      : undefined;
    if (!record) throw notFound();
    if (!can(actor, 'edit', staffResource(record))) throw notAllowed();
    return record;
  }

  async function absenceOf(user: UserAccount, staffId: string, absenceId: string) {
    const absence = isUuid(absenceId)
      ? await repos.absences.findById(user.organisationId, absenceId)
      : undefined;
    if (!absence || absence.staffId !== staffId) throw notFound();
    return absence;
  }

  function read(form: FormValues, errors: FormErrors, returnOnly: Absence | undefined) {
    const kind = returnOnly
      ? returnOnly.kind
      : readChoice(form, errors, 'kind', absenceKinds, 'Select the kind of absence');
    const startsOn = returnOnly
      ? returnOnly.startsOn
      : readDate(form, errors, 'startsOn', 'First day away', { required: true });
    const endsOn = readDate(form, errors, 'endsOn', 'Last day away', {
      required: returnOnly !== undefined,
    });
    if (startsOn && endsOn && endsOn < startsOn)
      errors.add('endsOn', 'Last day away must be the same as or after the first day away', {
        href: '#endsOn-day',
      });
    if (errors.any || !kind || !startsOn || endsOn === undefined) return undefined;
    return { kind, startsOn, endsOn } satisfies AbsenceInput;
  }

  return {
    async form(user: UserAccount, actor: Actor, staffId: string, absenceId?: string) {
      const staff = await staffFor(user, actor, staffId);
      const absence = absenceId ? await absenceOf(user, staffId, absenceId) : undefined;
      return {
        staff,
        absence,
        values: absence ? absenceToForm(absence) : {},
      } satisfies AbsenceFormPage;
    },

    /**
     * Adds or corrects an absence; with `returnOnly`, only records the last day away of an
     * absence still going on.
     */
    async save(
      user: UserAccount,
      actor: Actor,
      staffId: string,
      absenceId: string | undefined,
      form: FormValues,
      options: { returnOnly?: boolean; requestId?: string | undefined } = {},
    ): Promise<AbsenceOutcome> {
      const staff = await staffFor(user, actor, staffId);
      const absence = absenceId ? await absenceOf(user, staffId, absenceId) : undefined;
      const errors = new FormErrors();
      const input = read(form, errors, options.returnOnly ? absence : undefined);
      if (!input) return { outcome: 'invalid', page: { staff, absence, values: form, errors } };
      const audit = { actorUserId: user.id, requestId: options.requestId };
      if (!absence) {
        await repos.absences.create(user.organisationId, staffId, input, {
          ...audit,
          action: 'absence.created',
          detail: { staffId },
        });
        return { outcome: 'saved' };
      }
      const changed = (['kind', 'startsOn', 'endsOn'] as const).filter(
        (key) => absence[key] !== input[key],
      );
      const saved = await repos.absences.update(
        user.organisationId,
        absence.id,
        form.version ?? '',
        input,
        {
          ...audit,
          action: options.returnOnly ? 'absence.return_recorded' : 'absence.updated',
          detail: { staffId, changed },
        },
      );
      if (saved) return { outcome: 'saved' };
      const now = await absenceOf(user, staffId, absence.id);
      const yours = options.returnOnly ? { ...absenceToForm(now), ...form } : form;
      return {
        outcome: 'conflict',
        page: conflictPage({
          heading: `This absence of ${staff.name} was changed while you were editing it`,
          action: options.returnOnly
            ? `/staff/${staffId}/absences/${absence.id}/return`
            : `/staff/${staffId}/absences/${absence.id}/edit`,
          backHref: `/staff/${staffId}#absences`,
          fields: conflictFields,
          yours,
          saved: absenceToForm(now),
          savedVersion: now.version,
        }),
      };
    },
  };
}
export type AbsenceService = ReturnType<typeof absenceService>;
