import { describe, expect, it } from 'vitest';
import { type Actor, can, type Resource } from './can.ts';
import {
  type MatrixResource,
  type MatrixRole,
  matrixActions,
  matrixCell,
  matrixResources,
  matrixRoles,
} from './matrix.ts';

const roles = Object.keys(matrixRoles) as MatrixRole[];
const resources = Object.keys(matrixResources) as MatrixResource[];
const records: MatrixResource[] = ['personal_record', 'case_record', 'observation'];
const text = (role: MatrixRole, resource: MatrixResource, action: (typeof matrixActions)[number]) =>
  matrixCell(role, resource, action).text;

// The cells the HTTP test cannot reach (no route) are held to the table here.
describe('the access matrix', () => {
  it('keeps supervision from the administrator but for subject access and the retention run', () => {
    for (const resource of records)
      for (const action of matrixActions) {
        const expected =
          action === 'export'
            ? 'yes (subject access)'
            : action === 'delete'
              ? 'yes (retention run)'
              : 'no';
        expect(text('administrator', resource, action), `${resource} ${action}`).toBe(expected);
      }
  });

  it('lets nobody delete through the pages, and nobody at all delete the audit log', () => {
    for (const role of roles)
      for (const resource of resources) {
        const cell = matrixCell(role, resource, 'delete');
        if (cell.allowed !== 'no') expect(cell.text).toBe('yes (retention run)');
        if (resource === 'audit_log' || resource === 'audit') expect(cell.allowed).toBe('no');
      }
  });

  it('gives grant holders reading and listing only, and only with a live grant', () => {
    for (const role of ['investigating_officer', 'inspector'] as const)
      for (const resource of resources)
        for (const action of matrixActions) {
          const cell = matrixCell(role, resource, action);
          if (action === 'list' || action === 'view')
            expect(['no', 'with a live grant']).toContain(cell.text);
          else expect(cell.allowed, `${role} ${resource} ${action}`).toBe('no');
        }
  });

  it('leaves redaction to the manager of the original supervisor', () => {
    for (const role of roles)
      for (const resource of resources) {
        const cell = matrixCell(role, resource, 'redact');
        const redacts =
          role === 'supervisors_line_manager' &&
          (resource === 'personal_record' || resource === 'observation');
        expect(cell.text, `${role} ${resource}`).toBe(
          redacts ? 'after a change of supervisor' : 'no',
        );
      }
  });

  it('has each signature given by its own signatory', () => {
    for (const role of roles) {
      const expected =
        role === 'practitioner' ? 'own' : role === 'supervisor' ? 'own supervisee' : 'no';
      expect(text(role, 'agreement', 'sign'), role).toBe(expected);
    }
  });

  it('opens the audit log to administrators alone', () => {
    for (const role of roles)
      for (const action of ['list', 'view', 'export'] as const)
        expect(text(role, 'audit_log', action)).toBe(role === 'administrator' ? 'yes' : 'no');
  });

  it('reads as the issue asks of the common cases', () => {
    expect(text('practitioner', 'personal_record', 'view')).toBe('own');
    expect(text('cover_manager', 'personal_record', 'view')).toBe('own supervisee');
    expect(text('senior_manager', 'personal_record', 'view')).toBe('no');
    expect(text('senior_manager', 'case_record', 'view')).toBe('yes');
    expect(text('auditor', 'personal_record', 'view')).toBe('while their audit is open');
    expect(text('supervisors_line_manager', 'personal_record', 'view')).toBe(
      'when escalated to them; after a change of supervisor',
    );
    expect(text('auditor', 'audit', 'edit')).toBe('own audit, until feedback');
    expect(text('practitioner', 'worker_details', 'create')).toBe('no');
    expect(text('supervisor', 'worker_details', 'create')).toBe('own supervisee; own team');
  });
});

describe('can: a record after a change of supervisor', () => {
  const worker = { staffId: 'w', teamId: 't', lineManagerId: 'new', supervisorIds: ['new'] };
  const record: Resource = {
    type: 'supervision_record',
    category: 'personal',
    authorId: 'old',
    people: [worker],
    children: [],
    heldBackFrom: ['new'],
    redactors: ['oldsManager'],
  };
  const person = (staffId: string): Actor => ({
    userId: staffId,
    roles: ['supervisor'],
    staffId,
    managedUnitIds: new Set(),
  });
  it('is held back from the new supervisor until the supervisee consents', () => {
    expect(can(person('new'), 'view', record)).toBe(false);
    expect(can(person('new'), 'view', { ...record, heldBackFrom: [] })).toBe(true);
  });
  it('is redacted by the manager of the original supervisor alone, who reads the original', () => {
    expect(can(person('oldsManager'), 'redact', record)).toBe(true);
    expect(can(person('oldsManager'), 'view_unredacted', record)).toBe(true);
    expect(can(person('new'), 'redact', { ...record, heldBackFrom: [] })).toBe(false);
    expect(can(person('new'), 'view_unredacted', { ...record, heldBackFrom: [] })).toBe(false);
    expect(can(person('w'), 'view_unredacted', record)).toBe(true);
  });
  it('opens to a grant holder for reading only', () => {
    const officer: Actor = {
      userId: 'io',
      roles: ['investigating_officer'],
      managedUnitIds: new Set(),
      grants: [{ id: 'g', scope: { kind: 'person', staffId: 'w' } }],
    };
    expect(can(officer, 'view', record)).toBe(true);
    expect(can(officer, 'edit', record)).toBe(false);
    expect(can({ ...officer, roles: ['practitioner'] }, 'view', record)).toBe(false);
  });
});
