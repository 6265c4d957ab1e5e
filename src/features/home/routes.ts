import type { FastifyInstance } from 'fastify';
import { roleCategoryLabels } from '../../domain/organisation/vocabulary.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../../web/actor.ts';
import { kindLabels, stateLabels } from '../dashboards/labels.ts';
import { recordTransferService } from '../record-transfer/transfer-service.ts';

const relationshipLabels: Record<string, string> = {
  line_management: 'Line management',
  placement_supervisor: 'Placement supervisor',
  practice_educator: 'Practice educator',
  cover: 'Cover',
};

export function homeRoutes(services: Services) {
  const transfer = recordTransferService(services.repos);
  return async (app: FastifyInstance) => {
    app.get('/', async (request, reply) => {
      const user = request.currentSession!.user;
      const page = await services.home.pageFor(user);
      // New supervisors waiting for this supervisee's agreement to read their records.
      const transferAwaiting = await transfer.awaiting({
        user,
        actor: await actorOf(request, services.access),
      });
      return reply.view('home/views/home.njk', {
        title: 'Home',
        page,
        organisationName: page.organisationName,
        roleCategoryLabels,
        relationshipLabels,
        kindLabels,
        stateLabels,
        today: page.today,
        transferAwaiting,
      });
    });
  };
}
