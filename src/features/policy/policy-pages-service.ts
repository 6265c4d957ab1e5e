/**
 * The policy authoring pages (issue 13): drafts built from the rules and template forms on top
 * of the version in force, and the preview of what a draft would do to compliance today, per
 * team: the organisation's compliance today as dashboards see it (compliance service, reused),
 * against the draft worked out by the engine on the organisation's own data. Versions
 * themselves (check, save, restore, export) are services/policy-versions.ts.
 */
import { createHash } from 'node:crypto';
import type { Repositories } from '../../data-access/index.ts';
import { type Action, type Actor, can } from '../../domain/access/can.ts';
import type { IsoDate } from '../../domain/calendar/period.ts';
import { addMonths } from '../../domain/compliance/dates.ts';
import {
  evaluateCompliance,
  type Obligation,
  type ObligationState,
} from '../../domain/compliance/index.ts';
import {
  type ComplianceDiff,
  complianceDiff,
  countByState,
  type StateTransition,
} from '../../domain/policy/compliance-diff.ts';
import { getPack, type PackOverrides, type PolicyPack } from '../../domain/policy/index.ts';
import type { Clock } from '../../services/auth-service.ts';
import type {
  ComplianceDirectory,
  ComplianceService,
  ComplianceView,
} from '../../services/compliance-service.ts';
import {
  type PolicyDraft,
  type PolicyVersion,
  policyVersions,
} from '../../services/policy-versions.ts';
import { versionCache } from '../../services/version-cache.ts';
import { HttpError, notAllowed } from '../../web/http-errors.ts';
import { unitOf } from '../dashboards/dashboard-figures.ts';
import { stateLabels } from '../dashboards/labels.ts';
import { mergeUnchecked } from './rule-fields.ts';

export type { PolicyDraft, PolicyVersion };

/**
 * What a draft starts from: a built-in pack with overrides, or a whole imported pack (kept
 * with the version as `basePack`) with the overrides saved on top of it since.
 */
export type DraftBase = {
  pack: PolicyPack;
  overrides: PackOverrides;
  builtIn: boolean;
  basePackId: string;
  basePack?: unknown;
};

export type ExampleChange = {
  obligation: Obligation;
  subject: string;
  change: 'added' | 'removed' | 'changed';
  from?: ObligationState;
};

/** How many of a team's obligations are in a state today, before and after the change. */
export type StateCount = { state: ObligationState; before: number; after: number };

export type TeamEffect = {
  team: string;
  added: number;
  removed: number;
  changed: number;
  states: StateCount[];
  transitions: StateTransition[];
  examples: ExampleChange[];
};

export type Preview = {
  asOf: IsoDate;
  /** The version the change is made on; saving refuses if another is saved meanwhile. */
  baseVersion: number;
  before: PolicyPack;
  after: PolicyPack;
  totals: { added: number; removed: number; changed: number; unchanged: number };
  transitions: StateTransition[];
  teams: TeamEffect[];
};

const examplesPerTeam = 3;
const open = new Set<ObligationState>(['due', 'due_soon', 'overdue']);
const states = Object.keys(stateLabels) as ObligationState[];

/** What compliance today means: open obligations, and those due in the last twelve months or later. */
function relevantToday(obligations: Obligation[], asOf: IsoDate): Obligation[] {
  const from = addMonths(asOf, -12);
  return obligations.filter((o) => o.dueDate === null || o.dueDate >= from || open.has(o.state));
}

/** The same draft gives the same key, whichever page it came from. */
function draftKey(draft: PolicyDraft): string {
  return createHash('sha256').update(JSON.stringify(draft)).digest('base64url');
}

/** Quality assurance read and export the policy; only those who may edit it change it. */
export function canManagePolicy(actor: Actor, action: Action = 'edit'): boolean {
  return can(actor, action, { type: 'policy' });
}

