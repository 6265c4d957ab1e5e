/**
 * A policy as an author drafts it: a built-in pack with overrides, or a whole pack (a file
 * imported), checked by the one validation `oversight policy validate` runs.
 */
import { applyOverrides, type PackOverrides } from './overrides.ts';
import type { Parsed } from './problems.ts';
import { getPack, listPacks } from './registry.ts';
import type { PolicyPack } from './schema.ts';
import { type PackChecks, validatePack } from './validate.ts';

/**
 * A built-in pack with overrides, or a whole pack (a file imported). Overrides on an imported
 * pack carry that pack as `basePack` (PolicyVersion.basePack), not the built-in of its id.
 */
export type PolicyDraft =
  | { basePackId: string; overrides: unknown | null; basePack?: unknown }
  | { pack: unknown };

/** The key under which an exported file says where it came from; import sets it aside. */
export const exportKey = 'exported';

/** A file's pack without its export note, so what was exported imports as the same pack. */
export function withoutExportNote(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const { [exportKey]: _note, ...pack } = input as Record<string, unknown>;
  return pack;
}

const knownPacks = () =>
  listPacks()
    .map((p) => p.id)
    .join(', ');

/**
 * The same validation as `oversight policy validate` (validatePack: schema, rule ids, the named
 * contradictions of issue 13), applied to the pack a draft resolves to; problems name the path.
 */
export function checkDraft(draft: PolicyDraft): Parsed<PolicyPack> {
  if ('pack' in draft) return validatePack(withoutExportNote(draft.pack));
  return resolvePack(draft.basePackId, draft.basePack ?? null, draft.overrides);
}

/**
 * A base (a built-in pack by id, or a whole imported one) with overrides on it, validated:
 * every check for a draft, `stored` for a version saved before (validate.ts, PackChecks).
 */
export function resolvePack(
  basePackId: string,
  basePack: unknown,
  overrides: unknown,
  checks: PackChecks = 'all',
): Parsed<PolicyPack> {
  let base: PolicyPack | undefined;
  if (basePack != null) {
    const whole = validatePack(basePack, checks);
    if (!whole.ok) return whole;
    base = whole.value;
  } else base = getPack(basePackId);
  if (!base)
    return {
      ok: false,
      problems: [`$.basePackId: unknown pack "${basePackId}": expected one of ${knownPacks()}`],
    };
  if (overrides == null)
    return basePack != null ? { ok: true, value: base } : validatePack(base, checks);
  return applyOverrides(base, overrides as PackOverrides, checks);
}
