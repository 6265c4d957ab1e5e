/**
 * An organisation's policy as versions (issue 13): each save, restore or import is a new version
 * with who, when and why; compliance and reports as of a date use the version in force then.
 * The one writer of the organisation's pack and overrides from the policy pages and the CLI
 * (other writers are caught by migration 0017's trigger, which makes a version for them).
 */
import type { Repositories } from '../data-access/index.ts';
import type { StoredPolicyVersion } from '../data-access/policy-version-repository.ts';
import { type Actor, can } from '../domain/access/can.ts';
import type { IsoDate } from '../domain/calendar/period.ts';
import { checkDraft, exportKey, type PolicyDraft, resolvePack } from '../domain/policy/drafts.ts';
import type { PolicyPack } from '../domain/policy/index.ts';
import type { PackChecks } from '../domain/policy/validate.ts';
import { notAllowed, notFound } from '../web/http-errors.ts';
import type { Clock } from './auth-service.ts';
import { keepRecent } from './recent-map.ts';

export type PolicyVersion = {
  organisationId: string;
  /** 1, 2, 3… per organisation. */
  version: number;
  /** The built-in pack it starts from, or the imported pack's id. */
  basePackId: string;
  /** The overrides on top of the base; null for an imported whole pack. */
  overrides: unknown | null;
  /**
   * The base is a whole pack imported from a file, kept with the version, not the built-in pack
   * of that id (an export keeps its base's id): editors must lay overrides on `basePack`.
   */
  imported: boolean;
  /** The imported base pack as stored (with `imported`), for saving overrides on top of it. */
  basePack?: unknown;
  /** The resolved, validated pack this version runs. */
  pack: PolicyPack;
  reason: string;
  createdBy: { userId: string | null; name: string };
  createdAt: Date;
  restoredFrom?: number;
};

export { checkDraft, type PolicyDraft };

export type SaveResult = { ok: true; version: PolicyVersion } | { ok: false; problems: string[] };

/** Who a change is recorded against: a signed-in person, or the command line (no account). */
export type PolicyAuthor = { userId: string | null; name: string };

// Versions never change, so a resolved pack is kept by organisation and version.
const resolved = new Map<string, PolicyPack>();

function resolve(stored: StoredPolicyVersion): PolicyVersion {
  const key = `${stored.organisationId}|${stored.version}`;
  let pack = resolved.get(key);
  if (!pack) {
    // Checked in full when saved; checks added since must not stop a stored version running.
    const checked = resolvePack(stored.basePackId, stored.pack, stored.overrides, 'stored');
    // One that no longer passes the schema or the engine's own checks is a fault.
    if (!checked.ok)
      throw new Error(`policy version ${stored.version}: ${checked.problems.join('\n')}`);
    pack = checked.value;
  }
  keepRecent(resolved, key, pack, 256);
  const { pack: whole, ...rest } = stored;
  const imported = whole != null;
  return { ...rest, imported, ...(imported ? { basePack: whole } : {}), pack };
}

