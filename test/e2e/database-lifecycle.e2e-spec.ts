import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { isCompleteDataDir, startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { runMigrations } from '../../src/database/migrate';

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });

async function selectOne(url: string): Promise<number> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query('SELECT 1 AS one')).rows[0].one as number;
  } finally {
    await c.end();
  }
}

describe('database lifecycle', () => {
  it('two instances migrating one empty database at once: one applies, the other waits and finds nothing to do', async () => {
    const server = process.env.TEST_PG_SERVER_URL!;
    const name = `${process.env.TEST_PG_TEMPLATE!.replace('tpl', 't')}_empty`;
    const admin = new Client({ connectionString: server });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    const url = new URL(server);
    url.pathname = `/${name}`;
    try {
      const [a, b] = await Promise.all([runMigrations(url.toString()), runMigrations(url.toString())]);
      // Every migration of migrations/ (<timestamp>-<Name>.ts is the class <Name><timestamp>), once, in order.
      const all = readdirSync(join(__dirname, '..', '..', 'migrations'))
        .filter((f) => f.endsWith('.ts'))
        .sort()
        .map((f) => f.replace(/^(\d+)-(\w+)\.ts$/, '$2$1'));
      expect(all.slice(0, 2)).toEqual(['Foundation1763900000000', 'Inventory1763990000000']);
      expect([...a, ...b]).toEqual(all);
      expect(await runMigrations(url.toString())).toEqual([]);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  }, 60_000);

  describe('embedded PostgreSQL', () => {
    const parent = mkdtempSync(join(tmpdir(), 'vpa-embedded-'));
    chmodSync(parent, 0o755);
    const dataDir = join(parent, 'pg');
    afterAll(() => rmSync(parent, { recursive: true, force: true }));

    it('creates the data directory on first start, reuses it after, and recreates it when a crash left it half-made', async () => {
      const port = await freePort();
      const first = await startEmbeddedPostgres({ dataDir, port });
      try {
        expect(first.created).toBe(true);
        expect(await selectOne(first.url)).toBe(1);
      } finally {
        await first.stop();
      }
      expect(isCompleteDataDir(dataDir)).toBe(true);

      const second = await startEmbeddedPostgres({ dataDir, port });
      try {
        expect(second.created).toBe(false);
        expect(await selectOne(second.url)).toBe(1);
      } finally {
        await second.stop();
      }

      // A crash during initdb leaves a directory without its control file.
      rmSync(join(dataDir, 'global', 'pg_control'));
      expect(isCompleteDataDir(dataDir)).toBe(false);
      const third = await startEmbeddedPostgres({ dataDir, port });
      try {
        expect(third.created).toBe(true);
        expect(await selectOne(third.url)).toBe(1);
      } finally {
        await third.stop();
      }
      expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
    }, 120_000);
  });
});
