/**
 * Staff records: the list, a person's page, adding and editing. Every decision about who may
 * see or change what is `can()`'s; this service only asks it.
 */
import type { Repositories } from '../../data-access/index.ts';
import type {
  PersonalDetails,
  StaffInput,
  StaffListItem,
  StaffRecord,
} from '../../data-access/staff-repository.ts';
import type { UserAccount } from '../../data-access/user-repository.ts';
import { type Actor, can, grantsOpening, type Resource } from '../../domain/access/can.ts';
import type { IsoDate } from '../../domain/calendar/period.ts';
import { roleCategories, roleCategoryLabels } from '../../domain/organisation/vocabulary.ts';
import {
  dateToForm,
  FormErrors,
  type FormValues,
  isUuid,
  readChoice,
  readDate,
  readText,
} from '../../web/forms.ts';
import { notAllowed, notFound } from '../../web/http-errors.ts';
import { type ConflictField, type ConflictPage, conflictPage } from './conflict.ts';

export const staffPageSize = 50;

type StaffFacts = { id: string; teamId: string | null; lineManagerId: string | null };

/** The resource `can()` decides on for a staff member. */
export function staffResource(staff: StaffFacts): Resource {
  return {
    type: 'staff_member',
    id: staff.id,
    teamId: staff.teamId ?? undefined,
    lineManagerId: staff.lineManagerId ?? undefined,
  };
}

export type Choice = { value: string; text: string };

const dateFields = [
  ['startDate', 'Start date'],
  ['asyeStartDate', 'ASYE start date'],
  ['placementStartDate', 'Placement start date'],
  ['placementEndDate', 'Placement end date'],
  ['probationEndDate', 'Probation end date'],
  ['leavingDate', 'Leaving date'],
] as const;

const personalTextFields = [
  ['registrationBody', 'Registration body'],
  ['registrationNumber', 'Registration number'],
  ['dbsCertificateNumber', 'DBS certificate number'],
  ['emergencyContactName', 'Emergency contact name'],
  ['emergencyContactPhone', 'Emergency contact phone number'],
  ['emergencyContactRelationship', 'Emergency contact relationship'],
] as const;

const personalDateFields = [
  ['registrationExpiresOn', 'Registration expiry date'],
  ['dbsIssuedOn', 'DBS issue date'],
] as const;

export function recordToForm(record: StaffRecord, personal?: PersonalDetails): FormValues {
  const values: FormValues = {
    name: record.name,
    email: record.email ?? '',
    jobTitle: record.jobTitle ?? '',
    roleCategory: record.roleCategory,
    caseHolding: record.caseHolding ? 'yes' : 'no',
    contractedHours: String(record.contractedHours),
    teamId: record.teamId ?? '',
    lineManagerId: record.lineManagerId ?? '',
    externalId: record.externalId,
    version: record.version,
  };
  for (const [key] of dateFields) Object.assign(values, dateToForm(key, record[key]));
  if (personal) {
    for (const [key] of personalTextFields) values[key] = personal[key] ?? '';
    for (const [key] of personalDateFields) Object.assign(values, dateToForm(key, personal[key]));
  }
  return values;
}

