import type { FastifyInstance } from 'fastify';
import { PinoLogger } from 'nestjs-pino';

/** Paths outside the API whose requests are not logged (the orchestrator's probes, every few seconds). */
const UNLOGGED = /^\/health\//;

/**
 * The request log, as two Fastify hooks on the application's one pino logger (nestjs-pino's root):
 * - onRequest opens the logging context, so whatever is logged while the request runs carries its id;
 * - onResponse writes one line per request (request id, method, URL, user id, route pattern, status,
 *   duration), at info, and only builds it when info is enabled.
 * nestjs-pino's own pino-http middleware did the same through Nest's Express-style middleware layer
 * (@fastify/middie) with a child logger and a 'finish' listener per request, a cost every request paid
 * even at LOG_LEVEL=warn, where no request line is written.
 */
export function registerRequestLog(fastify: FastifyInstance, logger: PinoLogger): void {
  fastify.addHook('onRequest', (req, _reply, done) => {
    if (UNLOGGED.test(req.url)) return done();
    logger.runInContext(done, { bindings: { req: { id: req.id } } });
  });
  fastify.addHook('onResponse', (req, reply, done) => {
    const root = PinoLogger.root;
    if (root.isLevelEnabled('info') && !UNLOGGED.test(req.url)) {
      const ms = reply.elapsedTime;
      root.info(
        {
          // Through the logger's req/res serializers (app.module.ts), as pino-http logged them.
          req,
          res: reply.raw,
          responseTime: Math.round(ms),
          userId: req.auth?.id,
          route: req.routeOptions.url,
        },
        `${req.method} ${req.url} ${reply.statusCode} ${Math.round(ms)}ms`,
      );
    }
    done();
  });
}
