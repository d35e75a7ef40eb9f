import fastifyMultipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger, PinoLogger } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { AppModule, type AppOptions } from './app.module';
import { UsersService } from './auth/users.service';
import type { AppConfig } from './common/config';
import { registerRequestLog } from './common/request-log';
import { requestIdFor } from './common/request-id';

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
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
}

export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  return SwaggerModule.createDocument(app, openApiConfig(), { operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}` });
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
    trustProxy: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, options), adapter, { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  app.enableShutdownHooks();
  const fastify = app.getHttpAdapter().getInstance();
  registerRequestLog(fastify, await app.resolve(PinoLogger));
  // Helmet's headers, its middleware built once (@fastify/helmet rebuilt it, CSP parsing included, on every request).
  const securityHeaders = helmet({
    // The interactive docs page loads its own scripts and styles.
    contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'", "'unsafe-inline'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'], upgradeInsecureRequests: null } },
  });
  fastify.addHook('onRequest', (req, reply, done) => {
    void reply.header('x-request-id', req.id);
    securityHeaders(req.raw, reply.raw, (err?: unknown) => done(err instanceof Error ? err : undefined));
  });
  await app.register(fastifyMultipart, { limits: { fileSize: config.uploadLimitBytes, files: 10, fields: 20 } });
  if (config.corsOrigins !== false) app.enableCors({ origin: config.corsOrigins, exposedHeaders: ['ETag', 'X-Request-Id', 'Location'] });
  app.setGlobalPrefix(API_PREFIX, { exclude: UNPREFIXED });
  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json', useGlobalPrefix: false });
  await app.init();
  await app.get(UsersService).ensureBootstrapAdmin();
  return app;
}
