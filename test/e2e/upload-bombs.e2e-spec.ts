/**
 * Hostile uploads: small files that unpack, or parse, into far more than they weigh. Each
 * is sent to a server process of its own running with the heap `npm start` gives the API
 * (--max-old-space-size=256); each must be answered 413 or 422 naming the limit, and afterwards the
 * process must still answer /health/live with its peak resident memory (VmHWM) under a bound.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { IMPORT_COLUMNS } from '../../src/assets/import/asset-columns';
import { bearer, createTestApp, type TestApp } from '../support/app';
import { createTestDatabase } from '../support/database';
import { createAgency } from '../support/factories';
import { SMALL_UNITS, smallUnitFiles } from '../support/units-fixture';
import { SHEET_HEAD, SHEET_TAIL, SST_HEAD, SST_TAIL, xlsxPackage } from '../support/zip';
import { freePort } from '../support/net';

const ROOT = join(__dirname, '..', '..');
const ADMIN_PASSWORD = 'bomb-test-admin-password';
const PROBLEM = 'urn:vn-public-assets:problem:';
const MB = 1024 * 1024;
/**
 * How far the server's peak resident memory may rise above its peak before the bombs (~260 MB here,
 * the TypeScript loader included). Under 135 MB, what three 45 MB uploads held whole would take (and
 * far under a 300 MB cell or 400 MB of shared strings); not tighter, because garbage the parsers make
 * and V8 has not yet collected counts in RSS too: a CI run on the loaded 2-core machine peaked at
 * +108 MB (the heap itself is capped at 256 MB, as npm start caps it).
 */
const GROWTH_BOUND_MB = 128;

interface Answer {
  status: number;
  body: Record<string, unknown> & { type?: string; errors?: { line?: number; field: string; message: string }[] };
  bytes: number;
}

