import type pg from 'pg';
import type { UserRole } from '../domain/organisation/vocabulary.ts';
import { auditChange, inTransaction } from './transaction.ts';

export type UserAccount = {
  organisationId: string;
  id: string;
  email: string;
  displayName: string;
  staffMemberId: string | null;
  roles: UserRole[];
  passwordHash: string | null;
  disabled: boolean;
};

const columns = `organisation_id, id, email, display_name, staff_member_id, roles, password_hash,
  disabled_at IS NOT NULL AS disabled`;

function toUser(row: Record<string, unknown>): UserAccount {
  return {
    organisationId: row.organisation_id as string,
    id: row.id as string,
    email: row.email as string,
    displayName: row.display_name as string,
    staffMemberId: (row.staff_member_id as string | null) ?? null,
    roles: row.roles as UserRole[],
    passwordHash: (row.password_hash as string | null) ?? null,
    disabled: row.disabled as boolean,
  };
}

export function userRepository(db: pg.Pool) {
  return {
    async findByEmail(email: string): Promise<UserAccount | undefined> {
      const { rows } = await db.query(
        `SELECT ${columns} FROM user_account WHERE lower(email) = lower($1)`,
        [email],
      );
      return rows[0] ? toUser(rows[0]) : undefined;
    },

    async findById(organisationId: string, id: string): Promise<UserAccount | undefined> {
      const { rows } = await db.query(
        `SELECT ${columns} FROM user_account WHERE organisation_id = $1 AND id = $2`,
        [organisationId, id],
      );
      return rows[0] ? toUser(rows[0]) : undefined;
    },

    async create(user: Omit<UserAccount, 'disabled'>): Promise<void> {
      await db.query(
        `INSERT INTO user_account (organisation_id, id, email, display_name, staff_member_id,
           roles, password_hash, password_changed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, now())`,
        [
          user.organisationId,
          user.id,
          user.email,
          user.displayName,
          user.staffMemberId,
          user.roles,
          user.passwordHash,
        ],
      );
    },

    /** The account linked to this identity at the organisation's OpenID provider. */
    async findByOidcIdentity(
      organisationId: string,
      issuer: string,
      subject: string,
    ): Promise<UserAccount | undefined> {
      const { rows } = await db.query(
        `SELECT ${columns} FROM user_account
         WHERE organisation_id = $1 AND oidc_issuer = $2 AND oidc_subject = $3`,
        [organisationId, issuer, subject],
      );
      return rows[0] ? toUser(rows[0]) : undefined;
    },

    /**
     * Links an account to an identity, only if it has none yet, and audits the link in the same
     * transaction (the account is its own actor); false if it has another.
     */
    async linkOidcIdentity(
      organisationId: string,
      id: string,
      identity: { issuer: string; subject: string },
      requestId?: string,
    ): Promise<boolean> {
      return inTransaction(db, async (client) => {
        const { rowCount } = await client.query(
          `UPDATE user_account SET oidc_issuer = $3, oidc_subject = $4
           WHERE organisation_id = $1 AND id = $2 AND oidc_subject IS NULL`,
          [organisationId, id, identity.issuer, identity.subject],
        );
        if (rowCount !== 1) return false;
        await auditChange(client, organisationId, 'user_account', id, {
          actorUserId: id,
          action: 'oidc_identity_linked',
          requestId,
          detail: { issuer: identity.issuer, subject: identity.subject },
        });
        return true;
      });
    },

    async setPasswordHash(organisationId: string, id: string, passwordHash: string) {
      await db.query(
        `UPDATE user_account SET password_hash = $3, password_changed_at = now()
         WHERE organisation_id = $1 AND id = $2`,
        [organisationId, id, passwordHash],
      );
    },
  };
}
export type UserRepository = ReturnType<typeof userRepository>;