/** Validates what can be checked without the database; the rest is checked by `save`. */
function readStaffForm(form: FormValues, errors: FormErrors, withPersonal: boolean) {
  const name = readText(form, errors, 'name', 'Name', { required: true });
  const email = readText(form, errors, 'email', 'Email address', { max: 254 });
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    errors.add('email', 'Enter an email address in the correct format, like name@example.com');
  const jobTitle = readText(form, errors, 'jobTitle', 'Job title');
  const roleCategory = readChoice(
    form,
    errors,
    'roleCategory',
    roleCategories,
    'Select the role category',
  );
  const caseHolding = readChoice(
    form,
    errors,
    'caseHolding',
    ['yes', 'no'],
    'Select yes if they hold cases',
  );
  const hoursText = form.contractedHours ?? '';
  let contractedHours: number | undefined;
  if (hoursText === '') errors.add('contractedHours', 'Enter the contracted hours a week');
  else if (!/^\d{1,3}(\.\d)?$/.test(hoursText))
    errors.add('contractedHours', 'Contracted hours must be a number, like 37 or 18.5');
  else {
    contractedHours = Number(hoursText);
    if (contractedHours <= 0 || contractedHours > 80) {
      errors.add('contractedHours', 'Contracted hours must be more than 0 and no more than 80');
      contractedHours = undefined;
    }
  }
  const teamId = form.teamId || null;
  if (teamId !== null && !isUuid(teamId)) errors.add('teamId', 'Select a team from the list');
  const lineManagerId = form.lineManagerId || null;
  if (lineManagerId !== null && !isUuid(lineManagerId))
    errors.add('lineManagerId', 'Select a line manager from the list');
  const externalId = readText(form, errors, 'externalId', 'HR number', { max: 100 });

  const dates: Partial<Record<(typeof dateFields)[number][0], IsoDate | null>> = {};
  for (const [key, label] of dateFields) {
    const date = readDate(form, errors, key, label, { required: key === 'startDate' });
    if (date !== undefined) dates[key] = date;
  }
  const { startDate, leavingDate, placementStartDate, placementEndDate } = dates;
  if (startDate && leavingDate && leavingDate < startDate)
    errors.add('leavingDate', 'Leaving date must be the same as or after the start date', {
      href: '#leavingDate-day',
    });
  if (placementStartDate && placementEndDate && placementEndDate < placementStartDate)
    errors.add(
      'placementEndDate',
      'Placement end date must be the same as or after the placement start date',
      { href: '#placementEndDate-day' },
    );

  let personal: PersonalDetails | undefined;
  if (withPersonal) {
    const text = Object.fromEntries(
      personalTextFields.map(([key, label]) => [key, readText(form, errors, key, label)]),
    ) as Record<(typeof personalTextFields)[number][0], string | null>;
    const registrationExpiresOn = readDate(
      form,
      errors,
      'registrationExpiresOn',
      'Registration expiry date',
    );
    const dbsIssuedOn = readDate(form, errors, 'dbsIssuedOn', 'DBS issue date');
    if ((text.registrationNumber || registrationExpiresOn) && !text.registrationBody)
      errors.add('registrationBody', 'Enter the registration body, like Social Work England');
    if (text.registrationBody && !text.registrationNumber)
      errors.add('registrationNumber', 'Enter the registration number');
    if (dbsIssuedOn && !text.dbsCertificateNumber)
      errors.add('dbsCertificateNumber', 'Enter the DBS certificate number');
    if (text.dbsCertificateNumber && dbsIssuedOn === null)
      errors.add('dbsIssuedOn', 'Enter the DBS issue date', { href: '#dbsIssuedOn-day' });
    if (
      (text.emergencyContactPhone || text.emergencyContactRelationship) &&
      !text.emergencyContactName
    )
      errors.add('emergencyContactName', 'Enter the emergency contact’s name');
    if (text.emergencyContactName && !text.emergencyContactPhone)
      errors.add('emergencyContactPhone', 'Enter the emergency contact’s phone number');
    personal = {
      ...text,
      registrationExpiresOn: registrationExpiresOn ?? null,
      dbsIssuedOn: dbsIssuedOn ?? null,
    };
  }
  if (errors.any) return undefined;
  const input: StaffInput = {
    externalId: externalId ?? '',
    name: name!,
    email,
    jobTitle,
    roleCategory: roleCategory!,
    caseHolding: caseHolding === 'yes',
    contractedHours: contractedHours!,
    teamId,
    lineManagerId,
    startDate: startDate!,
    asyeStartDate: dates.asyeStartDate ?? null,
    placementStartDate: placementStartDate ?? null,
    placementEndDate: placementEndDate ?? null,
    probationEndDate: dates.probationEndDate ?? null,
    leavingDate: leavingDate ?? null,
  };
  return { input, personal };
}

export type StaffFormPage = {
  record: StaffRecord | undefined;
  values: FormValues;
  errors?: FormErrors;
  teams: Choice[];
  lineManagers: Choice[];
  /** Registration, DBS and emergency contact are on the form (administrators, line manager). */
  withPersonal: boolean;
};

export type SaveOutcome =
  | { outcome: 'saved'; id: string }
  | { outcome: 'invalid'; page: StaffFormPage }
  | { outcome: 'conflict'; page: ConflictPage };

export type StaffServiceOptions = { today: () => IsoDate };

