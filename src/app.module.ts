import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { ActionsModule } from './actions/actions.module';
import { AgenciesModule } from './agencies/agencies.module';
import { AssetsModule } from './assets/assets.module';
import { AuthModule } from './auth/auth.module';
import { PgThrottlerStorage } from './auth/throttle/pg-throttler.storage';
import { ThrottleStorageModule } from './auth/throttle/throttle.module';
import type { AppConfig } from './common/config';
import { ConfigModule } from './common/config.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { ProblemFilter } from './common/problem.filter';
import { AppValidationPipe } from './common/validation.pipe';
import { dataSourceOptions, sessionLimitsOf } from './database/data-source-options';
import { DatabaseModule } from './database/database.module';
import { DirectivesModule } from './directives/directives.module';
import { DocumentsModule } from './documents/documents.module';
import { EventsModule } from './events/events.module';
import { HealthModule } from './health/health.module';
import { InspectionsModule } from './inspections/inspections.module';
import { LandUseModule } from './land-use/land-use.module';
import { ObstaclesModule } from './obstacles/obstacles.module';
import { PlansModule } from './land-use/plans/plans.module';
import { ReportFiguresModule } from './reports/figures/figures.module';
import { ReportsModule } from './reports/reports.module';
import { UnitsModule } from './units/units.module';

export interface AppOptions {
  /** Where the JSON log goes (default: stdout). Tests pass a stream to read it. */
  logStream?: DestinationStream;
}

@Module({})
export class AppModule {
  /** The whole application for a validated config whose database URL is known (embedded or not). */
  static forRoot(config: AppConfig & { databaseUrl: string }, options: AppOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          // No Nest middleware: requests are logged by Fastify hooks (src/common/request-log.ts) on this module's logger.
          forRoutes: [],
          pinoHttp: withStream(options.logStream, {
            level: config.logLevel,
            redact: {
              paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.passwordHash', '*.accessToken'],
              censor: '[redacted]',
            },
            serializers: {
              req: (req: { id: string; method: string; url: string; remoteAddress?: string }) => ({
                id: req.id,
                method: req.method,
                url: req.url,
                remoteAddress: req.remoteAddress,
              }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
          }),
        }),
        TypeOrmModule.forRoot({
          ...dataSourceOptions(config.databaseUrl, { poolMax: config.dbPoolMax, limits: sessionLimitsOf(config) }),
          retryAttempts: config.nodeEnv === 'test' ? 0 : 3,
          retryDelay: 1000,
        }),
        // Applied only where LoginThrottlerGuard is used (login); named 'default' so the headers are the plain Retry-After.
        // Counted in PostgreSQL, so the limit holds across instances.
        ThrottlerModule.forRootAsync({
          imports: [ThrottleStorageModule],
          inject: [PgThrottlerStorage],
          useFactory: (storage: PgThrottlerStorage) => ({
            throttlers: [{ name: 'default', ttl: config.loginRateWindowSeconds * 1000, limit: config.loginRateLimit }],
            storage,
          }),
        }),
        DatabaseModule,
        EventsModule,
        IdempotencyModule,
        UnitsModule,
        AuthModule,
        AgenciesModule,
        AssetsModule,
        DirectivesModule,
        LandUseModule,
        ActionsModule,
        DocumentsModule,
        PlansModule,
        InspectionsModule,
        ObstaclesModule,
        ReportFiguresModule,
        ReportsModule,
        HealthModule,
      ],
      providers: [
        { provide: APP_PIPE, useClass: AppValidationPipe },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}

function withStream<T>(stream: DestinationStream | undefined, options: T): T | [T, DestinationStream] {
  return stream ? [options, stream] : options;
}
