/**
 * The floor for starting a server and for its memory: a bare Fastify process answering one JSON
 * route, started the way the app is (node with tsx), on the port in PORT.
 */
import Fastify from 'fastify';

const app = Fastify();
app.get('/health', async () => ({ status: 'ok' }));
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