describe('upload bombs against a server process with the heap of npm start', () => {
  let dir: string;
  let db: { url: string; drop: () => Promise<void> };
  let child: ChildProcess;
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  let stderr = '';
  let stdout = '';
  let base: string;
  let admin: string;
  let officer: string;
  let startPeak: number;

  const peakRssMb = (): number => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024;

  const send = async (path: string, token: string, form: FormData): Promise<Answer> => {
    const res = await fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    const text = await res.text();
    return { status: res.status, body: JSON.parse(text) as Answer['body'], bytes: Buffer.byteLength(text) };
  };
  const form = (parts: [name: string, content: Buffer | string, filename: string][]): FormData => {
    const f = new FormData();
    for (const [name, content, filename] of parts) f.append(name, new Blob([typeof content === 'string' ? content : new Uint8Array(content)]), filename);
    return f;
  };
  const importAssets = (content: Buffer | string, filename: string, query = '') =>
    send(`/api/v1/assets/import${query}`, officer, form([['file', content, filename]]));

  /** The process is alive, answers, and has stayed under the memory bound. */
  const expectAlive = async () => {
    expect(exited).toBeUndefined();
    const live = await fetch(`${base}/health/live`);
    expect(live.status).toBe(200);
    expect(peakRssMb()).toBeLessThan(startPeak + GROWTH_BOUND_MB);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vpa-bombs-'));
    chmodSync(dir, 0o755);
    db = await createTestDatabase();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    child = spawn(
      process.execPath,
      ['--max-old-space-size=256', '-r', join(ROOT, 'test', 'support', 'ts-register.js'), join(ROOT, 'test', 'support', 'server-process.ts')],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'test',
          LOG_LEVEL: 'error',
          DATABASE_URL: db.url,
          PORT: String(port),
          ADMIN_USERNAME: 'admin',
          ADMIN_PASSWORD,
          DOCUMENTS_DIR: join(dir, 'documents'),
          SPOOL_DIR: join(dir, 'spool'),
          // The assertions read English messages, as in test/support/app.ts.
          DEFAULT_LANGUAGE: 'en',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout!.on('data', (c: Buffer) => (stdout = (stdout + c.toString()).slice(-20_000)));
    child.once('exit', (code, signal) => (exited = { code, signal }));
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (c: Buffer) => c.toString().includes('listening') && resolve());
      child.once('exit', () => reject(new Error(`the server process exited: ${stderr}`)));
    });
    const login = async (username: string, password: string) => {
      const res = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      return ((await res.json()) as { accessToken: string }).accessToken;
    };
    admin = await login('admin', ADMIN_PASSWORD);
    const units = smallUnitFiles();
    const imported = await send(
      '/api/v1/units/import',
      admin,
      form([
        ['units', units['units.csv'], 'units.csv'],
        ['lineage', units['lineage.csv'], 'lineage.csv'],
        ['clauses', units['clauses.csv'], 'clauses.csv'],
      ]),
    );
    if (imported.status !== 200) throw new Error(`the unit import answered ${imported.status}: ${stdout}`);
    const password = 'a-good-long-password';
    const user = await fetch(`${base}/api/v1/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'officer.08', displayName: 'Officer 08', password, role: 'officer', provinceCode: '08' }),
    });
    expect(user.status).toBe(201);
    officer = await login('officer.08', password);
    startPeak = peakRssMb();
  }, 120_000);

  afterAll(async () => {
    if (child && !exited) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([gone, new Promise((r) => setTimeout(r, 5000).unref())]);
      if (!exited) child.kill('SIGKILL');
    }
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  afterEach(() => {
    if (exited) throw new Error(`the server process died (${JSON.stringify(exited)}): ${stderr.slice(-2000)}`);
  });

  it('starts with the heap of npm start', async () => {
    expect(startPeak).toBeLessThan(400);
    expect(readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0')).toContain('--max-old-space-size=256');
    await expectAlive();
  });

  it('refuses an XLSX whose shared strings inflate to ~400 MB of long strings: 413 naming the limit', async () => {
    const string = `<si><t>${'Trụ sở cũ '.repeat(100)}</t></si>`;
    const file = await xlsxPackage(
      [SHEET_HEAD, '<row r="1"><c r="A1" t="s"><v>0</v></c></row>', SHEET_TAIL],
      [SST_HEAD, { repeat: string.repeat(100), times: 3_500 }, SST_TAIL],
    );
    expect(file.length).toBeLessThan(2 * MB);
    for (const query of ['', '?dry_run=true']) {
      const res = await importAssets(file, 'bomb.xlsx', query);
      expect(res).toMatchObject({
        status: 413,
        body: { type: `${PROBLEM}import-too-large`, limit: 'IMPORT_MAX_SHARED_STRING_CHARS', max: expect.any(Number) },
      });
      await expectAlive();
    }
  }, 120_000);

  it('refuses an XLSX of 20 million tiny shared strings: 413 naming the limit', async () => {
    const file = await xlsxPackage([SHEET_HEAD, SHEET_TAIL], [SST_HEAD, { repeat: '<si><t>x</t></si>'.repeat(10_000), times: 2_000 }, SST_TAIL]);
    expect(file.length).toBeLessThan(2 * MB);
    const res = await importAssets(file, 'bomb.xlsx');
    expect(res).toMatchObject({ status: 413, body: { type: `${PROBLEM}import-too-large`, limit: 'IMPORT_MAX_SHARED_STRINGS' } });
    await expectAlive();
  }, 120_000);

  it('refuses an XLSX with one 300 MB cell: 422 naming the cell limit', async () => {
    const file = await xlsxPackage([
      SHEET_HEAD,
      '<row r="1"><c r="A1" t="inlineStr"><is><t>',
      { repeat: 'A'.repeat(MB), times: 300 },
      '</t></is></c></row>',
      SHEET_TAIL,
    ]);
    expect(file.length).toBeLessThan(2 * MB);
    const res = await importAssets(file, 'bomb.xlsx');
    expect(res).toMatchObject({
      status: 422,
      body: { type: `${PROBLEM}import-rejected`, limit: 'cell-length', max: 32_767, errors: [{ line: 1, message: expect.stringContaining('32,767') }] },
    });
    await expectAlive();
  }, 120_000);

  it('refuses an XLSX whose sheet inflates past the unpacked-size limit: 413', async () => {
    // ~600 MB of whitespace before the first row: nothing to keep, everything to inflate.
    const file = await xlsxPackage([SHEET_HEAD, { repeat: ' '.repeat(MB), times: 600 }, '<row r="1"><c r="A1"><v>1</v></c></row>', SHEET_TAIL]);
    expect(file.length).toBeLessThan(2 * MB);
    const res = await importAssets(file, 'bomb.xlsx');
    expect(res).toMatchObject({ status: 413, body: { type: `${PROBLEM}import-too-large`, limit: 'IMPORT_MAX_INFLATED_BYTES' } });
    await expectAlive();
  }, 120_000);

  it('refuses a CSV header of 1,000,000 columns with one error, not one per column: 422 naming the limit', async () => {
    const header = Array.from({ length: 1_000_000 }, (_, i) => `c${i}`).join(',');
    const res = await importAssets(`${header}\n`, 'wide.csv');
    expect(res).toMatchObject({ status: 422, body: { type: `${PROBLEM}import-rejected`, limit: 'IMPORT_MAX_COLUMNS', errorCount: 1 } });
    expect(res.bytes).toBeLessThan(4096);
    await expectAlive();
  }, 120_000);

  it('refuses a CSV of one 10 MB cell (422) and one of 4 million blank lines (413), each after reading part of it', async () => {
    const cell = await importAssets(`code,name,category,current_unit,custodian_code\n08.A,"${'x'.repeat(10 * MB)}"\n`, 'one-cell.csv', '?dry_run=true');
    expect(cell).toMatchObject({
      status: 422,
      body: { type: `${PROBLEM}import-rejected`, limit: 'cell-length', errors: [{ line: 2, message: expect.stringContaining('column B') }] },
    });
    await expectAlive();
    const blank = await importAssets(`code,name,category,current_unit,custodian_code\n${'\n'.repeat(4 * MB)}`, 'blank.csv', '?dry_run=true');
    expect(blank).toMatchObject({ status: 413, body: { type: `${PROBLEM}import-too-large`, limit: 'IMPORT_MAX_ROWS' } });
    await expectAlive();
  }, 120_000);

  it('refuses a unit import of three 45 MB parts: unexpected names before a byte is kept (422), expected names past the per-file limit (413)', async () => {
    const big = Buffer.alloc(45 * MB, 'x');
    const wrong = await send(
      '/api/v1/units/import',
      admin,
      form([
        ['a', big, 'a.csv'],
        ['b', big, 'b.csv'],
        ['c', big, 'c.csv'],
      ]),
    );
    expect(wrong).toMatchObject({ status: 422, body: { type: `${PROBLEM}unexpected-file` } });
    await expectAlive();
    const named = await send(
      '/api/v1/units/import',
      admin,
      form([
        ['units', big, 'units.csv'],
        ['lineage', big, 'lineage.csv'],
        ['clauses', big, 'clauses.csv'],
      ]),
    );
    expect(named).toMatchObject({ status: 413, body: { type: `${PROBLEM}payload-too-large`, limit: 'UNIT_FILE_MAX_BYTES' } });
    await expectAlive();
    // Just under the limit, three files of short bad rows (about 450,000 of them) are parsed whole: one error list, capped.
    const header = {
      units: 'era,level,code,name,kind,parent_code',
      lineage: 'level,old_code,new_code,share,legal_basis,clause',
      clauses: 'document,clause,text',
    };
    const full = (name: keyof typeof header) => `${header[name]}\n${'x,y\n'.repeat(Math.floor((4 * MB - 100) / 4))}`;
    const most = await send(
      '/api/v1/units/import',
      admin,
      form([
        ['units', full('units'), 'units.csv'],
        ['lineage', full('lineage'), 'lineage.csv'],
        ['clauses', full('clauses'), 'clauses.csv'],
      ]),
    );
    expect(most).toMatchObject({ status: 422, body: { type: `${PROBLEM}import-rejected`, errorsOmitted: expect.any(Number) } });
    expect(most.body.errors).toHaveLength(1000);
    await expectAlive();
  }, 120_000);
});

/** The same limits, lowered, on the in-process app: where each one starts, and what is still accepted. */
describe('upload limits', () => {
  const URL = '/api/v1/assets/import';
  const KEYS = IMPORT_COLUMNS.map((c) => c.key);
  let t: TestApp;
  let officer: string;
  let custodian: string;
  let seq = 0;
  const row = (over: Partial<Record<(typeof KEYS)[number], string>> = {}): string[] => {
    const values: Record<string, string> = {
      code: `08.LIM.${++seq}`,
      name: 'Trụ sở',
      category: 'headquarters',
      current_unit: '00691',
      custodian_code: custodian,
      ...over,
    };
    return KEYS.map((k) => values[k] ?? '');
  };
  const csv = (rows: string[][], header: string[] = KEYS) => Buffer.from(stringify([header, ...rows]));
  const upload = (content: Buffer, filename = 'assets.csv', query = '?dry_run=true') =>
    t.http.post(`${URL}${query}`).set(bearer(officer)).attach('file', content, filename);
  const assets = async () => (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM asset`))[0].n;

  beforeAll(async () => {
    t = await createTestApp({ env: { IMPORT_MAX_ROWS: '1500', IMPORT_MAX_COLUMNS: '25', UNIT_FILE_MAX_BYTES: '65536', UPLOAD_MAX_PARTS: '6' } });
    officer = await t.userToken('officer', '08');
    custodian = (await createAgency(t, officer)).code;
  });
  afterAll(() => t.close());

  it('reads IMPORT_MAX_ROWS data rows (and as many blank ones), and answers one more with 413 (CSV and XLSX), writing nothing', async () => {
    const rows = Array.from({ length: 1500 }, () => row());
    const blanks = (n: number) => Array.from({ length: n }, () => KEYS.map(() => ''));
    expect((await upload(csv([...rows.slice(0, 750), ...blanks(1500), ...rows.slice(750)]), 'assets.csv', '')).body).toMatchObject({
      rows: 1500,
      created: 1500,
    });
    expect((await upload(csv([...rows.slice(0, 750), ...blanks(1501)]), 'assets.csv', '?dry_run=true').expect(413)).body).toMatchObject({
      limit: 'IMPORT_MAX_ROWS',
    });
    const before = await assets();
    const over = await upload(csv([...rows, row()]), 'assets.csv', '').expect(413);
    expect(over.body).toMatchObject({ type: 'urn:vn-public-assets:problem:import-too-large', status: 413, limit: 'IMPORT_MAX_ROWS', max: 1500 });
    expect(over.body.detail).toContain('IMPORT_MAX_ROWS');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Tài sản');
    ws.addRow(KEYS);
    for (let i = 0; i < 1501; i++) ws.addRow(row());
    expect((await upload(Buffer.from(await wb.xlsx.writeBuffer()), 'assets.xlsx', '').expect(413)).body).toMatchObject({ limit: 'IMPORT_MAX_ROWS' });
    expect(await assets()).toBe(before);
  }, 60_000);

  it('ignores empty cells beyond IMPORT_MAX_COLUMNS, and refuses a value there before checking any column: 422 naming the limit', async () => {
    const pad = Array.from({ length: 40 }, () => '');
    expect((await upload(csv([[...row(), ...pad]], [...KEYS, ...pad])).expect(200)).body).toMatchObject({ rows: 1, rejected: 0 });
    const extra = Array.from({ length: 40 }, (_, i) => `extra${i}`);
    const res = await upload(csv([row()], [...KEYS, ...extra])).expect(422);
    expect(res.body).toMatchObject({
      type: 'urn:vn-public-assets:problem:import-rejected',
      limit: 'IMPORT_MAX_COLUMNS',
      max: 25,
      errorCount: 1,
      errors: [{ line: 1, field: '(row)', message: expect.stringContaining('column Z (26)') }],
    });
  });

  it('takes a cell of 32,767 characters as a row error, and refuses one longer than that as a file that no spreadsheet writes', async () => {
    const atLimit = await upload(csv([row({ notes: 'n'.repeat(32_767) })])).expect(422);
    expect(atLimit.body).toMatchObject({ errorCount: 1, errors: [{ line: 2, field: 'notes', message: 'must be 1-4000 characters' }] });
    expect(atLimit.body.limit).toBeUndefined();
    const over = await upload(csv([row(), row({ notes: 'n'.repeat(32_768) })])).expect(422);
    expect(over.body).toMatchObject({
      limit: 'cell-length',
      max: 32_767,
      errors: [{ line: 3, field: '(row)', message: expect.stringContaining('column R is longer than 32,767 characters') }],
    });
  });

  it('lists the first 1,000 errors and counts the rest (errorCount, errorsOmitted), with values quoted short', async () => {
    const rows = Array.from({ length: 1200 }, () => row({ category: `x${'y'.repeat(500)}` }));
    const rejected = await upload(csv(rows)).expect(422);
    expect(rejected.body).toMatchObject({ errorCount: 1200, errorsOmitted: 200, rows: 1200 });
    expect(rejected.body.errors).toHaveLength(1000);
    expect(rejected.body.errors[999]).toMatchObject({ line: 1001, field: 'category' });
    expect(rejected.body.errors[0].message.length).toBeLessThan(250);
    const partial = await upload(csv(rows), 'assets.csv', '?dry_run=true&partial=true').expect(200);
    expect(partial.body).toMatchObject({ rejected: 1200, errorCount: 1200, errorsOmitted: 200 });
    expect(partial.body.errors).toHaveLength(1000);
  });

  describe('the unit import', () => {
    const files = (over: Record<string, Buffer> = {}) => ({
      units: Buffer.from(SMALL_UNITS.units),
      lineage: Buffer.from(SMALL_UNITS.lineage),
      clauses: Buffer.from(SMALL_UNITS.clauses),
      ...over,
    });
    const send = (parts: [string, Buffer, string][], fields: [string, string][] = []) => {
      const req = t.http.post('/api/v1/units/import').set(bearer(t.adminToken));
      for (const [name, value] of fields) void req.field(name, value);
      for (const [name, content, filename] of parts) void req.attach(name, content, filename);
      return req;
    };
    const named = (f: Record<string, Buffer>): [string, Buffer, string][] => Object.entries(f).map(([name, content]) => [name, content, `${name}.csv`]);

    it('lists the first 1,000 errors of the three files and counts the rest', async () => {
      const bad = `${SMALL_UNITS.units}${Array.from({ length: 1200 }, (_, i) => `mid,province,${String(i % 100).padStart(2, '0')},X,province,`).join('\n')}\n`;
      const res = await send(named(files({ units: Buffer.from(bad) }))).expect(422);
      expect(res.body).toMatchObject({ type: 'urn:vn-public-assets:problem:import-rejected', errorCount: 1200, errorsOmitted: 200 });
      expect(res.body.errors).toHaveLength(1000);
    });

    it('refuses a file over UNIT_FILE_MAX_BYTES (413), a repeated, unexpected or fourth file (422), too many parts (413)', async () => {
      const big = await send(named(files({ units: Buffer.alloc(70_000, 'x') }))).expect(413);
      expect(big.body).toMatchObject({ type: 'urn:vn-public-assets:problem:payload-too-large', limit: 'UNIT_FILE_MAX_BYTES', max: 65_536 });
      expect(big.body.detail).toContain('units.csv');
      const twice = await send([...named(files()).slice(0, 1), ...named(files())]).expect(422);
      expect(twice.body).toMatchObject({ type: 'urn:vn-public-assets:problem:unexpected-file', detail: expect.stringContaining('twice') });
      const unexpected = await send([['extra', Buffer.from('x'), 'extra.csv'], ...named(files())]).expect(422);
      expect(unexpected.body).toMatchObject({ type: 'urn:vn-public-assets:problem:unexpected-file', errors: [{ field: 'extra' }] });
      const fourth = await send([...named(files()), ['more', Buffer.from('x'), 'more.csv'], ['again', Buffer.from('x'), 'again.csv']]).expect(422);
      expect(fourth.body).toMatchObject({ type: 'urn:vn-public-assets:problem:unexpected-file', errors: [{ field: 'more' }] });
      const fields = await send(
        named(files()),
        Array.from({ length: 6 }, (_, i) => [`f${i}`, 'x']),
      ).expect(413);
      expect(fields.body).toMatchObject({ type: 'urn:vn-public-assets:problem:payload-too-large', limit: 'UPLOAD_MAX_PARTS' });
      expect((await send(named(files())).expect(200)).body).toMatchObject({ changed: false });
    });
  });
});