function subjectName(directory: ComplianceDirectory, o: Obligation): string {
  if (o.subject.kind === 'staff') return directory.staff.get(o.subject.id)?.name ?? o.subject.id;
  if (o.subject.kind === 'team') return directory.units.get(o.subject.id)?.name ?? o.subject.id;
  return directory.children.get(o.subject.id)?.name ?? `child ${o.subject.id}`;
}

type TeamLists = {
  before: Obligation[];
  after: Obligation[];
  added: Obligation[];
  removed: Obligation[];
  changed: ComplianceDiff['changed'];
};

/** The effect on each team (by unit id: two teams may share a name), teams by name, no team last. */
function byTeam(
  view: ComplianceView,
  lists: { before: Obligation[]; after: Obligation[]; diff: ComplianceDiff },
): TeamEffect[] {
  const teamOf = unitOf(view);
  const { directory } = view;
  const teams = new Map<string, TeamLists>();
  const entry = (o: Obligation) => {
    const unit = teamOf(o) ?? '';
    const found = teams.get(unit) ?? { before: [], after: [], added: [], removed: [], changed: [] };
    teams.set(unit, found);
    return found;
  };
  for (const o of lists.before) entry(o).before.push(o);
  for (const o of lists.after) entry(o).after.push(o);
  for (const o of lists.diff.added) entry(o).added.push(o);
  for (const o of lists.diff.removed) entry(o).removed.push(o);
  for (const c of lists.diff.changed) entry(c.after).changed.push(c);
  const nameOf = (unit: string) => (unit && directory.unitsById.get(unit)?.name) || 'No team';
  return [...teams]
    .filter(([, t]) => t.added.length + t.removed.length + t.changed.length > 0)
    .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : nameOf(a).localeCompare(nameOf(b))))
    .map(([unit, t]): TeamEffect => {
      const before = countByState(t.before);
      const after = countByState(t.after);
      const examples: ExampleChange[] = [
        ...t.changed.map((c) => ({
          obligation: c.after,
          change: 'changed' as const,
          from: c.before.state,
        })),
        ...t.added.map((o) => ({ obligation: o, change: 'added' as const })),
        ...t.removed.map((o) => ({ obligation: o, change: 'removed' as const })),
      ]
        .slice(0, examplesPerTeam)
        .map((e) => ({ ...e, subject: subjectName(directory, e.obligation) }));
      return {
        team: nameOf(unit),
        added: t.added.length,
        removed: t.removed.length,
        changed: t.changed.length,
        states: states
          .map((state) => ({ state, before: before[state] ?? 0, after: after[state] ?? 0 }))
          .filter((c) => c.before + c.after > 0),
        transitions: complianceDiff(
          t.changed.map((c) => c.before),
          t.changed.map((c) => c.after),
        ).transitions,
        examples,
      };
    });
}

