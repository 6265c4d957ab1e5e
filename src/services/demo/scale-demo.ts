/**
 * The demos at scale: one large council (`oversight demo --scale large`) and ten organisations
 * of mixed size under the five built-in packs (`--scale multi`), generated from a seed by
 * `councilBundle` and loaded through the import like any council's bundle, each with sign-in
 * accounts that use the demo password.
 */
import type pg from 'pg';
import { repositories } from '../../data-access/index.ts';
import type { Bundle } from '../../domain/bundle/schema.ts';
import type { IsoDate } from '../../domain/calendar/index.ts';
import type { UserRole } from '../../domain/organisation/vocabulary.ts';
import { importService } from '../import/import-service.ts';
import { type CouncilOptions, councilBundle } from './council-bundle.ts';
import { createDemoAccounts } from './load-demo.ts';

export type DemoScale = 'large' | 'multi';
export const demoScales: readonly DemoScale[] = ['large', 'multi'];

/** 1,500 staff and 15,000 children with five years of history, times `multiplier`. */
export function largeCouncilOptions(today: IsoDate, seed: number, multiplier = 1): CouncilOptions {
  return {
    id: 'large-council',
    name: 'Large City Council (demo)',
    policy: 'systemic-4x4x4',
    staff: 1_500 * multiplier,
    children: 15_000 * multiplier,
    history: { years: 5 },
    today,
    seed,
  };
}

/** From a school cluster to a large council; every built-in pack at least once. */
const multiOrganisations = [
  { name: 'Westdale Schools Cluster', staff: 25, policy: 'leeds-schools-clusters' },
  { name: 'Brookmere Schools Cluster', staff: 40, policy: 'leeds-schools-clusters' },
  { name: 'Harrowfield Borough Council', staff: 60, policy: 'northumberland-2024' },
  { name: 'Eastholme District Council', staff: 90, policy: 'durham-one-point-2022' },
  { name: 'Kingsmoor City Council', staff: 120, policy: 'manchester' },
  { name: 'Fernley County Council', staff: 150, policy: 'systemic-4x4x4' },
  { name: 'Northcliffe County Council', staff: 180, policy: 'northumberland-2024' },
  { name: 'Ravensdale County Council', staff: 210, policy: 'durham-one-point-2022' },
  { name: 'Oakbridge City Council', staff: 225, policy: 'manchester' },
  { name: 'Thamesreach County Council', staff: 400, policy: 'systemic-4x4x4' },
] as const;

/** Ten organisations of about 1,500 staff in all, three years of history each. */
export function multiCouncilOptions(today: IsoDate, seed: number): CouncilOptions[] {
  return multiOrganisations.map((o, i) => ({
    id: `multi-${String(i + 1).padStart(2, '0')}`,
    name: `${o.name} (demo)`,
    policy: o.policy,
    staff: o.staff,
    // School clusters hold fewer children per member of staff than social work teams.
    children: o.staff * (o.policy === 'leeds-schools-clusters' ? 6 : 10),
    history: { years: 3 },
    today,
    seed: seed * 100 + i + 1,
  }));
}

export type ScaleDemoStage = 'generating' | 'reading' | 'writing' | 'accounts';
export type ScaleDemoProgress = (slug: string, stage: ScaleDemoStage, count?: number) => void;

export type ScaleDemoOrganisation =
  | { outcome: 'exists'; slug: string; name: string; pack: string }
  | {
      outcome: 'loaded';
      slug: string;
      name: string;
      pack: string;
      /** Staff in post today, and those who left during the history. */
      staff: number;
      leavers: number;
      children: number;
      sessions: number;
      records: number;
      generateSeconds: number;
      importSeconds: number;
    };

export type ScaleDemoOptions = {
  seed?: number;
  today: IsoDate;
  /** Removes an organisation already there and loads it again; without it, it is left. */
  reset?: boolean;
  progress?: ScaleDemoProgress;
};

export async function loadScaleDemo(
  pool: pg.Pool,
  scale: DemoScale,
  options: ScaleDemoOptions,
): Promise<ScaleDemoOrganisation[]> {
  const seed = options.seed ?? 1;
  const councils =
    scale === 'large'
      ? [largeCouncilOptions(options.today, seed)]
      : multiCouncilOptions(options.today, seed);
  return loadCouncils(pool, councils, options);
}

