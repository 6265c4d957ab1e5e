import { randomUUID } from 'node:crypto';
import type { Repositories } from '../data-access/index.ts';
import { enterOrganisation } from '../data-access/tenant-scope.ts';
import type { UserAccount } from '../data-access/user-repository.ts';
import { verifyPassword } from './passwords.ts';
import { newSecret, sha256 } from './tokens.ts';

export type Clock = () => Date;

export type SessionPolicy = { idleMs: number; absoluteMs: number };

/** Five failures lock an account for 15 minutes; an address gets more room (shared offices). */
export const accountThrottle = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };
export const addressThrottle = { maxFailures: 50, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

export type SignInResult =
  | { outcome: 'signed-in'; user: UserAccount; sessionToken: string }
  | { outcome: 'rejected' }
  | { outcome: 'throttled'; retryAfterMinutes: number };

export type CurrentSession = { id: string; user: UserAccount; csrfToken: string };

export function authService(
  repos: Repositories,
  policy: SessionPolicy,
  clock: Clock = () => new Date(),
) {
  const audit = (user: UserAccount, action: string, requestId?: string) =>
    repos.auditLog.append({
      organisationId: user.organisationId,
      actorUserId: user.id,
      action,
      resourceType: 'user_account',
      resourceId: user.id,
      requestId: requestId ?? null,
    });

  /** Always a new random token (no session fixation); only its hash is stored. */
  const openSession = async (user: UserAccount) => {
    const now = clock();
    const sessionToken = newSecret();
    await repos.sessions.create({
      organisationId: user.organisationId,
      id: sha256(sessionToken),
      userId: user.id,
      csrfToken: newSecret(),
      lastSeenAt: now,
      idleExpiresAt: new Date(now.getTime() + policy.idleMs),
      absoluteExpiresAt: new Date(now.getTime() + policy.absoluteMs),
    });
    return sessionToken;
  };

  return {
    async signIn(email: string, password: string, address: string, requestId?: string) {
      const now = clock();
      const keys = [`account:${email.trim().toLowerCase()}`, `address:${address}`];
      const locks = await Promise.all(
        keys.map((key) => repos.signInThrottle.lockedUntil(key, now)),
      );
      const lockedUntil = locks.find((until) => until !== undefined);
      if (lockedUntil) {
        const retryAfterMinutes = Math.max(
          1,
          Math.ceil((lockedUntil.getTime() - now.getTime()) / 60_000),
        );
        return { outcome: 'throttled', retryAfterMinutes } satisfies SignInResult;
      }

      const user = await repos.users.findByEmail(email.trim());
      const valid = await verifyPassword(user?.passwordHash ?? null, password);
      if (!user || !valid || user.disabled) {
        await repos.signInThrottle.recordFailure(keys[0]!, now, accountThrottle);
        await repos.signInThrottle.recordFailure(keys[1]!, now, addressThrottle);
        if (user) await audit(user, 'sign_in_failed', requestId);
        return { outcome: 'rejected' } satisfies SignInResult;
      }
      await repos.signInThrottle.clear(keys[0]!);
      const sessionToken = await openSession(user);
      await audit(user, 'sign_in', requestId);
      return { outcome: 'signed-in', user, sessionToken } satisfies SignInResult;
    },

    /**
     * A new session for someone another service has vouched for (single sign-on): the same kind
     * of session as a password sign-in, with a new id, on the audit trail with how they came in.
     */
    async signInVerified(user: UserAccount, method: string, requestId?: string) {
      const sessionToken = await openSession(user);
      await repos.auditLog.append({
        organisationId: user.organisationId,
        actorUserId: user.id,
        action: 'sign_in',
        resourceType: 'user_account',
        resourceId: user.id,
        detail: { method },
        requestId: requestId ?? null,
      });
      return sessionToken;
    },

    /** The live session for a cookie's token, sliding its idle expiry forward. */
    async resume(sessionToken: string): Promise<CurrentSession | undefined> {
      const now = clock();
      const session = await repos.sessions.findLive(sha256(sessionToken), now);
      if (!session) return undefined;
      const user = await repos.users.findById(session.organisationId, session.userId);
      if (!user) return undefined;
      enterOrganisation(user.organisationId);
      // Writing on every request would make each page view a database write; a minute's
      // granularity is plenty for a 30-minute idle timeout.
      if (now.getTime() - session.lastSeenAt.getTime() > 60_000) {
        await repos.sessions.touch(session.id, now, new Date(now.getTime() + policy.idleMs));
      }
      return { id: session.id, user, csrfToken: session.csrfToken };
    },

    async signOut(session: CurrentSession, requestId?: string): Promise<void> {
      await repos.sessions.delete(session.id);
      await audit(session.user, 'sign_out', requestId);
    },

    /** Creates a personal API token; the secret is returned once and stored only hashed. */
    async createApiToken(user: UserAccount, name: string): Promise<string> {
      const secret = newSecret('ovt_');
      const id = randomUUID();
      await repos.apiTokens.create({
        organisationId: user.organisationId,
        id,
        userId: user.id,
        name,
        tokenHash: sha256(secret),
      });
      await repos.auditLog.append({
        organisationId: user.organisationId,
        actorUserId: user.id,
        action: 'api_token_created',
        resourceType: 'api_token',
        resourceId: id,
        detail: { name },
      });
      return secret;
    },

    async authenticateApiToken(secret: string): Promise<UserAccount | undefined> {
      const owner = await repos.apiTokens.findActiveByHash(sha256(secret));
      if (!owner) return undefined;
      enterOrganisation(owner.organisationId);
      return repos.users.findById(owner.organisationId, owner.userId);
    },
  };
}
export type AuthService = ReturnType<typeof authService>;
