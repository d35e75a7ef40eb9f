import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';

/** The one description of how the app talks to PostgreSQL; used by the app, the CLI and the tests. */
export function dataSourceOptions(url: string, { poolMax = 20, ...overrides }: Partial<DataSourceOptions> & { poolMax?: number } = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: [join(__dirname, '..', '..', 'migrations', '*.{js,ts}').replace(/\\/g, '/')],
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    migrationsRun: false,
    extra: { max: poolMax, application_name: 'vn-public-assets' },
    ...overrides,
  } as DataSourceOptions;
}
