import type pg from 'pg';

export type ApiTokenOwner = { organisationId: string; userId: string; tokenId: string };

export function apiTokenRepository(db: pg.Pool) {
  return {
    async create(token: {
      organisationId: string;
      id: string;
      userId: string;
      name: string;
      tokenHash: string;
    }): Promise<void> {
      await db.query(
        `INSERT INTO api_token (organisation_id, id, user_id, name, token_hash)
         VALUES ($1, $2, $3, $4, $5)`,
        [token.organisationId, token.id, token.userId, token.name, token.tokenHash],
      );
    },

    async findActiveByHash(tokenHash: string): Promise<ApiTokenOwner | undefined> {
      const { rows } = await db.query(
        `UPDATE api_token t SET last_used_at = now()
         FROM user_account u
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL
           AND u.organisation_id = t.organisation_id AND u.id = t.user_id
           AND u.disabled_at IS NULL
         RETURNING t.organisation_id, t.user_id, t.id`,
        [tokenHash],
      );
      const row = rows[0];
      return row
        ? { organisationId: row.organisation_id, userId: row.user_id, tokenId: row.id }
        : undefined;
    },

    async listForUser(organisationId: string, userId: string) {
      const { rows } = await db.query(
        `SELECT id, name, created_at, last_used_at, revoked_at FROM api_token
         WHERE organisation_id = $1 AND user_id = $2 ORDER BY created_at`,
        [organisationId, userId],
      );
      return rows as {
        id: string;
        name: string;
        created_at: Date;
        last_used_at: Date | null;
        revoked_at: Date | null;
      }[];
    },

    async revoke(organisationId: string, id: string): Promise<boolean> {
      const result = await db.query(
        `UPDATE api_token SET revoked_at = now()
         WHERE organisation_id = $1 AND id = $2 AND revoked_at IS NULL`,
        [organisationId, id],
      );
      return (result.rowCount ?? 0) > 0;
    },
  };
}
export type ApiTokenRepository = ReturnType<typeof apiTokenRepository>;
