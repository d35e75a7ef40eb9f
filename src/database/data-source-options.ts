import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../common/config';
import { databaseOutage } from '../common/db-outage';
import { ENTITIES } from '../schema/entities';

/**
 * The limits every connection of the API's pool works under, so that nothing waits for ever: how long
 * to wait for a connection (pg's connectionTimeoutMillis, in the pool's queue or while connecting),
 * and the server-side statement_timeout and idle_in_transaction_session_timeout, sent at connect time.
 * 0 turns a server-side limit off. Migrations and the CLI's schema diff run without them.
 */
export interface SessionLimits {
  connectTimeoutMs: number;
  statementTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
}

export const sessionLimitsOf = (config: Pick<AppConfig, 'dbConnectTimeoutMs' | 'dbStatementTimeoutMs' | 'dbIdleInTransactionTimeoutMs'>): SessionLimits => ({
  connectTimeoutMs: config.dbConnectTimeoutMs,
  statementTimeoutMs: config.dbStatementTimeoutMs,
  idleInTransactionTimeoutMs: config.dbIdleInTransactionTimeoutMs,
});

/** node-postgres client settings for those limits (keys as pg's Pool/Client config spells them). */
export function poolSettingsOf(limits: SessionLimits): Record<string, unknown> {
  return {
    connectionTimeoutMillis: limits.connectTimeoutMs,
    ...(limits.statementTimeoutMs > 0 ? { statement_timeout: limits.statementTimeoutMs } : {}),
    ...(limits.idleInTransactionTimeoutMs > 0 ? { idle_in_transaction_session_timeout: limits.idleInTransactionTimeoutMs } : {}),
    // A peer that vanished without closing the socket is noticed by TCP keep-alive, not never.
    keepAlive: true,
  };
}

/** The one description of how the app talks to PostgreSQL; used by the app, the CLI and the tests. */
export function dataSourceOptions(
  url: string,
  { poolMax = 20, limits, ...overrides }: Partial<DataSourceOptions> & { poolMax?: number; limits?: SessionLimits } = {},
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: [join(__dirname, '..', '..', 'migrations', '*.{js,ts}').replace(/\\/g, '/')],
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    migrationsRun: false,
    extra: { max: poolMax, application_name: 'vn-public-assets', ...(limits ? poolSettingsOf(limits) : {}) },
    // An idle pooled connection that the server drops (a restart, an outage) is an outage to log once,
    // not a warning per connection (TypeORM's default handler).
    ...(limits ? { poolErrorHandler: (err: unknown) => databaseOutage.failure(err, 'an idle pooled connection') } : {}),
    ...overrides,
  } as DataSourceOptions;
}
