import type { Repositories } from '../data-access/index.ts';
import type { UserAccount } from '../data-access/user-repository.ts';
import type { Actor } from '../domain/access/can.ts';

/** Turns a signed-in account into the actor `can()` decides for. */
export function accessService(repos: Repositories) {
  return {
    async actorFor(user: UserAccount): Promise<Actor> {
      const staffId = user.staffMemberId ?? undefined;
      const managed = staffId
        ? await repos.access.managedUnitIds(user.organisationId, staffId)
        : [];
      return { userId: user.id, roles: user.roles, staffId, managedUnitIds: new Set(managed) };
    },
  };
}
export type AccessService = ReturnType<typeof accessService>;
