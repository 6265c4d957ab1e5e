/**
 * The organisation overview and its structure: services, areas and teams, with their managers.
 * Who may see or change them is decided by `can()`.
 */
import type { Repositories } from '../../data-access/index.ts';
import type { OrgUnit, OrgUnitInput } from '../../data-access/org-unit-repository.ts';
import type { UserAccount } from '../../data-access/user-repository.ts';
import { type Actor, can, canBrowseOrganisation } from '../../domain/access/can.ts';
import type { IsoDate } from '../../domain/calendar/period.ts';
import { unitAndDescendants } from '../../domain/organisation/units.ts';
import { orgUnitKinds } from '../../domain/organisation/vocabulary.ts';
import { teamTypes } from '../../domain/policy/vocabulary.ts';
import { FormErrors, type FormValues, isUuid, readChoice, readText } from '../../web/forms.ts';
import { notAllowed, notFound } from '../../web/http-errors.ts';
import { type ConflictPage, conflictPage } from '../staff/conflict.ts';
import { orgUnitKindLabels, teamTypeLabels } from '../staff/labels.ts';

import { type Choice, staffResource } from '../staff/staff-service.ts';

export type UnitNode = OrgUnit & { children: UnitNode[] };

export type UnitFormPage = {
  unit: OrgUnit | undefined;
  values: FormValues;
  errors?: FormErrors;
  parents: Choice[];
  managers: Choice[];
};

export type UnitOutcome =
  | { outcome: 'saved'; id: string }
  | { outcome: 'invalid'; page: UnitFormPage }
  | { outcome: 'conflict'; page: ConflictPage };

const kindOrder = new Map(orgUnitKinds.map((kind, i) => [kind, i]));

/** Units as a tree: services, then the areas and teams inside each. */
export function unitTree(units: readonly OrgUnit[]): UnitNode[] {
  const nodes = new Map(units.map((unit) => [unit.id, { ...unit, children: [] as UnitNode[] }]));
  const roots: UnitNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const sort = (list: UnitNode[]) => {
    list.sort(
      (a, b) =>
        (kindOrder.get(a.kind) ?? 9) - (kindOrder.get(b.kind) ?? 9) || a.name.localeCompare(b.name),
    );
    for (const node of list) sort(node.children);
  };
  sort(roots);
  return roots;
}

function unitToForm(unit: OrgUnit): FormValues {
  return {
    name: unit.name,
    kind: unit.kind,
    parentId: unit.parentId ?? '',
    teamType: unit.teamType ?? '',
    managerId: unit.managerId ?? '',
    version: unit.version,
  };
}