/** Generates and imports each council in turn, then gives it its accounts. */
export async function loadCouncils(
  pool: pg.Pool,
  councils: readonly CouncilOptions[],
  options: Omit<ScaleDemoOptions, 'today' | 'seed'>,
): Promise<ScaleDemoOrganisation[]> {
  const repos = repositories(pool);
  const loaded: ScaleDemoOrganisation[] = [];
  for (const council of councils) {
    const slug = council.id ?? 'synthetic-council';
    const about = { slug, name: council.name ?? slug, pack: council.policy ?? 'systemic-4x4x4' };
    const existing = await repos.organisations.findBySlug(slug);
    if (existing && !options.reset) {
      loaded.push({ outcome: 'exists', ...about });
      continue;
    }
    if (existing) await repos.organisations.remove(existing.id);
    const progress = (stage: ScaleDemoStage, count?: number) =>
      options.progress?.(slug, stage, count);

    progress('generating');
    const generating = performance.now();
    const bundle = councilBundle(council);
    const generateSeconds = (performance.now() - generating) / 1000;
    const importing = performance.now();
    const report = await importService(repos).importFile({
      kind: 'bundle',
      value: bundle,
      progress: (stage, count) => progress(stage, count),
    });
    if (!report.applied) {
      const problems = report.problems.slice(0, 5).map((p) => `${p.column ?? ''} ${p.message}`);
      throw new Error(`the ${slug} bundle did not import: ${problems.join('; ')}`);
    }
    const importSeconds = (performance.now() - importing) / 1000;
    progress('accounts');
    const organisation = (await repos.organisations.findBySlug(slug))!;
    try {
      await createDemoAccounts(repos, organisation.id, scaleDemoAccounts(bundle));
    } catch (error) {
      await repos.organisations.remove(organisation.id);
      throw error;
    }
    const leavers = bundle.staff.filter((s) => s.leavingDate !== undefined).length;
    loaded.push({
      outcome: 'loaded',
      ...about,
      staff: bundle.staff.length - leavers,
      leavers,
      children: bundle.children.length,
      sessions: bundle.sessions.length,
      records: bundle.records.length,
      generateSeconds,
      importSeconds,
    });
  }
  return loaded;
}

export type ScaleDemoAccount = {
  email: string;
  name: string;
  roles: UserRole[];
  staff?: string;
  kind: string;
};

/**
 * One account of each main kind: the director as senior manager, the manager of the first team
 * and a practitioner in it, an area manager as auditor, and an administrator.
 */
export function scaleDemoAccounts(bundle: Bundle): ScaleDemoAccount[] {
  const slug = bundle.organisation.id;
  const inPost = bundle.staff.filter((s) => s.leavingDate === undefined);
  const team = bundle.orgUnits.find((u) => u.kind === 'team' && u.teamType !== 'other');
  const manager = inPost.find((s) => s.id === team?.managerId);
  const practitioner = inPost.find((s) => s.teamId === team?.id && s.caseHolding);
  const director = inPost.find((s) => s.id === 'st-dir');
  const auditor = inPost.find((s) => s.roleCategory === 'operations_manager') ?? director;
  const administrator = inPost.find((s) => s.roleCategory === 'business_support');
  const account = (
    local: string,
    kind: string,
    roles: UserRole[],
    member: Bundle['staff'][number] | undefined,
    fallbackName: string,
  ): ScaleDemoAccount => ({
    email: `${local}@${slug}.example`,
    name: member?.name ?? fallbackName,
    roles,
    kind,
    ...(member ? { staff: member.id } : {}),
  });
  return [
    account('admin', 'Administrator', ['administrator'], administrator, 'Demo Administrator'),
    account(
      'senior.manager',
      'Senior manager (the director)',
      ['senior_manager', 'supervisor'],
      director,
      'Demo Director',
    ),
    account(
      'supervisor',
      `Supervisor (manager of ${team?.name ?? 'a team'})`,
      ['supervisor', 'practitioner'],
      manager,
      'Demo Team Manager',
    ),
    account(
      'practitioner',
      `Practitioner (${team?.name ?? 'a team'})`,
      ['practitioner'],
      practitioner,
      'Demo Practitioner',
    ),
    account('auditor', 'Auditor', ['auditor', 'senior_manager'], auditor, 'Demo Auditor'),
  ];
}