export function policyPagesService(
  repos: Repositories,
  options: { clock: Clock; today: () => IsoDate; compliance: ComplianceService },
) {
  const versions = policyVersions(repos, { clock: options.clock });
  // A preview is kept while the organisation's data (and so its policy) stays as it was, so a
  // reason left out, or a second look at the same draft, does not work it out again.
  const previews = versionCache<Preview>({ size: 16 });

  /** Compliance today as the dashboards see it, and under the draft, and what moved. */
  async function computePreview(
    organisationId: string,
    draftPack: PolicyPack,
    baseVersion: number,
  ): Promise<Preview> {
    const asOf = options.today();
    const [view, bundle] = await Promise.all([
      options.compliance.view(organisationId, asOf, { kind: 'organisation' }),
      repos.organisationData.loadBundle(organisationId),
    ]);
    if (!bundle) throw new Error(`no organisation ${organisationId}`);
    const before = relevantToday(view.obligations, asOf);
    const after = relevantToday(
      evaluateCompliance(bundle, draftPack, asOf, { calendar: view.calendar }),
      asOf,
    );
    const diff = complianceDiff(before, after);
    return {
      asOf,
      baseVersion,
      before: view.pack,
      after: draftPack,
      totals: {
        added: diff.added.length,
        removed: diff.removed.length,
        changed: diff.changed.length,
        unchanged: diff.unchanged,
      },
      transitions: diff.transitions,
      teams: byTeam(view, { before, after, diff }),
    };
  }

  return {
    versions,

    /** Refuses anyone the access policy does not let do this to the organisation's policy. */
    authorise(actor: Actor, action: Action): void {
      if (!canManagePolicy(actor, action)) throw notAllowed();
    },

    /**
     * What drafts start from: the version's built-in pack and its overrides, or its imported
     * pack and the overrides saved on it (never the built-in pack its id may name).
     */
    baseOf(version: PolicyVersion): DraftBase {
      const overrides = (version.overrides ?? {}) as PackOverrides;
      if (version.imported) {
        const base = versions.check({
          basePackId: version.basePackId,
          overrides: null,
          basePack: version.basePack,
        });
        // The stored base was validated when it was saved; without it, the pack as it runs.
        const pack = base.ok ? base.value : version.pack;
        return { pack, overrides, builtIn: false, basePackId: version.basePackId, basePack: pack };
      }
      const builtIn = getPack(version.basePackId);
      if (builtIn)
        return { pack: builtIn, overrides, builtIn: true, basePackId: version.basePackId };
      return { pack: version.pack, overrides: {}, builtIn: false, basePackId: version.basePackId };
    },

    /** The draft of a version's base with these overrides. */
    draftOf(base: DraftBase, overrides: PackOverrides): PolicyDraft {
      if (base.builtIn) return { basePackId: base.basePackId, overrides };
      if (base.basePack !== undefined)
        return { basePackId: base.basePackId, overrides, basePack: base.basePack };
      // No base kept: the draft is the whole pack, resolved.
      return { pack: mergeUnchecked(base.pack, overrides) };
    },

    /** The number the next saved version will have. */
    async nextVersion(organisationId: string): Promise<number> {
      const [latest] = await versions.list(organisationId);
      return (latest?.version ?? 0) + 1;
    },

    /** Records of a kind already written (they keep the template they were written with). */
    recordsOfKind(organisationId: string, kind: string): Promise<number> {
      return repos.records.countOfKind(organisationId, kind);
    },

    /** What a draft would do to compliance today, per team; or, if it does not check, why. */
    async preview(
      organisationId: string,
      draft: PolicyDraft,
    ): Promise<{ ok: true; preview: Preview } | { ok: false; problems: string[] }> {
      const checked = versions.check(draft);
      if (!checked.ok) return { ok: false, problems: checked.problems };
      const [current, dataVersion] = await Promise.all([
        versions.current(organisationId),
        repos.compliance.dataVersion(organisationId),
      ]);
      const key = `${organisationId}|${options.today()}|v${current.version}|${draftKey(draft)}`;
      const preview = await previews.get(key, dataVersion, () =>
        computePreview(organisationId, checked.value, current.version),
      );
      return { ok: true, preview };
    },
  };
}
export type PolicyPagesService = ReturnType<typeof policyPagesService>;

/** A draft posted back from a page's hidden field: a built-in pack with overrides, or a pack. */
export function parseDraft(text: string | undefined): PolicyDraft {
  const bad = () =>
    new HttpError(
      400,
      'The draft could not be read',
      'Go back to the policy page and make the change again.',
    );
  let value: unknown;
  try {
    value = JSON.parse(text ?? '');
  } catch {
    throw bad();
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad();
  const draft = value as Record<string, unknown>;
  if ('pack' in draft) return { pack: draft.pack };
  if (typeof draft.basePackId === 'string' && 'overrides' in draft)
    return {
      basePackId: draft.basePackId,
      overrides: draft.overrides ?? null,
      ...(draft.basePack !== undefined ? { basePack: draft.basePack } : {}),
    };
  throw bad();
}
