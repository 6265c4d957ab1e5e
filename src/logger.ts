import pino from 'pino';

/**
 * Structured JSON logs. Requests are logged by id, method and path only: no addresses,
 * cookies, tokens or bodies, so the log holds no personal data.
 */
export function createLogger(level: string) {
  return pino({
    level,
    redact: {
      paths: ['req.headers', '*.password', '*.email', 'headers.cookie', 'headers.authorization'],
      remove: true,
    },
    serializers: {
      req: (request: { id: string; method: string; url: string }) => ({
        id: request.id,
        method: request.method,
        // A calendar feed's address is its credential: never written to the log.
        path: request.url.split('?')[0]?.replace(/^\/calendar\/[^/]+$/, '/calendar/[feed]'),
      }),
      res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
    },
  });
}
