import type pg from 'pg';
import { type Repositories, repositories } from '../../data-access/index.ts';
import { isoDateAt } from '../../domain/calendar/iso-date.ts';
import { importService } from '../import/import-service.ts';
import { hashPassword } from '../passwords.ts';
import { demoBundle } from './demo-bundle.ts';
import {
  type DemoAccount,
  demoAccounts,
  demoId,
  demoPassword,
  demoSlug,
} from './demo-organisation.ts';
import { addDemoRecords } from './demo-records.ts';

export const demoPolicyPackId = 'systemic-4x4x4';

/**
 * Loads the demo organisation through the same import as any council's bundle, then gives it
 * its sign-in accounts and a few records written by them. With `reset`, an existing demo
 * organisation (and everything it holds, its audit trail included) is removed first; without it,
 * an existing one is left alone.
 */
export async function loadDemoOrganisation(
  pool: pg.Pool,
  options: { reset?: boolean; today?: Date } = {},
): Promise<'loaded' | 'exists'> {
  const repos = repositories(pool);
  const existing = await repos.organisations.findBySlug(demoSlug);
  if (existing && !options.reset) return 'exists';
  if (existing) await repos.organisations.remove(existing.id);
  const today = options.today ?? new Date();
  const bundle = demoBundle(isoDateAt(today));
  const report = await importService(repos).importFile({
    kind: 'bundle',
    chunks: [JSON.stringify(bundle)],
  });
  if (!report.applied) {
    throw new Error(
      `the demo bundle did not import: ${report.problems.map((p) => `${p.column ?? ''} ${p.message}`).join('; ')}`,
    );
  }
  const organisation = (await repos.organisations.findBySlug(demoSlug))!;
  try {
    await addAccounts(repos, organisation.id);
    await addDemoRecords(repos, organisation.id, today);
  } catch (error) {
    await repos.organisations.remove(organisation.id);
    throw error;
  }
  return 'loaded';
}

async function addAccounts(repos: Repositories, organisationId: string) {
  await createDemoAccounts(repos, organisationId, demoAccounts);
}

/**
 * Gives a demo organisation its sign-in accounts, all with the demo password; `staff` is the
 * external id of the staff member an account belongs to.
 */
export async function createDemoAccounts(
  repos: Repositories,
  organisationId: string,
  accounts: readonly Pick<DemoAccount, 'email' | 'name' | 'roles' | 'staff'>[],
) {
  const passwordHash = await hashPassword(demoPassword);
  for (const account of accounts) {
    const staffId = account.staff
      ? await repos.staff.findIdByExternalId(organisationId, account.staff)
      : undefined;
    await repos.users.create({
      organisationId,
      id: demoId(`user:${account.email}`),
      email: account.email,
      displayName: account.name,
      staffMemberId: staffId ?? null,
      roles: account.roles,
      passwordHash,
    });
  }
}
