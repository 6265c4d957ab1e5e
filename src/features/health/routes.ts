import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.ts';
import type { Services } from '../../services/index.ts';

/** For load balancers and monitoring: 503 with the reason when the database is unreachable. */
export function healthRoutes(services: Services, config: Config) {
  return async (app: FastifyInstance) => {
    app.get('/health', async (request, reply) => {
      try {
        await services.repos.ping();
        return { status: 'ok', database: 'ok', version: config.version };
      } catch (error) {
        request.log.warn({ err: error }, 'health check: database unreachable');
        return reply.code(503).send({
          status: 'unavailable',
          database: 'unreachable',
          reason: 'The database did not answer',
          version: config.version,
        });
      }
    });
  };
}