export function organisationService(repos: Repositories, { today }: { today: () => IsoDate }) {
  function mayBrowse(actor: Actor) {
    if (!canBrowseOrganisation(actor)) throw notAllowed();
  }

  async function unitFor(user: UserAccount, actor: Actor, id: string, action: 'view' | 'edit') {
    const unit = isUuid(id) ? await repos.orgUnits.findById(user.organisationId, id) : undefined;
    if (!unit) throw notFound();
    if (!can(actor, action, { type: 'org_unit', id: unit.id })) throw notAllowed();
    return unit;
  }

  async function formPage(
    user: UserAccount,
    unit: OrgUnit | undefined,
    values: FormValues,
    errors?: FormErrors,
  ): Promise<UnitFormPage> {
    const [units, staff] = await Promise.all([
      repos.orgUnits.list(user.organisationId),
      repos.staff.list(user.organisationId),
    ]);
    const inside = unit ? unitAndDescendants(units, unit.id) : new Set<string>();
    const on = today();
    return {
      unit,
      values,
      ...(errors ? { errors } : {}),
      parents: units
        .filter((u) => !inside.has(u.id))
        .map((u) => ({ value: u.id, text: `${u.name} (${orgUnitKindLabels[u.kind]})` })),
      managers: staff
        .filter(
          (p) => p.leavingDate === null || p.leavingDate >= on || p.id === (values.managerId ?? ''),
        )
        .map((p) => ({ value: p.id, text: p.jobTitle ? `${p.name} (${p.jobTitle})` : p.name })),
    };
  }

  return {
    async overview(user: UserAccount, actor: Actor) {
      mayBrowse(actor);
      const organisation = await repos.organisations.findById(user.organisationId);
      return {
        organisationName: organisation?.name ?? '',
        policyPackId: organisation?.policyPackId ?? '',
        counts: await repos.orgUnits.counts(user.organisationId),
        canImport: can(actor, 'import', { type: 'organisation_data' }),
        canExport: can(actor, 'export', { type: 'organisation_data' }),
        canEditStructure: can(actor, 'edit', { type: 'organisation_data' }),
        canViewAuditTools: can(actor, 'view', { type: 'audit_tools' }),
        canGrantAccess: can(actor, 'edit', { type: 'access_grants' }),
        canReadAuditLog: can(actor, 'view', { type: 'audit_log' }),
        canRunRetention: can(actor, 'edit', { type: 'retention' }),
        canManagePolicy: can(actor, 'view', { type: 'policy' }),
        canExportSubjectAccess: can(actor, 'export', { type: 'subject_access' }),
        canManageChildRecord: can(actor, 'view', { type: 'child_record' }),
        canViewSyncRuns: can(actor, 'view', { type: 'sync_runs' }),
      };
    },

    async units(user: UserAccount, actor: Actor) {
      mayBrowse(actor);
      const units = (await repos.orgUnits.list(user.organisationId)).filter((unit) =>
        can(actor, 'view', { type: 'org_unit', id: unit.id }),
      );
      return {
        tree: unitTree(units),
        count: units.length,
        canAdd: can(actor, 'edit', { type: 'organisation_data' }),
      };
    },

    async unit(user: UserAccount, actor: Actor, id: string) {
      mayBrowse(actor);
      const unit = await unitFor(user, actor, id, 'view');
      const [units, staff] = await Promise.all([
        repos.orgUnits.list(user.organisationId),
        repos.staff.list(user.organisationId, { teamId: unit.id }),
      ]);
      const visible = staff.filter((person) => can(actor, 'view', staffResource(person)));
      return {
        unit,
        parent: units.find((u) => u.id === unit.parentId),
        children: unitTree(units.filter((u) => u.parentId === unit.id)),
        staff: visible,
        hiddenStaff: staff.length - visible.length,
        canEdit: can(actor, 'edit', { type: 'org_unit', id: unit.id }),
        today: today(),
      };
    },

    async newForm(user: UserAccount, actor: Actor, parentId?: string) {
      if (!can(actor, 'edit', { type: 'organisation_data' })) throw notAllowed();
      return formPage(user, undefined, { parentId: isUuid(parentId) ? parentId : '' });
    },

    async editForm(user: UserAccount, actor: Actor, id: string) {
      const unit = await unitFor(user, actor, id, 'edit');
      return formPage(user, unit, unitToForm(unit));
    },

    /** Adds (no id) or saves a unit, refusing a parent inside the unit itself. */
    async save(
      user: UserAccount,
      actor: Actor,
      id: string | undefined,
      form: FormValues,
      requestId?: string,
    ): Promise<UnitOutcome> {
      const unit = id ? await unitFor(user, actor, id, 'edit') : undefined;
      if (!unit && !can(actor, 'edit', { type: 'organisation_data' })) throw notAllowed();
      const errors = new FormErrors();
      const name = readText(form, errors, 'name', 'Name', { required: true });
      const kind = readChoice(form, errors, 'kind', orgUnitKinds, 'Select the kind of unit');
      const teamType = form.teamType
        ? readChoice(form, errors, 'teamType', teamTypes, 'Select the kind of team')
        : null;
      if (kind && kind !== 'team' && teamType)
        errors.add('teamType', 'Select ‘Not a team’ for the team type: only teams have one');
      const units = await repos.orgUnits.list(user.organisationId);
      const parentId = form.parentId || null;
      const parent = parentId ? units.find((u) => u.id === parentId) : undefined;
      if (parentId && !parent) errors.add('parentId', 'Select a parent from the list');
      else if (parent && unit && unitAndDescendants(units, unit.id).has(parent.id))
        errors.add(
          'parentId',
          parent.id === unit.id
            ? `${unit.name} cannot be inside itself. Select a different parent`
            : `Select a parent that is not inside ${unit.name}: ${parent.name} is inside it, so the structure would go round in a circle`,
        );
      const managerId = form.managerId || null;
      if (
        managerId &&
        !(isUuid(managerId) && (await repos.staff.record(user.organisationId, managerId)))
      )
        errors.add('managerId', 'Select a manager from the list');
      if (errors.any || !name || !kind)
        return { outcome: 'invalid', page: await formPage(user, unit, form, errors) };

      const input: OrgUnitInput = { name, kind, parentId, teamType: teamType ?? null, managerId };
      const audit = { actorUserId: user.id, requestId };
      if (!unit) {
        const newId = await repos.orgUnits.create(user.organisationId, input, {
          ...audit,
          action: 'org_unit.created',
        });
        return { outcome: 'saved', id: newId };
      }
      const changed = (Object.keys(input) as (keyof OrgUnitInput)[]).filter(
        (key) => (unit[key] ?? null) !== (input[key] ?? null),
      );
      const result = await repos.orgUnits.update(
        user.organisationId,
        unit.id,
        form.version ?? '',
        input,
        { ...audit, action: 'org_unit.updated', detail: { changed } },
      );
      if (result === 'saved') return { outcome: 'saved', id: unit.id };
      if (result === 'cycle') {
        errors.add(
          'parentId',
          `Select a parent that is not inside ${unit.name}: the structure would go round in a circle`,
        );
        return { outcome: 'invalid', page: await formPage(user, unit, form, errors) };
      }
      const saved = await unitFor(user, actor, unit.id, 'view');
      const [allUnits, staff] = await Promise.all([
        repos.orgUnits.list(user.organisationId),
        repos.staff.list(user.organisationId),
      ]);
      return {
        outcome: 'conflict',
        page: conflictPage({
          heading: `${saved.name} was changed while you were editing it`,
          action: `/organisation/units/${unit.id}/edit`,
          backHref: `/organisation/units/${unit.id}`,
          fields: [
            { key: 'name', label: 'Name' },
            { key: 'kind', label: 'Kind', show: (v) => orgUnitKindLabels[v as 'team'] ?? v },
            {
              key: 'parentId',
              label: 'Part of',
              show: (v) => allUnits.find((u) => u.id === v)?.name ?? v,
            },
            { key: 'teamType', label: 'Team type', show: (v) => teamTypeLabels[v as 'other'] ?? v },
            {
              key: 'managerId',
              label: 'Manager',
              show: (v) => staff.find((p) => p.id === v)?.name ?? v,
            },
          ],
          yours: form,
          saved: unitToForm(saved),
          savedVersion: saved.version,
        }),
      };
    },
  };
}
export type OrganisationService = ReturnType<typeof organisationService>;
