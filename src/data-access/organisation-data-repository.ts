/**
 * The organisation's data as a whole: read as a bundle, and written by an import inside one
 * transaction that holds the organisation's row locked, so two imports never interleave and a
 * failed one leaves nothing behind.
 */
import type pg from 'pg';
import type { BundleChanges } from '../domain/bundle/diff.ts';
import type { Bundle } from '../domain/bundle/schema.ts';
import { type AuditEntry, appendAuditEvent } from './audit-log-repository.ts';
import { type BundleScope, readBundle } from './bundle-reader.ts';
import { writeBundleChanges } from './bundle-writer.ts';
import { inTransaction, Rollback } from './transaction.ts';

/** Who changes an organisation's policy, and why, for the version it makes. */
export type PolicyChange = { author: { userId: string | null; name: string }; reason: string };

export type ImportTransaction = {
  /** The organisation's uuid, or undefined when no organisation has the slug yet. */
  organisationId: string | undefined;
  read(): Promise<Bundle | null>;
  /**
   * Creates or updates the organisation row from a bundle's organisation; returns its uuid. A
   * changed pack or overrides become a policy version recorded against `change` (migration 0017).
   */
  saveOrganisation(organisation: Bundle['organisation'], change?: PolicyChange): Promise<string>;
  write(
    organisationId: string,
    changes: BundleChanges,
    progress?: (n: number) => void,
  ): Promise<void>;
  audit(entry: AuditEntry): Promise<void>;
};

export function organisationDataRepository(pool: pg.Pool) {
  return {
    /** The whole organisation, or the part a scope's compliance depends on. */
    async loadBundle(organisationId: string, scope?: BundleScope): Promise<Bundle | null> {
      // One snapshot, so a bundle never mixes data from before and after a concurrent import.
      return inTransaction(pool, (client) => readBundle(client, organisationId, scope), {
        isolation: 'repeatable read',
        readOnly: true,
      });
    },

    /** Runs `work` in a transaction; it commits only when `work` resolves to true. */
    async importTransaction<T>(
      slug: string,
      work: (tx: ImportTransaction) => Promise<{ commit: boolean; result: T }>,
    ): Promise<T> {
      return inTransaction(pool, async (client) => {
        // Serialises imports of one slug, including the first, which creates the organisation.
        await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 7))', [slug]);
        const found = await client.query('SELECT id FROM organisation WHERE slug = $1 FOR UPDATE', [
          slug,
        ]);
        const organisationId: string | undefined = found.rows[0]?.id;
        const tx: ImportTransaction = {
          organisationId,
          read: () => (organisationId ? readBundle(client, organisationId) : Promise.resolve(null)),
          saveOrganisation: (organisation, change) =>
            saveOrganisation(client, organisation, change),
          write: (id, changes, progress) => writeBundleChanges(client, id, changes, progress),
          audit: (entry) => appendAuditEvent(client, entry),
        };
        const { commit, result } = await work(tx);
        if (!commit) throw new Rollback(result);
        return result;
      });
    },
  };
}

async function saveOrganisation(
  client: pg.PoolClient,
  organisation: Bundle['organisation'],
  change?: PolicyChange,
): Promise<string> {
  if (change)
    await client.query(
      `SELECT set_config('oversight.policy_author_id', $1, true),
              set_config('oversight.policy_author_name', $2, true),
              set_config('oversight.policy_reason', $3, true)`,
      [change.author.userId ?? '', change.author.name, change.reason],
    );
  const { rows } = await client.query(
    `INSERT INTO organisation (id, slug, name, policy_pack_id, bank_holiday_region, overrides)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $5)
     ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name, policy_pack_id = EXCLUDED.policy_pack_id,
       bank_holiday_region = EXCLUDED.bank_holiday_region, overrides = EXCLUDED.overrides
     RETURNING id`,
    [
      organisation.id,
      organisation.name,
      organisation.policy,
      organisation.bankHolidayRegion,
      organisation.overrides === undefined ? null : JSON.stringify(organisation.overrides),
    ],
  );
  return rows[0].id;
}
