import type { Repositories } from '../data-access/index.ts';
import type { IsoDate } from '../domain/calendar/period.ts';
import { evaluateCompliance, type Obligation } from '../domain/compliance/index.ts';
import { organisationPolicy } from '../domain/compliance/organisation-policy.ts';

export type OrganisationCompliance = {
  organisation: string;
  policy: string;
  asOf: IsoDate;
  obligations: Obligation[];
};

/** Compliance derived from the stored organisation: the same engine `evaluate` runs on a bundle. */
export function complianceService(repos: Repositories) {
  return {
    async forOrganisation(
      organisationId: string,
      asOf: IsoDate,
      options: { from?: IsoDate } = {},
    ): Promise<OrganisationCompliance> {
      const bundle = await repos.organisationData.loadBundle(organisationId);
      if (!bundle) throw new Error(`no organisation ${organisationId}`);
      const policy = organisationPolicy(bundle.organisation);
      // Stored organisations were validated on the way in; a pack that no longer loads is a fault.
      if (!policy.ok) throw new Error(policy.problems.join('\n'));
      const { pack, calendar } = policy.value;
      const obligations = evaluateCompliance(bundle, pack, asOf, { calendar, ...options });
      return { organisation: bundle.organisation.id, policy: pack.id, asOf, obligations };
    },
  };
}
export type ComplianceService = ReturnType<typeof complianceService>;
