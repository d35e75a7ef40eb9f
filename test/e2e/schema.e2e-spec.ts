import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { createTestDatabase } from '../support/database';

describe('database schema', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = new DataSource(dataSourceOptions(db.url));
    await ds.initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('the entities match the migrated schema (synchronize would change nothing)', async () => {
    const sql = await ds.driver.createSchemaBuilder().log();
    expect(sql.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('has no pending migration', async () => {
    expect(await ds.showMigrations()).toBe(false);
  });

  it('search_norm() folds NFC and NFD text alike (it normalises only text that is not NFC)', async () => {
    const text = 'Trụ sở UBND huyện Đồng Văn';
    const [row] = await ds.query(`SELECT search_norm($1) AS nfc, search_norm(normalize($1, NFD)) AS nfd, search_norm(normalize($1, NFKD)) AS nfkd`, [text]);
    expect(row).toEqual({ nfc: 'tru so ubnd huyen dong van', nfd: 'tru so ubnd huyen dong van', nfkd: 'tru so ubnd huyen dong van' });
  });

  it("keeps autovacuum off the import's scratch tables, and on everywhere else", async () => {
    const rows: { relname: string; reloptions: string[] }[] = await ds.query(
      `SELECT c.relname, c.reloptions FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.reloptions IS NOT NULL ORDER BY c.relname`,
    );
    expect(rows).toEqual([
      { relname: 'asset_import_event_stage', reloptions: ['autovacuum_enabled=false'] },
      { relname: 'asset_import_row_stage', reloptions: ['autovacuum_enabled=false'] },
    ]);
    const toast: { n: number }[] = await ds.query(
      `SELECT count(*)::int AS n FROM pg_class c JOIN pg_class t ON t.oid = c.reltoastrelid
       WHERE c.relname IN ('asset_import_row_stage', 'asset_import_event_stage') AND t.reloptions @> ARRAY['autovacuum_enabled=false']`,
    );
    expect(toast).toEqual([{ n: 2 }]);
  });

  it('refuses to update, delete or truncate events', async () => {
    await ds.query(`INSERT INTO event (entity_type, entity_id, action, after) VALUES ('test', '1', 'created', '{"a":1}')`);
    await expect(ds.query(`UPDATE event SET action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`DELETE FROM event`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`TRUNCATE event`)).rejects.toThrow(/append-only/);
  });

  it('chains event hashes under concurrent inserts', async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => ds.query(`INSERT INTO event (entity_type, entity_id, action) VALUES ('test', $1, 'created')`, [String(i)])),
    );
    const rows: { seq: string; prev_hash: string; hash: string; ok: boolean }[] = await ds.query(
      `SELECT seq, prev_hash, hash, hash = event_hash(seq, prev_hash, occurred_at, actor_id, request_id, entity_type, entity_id, action, before, after) AS ok
         FROM event ORDER BY seq`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(40);
    rows.forEach((r, i) => {
      expect(Number(r.seq)).toBe(i + 1);
      expect(r.ok).toBe(true);
      expect(r.prev_hash).toBe(i === 0 ? '0'.repeat(64) : rows[i - 1].hash);
    });
  });

  it('keeps the chain through multi-row inserts, rolled-back savepoints and concurrent writers', async () => {
    const runner = ds.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await runner.query(`INSERT INTO event (entity_type, entity_id, action) SELECT 'bulk', g::text, 'created' FROM generate_series(1, 500) g`);
      await runner.query('SAVEPOINT s1');
      await runner.query(`INSERT INTO event (entity_type, entity_id, action) VALUES ('bulk', 'gone-1', 'created'), ('bulk', 'gone-2', 'created')`);
      await runner.query('ROLLBACK TO SAVEPOINT s1');
      await runner.query(`INSERT INTO event (entity_type, entity_id, action) VALUES ('bulk', 'after-savepoint', 'created')`);
      // Another writer waits for the chain while this transaction is open, then appends after it.
      const other = ds.query(`INSERT INTO event (entity_type, entity_id, action) VALUES ('bulk', 'other', 'created')`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await runner.commitTransaction();
      await other;
    } finally {
      await runner.release();
    }
    const rows: { seq: string; entity_id: string; ok: boolean; linked: boolean }[] = await ds.query(
      `SELECT seq, entity_id, hash = event_hash(seq, prev_hash, occurred_at, actor_id, request_id, entity_type, entity_id, action, before, after) AS ok,
              prev_hash = coalesce(lag(hash) OVER (ORDER BY seq), repeat('0', 64)) AS linked
         FROM event ORDER BY seq`,
    );
    rows.forEach((r, i) => expect({ seq: Number(r.seq), ok: r.ok, linked: r.linked }).toEqual({ seq: i + 1, ok: true, linked: true }));
    const bulk = rows.filter((r) => ['after-savepoint', 'other'].includes(r.entity_id) || /^\d+$/.test(r.entity_id));
    expect(bulk.slice(-2).map((r) => r.entity_id)).toEqual(['after-savepoint', 'other']);
    expect(rows.some((r) => r.entity_id.startsWith('gone'))).toBe(false);
  });
});
