/** The planning feature's services, built together: the pages, the API and tests share them. */
import type { Repositories } from '../../data-access/index.ts';
import type { ComplianceService } from '../../services/compliance-service.ts';
import { plannerService } from './planner-service.ts';
import { preparationService } from './preparation-service.ts';
import { type Clock, sessionService } from './session-service.ts';

export function planningServices(
  repos: Repositories,
  { clock, compliance }: { clock: Clock; compliance: ComplianceService },
) {
  const sessions = sessionService(repos, { clock });
  return {
    sessions,
    planner: plannerService(repos, { sessions, compliance }),
    preparation: preparationService(repos, { sessions }),
  };
}
export type PlanningServices = ReturnType<typeof planningServices>;