export function staffService(repos: Repositories, { today }: StaffServiceOptions) {
  /** The record, or a 404 for an id that is not this organisation's, or a 403. */
  async function load(user: UserAccount, actor: Actor, id: string, action: 'view' | 'edit') {
    const record = isUuid(id) ? await repos.staff.record(user.organisationId, id) : undefined;
    if (!record) throw notFound();
    if (!can(actor, action, staffResource(record))) throw notAllowed();
    return record;
  }

  /** Units and people to choose from; a leaver stays listed only while chosen. */
  async function choices(user: UserAccount, exceptId?: string, keep: (string | null)[] = []) {
    const [units, staff] = await Promise.all([
      repos.orgUnits.list(user.organisationId),
      repos.staff.list(user.organisationId),
    ]);
    const on = today();
    return {
      units,
      teams: units.map((unit) => ({ value: unit.id, text: unit.name })),
      people: staff
        .filter(
          (person) =>
            person.id !== exceptId &&
            (person.leavingDate === null || person.leavingDate >= on || keep.includes(person.id)),
        )
        .map((person) => ({ value: person.id, text: describePerson(person) })),
      staff,
    };
  }

  /** Whether this person may add staff to at least one team (or anywhere). */
  function canAddStaff(actor: Actor): boolean {
    if (can(actor, 'edit', { type: 'organisation_data' })) return true;
    return [...actor.managedUnitIds].some((teamId) =>
      can(actor, 'edit', { type: 'staff_member', id: '', teamId }),
    );
  }

  function logPersonalDetailsViewed(user: UserAccount, staffId: string, requestId?: string) {
    return repos.auditLog.append({
      organisationId: user.organisationId,
      actorUserId: user.id,
      action: 'staff_member.personal_details_viewed',
      resourceType: 'staff_member',
      resourceId: staffId,
      detail: {},
      requestId: requestId ?? null,
    });
  }

  /** Checks needing the database; adds errors. */
  async function checkAgainstOrganisation(
    user: UserAccount,
    actor: Actor,
    id: string | undefined,
    name: string,
    input: StaffInput,
    errors: FormErrors,
    people: StaffListItem[],
    unitIds: Set<string>,
  ) {
    if (input.teamId && !unitIds.has(input.teamId))
      errors.add('teamId', 'Select a team from the list');
    if (input.lineManagerId) {
      const manager = people.find((person) => person.id === input.lineManagerId);
      if (!manager) errors.add('lineManagerId', 'Select a line manager from the list');
      else if (input.lineManagerId === id)
        errors.add(
          'lineManagerId',
          'A person cannot be their own line manager. Select someone else as line manager',
        );
      else if (id) {
        const chain = await repos.staff.lineManagerChain(user.organisationId, input.lineManagerId);
        const at = chain.findIndex((link) => link.id === id);
        if (at > 0) {
          const through = chain.slice(1, at).map((link) => link.name);
          errors.add(
            'lineManagerId',
            `Select a line manager who does not report to ${name}: ${manager.name} reports to ${name}${
              through.length ? ` through ${through.join(', ')}` : ''
            }, so the line management chain would go round in a circle`,
          );
        }
      }
    }
    if (
      input.externalId &&
      (await repos.staff.externalIdTaken(user.organisationId, input.externalId, id))
    )
      errors.add(
        'externalId',
        `Another staff member already has the HR number ${input.externalId}`,
      );
    if (!errors.has('teamId') && !errors.has('lineManagerId')) {
      const after = staffResource({
        id: id ?? '',
        teamId: input.teamId,
        lineManagerId: input.lineManagerId,
      });
      if (!can(actor, 'edit', after))
        errors.add(
          'teamId',
          'Select a team you manage, or make yourself their line manager: you would not be able to see this record after saving',
        );
    }
  }

  return {
    pageSize: staffPageSize,

    async list(
      user: UserAccount,
      actor: Actor,
      query: { team?: string | undefined; q?: string | undefined; page?: string | undefined },
    ) {
      const teamId = isUuid(query.team) ? query.team : undefined;
      const search = query.q?.trim().slice(0, 100) || undefined;
      const [people, units] = await Promise.all([
        repos.staff.list(user.organisationId, { teamId, search }),
        repos.orgUnits.list(user.organisationId),
      ]);
      const visible = people.filter((person) => can(actor, 'view', staffResource(person)));
      const pages = Math.max(1, Math.ceil(visible.length / staffPageSize));
      const asked = Number.parseInt(query.page ?? '1', 10);
      const page = Number.isFinite(asked) ? Math.min(Math.max(asked, 1), pages) : 1;
      return {
        items: visible.slice((page - 1) * staffPageSize, page * staffPageSize),
        total: visible.length,
        page,
        pages,
        teamId,
        search,
        teams: units.map((unit) => ({ value: unit.id, text: unit.name })),
        canAdd: canAddStaff(actor),
        today: today(),
      };
    },

    /** A person's page; seeing their personal details is written to the audit trail. */
    async page(user: UserAccount, actor: Actor, id: string, requestId?: string) {
      const record = await load(user, actor, id, 'view');
      const resource = staffResource(record);
      const seesPersonal = can(actor, 'view_personal_details', resource);
      const canEdit = can(actor, 'edit', resource);
      const [personal, absences, relationships] = await Promise.all([
        seesPersonal ? repos.staff.personalDetails(user.organisationId, id) : undefined,
        repos.absences.listForStaff(user.organisationId, id),
        repos.relationships.listForSupervisee(user.organisationId, id),
      ]);
      if (seesPersonal) await logPersonalDetailsViewed(user, id, requestId);
      // Read through an access grant: on the trail, with the grants that opened it.
      const grantIds = grantsOpening(actor, resource);
      if (grantIds.length > 0)
        await repos.auditLog.append({
          organisationId: user.organisationId,
          actorUserId: user.id,
          action: 'staff_member.viewed',
          resourceType: 'staff_member',
          resourceId: id,
          detail: { grantIds },
          requestId: requestId ?? null,
        });
      const on = today();
      return {
        record,
        personal,
        canEdit,
        isSelf: actor.staffId === id,
        absences,
        currentRelationships: relationships.filter((r) => r.endsOn === null || r.endsOn >= on),
        pastRelationships: relationships.filter((r) => r.endsOn !== null && r.endsOn < on),
        today: on,
      };
    },

    async newForm(user: UserAccount, actor: Actor): Promise<StaffFormPage> {
      if (!canAddStaff(actor)) throw notAllowed();
      const { teams, people } = await choices(user);
      return {
        record: undefined,
        values: { caseHolding: '', roleCategory: '' },
        teams,
        lineManagers: people,
        withPersonal: can(actor, 'edit', { type: 'organisation_data' }),
      };
    },

    async editForm(user: UserAccount, actor: Actor, id: string, requestId?: string) {
      const record = await load(user, actor, id, 'edit');
      const withPersonal = can(actor, 'view_personal_details', staffResource(record));
      const personal = withPersonal
        ? await repos.staff.personalDetails(user.organisationId, id)
        : undefined;
      if (withPersonal) await logPersonalDetailsViewed(user, id, requestId);
      const { teams, people } = await choices(user, id, [record.lineManagerId]);
      return {
        record,
        values: recordToForm(record, personal),
        teams,
        lineManagers: people,
        withPersonal,
      } satisfies StaffFormPage;
    },

    /** Adds (no id) or saves a staff member from the posted form. */
    async save(
      user: UserAccount,
      actor: Actor,
      id: string | undefined,
      form: FormValues,
      requestId?: string,
    ): Promise<SaveOutcome> {
      const record = id ? await load(user, actor, id, 'edit') : undefined;
      if (!record && !canAddStaff(actor)) throw notAllowed();
      const withPersonal = record
        ? can(actor, 'view_personal_details', staffResource(record))
        : can(actor, 'edit', { type: 'organisation_data' });
      const errors = new FormErrors();
      const read = readStaffForm(form, errors, withPersonal);
      if (record && read && !read.input.externalId) errors.add('externalId', 'Enter the HR number');
      const { units, teams, people, staff } = await choices(user, id, [
        record?.lineManagerId ?? null,
        form.lineManagerId ?? null,
      ]);
      if (read && !errors.any)
        await checkAgainstOrganisation(
          user,
          actor,
          id,
          read.input.name,
          read.input,
          errors,
          staff,
          new Set(units.map((unit) => unit.id)),
        );
      const invalid = (): SaveOutcome => ({
        outcome: 'invalid',
        page: { record, values: form, errors, teams, lineManagers: people, withPersonal },
      });
      if (!read || errors.any) return invalid();

      const { input, personal } = read;
      if (!record) {
        const newId = await repos.staff.create(user.organisationId, input, personal, {
          actorUserId: user.id,
          requestId,
          action: 'staff_member.created',
          detail: { fields: changedFields(undefined, input, undefined, personal) },
        });
        return { outcome: 'saved', id: newId };
      }
      const before = withPersonal
        ? await repos.staff.personalDetails(user.organisationId, record.id)
        : undefined;
      const result = await repos.staff.update(
        user.organisationId,
        record.id,
        form.version ?? '',
        input,
        personal,
        {
          actorUserId: user.id,
          requestId,
          action: 'staff_member.updated',
          detail: { changed: changedFields(record, input, before, personal) },
        },
      );
      if (result === 'saved') return { outcome: 'saved', id: record.id };
      if (result === 'cycle') {
        errors.add(
          'lineManagerId',
          `Select a line manager who does not report to ${input.name}: the line management chain would go round in a circle`,
        );
        return invalid();
      }
      const saved = await load(user, actor, record.id, 'view');
      const savedPersonal = withPersonal
        ? await repos.staff.personalDetails(user.organisationId, record.id)
        : undefined;
      const teamName = (value: string) => units.find((u) => u.id === value)?.name ?? value;
      const personName = (value: string) => staff.find((p) => p.id === value)?.name ?? value;
      return {
        outcome: 'conflict',
        page: conflictPage({
          heading: `${saved.name}’s record was changed while you were editing it`,
          action: `/staff/${record.id}/edit`,
          backHref: `/staff/${record.id}`,
          fields: staffConflictFields(withPersonal, teamName, personName),
          yours: form,
          saved: recordToForm(saved, savedPersonal),
          savedVersion: saved.version,
        }),
      };
    },
  };
}
export type StaffService = ReturnType<typeof staffService>;

