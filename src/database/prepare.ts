import type { AppConfig } from '../common/config';
import { type EmbeddedPostgresHandle, startEmbeddedPostgres } from './embedded-postgres';
import { runMigrations } from './migrate';

export interface PreparedDatabase {
  url: string;
  embedded?: EmbeddedPostgresHandle;
  stop(): Promise<void>;
}

/** DATABASE_URL when set; otherwise the embedded PostgreSQL. Then the migrations, under a lock. */
export async function prepareDatabase(config: AppConfig, log: (m: string) => void): Promise<PreparedDatabase> {
  let embedded: EmbeddedPostgresHandle | undefined;
  let url = config.databaseUrl;
  if (!url) {
    const started = Date.now();
    embedded = await startEmbeddedPostgres({ dataDir: config.embeddedPgDir, port: config.embeddedPgPort });
    log(`Embedded PostgreSQL ${embedded.created ? 'created' : 'started'} in ${embedded.dataDir} on 127.0.0.1:${config.embeddedPgPort} (${Date.now() - started} ms)`);
    url = embedded.url;
  }
  try {
    await runMigrations(url, log);
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
  return { url, embedded, stop: async () => embedded?.stop() };
}