export function policyVersions(repos: Repositories, options: { clock?: Clock } = {}) {
  const clock = options.clock ?? (() => new Date());
  const store = repos.policyVersions;

  async function current(organisationId: string): Promise<PolicyVersion> {
    const latest = await store.latest(organisationId);
    if (latest) return resolve(latest);
    // Migration 0017 and its trigger give every organisation a version; this is the fallback.
    const organisation = await repos.agreements.organisationPolicyInput(organisationId);
    if (!organisation) throw notFound();
    const first = await store.append(
      organisationId,
      {
        basePackId: organisation.policy,
        overrides: organisation.overrides ?? null,
        pack: null,
        reason: 'Pack in use when versions began',
        createdBy: { userId: null, name: 'Oversight' },
        createdAt: clock(),
      },
      { actorUserId: null, action: 'policy_version_began' },
    );
    // With no base version asked for, append always writes.
    return resolve(first as StoredPolicyVersion);
  }

  async function inForce(organisationId: string, asOf?: IsoDate) {
    const found = await store.inForce(organisationId, asOf);
    if (found)
      return { version: resolve(found.stored), bankHolidayRegion: found.bankHolidayRegion };
    const version = await current(organisationId);
    const organisation = await repos.agreements.organisationPolicyInput(organisationId);
    return { version, bankHolidayRegion: organisation?.bankHolidayRegion ?? 'england-and-wales' };
  }

  async function authorOf(actor: Actor): Promise<PolicyAuthor & { organisationId: string }> {
    const account = await store.accountOf(actor.userId);
    if (!account) throw notAllowed();
    return { userId: actor.userId, ...account };
  }

  /** Saves a draft as the next version when it has no problem; otherwise saves nothing. */
  async function saveAs(
    author: PolicyAuthor,
    organisationId: string,
    draft: PolicyDraft,
    reason: string,
    extra: {
      restoredFrom?: number;
      requestId?: string | undefined;
      action?: string;
      /** A restored version's imported base pack, under its overrides. */
      basePack?: unknown;
      /** 'stored' for a restore: the version ran before, so checks added since do not stop it. */
      checks?: PackChecks;
      /** The version the draft was made from: refused if another was saved since. */
      baseVersion?: number | undefined;
      /** What the audit log names, when a page changes part of the policy (an audit tool). */
      audit?: {
        action: string;
        resourceType: string;
        resourceId: string;
        detail: Record<string, unknown>;
      };
    } = {},
  ): Promise<SaveResult> {
    const problems: string[] = [];
    if (reason.trim() === '') problems.push('reason: expected why the policy changes (missing)');
    const whole = 'pack' in draft;
    const basePack = whole ? null : (draft.basePack ?? extra.basePack ?? null);
    const checked = whole
      ? checkDraft(draft)
      : resolvePack(draft.basePackId, basePack, draft.overrides, extra.checks);
    if (!checked.ok) problems.push(...checked.problems);
    if (!checked.ok || problems.length > 0) return { ok: false, problems };
    const stored = await store.append(
      organisationId,
      {
        basePackId: whole ? checked.value.id : draft.basePackId,
        overrides: whole ? null : (draft.overrides ?? null),
        // An imported pack is kept as validated, so export gives back exactly what came in.
        pack: whole ? checked.value : basePack,
        reason: reason.trim(),
        createdBy: author,
        createdAt: clock(),
        restoredFrom: extra.restoredFrom,
      },
      {
        actorUserId: author.userId,
        action: extra.action ?? (whole ? 'policy_imported' : 'policy_saved'),
        requestId: extra.requestId,
        detail: extra.restoredFrom ? { restoredFrom: extra.restoredFrom } : {},
        ...extra.audit,
      },
      extra.baseVersion,
    );
    if ('savedSince' in stored)
      return {
        ok: false,
        problems: [
          `baseVersion: version ${stored.savedSince} was saved since this change was started from version ${extra.baseVersion}: expected a change to the latest version`,
        ],
      };
    return { ok: true, version: resolve(stored) };
  }

  async function versionOf(organisationId: string, version: number) {
    const stored = await store.get(organisationId, version);
    return stored && resolve(stored);
  }

  async function restoreAs(
    author: PolicyAuthor,
    organisationId: string,
    version: number,
    reason: string,
  ): Promise<PolicyVersion> {
    const stored = await store.get(organisationId, version);
    if (!stored) throw notFound();
    const draft = { basePackId: stored.basePackId, overrides: stored.overrides };
    const saved = await saveAs(author, organisationId, draft, reason, {
      restoredFrom: version,
      action: 'policy_restored',
      basePack: stored.pack,
      checks: 'stored',
    });
    if (!saved.ok) throw new Error(saved.problems.join('\n'));
    return saved.version;
  }

  return {
    current,

    /** Newest first. */
    async list(organisationId: string): Promise<PolicyVersion[]> {
      await current(organisationId);
      return (await store.list(organisationId)).map(resolve);
    },

    get: versionOf,

    /** The version saved last on or before `asOf` (the first when `asOf` is earlier than all). */
    async inForceAt(organisationId: string, asOf: IsoDate): Promise<PolicyVersion> {
      return (await inForce(organisationId, asOf)).version;
    },

    /** The version in force on `asOf` (the latest without), with the organisation's calendar region. */
    inForce,

    check: checkDraft,

    /** Administrators save a draft for their own organisation; problems save nothing. */
    async save(
      actor: Actor,
      draft: PolicyDraft,
      reason: string,
      options: { requestId?: string; baseVersion?: number } = {},
    ): Promise<SaveResult> {
      if (!can(actor, 'edit', { type: 'policy' })) throw notAllowed();
      const author = await authorOf(actor);
      return saveAs(author, author.organisationId, draft, reason, options);
    },

    /** A new version that copies an old one, with its own reason. */
    async restore(
      actor: Actor,
      organisationId: string,
      version: number,
      reason: string,
    ): Promise<PolicyVersion> {
      if (!can(actor, 'edit', { type: 'policy' })) throw notAllowed();
      const author = await authorOf(actor);
      if (author.organisationId !== organisationId) throw notFound();
      if (reason.trim() === '') throw new Error('reason: expected why the version is restored');
      return restoreAs(author, organisationId, version, reason);
    },

    /** For the command line, which acts for the operator and has no account. */
    saveAs,
    restoreAs,

    /**
     * The resolved pack as pretty JSON, with a note of where it came from under `exported`
     * (set aside on import), so the file imports as the same pack.
     */
    async exportPack(organisationId: string, version?: number): Promise<string> {
      const v =
        version === undefined
          ? await current(organisationId)
          : await versionOf(organisationId, version);
      if (!v) throw notFound();
      const note = {
        basedOn: v.basePackId,
        version: v.version,
        exportedAt: clock().toISOString(),
      };
      return `${JSON.stringify({ [exportKey]: note, ...v.pack }, null, 2)}\n`;
    },
  };
}
export type PolicyVersions = ReturnType<typeof policyVersions>;