function describePerson(person: StaffListItem): string {
  const where = [person.jobTitle, person.teamName].filter(Boolean).join(', ');
  return where ? `${person.name} (${where})` : person.name;
}

/** Names of the fields that differ, never their values. */
function changedFields(
  before: StaffRecord | undefined,
  after: StaffInput,
  personalBefore: PersonalDetails | undefined,
  personalAfter: PersonalDetails | undefined,
): string[] {
  const changed: string[] = (Object.keys(after) as (keyof StaffInput)[]).filter(
    (key) => !before || (before[key] ?? null) !== (after[key] ?? null),
  );
  if (personalAfter) {
    for (const key of Object.keys(personalAfter) as (keyof PersonalDetails)[]) {
      if ((personalBefore?.[key] ?? null) !== (personalAfter[key] ?? null)) changed.push(key);
    }
  }
  return before ? changed : changed.filter((key) => after[key as keyof StaffInput] !== null);
}

function staffConflictFields(
  withPersonal: boolean,
  teamName: (id: string) => string,
  personName: (id: string) => string,
): ConflictField[] {
  const fields: ConflictField[] = [
    { key: 'name', label: 'Name' },
    { key: 'email', label: 'Email address' },
    { key: 'jobTitle', label: 'Job title' },
    {
      key: 'roleCategory',
      label: 'Role category',
      show: (value) => roleCategoryLabels[value as keyof typeof roleCategoryLabels] ?? value,
    },
    { key: 'caseHolding', label: 'Holds cases', show: (value) => (value === 'yes' ? 'Yes' : 'No') },
    { key: 'contractedHours', label: 'Contracted hours a week' },
    { key: 'teamId', label: 'Team', show: teamName },
    { key: 'lineManagerId', label: 'Line manager', show: personName },
    ...dateFields.map(([key, label]) => ({ key, label, date: true })),
    { key: 'externalId', label: 'HR number' },
  ];
  if (withPersonal) {
    fields.push(
      ...personalTextFields.map(([key, label]) => ({ key, label })),
      ...personalDateFields.map(([key, label]) => ({ key, label, date: true })),
    );
  }
  return fields;
}
