import type { Repositories } from '../data-access/index.ts';
import {
  type OrganisationPolicy,
  organisationPolicy,
} from '../domain/compliance/organisation-policy.ts';
import { notFound } from '../web/http-errors.ts';

/** The policy a stored organisation runs now (its pack with its overrides, its calendar). */
export async function storedPolicy(
  repos: Repositories,
  organisationId: string,
): Promise<OrganisationPolicy> {
  const organisation = await repos.agreements.organisationPolicyInput(organisationId);
  if (!organisation) throw notFound();
  const resolved = organisationPolicy(organisation);
  // The organisation's pack was validated when it was stored; one that no longer loads is a fault.
  if (!resolved.ok) throw new Error(resolved.problems.join('\n'));
  return resolved.value;
}
