import type pg from 'pg';

/** A single sign-on in flight: what the callback must find to finish it. */
export type OidcLoginState = {
  organisationId: string;
  /** SHA-256 of the random handle in the browser's cookie. */
  id: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
};

/** Expiry uses the database's clock on both sides, so no two clocks can disagree. */
export function oidcLoginStateRepository(db: pg.Pool) {
  return {
    async create(login: OidcLoginState, lifetimeSeconds: number): Promise<void> {
      // Abandoned sign-ins are cleared as new ones start: the table stays the size of the
      // sign-ins of the last few minutes.
      await db.query(
        'DELETE FROM oidc_login_state WHERE organisation_id = $1 AND expires_at < now()',
        [login.organisationId],
      );
      await db.query(
        `INSERT INTO oidc_login_state (organisation_id, id, state, nonce, code_verifier, return_to,
           expires_at) VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(secs => $7))`,
        [
          login.organisationId,
          login.id,
          login.state,
          login.nonce,
          login.codeVerifier,
          login.returnTo,
          lifetimeSeconds,
        ],
      );
    },

    /** Takes the sign-in out as it reads it (one use only); an expired one is gone as well. */
    async take(organisationId: string, id: string): Promise<OidcLoginState | undefined> {
      const { rows } = await db.query(
        `DELETE FROM oidc_login_state WHERE organisation_id = $1 AND id = $2
         RETURNING state, nonce, code_verifier, return_to, expires_at > now() AS live`,
        [organisationId, id],
      );
      const row = rows[0];
      if (!row?.live) return undefined;
      return {
        organisationId,
        id,
        state: row.state,
        nonce: row.nonce,
        codeVerifier: row.code_verifier,
        returnTo: row.return_to,
      };
    },
  };
}
export type OidcLoginStateRepository = ReturnType<typeof oidcLoginStateRepository>;
