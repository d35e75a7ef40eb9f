import fastifyMultipart from '@fastify/multipart';
import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger, PinoLogger } from 'nestjs-pino';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { AppModule, type AppOptions } from './app.module';
import { UsersService } from './auth/users.service';
import type { AppConfig } from './common/config';
import { registerRequestLog } from './common/request-log';
import { clientErrorProblem, registerInputGuard } from './common/input-guard';
import { withNamedEnums } from './common/api-enum';
import { withErrorContract } from './common/openapi-contract';
import { sendFrameworkProblem } from './common/problem.filter';
import { requestIdFor } from './common/request-id';
import { fastifyTrustProxy } from './common/trust-proxy';
import { closeSpool, openSpool } from './common/spool';
import { HttpDrain } from './health/lifecycle';

export const API_PREFIX = 'api/v1';
const UNPREFIXED = ['health/live', 'health/ready'];

export function openApiConfig(): Omit<OpenAPIObject, 'paths'> {
  return new DocumentBuilder()
    .setTitle('Vietnam public assets and headquarters inventory API')
    .setDescription(
      'Inventory, handling and reporting of public assets and headquarters left surplus by the 2025 merger of provinces, districts and communes. ' +
        'Errors are RFC 9457 problem details (application/problem+json). Lists are cursor-paginated. Updates need If-Match.',
    )
    .setVersion('1')
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
}

export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  return withNamedEnums(
    withErrorContract(
      SwaggerModule.createDocument(app, openApiConfig(), { operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}` }),
    ),
  );
}

/**
 * Builds the application exactly as production runs it (tests call this too): Fastify with the
 * request id, helmet, CORS, body and upload limits, the /api/v1 prefix and the OpenAPI page.
 */
export async function createApp(config: AppConfig & { databaseUrl: string }, options: AppOptions = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    genReqId: (raw: IncomingMessage) => requestIdFor(raw),
    requestIdHeader: false,
    // The router's own refusals (a path that is not valid UTF-8, a parameter over its length) are problems too.
    frameworkErrors: (err: unknown, req: FastifyRequest, reply: FastifyReply) => sendFrameworkProblem(err, req, reply, config.defaultLanguage),
    // And so are the HTTP parser's (headers over 16 KiB, an invalid character in a header).
    clientErrorHandler: (err, socket) => clientErrorProblem(err, socket, config.defaultLanguage),
    // Proxy headers only from the configured hops (TRUST_PROXY; none by default): req.ip is what the login throttle counts by.
    trustProxy: fastifyTrustProxy(config.trustProxy),
    // When Fastify closes: a request arriving on a still-open connection is refused with 503, idle
    // keep-alive connections are closed, and close() waits for the requests in flight. HttpDrain does
    // the same earlier, from the first step of the graceful shutdown.
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, options), adapter, { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  // No app.enableShutdownHooks(): the process has one shutdown handler, in main.ts
  // (src/graceful-shutdown.ts), which drains HTTP before the pool closes.
  const fastify = app.getHttpAdapter().getInstance();
  registerRequestLog(fastify, await app.resolve(PinoLogger));
  // Hostile input (too-deep JSON, control characters, lone surrogates, multipart without a boundary) is a 400 before any route code sees it.
  registerInputGuard(fastify);
  // Helmet's headers, its middleware built once (@fastify/helmet rebuilt it, CSP parsing included, on every request).
  const securityHeaders = helmet({
    // The interactive docs page loads its own scripts and styles.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        upgradeInsecureRequests: null,
      },
    },
  });
  fastify.addHook('onRequest', (req, reply, done) => {
    void reply.header('x-request-id', req.id);
    securityHeaders(req.raw, reply.raw, (err?: unknown) => done(err instanceof Error ? err : undefined));
  });
  // Counts requests in flight and refuses new ones once a shutdown has begun (after the hook above,
  // so that refusal carries the request id and security headers).
  app.get(HttpDrain).attach(fastify);
  // Uploads are spooled under SPOOL_DIR, in a folder of this instance's own; dead instances' leftovers go now.
  const spool = await openSpool(config.spoolDir);
  if (spool.removed.length) new NestLogger('Spool').log(`Removed ${spool.removed.length} spool folder(s) left by stopped instances in ${config.spoolDir}`);
  fastify.addHook('onClose', async () => closeSpool(spool.dir));
  // Upload limits for every route; a route may lower them (the unit import: UNIT_FILE_MAX_BYTES, three files).
  // A field is at most 64 KiB (the longest text field, a document's note, is 2,000 characters).
  await app.register(fastifyMultipart, {
    limits: {
      fileSize: config.uploadLimitBytes,
      parts: config.uploadMaxParts,
      files: Math.min(10, config.uploadMaxParts),
      fields: config.uploadMaxParts,
      fieldSize: 64 * 1024,
      headerPairs: 100,
    },
  });
  if (config.corsOrigins !== false) app.enableCors({ origin: config.corsOrigins, exposedHeaders: ['ETag', 'X-Request-Id', 'Location'] });
  app.setGlobalPrefix(API_PREFIX, { exclude: UNPREFIXED });
  // The interactive docs and the document: off in production unless API_DOCS=true (they map every route for an attacker too).
  if (config.apiDocs) SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json', useGlobalPrefix: false });
  await app.init();
  await app.get(UsersService).ensureBootstrapAdmin();
  return app;
}
