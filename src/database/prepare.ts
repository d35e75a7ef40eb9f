import type { AppConfig } from '../common/config';
import { resolve } from 'node:path';
import { type EmbeddedPostgresHandle, startEmbeddedPostgres } from './embedded-postgres';
import { isOrphaned, runningPostmaster, stopOrphan } from './embedded-runtime';
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
    // A server an earlier start left behind when it was killed holds the data directory: a new start
    // would fail on it for ever. Stop it (fast shutdown: nothing committed is lost), then start anew.
    const dataDir = resolve(config.embeddedPgDir);
    const left = runningPostmaster(dataDir);
    if (left && isOrphaned(left)) {
      log(`Embedded PostgreSQL (process ${left.pid}) was left running on ${dataDir} by a start that died: stopping it`);
      await stopOrphan(left, dataDir);
    }
    embedded = await startEmbeddedPostgres({ dataDir: config.embeddedPgDir, port: config.embeddedPgPort });
    log(
      `Embedded PostgreSQL ${embedded.created ? 'created' : 'started'} in ${embedded.dataDir} on 127.0.0.1:${config.embeddedPgPort} (${Date.now() - started} ms)`,
    );
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
