import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { createApp } from '../../src/app.setup';
import { loadConfig } from '../../src/common/config';
import { writeBackup } from '../../src/backup/backup';
import { type BackupManifest, documentFile, parseManifest } from '../../src/backup/manifest';
import { knownMigrations, migrateUpTo } from '../../src/backup/migrations';
import { restoreBackup } from '../../src/backup/restore';
import { DocumentStorage } from '../../src/documents/document-storage';
import { ADMIN, bearer, binaryParser, createTestApp, PASSWORD, type TestApp } from '../support/app';
import { createTestDatabase } from '../support/database';
import { createAgency, createAsset } from '../support/factories';
import { createClause } from '../support/workflow';

const ROOT = join(__dirname, '..', '..');
const pdf = (size: number): Buffer => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size - 9)]);

/** Runs the CLI from the sources in a child process, to see its real exit status and output. */
function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', join(ROOT, 'test', 'support', 'ts-register.js'), join(ROOT, 'src', 'cli.ts'), ...args],
      { cwd: ROOT, env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env }, maxBuffer: 16 * 1024 * 1024, timeout: 120_000 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
    );
  });
}

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}

/** Every row of a table, as text, in one digest: equal digests mean equal contents. */
const fingerprint = async (url: string, table: string) =>
  (
    await query<{ n: number; md5: string }>(
      url,
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS md5 FROM "${table}" t`,
    )
  )[0];

const storageAt = (dir: string) => new DocumentStorage(loadConfig({ NODE_ENV: 'test', DOCUMENTS_DIR: dir }));

/** A database created empty (no template, no migrations): what a new DATABASE_URL points to. */
async function bareDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const server = process.env.TEST_PG_SERVER_URL!;
  const name = `${process.env.TEST_PG_TEMPLATE!.replace('tpl', 't')}_bare_${randomBytes(4).toString('hex')}`;
  await query(server, `CREATE DATABASE "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: async () => void (await query(server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)) };
}

function flipByte(file: string, at: number): void {
  chmodSync(file, 0o644);
  const bytes = readFileSync(file);
  bytes[at] ^= 0xff;
  writeFileSync(file, bytes);
}

describe('backup and restore of the record (database and documents together)', () => {
  let source: TestApp;
  const work = mkdtempSync(join(tmpdir(), 'vpa-backup-'));
  const sourceDocs = join(work, 'source-documents');
  const backupDir = join(work, 'backup-1');
  const toDrop: (() => Promise<void>)[] = [];
  let officerName: string;
  const uploaded: { id: string; content: Buffer }[] = [];
  let assetIds: string[];
  let reportId: string;
  let manifest: BackupManifest;

  beforeAll(async () => {
    source = await createTestApp({ env: { DOCUMENTS_DIR: sourceDocs } });
    const officerA = await source.userToken('officer', '08', (officerName = 'sotc.tuyenquang'));
    const officerB = await source.userToken('officer', '08');
    const inspector = await source.userToken('inspector', null);
    const custodian = (await createAgency(source, officerA)).id;
    assetIds = [];
    for (let i = 0; i < 3; i++) {
      assetIds.push((await createAsset(source, officerA, custodian, { notes: `Ghi chú ${i}: dòng một\ndòng hai\tcột "trích dẫn" \\ gạch` })).id);
    }
    for (const id of assetIds.slice(0, 2)) {
      await source.http
        .post(`/api/v1/assets/${id}/surplus`)
        .set(bearer(officerA))
        .send({ since: '2025-07-01', reason: 'Cấp huyện kết thúc hoạt động' })
        .expect(200);
    }
    const clause = await createClause(source);
    const action = (
      await source.http
        .post('/api/v1/actions')
        .set(bearer(officerA))
        .send({ assetId: assetIds[0], type: 'retention', method: 'permanent', clauseIds: [clause], newUse: 'working_office' })
        .expect(201)
    ).body;
    await source.http.post(`/api/v1/actions/${action.id}/submit`).set(bearer(officerA)).send({}).expect(200);
    await source.http
      .post(`/api/v1/actions/${action.id}/approve`)
      .set(bearer(officerB))
      .send({ decisionNo: '1234/QĐ-UBND', decisionDate: '2025-11-10', decisionAuthority: 'Ủy ban nhân dân tỉnh Tuyên Quang' })
      .expect(200);
    const shared = pdf(3000);
    const files: [Buffer, Record<string, string>][] = [
      [pdf(1500), { assetId: assetIds[0] }],
      [pdf(70_000), { actionId: action.id }],
      [shared, { assetId: assetIds[1] }],
      [shared, { assetId: assetIds[2] }],
    ];
    for (const [content, link] of files) {
      let req = source.http.post('/api/v1/documents').set(bearer(officerA)).field('kind', 'decision');
      for (const [k, v] of Object.entries(link)) req = req.field(k, v);
      const res = await req.attach('file', content, { filename: 'quyết-định.pdf', contentType: 'application/pdf' });
      if (res.status !== 201) throw new Error(`upload: ${res.status} ${JSON.stringify(res.body)}`);
      uploaded.push({ id: res.body.id, content });
    }
    await source.http.get(`/api/v1/assets/${assetIds[0]}`).set(bearer(inspector)).expect(200); // an inspected-read event
    reportId = (
      await source.http
        .post('/api/v1/reports')
        .set(bearer(officerA))
        .send({ scope: 'province', province: '08', asOf: '2025-12-01', knownAt: '2025-12-01T00:00:00.000Z' })
        .expect(201)
    ).body.id;
  }, 120_000);

  afterAll(async () => {
    for (const drop of toDrop) await drop();
    await source?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('the CLI writes a backup while the API runs (exit 0): every table with its rows, the chain head, each document file once', async () => {
    const r = await cli(['backup', '--out', backupDir], { DATABASE_URL: source.dbUrl, DOCUMENTS_DIR: sourceDocs });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: expect.stringContaining('Backup complete') });
    expect(r.stderr).toMatch(/Backed up table event: \d+ rows/);
    manifest = parseManifest(readFileSync(join(backupDir, 'manifest.json'), 'utf8'));
    expect(JSON.parse(r.stdout)).toMatchObject({ out: backupDir, eventChain: manifest.eventChain, documentFiles: 3 });
    expect(manifest.migrations).toEqual(await knownMigrations(source.dbUrl));
    for (const t of manifest.tables) expect({ table: t.name, rows: t.rows }).toEqual({ table: t.name, rows: (await fingerprint(source.dbUrl, t.name)).n });
    expect(manifest.tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['asset', 'action', 'document', 'event', 'app_user', 'report_content', 'typeorm_migrations']),
    );
    expect(manifest.tables.map((t) => t.name)).not.toContain('asset_import_row_stage');
    const [head] = await source.sql<{ seq: string; hash: string }>(`SELECT e.seq::text AS seq, e.hash FROM event e ORDER BY e.seq DESC LIMIT 1`);
    expect(manifest.eventChain).toEqual({ lastSeq: Number(head.seq), lastHash: head.hash });
    expect(manifest.documents.map((d) => d.sha256).sort()).toEqual(
      (await source.sql<{ sha256: string }>(`SELECT DISTINCT sha256 FROM document ORDER BY 1`)).map((d) => d.sha256),
    );
    expect(readdirSync(work).filter((f) => f.includes('.partial'))).toEqual([]);
  }, 120_000);

  it('the CLI restores it into a fresh installation (exit 0); there every row, event and document is back and verifies', async () => {
    const target = await createTestDatabase();
    toDrop.push(target.drop);
    const targetDocs = join(work, 'target-documents');
    const r = await cli(['restore', '--from', backupDir], { DATABASE_URL: target.url, DOCUMENTS_DIR: targetDocs });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: expect.stringContaining('Restore complete and verified') });
    expect(JSON.parse(r.stdout)).toMatchObject({
      events: { checked: manifest.eventChain.lastSeq, lastHash: manifest.eventChain.lastHash },
      documents: { files: 3, verified: 3 },
    });

    // Every table holds exactly the source's rows (assets, events, documents, users, reports, seeded reference data…).
    for (const t of manifest.tables)
      expect({ table: t.name, ...(await fingerprint(target.url, t.name)) }).toEqual({ table: t.name, ...(await fingerprint(source.dbUrl, t.name)) });

    const app: NestFastifyApplication = await createApp({
      ...loadConfig({ NODE_ENV: 'test', ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password, LOG_LEVEL: 'silent', DOCUMENTS_DIR: targetDocs }),
      databaseUrl: target.url,
    });
    try {
      await app.getHttpAdapter().getInstance().ready();
      const http = request(app.getHttpServer());
      const login = async (username: string, password: string) =>
        (await http.post('/api/v1/auth/login').send({ username, password }).expect(200)).body.accessToken as string;
      const admin = await login(ADMIN.username, ADMIN.password);
      const officer = await login(officerName, PASSWORD);

      expect((await http.get('/api/v1/events/verify').set(bearer(admin)).expect(200)).body).toMatchObject({
        ok: true,
        checked: manifest.eventChain.lastSeq,
        firstBroken: null,
      });
      expect((await http.post('/api/v1/documents/verify').set(bearer(admin)).expect(200)).body).toMatchObject({
        ok: true,
        checked: uploaded.length,
        problems: [],
      });
      for (const doc of uploaded) {
        const res = await http
          .get(`/api/v1/documents/${doc.id}/content`)
          .set(bearer(officer))
          .buffer(true)
          .parse(binaryParser as never)
          .expect(200);
        expect(Buffer.compare(res.body as Buffer, doc.content)).toBe(0);
      }
      const assets = (await http.get('/api/v1/assets?limit=200').set(bearer(officer)).expect(200)).body.items.map((a: { id: string }) => a.id);
      expect(assets.sort()).toEqual([...assetIds].sort());
      const report = (await http.get(`/api/v1/reports/${reportId}/verify`).set(bearer(officer)).expect(200)).body;
      expect(report.matches).toBe(true);
      expect(report.formats.map((f: { format: string; intact: boolean }) => [f.format, f.intact])).toEqual([
        ['json', true],
        ['csv', true],
        ['xlsx', true],
        ['pdf', true],
      ]);

      // The restored installation carries on: its sequences and the chain continue from the backup's.
      const custodian = (
        await http
          .post('/api/v1/agencies')
          .set(bearer(officer))
          .send({
            code: '08.UBND.SAU-KHOI-PHUC',
            name: 'UBND phường Hà Giang 1',
            kind: 'peoples_committee',
            unit: { era: 'new', level: 'commune', code: '00691' },
          })
          .expect(201)
      ).body.id;
      expect(custodian).toEqual(expect.any(String));
      const after = (await http.get('/api/v1/events/verify').set(bearer(admin)).expect(200)).body;
      expect(after).toMatchObject({ ok: true, checked: manifest.eventChain.lastSeq + 1 });
    } finally {
      await app.close();
    }

    // Restoring again over it is refused: it now holds records.
    await expect(restoreBackup({ url: target.url, storage: storageAt(targetDocs), from: backupDir })).rejects.toThrow(
      /^The target is not an empty installation: .*agency \(2 rows\).*asset \(3 rows\)/,
    );
  }, 180_000);

  it('accepts an installation that only started once (its first admin), refuses one the API is connected to', async () => {
    const once = await createTestDatabase();
    toDrop.push(once.drop);
    const docs = join(work, 'once-documents');
    const app = await createApp({
      ...loadConfig({ NODE_ENV: 'test', ADMIN_USERNAME: 'quantri', ADMIN_PASSWORD: 'another-admin-password', LOG_LEVEL: 'silent', DOCUMENTS_DIR: docs }),
      databaseUrl: once.url,
    });
    await expect(restoreBackup({ url: once.url, storage: storageAt(docs), from: backupDir })).rejects.toThrow(/The API is connected to the target database/);
    await app.close();
    expect(await query(once.url, `SELECT username FROM app_user`)).toEqual([{ username: 'quantri' }]);
    const summary = await restoreBackup({ url: once.url, storage: storageAt(docs), from: backupDir });
    expect(summary.events).toEqual({ checked: manifest.eventChain.lastSeq, ...manifest.eventChain });
    expect(await fingerprint(once.url, 'app_user')).toEqual(await fingerprint(source.dbUrl, 'app_user'));
  }, 120_000);

  it('refuses a database user that may not pause the triggers, before anything is written', async () => {
    const target = await createTestDatabase();
    toDrop.push(target.drop);
    const role = `vpa_restore_${randomBytes(4).toString('hex')}`;
    const server = process.env.TEST_PG_SERVER_URL!;
    await query(server, `CREATE ROLE ${role} LOGIN PASSWORD 'restore-password'`);
    try {
      const url = new URL(target.url);
      url.username = role;
      url.password = 'restore-password';
      await expect(restoreBackup({ url: url.toString(), storage: storageAt(join(work, 'role-documents')), from: backupDir })).rejects.toThrow(
        /may not set session_replication_role.*restore as a superuser/,
      );
      expect(readdirSync(work)).not.toContain('role-documents');
    } finally {
      await query(server, `DROP ROLE ${role}`);
    }
  });

  it('refuses a backup whose table file was altered (exit 1), naming the file, and leaves the target untouched', async () => {
    const altered = join(work, 'altered-table');
    cpSync(backupDir, altered, { recursive: true });
    flipByte(join(altered, 'tables', 'asset.copy.gz'), 30);
    const target = await createTestDatabase();
    toDrop.push(target.drop);
    const r = await cli(['restore', '--from', altered], { DATABASE_URL: target.url, DOCUMENTS_DIR: join(work, 'altered-table-documents') });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /Restore failed: The backup is damaged or altered: tables\/asset\.copy\.gz has SHA-256 [0-9a-f]{64} \(\d+ bytes\), the manifest records/,
    );
    expect(await query(target.url, `SELECT (SELECT count(*)::int FROM asset) AS assets, (SELECT count(*)::int FROM event) AS events`)).toEqual([
      { assets: 0, events: 0 },
    ]);
  }, 120_000);

  it('refuses a backup whose document file was altered, naming it, before the database is touched', async () => {
    const altered = join(work, 'altered-document');
    cpSync(backupDir, altered, { recursive: true });
    const doc = manifest.documents[0];
    flipByte(join(altered, documentFile(doc.sha256)), 100);
    const target = await createTestDatabase();
    toDrop.push(target.drop);
    await expect(restoreBackup({ url: target.url, storage: storageAt(join(work, 'altered-document-documents')), from: altered })).rejects.toThrow(
      new RegExp(`The backup is damaged or altered: ${documentFile(doc.sha256)} has SHA-256 [0-9a-f]{64} \\(${doc.sizeBytes} bytes\\), not the ${doc.sha256}`),
    );
    expect(await query(target.url, `SELECT (SELECT count(*)::int FROM document) AS documents, (SELECT count(*)::int FROM event) AS events`)).toEqual([
      { documents: 0, events: 0 },
    ]);
  });

  it('refuses a manifest whose row count was edited: the rows are counted while loading, and the load rolls back', async () => {
    const edited = join(work, 'edited-manifest');
    cpSync(backupDir, edited, { recursive: true });
    const m = JSON.parse(readFileSync(join(edited, 'manifest.json'), 'utf8')) as BackupManifest;
    m.tables.find((t) => t.name === 'asset')!.rows += 1;
    writeFileSync(join(edited, 'manifest.json'), JSON.stringify(m));
    const target = await createTestDatabase();
    toDrop.push(target.drop);
    await expect(restoreBackup({ url: target.url, storage: storageAt(join(work, 'edited-documents')), from: edited })).rejects.toThrow(
      'The backup is damaged: tables/asset.copy.gz holds 3 rows, the manifest records 4',
    );
    expect(await query(target.url, `SELECT count(*)::int AS n FROM asset`)).toEqual([{ n: 0 }]);
  });

  it('a usage error exits with 2', async () => {
    const r = await cli(['restore'], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('restore needs --from <dir>');
  }, 60_000);

  it('restores into a database not migrated yet; a backup of an older schema is loaded into that schema, then upgraded', async () => {
    const known = await knownMigrations(source.dbUrl);
    const older = await bareDatabase();
    const target = await bareDatabase();
    toDrop.push(older.drop, target.drop);
    await migrateUpTo(older.url, known[known.length - 2], () => undefined);
    await query(older.url, `INSERT INTO event (entity_type, entity_id, action, after) VALUES ('note', '1', 'created', '{"text": "trước khi nâng cấp"}')`);
    const olderBackup = join(work, 'older');
    const m = await writeBackup({ url: older.url, storage: storageAt(join(work, 'older-documents')), out: olderBackup });
    expect(m.lastMigration).toBe(known[known.length - 2]);

    const summary = await restoreBackup({ url: target.url, storage: storageAt(join(work, 'bare-documents')), from: olderBackup });
    expect(summary).toMatchObject({ lastMigration: known[known.length - 2], upgradedWith: [known[known.length - 1]], events: { checked: 1, lastSeq: 1 } });
    expect((await query<{ name: string }>(target.url, `SELECT name FROM typeorm_migrations ORDER BY id`)).map((r) => r.name)).toEqual(known);
    expect(await fingerprint(target.url, 'event')).toEqual(await fingerprint(older.url, 'event'));
    // The reference rows are the backup's (restored with their creation times, not seeded anew), whatever
    // the upgrade then corrected or added (CorrectSeededDirectives changes clauses).
    const clauseRows = (url: string) => query<{ id: string; created_at: string }>(url, `SELECT id, created_at::text FROM directive_clause ORDER BY id`);
    const backedUp = await clauseRows(older.url);
    expect(backedUp.length).toBeGreaterThan(0);
    expect((await clauseRows(target.url)).filter((r) => backedUp.some((b) => b.id === r.id))).toEqual(backedUp);

    // The same older backup cannot go into a database already at the newest schema.
    const newest = await createTestDatabase();
    toDrop.push(newest.drop);
    await expect(restoreBackup({ url: newest.url, storage: storageAt(join(work, 'newest-documents')), from: olderBackup })).rejects.toThrow(
      `Cannot restore: the target database is already migrated to ${known[known.length - 1]}, past the backup's schema (${known[known.length - 2]})`,
    );
  }, 120_000);
});
