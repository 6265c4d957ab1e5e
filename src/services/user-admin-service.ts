import { randomBytes, randomUUID } from 'node:crypto';
import type { Repositories } from '../data-access/index.ts';
import { type UserRole, userRoles } from '../domain/organisation/vocabulary.ts';
import { hashPassword, passwordProblem } from './passwords.ts';

export class UserAdminError extends Error {}

export type NewUser = {
  organisationSlug?: string | undefined;
  email: string;
  displayName: string;
  roles: string[];
  password?: string | undefined;
};

/** Account administration shared by the CLI and (later) the admin pages. */
export function userAdminService(repos: Repositories) {
  return {
    /** Creates an account; returns the password, generated when none was given. */
    async create(input: NewUser): Promise<{ id: string; password: string }> {
      const organisationId = await resolveOrganisation(repos, input.organisationSlug);
      const roles = checkRoles(input.roles);
      const email = input.email.trim();
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
        throw new UserAdminError(`email: '${email}' is not an email address`);
      if (!input.displayName.trim()) throw new UserAdminError('name: enter the person’s name');
      if (await repos.users.findByEmail(email))
        throw new UserAdminError(`email: an account for ${email} already exists`);
      const password = input.password ?? generatePassword();
      const problem = passwordProblem(password);
      if (problem) throw new UserAdminError(`password: ${problem}`);
      const staffMemberId = await repos.staff.findIdByEmail(organisationId, email);
      const id = randomUUID();
      await repos.users.create({
        organisationId,
        id,
        email,
        displayName: input.displayName.trim(),
        staffMemberId: staffMemberId ?? null,
        roles,
        passwordHash: await hashPassword(password),
      });
      await repos.auditLog.append({
        organisationId,
        actorUserId: null,
        action: 'user_created',
        resourceType: 'user_account',
        resourceId: id,
        detail: { roles },
      });
      return { id, password };
    },

    async resetPassword(email: string, password = generatePassword()): Promise<string> {
      const user = await repos.users.findByEmail(email);
      if (!user) throw new UserAdminError(`email: no account for ${email}`);
      const problem = passwordProblem(password);
      if (problem) throw new UserAdminError(`password: ${problem}`);
      await repos.users.setPasswordHash(user.organisationId, user.id, await hashPassword(password));
      // Signing everyone out of the account is the point of a reset.
      await repos.sessions.deleteForUser(user.organisationId, user.id);
      await repos.auditLog.append({
        organisationId: user.organisationId,
        actorUserId: null,
        action: 'password_reset',
        resourceType: 'user_account',
        resourceId: user.id,
      });
      return password;
    },
  };
}

function checkRoles(roles: string[]): UserRole[] {
  if (roles.length === 0)
    throw new UserAdminError(`role: give at least one of ${userRoles.join(', ')}`);
  for (const role of roles) {
    if (!(userRoles as readonly string[]).includes(role)) {
      throw new UserAdminError(`role: '${role}' is not one of ${userRoles.join(', ')}`);
    }
  }
  return [...new Set(roles)] as UserRole[];
}

async function resolveOrganisation(repos: Repositories, slug: string | undefined): Promise<string> {
  const rows = await repos.organisations.list();
  if (slug) {
    const found = rows.find((row) => row.slug === slug);
    if (!found)
      throw new UserAdminError(
        `organisation: no organisation '${slug}' (there are: ${rows.map((r) => r.slug).join(', ') || 'none'})`,
      );
    return found.id;
  }
  if (rows.length === 1) return rows[0]!.id;
  throw new UserAdminError(
    rows.length === 0
      ? 'organisation: there is no organisation yet; run oversight demo or import one'
      : `organisation: say which with --organisation (one of ${rows.map((r) => r.slug).join(', ')})`,
  );
}

function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}
