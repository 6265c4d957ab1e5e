import type { Repositories } from '../data-access/index.ts';
import type { UserAccount } from '../data-access/user-repository.ts';
import type { Actor } from '../domain/access/can.ts';
import type { UserRole } from '../domain/organisation/vocabulary.ts';

/** The roles that may hold access grants (an investigating officer's, an inspector's). */
export const grantHolderRoles: readonly UserRole[] = ['investigating_officer', 'inspector'];

export const mayHoldGrants = (roles: readonly UserRole[]) =>
  roles.some((role) => grantHolderRoles.includes(role));

/** Turns a signed-in account into the actor `can()` decides for. */
export function accessService(repos: Repositories) {
  return {
    /**
     * Read afresh on every request, grants included and never cached: a grant that expires or
     * is revoked stops opening anything on the very next request.
     */
    async actorFor(user: UserAccount): Promise<Actor> {
      const staffId = user.staffMemberId ?? undefined;
      const [managed, grants] = await Promise.all([
        staffId ? repos.access.managedUnitIds(user.organisationId, staffId) : [],
        mayHoldGrants(user.roles) ? repos.accessGrants.live(user.organisationId, user.id) : [],
      ]);
      return {
        userId: user.id,
        roles: user.roles,
        staffId,
        managedUnitIds: new Set(managed),
        grants,
      };
    },
  };
}
export type AccessService = ReturnType<typeof accessService>;
