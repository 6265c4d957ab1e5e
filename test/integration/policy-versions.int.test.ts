import { describe, expect, it } from 'vitest';
import { repositories } from '../../src/data-access/index.ts';
import type { Actor } from '../../src/domain/access/can.ts';
import { addMonths } from '../../src/domain/compliance/dates.ts';
import type { Obligation } from '../../src/domain/compliance/index.ts';
import type { PackOverrides } from '../../src/domain/policy/index.ts';
import { importService } from '../../src/services/import/import-service.ts';
import { policyVersions } from '../../src/services/policy-versions.ts';
import { testApp } from '../support/app.ts';
import { freshDatabase, ownerOf } from '../support/database.ts';
import { accounts, dateFields, formOf, signedIn, textOf, today } from './organisation-helpers.ts';

/** Issue 13: versions with who, when and why; as-of; restore; export and import. */
describe('policy versions', async () => {
  const { app, pool, services } = await testApp();
  const repos = services.repos;
  const versions = policyVersions(repos);
  const organisation = (await repos.organisations.findBySlug('northshire'))!;
  const organisationId = organisation.id;

  async function actorOf(email: string, roles: Actor['roles']): Promise<Actor> {
    const user = (await repos.users.findByEmail(email))!;
    return { userId: user.id, roles, managedUnitIds: new Set() };
  }
  const admin = await actorOf(accounts.admin, ['administrator']);
  const newTool = '/organisation/audit-tools/new';

  /** The organisation's own overrides with one rule list entry more. */
  async function draftWith(extra: PackOverrides) {
    const current = await versions.current(organisationId);
    return {
      basePackId: current.basePackId,
      overrides: { ...((current.overrides as PackOverrides | null) ?? {}), ...extra },
    };
  }

  const auditRows = async () =>
    (
      await pool.query(
        `SELECT action, resource_id FROM audit_event
         WHERE organisation_id = $1 AND resource_type = 'policy_version' ORDER BY id`,
        [organisationId],
      )
    ).rows;

  it('starts at version 1, the pack the organisation was created with', async () => {
    const list = await versions.list(organisationId);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      version: 1,
      basePackId: 'systemic-4x4x4',
      // The demo organisation is made by importing its bundle, with no account.
      reason: 'Imported with the organisation’s data',
      createdBy: { userId: null, name: 'Oversight (organisation data import)' },
    });
    expect(list[0]!.pack.id).toBe('systemic-4x4x4');
  });

  it('refuses a rule that contradicts itself, naming it, and saves nothing', async () => {
    const draft = await draftWith({
      caseSupervision: [{ id: 'early-help-3-monthly', interval: { unit: 'months', count: 0 } }],
    });
    const saved = await versions.save(admin, draft, 'Try an interval of 0');
    expect(saved).toEqual({
      ok: false,
      problems: [
        '$.caseSupervision[0].interval.count: an interval of 0 months contradicts itself: expected 1 or more',
      ],
    });
    const unknown = await versions.save(
      admin,
      await draftWith({
        caseSupervision: [{ id: 'early-help-3-monthly', match: { statuses: ['early_helps'] } }],
      }),
      'A typing slip',
    );
    expect(unknown.ok).toBe(false);
    expect(unknown.ok ? [] : unknown.problems).toEqual([
      expect.stringContaining('unknown child status "early_helps": expected one of early_help,'),
    ]);
    const noReason = await versions.save(admin, await draftWith({}), '  ');
    expect(noReason).toEqual({
      ok: false,
      problems: ['reason: expected why the policy changes (missing)'],
    });
    expect(await versions.list(organisationId)).toHaveLength(1);
    expect(await auditRows()).toEqual([]);
  });

  it('lets only administrators save', async () => {
    const supervisor = await actorOf(accounts.supervisor, ['supervisor']);
    await expect(
      versions.save(supervisor, await draftWith({}), 'Not mine to change'),
    ).rejects.toMatchObject({ statusCode: 403 });
    expect(await versions.list(organisationId)).toHaveLength(1);
  });

  const lastMonth = addMonths(today(), -1);
  const staffOverdue = (obligations: Obligation[]) =>
    new Set(
      obligations
        .filter((o) => o.kind === 'staff_supervision' && o.state === 'overdue')
        .map((o) => o.subject.id),
    );

  let overdueUnderVersion1 = new Set<string>();

  it('computes compliance as of a date with the version in force then', async () => {
    const view = (asOf: string) =>
      services.compliance.view(organisationId, asOf, { kind: 'organisation' });
    const beforeLastMonth = (await view(lastMonth)).obligations;
    const beforeToday = (await view(today())).obligations;
    overdueUnderVersion1 = staffOverdue(beforeToday);

    // Weekly one-to-ones instead of one each calendar month, from today.
    const saved = await versions.save(
      admin,
      await draftWith({
        staffSupervision: [
          {
            id: 'calendar-month',
            frequency: { kind: 'every', period: { unit: 'weeks', count: 1 } },
          },
        ],
      }),
      'Weekly supervision for everyone this year',
    );
    expect(saved.ok).toBe(true);
    if (!saved.ok) return;
    expect(saved.version).toMatchObject({
      version: 2,
      reason: 'Weekly supervision for everyone this year',
      createdBy: { userId: admin.userId, name: expect.any(String) },
    });
    expect(saved.version.pack.staffSupervision[0]!.frequency).toEqual({
      kind: 'every',
      period: { unit: 'weeks', count: 1 },
    });

    // Last month still runs version 1: the same obligations as before the save.
    expect((await versions.inForceAt(organisationId, lastMonth)).version).toBe(1);
    expect((await view(lastMonth)).obligations).toEqual(beforeLastMonth);

    // Today runs version 2: someone met last month's rule and is overdue under the weekly one.
    expect((await versions.inForceAt(organisationId, today())).version).toBe(2);
    const after = staffOverdue((await view(today())).obligations);
    const newlyOverdue = [...after].filter((id) => !staffOverdue(beforeToday).has(id));
    expect(newlyOverdue.length).toBeGreaterThan(0);

    // The stored organisation follows the latest version, and the save is in the audit trail.
    const row = (
      await pool.query('SELECT policy_pack_id, overrides FROM organisation WHERE id = $1', [
        organisationId,
      ])
    ).rows[0];
    expect(row.overrides).toEqual(saved.version.overrides);
    expect(await auditRows()).toEqual([{ action: 'policy_saved', resource_id: '2' }]);
  });

  it('restores an earlier version as a new one with its own reason', async () => {
    const restored = await versions.restore(admin, organisationId, 1, 'Back to monthly');
    expect(restored).toMatchObject({ version: 3, restoredFrom: 1, reason: 'Back to monthly' });
    const first = (await versions.get(organisationId, 1))!;
    expect(restored.pack).toEqual(first.pack);
    expect(restored.overrides).toEqual(first.overrides);
    expect((await versions.list(organisationId)).map((v) => v.version)).toEqual([3, 2, 1]);
    expect((await auditRows()).at(-1)).toEqual({ action: 'policy_restored', resource_id: '3' });
    // Today's compliance is version 1's again (the restore is today too).
    const view = await services.compliance.view(organisationId, today(), { kind: 'organisation' });
    expect(staffOverdue(view.obligations)).toEqual(overdueUnderVersion1);
  });

  it('exports a pack that imports as the identical pack', async () => {
    const exported = await versions.exportPack(organisationId);
    const file = JSON.parse(exported);
    expect(file.exported).toMatchObject({ basedOn: 'systemic-4x4x4', version: 3 });
    const saved = await versions.save(admin, { pack: file }, 'Shared by a neighbouring council');
    expect(saved.ok).toBe(true);
    if (!saved.ok) return;
    const current = await versions.current(organisationId);
    expect(current).toMatchObject({ version: 4, basePackId: 'systemic-4x4x4', overrides: null });
    expect(current.pack).toEqual((await versions.get(organisationId, 3))!.pack);
    const again = JSON.parse(await versions.exportPack(organisationId));
    expect({ ...again, exported: undefined }).toEqual({ ...file, exported: undefined });
  });

  it('keeps versions append-only, even for the database owner', async () => {
    await expect(
      ownerOf(pool).query("UPDATE policy_version SET reason = 'rewritten'"),
    ).rejects.toThrow(/append-only/);
    await expect(ownerOf(pool).query('DELETE FROM policy_version')).rejects.toThrow(/append-only/);
  });

  it('keeps the template a record was written with after the template changes', async () => {
    const supervisor = await signedIn(app, accounts.supervisor);
    const jordan = (await pool.query("SELECT id FROM staff_member WHERE external_id = 'sw-ait-1'"))
      .rows[0].id as string;
    const start = async () => {
      await supervisor.get('/records/new');
      const started = await supervisor.post('/records', {
        kind: 'personal_supervision',
        staffId: jordan,
        ...dateFields('date', today()),
      });
      expect(started.statusCode, started.body.slice(0, 1000)).toBe(303);
      return String(started.headers.location).split('?')[0]!;
    };
    const before = await start();
    const oldHeading = 'Personal Supervision Record';
    expect(textOf((await supervisor.get(before)).body)).toContain(oldHeading);

    const saved = await versions.save(
      admin,
      await draftWith({
        templates: [
          {
            id: 'personal-supervision-record',
            sections: [{ id: 'wellbeing-first', heading: 'Wellbeing and workload' }],
          },
        ],
      }),
      'A shorter personal supervision form',
    );
    expect(saved.ok).toBe(true);

    const oldRecord = textOf((await supervisor.get(before)).body);
    expect(oldRecord).toContain(oldHeading);
    expect(oldRecord).not.toContain('Wellbeing and workload');
    const newRecord = textOf((await supervisor.get(await start())).body);
    expect(newRecord).toContain('Wellbeing and workload');
  });

  it('runs a pack of the council’s own, under its own id', async () => {
    const file = JSON.parse(await versions.exportPack(organisationId));
    file.id = 'northshire-2026';
    file.name = 'Northshire supervision policy 2026';
    file.staffSupervision[0].frequency = { kind: 'every', period: { unit: 'weeks', count: 2 } };
    const saved = await versions.save(admin, { pack: file }, 'Our own policy from April');
    expect(saved.ok).toBe(true);
    const compliance = await services.compliance.forOrganisation(organisationId, today());
    expect(compliance.policy).toBe('northshire-2026');

    // Importing the organisation's data again checks it against the pack it runs.
    const bundle = await repos.organisationData.loadBundle(organisationId);
    const report = await services.imports.importFile({
      kind: 'bundle',
      chunks: [JSON.stringify(bundle)],
      organisation: 'northshire',
    });
    expect(report.problems).toEqual([]);

    // The audit tools page runs on the imported pack, and saves a version on it by the person.
    const page = await signedIn(app, accounts.admin);
    const tools = await page.get('/organisation/audit-tools');
    expect(tools.statusCode).toBe(200);
    expect(textOf(tools.body)).toContain('Northshire supervision policy 2026');
    const form = formOf((await page.get('/organisation/audit-tools/new')).body, newTool);
    const added = await page.post(newTool, {
      ...form,
      name: 'Case file audit',
      of: 'supervision_files',
      questions: 'Is there a clear plan for the child? [yes/no]',
    });
    expect(added.statusCode).toBe(303);
    const current = await versions.current(organisationId);
    expect(current).toMatchObject({
      basePackId: 'northshire-2026',
      imported: true,
      reason: 'Audit tool “Case file audit” added on the audit tools page',
      createdBy: { userId: admin.userId },
    });
    expect(current.pack.name).toBe('Northshire supervision policy 2026');
    expect(current.pack.staffSupervision[0]!.frequency).toEqual(file.staffSupervision[0].frequency);
    expect(current.pack.auditTools?.map((t) => t.id)).toContain('case-file-audit');
    expect(textOf((await page.get('/organisation/audit-tools')).body)).toContain(
      'Case file audit Supervision files Your organisation',
    );
  });

  it('records who imported the organisation’s data when the import changes its overrides', async () => {
    const bundle = (await repos.organisationData.loadBundle(organisationId))!;
    const importer = (await repos.users.findByEmail(accounts.admin))!;
    const report = await services.imports.importFile({
      kind: 'bundle',
      chunks: [
        JSON.stringify({
          ...bundle,
          organisation: {
            ...bundle.organisation,
            overrides: { ...bundle.organisation.overrides, terminology: { agreement: 'contract' } },
          },
        }),
      ],
      organisation: 'northshire',
      actorUserId: importer.id,
    });
    expect(report.problems).toEqual([]);
    const current = await versions.current(organisationId);
    expect(current).toMatchObject({
      basePackId: 'northshire-2026',
      reason: 'Imported with the organisation’s data',
      createdBy: { userId: importer.id, name: importer.displayName },
    });
    // Still the council's own pack, with the tool it added and the new word.
    expect(current.pack.name).toBe('Northshire supervision policy 2026');
    expect(current.pack.terminology.agreement).toBe('contract');
    expect(current.pack.auditTools?.map((t) => t.id)).toContain('case-file-audit');
  });

  it('moves to another installation as its data, then its own pack as a file', async () => {
    const bundle = (await repos.organisationData.loadBundle(organisationId))!;
    const pack = await versions.exportPack(organisationId);
    const elsewhere = repositories(await freshDatabase());
    const importData = (organisation: typeof bundle.organisation) =>
      importService(elsewhere).importFile({
        kind: 'bundle',
        chunks: [JSON.stringify({ ...bundle, organisation })],
      });
    const refused = await importData(bundle.organisation);
    expect(refused.applied).toBe(false);
    expect(refused.problems.map((p) => p.message)).toEqual([
      expect.stringContaining('then the pack’s file with oversight policy import'),
    ]);

    // As the problem says: the data on the built-in pack it started from, then the pack.
    const { overrides: _own, ...organisation } = bundle.organisation;
    expect((await importData({ ...organisation, policy: 'systemic-4x4x4' })).applied).toBe(true);
    const moved = (await elsewhere.organisations.findBySlug('northshire'))!;
    const there = policyVersions(elsewhere);
    const saved = await there.saveAs(
      { userId: null, name: 'Command line' },
      moved.id,
      { pack: JSON.parse(pack) },
      'Our own pack, moved',
    );
    expect(saved.ok).toBe(true);
    const current = await there.current(moved.id);
    expect(current.pack).toEqual((await versions.current(organisationId)).pack);
  });

  it('runs a stored version that checks added since would refuse, and restores it', async () => {
    const file = JSON.parse(await versions.exportPack(organisationId));
    file.staffSupervision[0].minimumMinutes = 90;
    file.staffSupervision[0].maximumMinutes = 60;
    // Saving it now is refused by name…
    const refused = await versions.save(admin, { pack: file }, 'A maximum below the minimum');
    expect(refused).toMatchObject({
      ok: false,
      problems: [expect.stringContaining('$.staffSupervision[0].maximumMinutes')],
    });
    // …but one stored before the check existed still runs, and its pages work.
    const { exported: _note, ...pack } = file;
    const stored = await repos.policyVersions.append(
      organisationId,
      {
        basePackId: pack.id,
        overrides: null,
        pack,
        reason: 'Saved before contradictions were checked',
        createdBy: { userId: null, name: 'Oversight' },
        createdAt: new Date(),
      },
      { actorUserId: null, action: 'policy_imported' },
    );
    const current = await versions.current(organisationId);
    expect(current.pack.staffSupervision[0]!.maximumMinutes).toBe(60);
    const browser = await signedIn(app, accounts.admin);
    const dashboard = String((await browser.get('/dashboards')).headers.location);
    for (const address of ['/', dashboard, '/reports', '/organisation/audit-tools'])
      expect((await browser.get(address)).statusCode, address).toBe(200);

    const latest = 'version' in stored ? stored.version : 0;
    const restored = await versions.restore(admin, organisationId, latest, 'Back to it');
    expect(restored).toMatchObject({ restoredFrom: latest, imported: true });
  });
});
