import { parse as parseCsv } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { AddressInfo } from 'node:net';
import { request as httpRequest } from 'node:http';
import type { Response } from 'supertest';
import { Client } from 'pg';
import { IMPORT_COLUMNS } from '../../src/assets/import/asset-columns';
import { SearchIndexMerge } from '../../src/assets/import/search-index-merge';
import { bearer, createTestApp, type TestApp } from '../support/app';
import { createAgency, createAsset } from '../support/factories';

const KEYS = IMPORT_COLUMNS.map((c) => c.key);
const VI = IMPORT_COLUMNS.map((c) => c.vi);
type Row = Partial<Record<(typeof KEYS)[number], string | number | Date | null>>;

const URL = '/api/v1/assets/import';
const csv = (header: string[], rows: unknown[][]) => Buffer.from(stringify([header, ...rows]));

async function xlsx(header: string[], rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Tài sản');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  wb.addWorksheet('Other').addRow(['not', 'read']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The first sheet's rows as text ('' for an empty cell), the header first. */
async function sheetRows(content: Buffer): Promise<string[][]> {
  const ws = (await readXlsx(content)).worksheets[0];
  const rows: string[][] = [];
  ws.eachRow((r) => rows.push(Array.from({ length: ws.columnCount }, (_, i) => String(r.getCell(i + 1).value ?? ''))));
  return rows;
}

async function readXlsx(content: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(content as unknown as ArrayBuffer);
  return wb;
}

/** Collects a binary response body (the template) as a Buffer. */
const binary = (res: Response, done: (err: Error | null, body: Buffer) => void) => {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('asset spreadsheet import', () => {
  let t: TestApp;
  let officer08: string;
  let officer01: string;
  let custodian: { id: string; code: string };
  let custodian01: { id: string; code: string };

  /** A full row of the valid defaults, in KEYS order. */
  const row = (code: string, over: Row = {}): unknown[] => {
    const base: Row = {
      code,
      name: `Trụ sở ${code}`,
      category: 'headquarters',
      current_unit: '00691',
      origin_unit: '024',
      custodian_code: custodian.code,
      address: 'Số 1 đường Nguyễn Trãi',
      latitude: '22.8233',
      longitude: '104.9836',
      land_area: '5.230,5',
      floor_area: '2100.25',
      year_built: '2004',
      original_cost: '35.000.000.000',
      remaining_value: '12500000000',
      land_certificate_no: 'BĐ 123456',
      land_use_category: 'TSC',
      condition: 'fair',
      notes: '',
      surplus_since: '',
      surplus_reason: '',
    };
    const values = { ...base, ...over };
    return KEYS.map((k) => values[k] ?? '');
  };
  const upload = (token: string, content: Buffer, filename = 'assets.csv', query = '') =>
    t.http.post(`${URL}${query}`).set(bearer(token)).attach('file', content, filename);
  const count = async (sql: string, params: unknown[] = []) => (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params))[0].n;
  const eventCount = () => count('event');

  beforeAll(async () => {
    t = await createTestApp();
    officer08 = await t.userToken('officer', '08');
    officer01 = await t.userToken('officer', '01');
    custodian = await createAgency(t, officer08, { code: '08.UBND.HG2' });
    custodian01 = await createAgency(t, officer01, { code: '01.UBND.BD', unit: { era: 'new', level: 'commune', code: '00004' } });
  });
  afterAll(() => t.close());

  it('imports a 10,000-row CSV at once, and the same file again changes nothing', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) =>
      row(`08.BULK.${String(i).padStart(5, '0')}`, { current_unit: ['00691', '00694', '00700', '02212'][i % 4], land_area: `${i}.5` }),
    );
    const file = csv(KEYS, rows);
    const events = await eventCount();
    const res = await upload(officer08, file).expect(200);
    expect(res.body).toMatchObject({
      dryRun: false,
      partial: false,
      rows: 10_000,
      created: 10_000,
      updated: 0,
      unchanged: 0,
      surplusDeclared: 0,
      rejected: 0,
      errors: [],
      errorCount: 0,
    });
    expect(await count(`asset WHERE code LIKE '08.BULK.%'`)).toBe(10_000);
    expect(await count(`asset WHERE code LIKE '08.BULK.%' AND status = 'in_use' AND version = 1 AND province_code = '08'`)).toBe(10_000);
    expect(await count(`asset a JOIN admin_unit u ON u.id = a.current_unit_id WHERE a.code LIKE '08.BULK.%' AND u.code = '02212'`)).toBe(2_500);
    expect(await eventCount()).toBe(events + 10_000);
    // The rows' search entries went to the index's pending list; it is merged once the import has
    // committed (nothing is left to merge afterwards), and searches find the rows.
    await t.app.get(SearchIndexMerge).settled();
    expect((await t.sql<{ pages: string }>(`SELECT gin_clean_pending_list('idx_asset_search'::regclass) AS pages`))[0].pages).toBe('0');
    const found = await t.http.get('/api/v1/assets?q=08.bulk.0000&limit=20').set(bearer(officer08)).expect(200);
    expect(found.body.items.map((a: { code: string }) => a.code)).toEqual(Array.from({ length: 10 }, (_, i) => `08.BULK.0000${i}`));
    const [one] = await t.sql<Record<string, unknown>>(
      `SELECT a.land_area::text AS land_area, a.original_cost::text AS original_cost, a.latitude::text AS latitude, e.after FROM asset a
       JOIN event e ON e.entity_type = 'asset' AND e.entity_id = a.id::text AND e.action = 'created' WHERE a.code = '08.BULK.00007'`,
    );
    expect(one).toEqual({
      land_area: '7.50',
      original_cost: '35000000000',
      latitude: '22.823300',
      after: expect.objectContaining({
        code: '08.BULK.00007',
        status: 'in_use',
        currentUnit: 'new/commune/02212',
        originUnit: 'old/district/024',
        custodian: '08.UBND.HG2',
        landArea: 7.5,
        originalCost: '35000000000',
      }),
    });

    const again = await upload(officer08, file).expect(200);
    expect(again.body).toMatchObject({ rows: 10_000, created: 0, updated: 0, unchanged: 10_000, rejected: 0 });
    expect(await eventCount()).toBe(events + 10_000);
  }, 120_000);

  it('imports an XLSX with Vietnamese headers, numeric and date cells', async () => {
    const header = VI.map((h, i) => (i % 2 ? h.toUpperCase() : h.normalize('NFD')));
    const res = await upload(
      officer08,
      await xlsx(header, [
        row('08.XLSX.1', {
          land_area: 5230.5,
          floor_area: 1200,
          year_built: 2004,
          original_cost: 35_000_000_000,
          remaining_value: 0,
          latitude: 22.8233,
          longitude: 104.9836,
        }),
        [],
        row('08.XLSX.2', { surplus_since: new Date(Date.UTC(2025, 6, 1)), surplus_reason: 'Không còn cấp huyện', origin_unit: '', condition: 'POOR' }),
      ]),
      'tai-san.xlsx',
    ).expect(200);
    expect(res.body).toMatchObject({ rows: 2, created: 2, surplusDeclared: 1, rejected: 0 });
    const stored =
      await t.sql(`SELECT code, land_area::text, floor_area::text, original_cost::text, remaining_value::text, status, to_char(surplus_since, 'YYYY-MM-DD') AS since, origin_unit_id, condition
      FROM asset WHERE code LIKE '08.XLSX.%' ORDER BY code`);
    expect(stored).toEqual([
      {
        code: '08.XLSX.1',
        land_area: '5230.50',
        floor_area: '1200.00',
        original_cost: '35000000000',
        remaining_value: '0',
        status: 'in_use',
        since: null,
        origin_unit_id: expect.any(Number),
        condition: 'fair',
      },
      {
        code: '08.XLSX.2',
        land_area: '5230.50',
        floor_area: '2100.25',
        original_cost: '35000000000',
        remaining_value: '12500000000',
        status: 'surplus',
        since: '2025-07-01',
        origin_unit_id: null,
        condition: 'poor',
      },
    ]);
  });

  it('accepts English keys in any order and any case, and keeps what a left-out column holds', async () => {
    const a = await createAsset(t, officer08, custodian.id, { code: '08.KEEP.1', notes: 'kept' });
    const header = ['NAME', 'Code', 'custodian_code', 'category', 'Current_Unit', 'condition'];
    const res = await upload(officer08, csv(header, [['Tên mới', '08.KEEP.1', custodian.code, 'headquarters', '00691', 'poor']])).expect(200);
    expect(res.body).toMatchObject({ rows: 1, created: 0, updated: 1, unchanged: 0 });
    const [stored] = await t.sql<Record<string, unknown>>(`SELECT name, condition, notes, land_area::float8 AS land_area, version FROM asset WHERE id = $1`, [
      a.id,
    ]);
    expect(stored).toEqual({ name: 'Tên mới', condition: 'poor', notes: 'kept', land_area: 5230.5, version: 2 });
    const [event] = await t.sql<{ before: unknown; after: unknown }>(`SELECT before, after FROM event WHERE entity_id = $1 AND action = 'updated'`, [a.id]);
    expect(event).toEqual({ before: { name: 'Trụ sở UBND thành phố Hà Giang (cũ)', condition: 'fair' }, after: { name: 'Tên mới', condition: 'poor' } });
  });

  it('rejects a file with bad rows: 422 naming each line, column and reason, and writes nothing', async () => {
    const header = VI;
    const rows = [
      row('08.BAD.1'),
      row('08.BAD.2', { category: 'castle' }),
      row('08.BAD.3', { land_area: '10.1234', year_built: '2999' }),
      row('08.BAD.1'),
      row('08.BAD.5', { current_unit: '09999' }),
      row('08.BAD.6', { custodian_code: 'NO.SUCH.AGENCY', origin_unit: '999' }),
      row('08.BAD.7', { longitude: '' }),
      row('08.BAD.8', { land_use_category: 'XYZ', original_cost: '1.5' }),
      row('08.BAD.9', { surplus_since: '2025-07-01' }),
    ];
    const [assets, events] = [await count('asset'), await eventCount()];
    const res = await upload(officer08, csv(header, rows)).expect(422);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(res.body).toMatchObject({ type: 'urn:vn-public-assets:problem:import-rejected', status: 422, title: 'Import rejected', errorCount: 10, rows: 9 });
    expect(res.body.errors).toEqual([
      { line: 3, field: 'Loại tài sản', message: expect.stringMatching(/^must be one of headquarters, .*; got "castle"$/) },
      { line: 4, field: 'Diện tích đất (m²)', message: 'at most 2 decimals' },
      { line: 4, field: 'Năm xây dựng', message: expect.stringMatching(/^must be from 1800 to \d{4}$/) },
      { line: 5, field: 'Mã tài sản', message: 'duplicate code 08.BAD.1 (first on line 2)' },
      { line: 6, field: 'Mã đơn vị hành chính hiện tại', message: 'no new-era commune with code 09999' },
      { line: 7, field: 'Mã đơn vị hành chính cũ', message: 'no old-era district with code 999' },
      { line: 7, field: 'Mã đơn vị quản lý', message: 'no agency with code NO.SUCH.AGENCY in your scope' },
      { line: 8, field: 'Kinh độ', message: 'latitude and longitude go together' },
      { line: 9, field: 'Nguyên giá (VND)', message: 'must be a whole number of VND' },
      { line: 10, field: 'Lý do dôi dư', message: 'required when surplus_since is given' },
    ]);
    expect([await count('asset'), await eventCount()]).toEqual([assets, events]);
  });

  it('rolls back batches already written and staged when a later row is bad, and the next import logs only its own events', async () => {
    const stage = () => count('asset_import_event_stage');
    // 4,500 rows are three batches: the first two are written and their events staged before line 4,402 is read.
    const rows = Array.from({ length: 4_500 }, (_, i) => row(`08.ROLL.${String(i).padStart(4, '0')}`, i === 4_400 ? { condition: 'shiny' } : {}));
    const [assets, events] = [await count('asset'), await eventCount()];
    const res = await upload(officer08, csv(KEYS, rows)).expect(422);
    expect(res.body).toMatchObject({ errorCount: 1, errors: [{ line: 4_402, field: 'condition' }] });
    expect([await count('asset'), await eventCount()]).toEqual([assets, events]);
    expect(await stage()).toBeGreaterThan(0); // a rolled-back import's stage is cleared by the next one

    const good = await upload(officer08, csv(KEYS, [row('08.ROLL.OK1'), row('08.ROLL.OK2', { surplus_since: '2025-07-01', surplus_reason: 'Dôi dư' })])).expect(
      200,
    );
    expect(good.body).toMatchObject({ created: 2, surplusDeclared: 1 });
    expect(await stage()).toBe(0);
    expect(await count('asset_import_row_stage')).toBe(0);
    const logged = await t.sql<{ code: string; action: string }>(
      `SELECT a.code, e.action FROM event e JOIN asset a ON a.id::text = e.entity_id WHERE e.entity_type = 'asset' AND e.seq > (SELECT max(seq) - 3 FROM event) ORDER BY e.seq`,
    );
    expect(logged).toEqual([
      { code: '08.ROLL.OK1', action: 'created' },
      { code: '08.ROLL.OK2', action: 'created' },
      { code: '08.ROLL.OK2', action: 'surplus-declared' },
    ]);
    expect(await eventCount()).toBe(events + 3);
    const verify = await t.http.get('/api/v1/events/verify').set(bearer(t.adminToken)).expect(200);
    expect(verify.body).toMatchObject({ ok: true });
  }, 60_000);

  it('does not hold other imports up while a slow upload is still arriving', async () => {
    const server = t.app.getHttpServer();
    if (!server.listening) await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as AddressInfo;
    const boundary = 'vpa-slow-upload';
    const body = csv(
      KEYS,
      Array.from({ length: 300 }, (_, i) => row(`08.SLOW.${String(i).padStart(4, '0')}`)),
    );
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="slow.csv"\r\nContent-Type: text/csv\r\n\r\n`);
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const half = Math.floor(body.length / 2);
    let sendRest!: () => void;
    const restMaySend = new Promise<void>((r) => (sendRest = r));
    const answer = new Promise<{ status: number; body: { created: number } }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: URL,
          headers: {
            ...bearer(officer08),
            'content-type': `multipart/form-data; boundary=${boundary}`,
            'content-length': head.length + body.length + tail.length,
          },
        },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c)).on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
        },
      );
      req.on('error', reject);
      req.write(Buffer.concat([head, body.subarray(0, half)]));
      void restMaySend.then(() => req.end(Buffer.concat([body.subarray(half), tail])));
    });
    try {
      await new Promise((r) => setTimeout(r, 300)); // the server is now receiving the slow upload
      // The rest of the slow file is sent only once this import has answered: were the lock taken while
      // the file arrives, this one would wait for the slow one and neither would finish.
      const quick = await upload(officer08, csv(KEYS, [row('08.FAST.0001')]));
      expect(quick.status).toBe(200);
      expect(quick.body.created).toBe(1);
      expect(await count(`asset WHERE code LIKE '08.SLOW.%'`)).toBe(0);
    } finally {
      sendRest();
    }
    const slow = await answer;
    expect([slow.status, slow.body.created]).toEqual([200, 300]);
    expect(await count(`asset WHERE code LIKE '08.SLOW.%'`)).toBe(300);
  }, 30_000);

  it('runs two imports sent at once one after the other, each with its own rows and events', async () => {
    const file = (tag: string) =>
      csv(
        KEYS,
        Array.from({ length: 2_500 }, (_, i) => row(`08.TWO${tag}.${String(i).padStart(4, '0')}`)),
      );
    const events = await eventCount();
    const [a, b] = await Promise.all([upload(officer08, file('A')), upload(officer08, file('B'))]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect([a.body.created, b.body.created]).toEqual([2_500, 2_500]);
    expect(await count(`asset WHERE code LIKE '08.TWO%'`)).toBe(5_000);
    // Each asset has exactly its own created event, and the two imports' events are not interleaved.
    const logged = await t.sql<{ tag: string; n: number; first: string; last: string }>(
      `SELECT substr(a.code, 4, 4) AS tag, count(*)::int AS n, min(e.seq)::text AS first, max(e.seq)::text AS last FROM event e
       JOIN asset a ON a.id::text = e.entity_id WHERE e.entity_type = 'asset' AND a.code LIKE '08.TWO%' GROUP BY 1 ORDER BY 1`,
    );
    expect(logged.map((l) => [l.tag, l.n, Number(l.last) - Number(l.first) + 1])).toEqual([
      ['TWOA', 2_500, 2_500],
      ['TWOB', 2_500, 2_500],
    ]);
    expect(await eventCount()).toBe(events + 5_000);
    expect(await count('asset_import_row_stage')).toBe(0);
    expect(await count('asset_import_event_stage')).toBe(0);
  }, 60_000);

  it('answers a dry run as the import would, writing nothing', async () => {
    const [assets, events] = [await count('asset'), await eventCount()];
    const good = csv(KEYS, [row('08.DRY.1'), row('08.DRY.2', { surplus_since: '2025-07-01', surplus_reason: 'Dôi dư' })]);
    const res = await upload(officer08, good, 'assets.csv', '?dry_run=true').expect(200);
    expect(res.body).toMatchObject({
      dryRun: true,
      partial: false,
      rows: 2,
      created: 2,
      updated: 0,
      unchanged: 0,
      surplusDeclared: 1,
      rejected: 0,
      errorCount: 0,
    });
    const bad = await upload(
      officer08,
      csv(KEYS, [row('08.DRY.1'), row('08.DRY.3', { current_unit: '00004' })]),
      'assets.csv',
      '?dry_run=true&partial=false',
    ).expect(422);
    expect(bad.body.errors).toEqual([{ line: 3, field: 'current_unit', message: 'outside your province: 00004 is in province 01' }]);
    expect([await count('asset'), await eventCount()]).toEqual([assets, events]);
    await upload(officer08, good, 'assets.csv', '?dry_run=maybe').expect(400);
  });

  it('with partial=true writes the valid rows and lists the rejected ones', async () => {
    const res = await upload(
      officer08,
      csv(KEYS, [row('08.PART.1'), row('08.PART.2', { condition: 'shiny' }), row('08.PART.3')]),
      'assets.csv',
      '?partial=true',
    ).expect(200);
    expect(res.body).toMatchObject({
      dryRun: false,
      partial: true,
      rows: 3,
      created: 2,
      rejected: 1,
      errorCount: 1,
      errors: [{ line: 3, field: 'condition', message: 'must be one of good, fair, poor, dilapidated, or one of their labels; got "shiny"' }],
    });
    expect(await t.sql(`SELECT code FROM asset WHERE code LIKE '08.PART.%' ORDER BY code`)).toEqual([{ code: '08.PART.1' }, { code: '08.PART.3' }]);
  });

  it('declares surplus from surplus_since, as POST /assets/{id}/surplus does, once', async () => {
    const existing = await createAsset(t, officer08, custodian.id, { code: '08.SUR.OLD' });
    const file = csv(KEYS, [
      row('08.SUR.NEW', { surplus_since: '2025-07-01', surplus_reason: 'Không còn cấp huyện' }),
      row('08.SUR.OLD', {
        name: 'Trụ sở UBND thành phố Hà Giang (cũ)',
        address: 'Số 1 đường Nguyễn Trãi, phường Hà Giang 2',
        land_area: '5230,5',
        surplus_since: '2025-07-15',
        surplus_reason: 'Sáp nhập',
      }),
    ]);
    const res = await upload(officer08, file).expect(200);
    expect(res.body).toMatchObject({ created: 1, updated: 1, unchanged: 0, surplusDeclared: 2 });
    const stored = await t.sql(
      `SELECT code, status, to_char(surplus_since, 'YYYY-MM-DD') AS since, surplus_reason, version FROM asset WHERE code LIKE '08.SUR.%' ORDER BY code`,
    );
    expect(stored).toEqual([
      { code: '08.SUR.NEW', status: 'surplus', since: '2025-07-01', surplus_reason: 'Không còn cấp huyện', version: 2 },
      { code: '08.SUR.OLD', status: 'surplus', since: '2025-07-15', surplus_reason: 'Sáp nhập', version: 2 },
    ]);
    const history = await t.sql<{ code: string; action: string; before: unknown; after: Record<string, unknown> }>(
      `SELECT a.code, e.action, e.before, e.after FROM event e JOIN asset a ON a.id::text = e.entity_id WHERE a.code LIKE '08.SUR.%' ORDER BY e.seq`,
    );
    expect(history).toEqual([
      { code: '08.SUR.OLD', action: 'created', before: null, after: expect.objectContaining({ status: 'in_use' }) },
      { code: '08.SUR.NEW', action: 'created', before: null, after: expect.objectContaining({ status: 'in_use', surplusSince: null }) },
      {
        code: '08.SUR.NEW',
        action: 'surplus-declared',
        before: { status: 'in_use', surplusSince: null, surplusReason: null },
        after: { status: 'surplus', surplusSince: '2025-07-01', surplusReason: 'Không còn cấp huyện' },
      },
      {
        code: '08.SUR.OLD',
        action: 'surplus-declared',
        before: { status: 'in_use', surplusSince: null, surplusReason: null },
        after: { status: 'surplus', surplusSince: '2025-07-15', surplusReason: 'Sáp nhập' },
      },
    ]);
    const api = await t.http.get(`/api/v1/assets/${existing.id}`).set(bearer(officer08)).expect(200);
    expect(api.body).toMatchObject({ status: 'surplus', surplus: { since: '2025-07-15', reason: 'Sáp nhập', basis: null }, version: 2 });

    const events = await eventCount();
    expect((await upload(officer08, file).expect(200)).body).toMatchObject({ created: 0, updated: 0, unchanged: 2, surplusDeclared: 0 });
    expect(await eventCount()).toBe(events);
    const otherDate = await upload(officer08, csv(KEYS, [row('08.SUR.NEW', { surplus_since: '2025-08-01', surplus_reason: 'x' })])).expect(422);
    expect(otherDate.body.errors).toEqual([
      { line: 2, field: 'surplus_since', message: 'the asset is already surplus since 2025-07-01; withdraw that declaration first to change its date' },
    ]);
  });

  it('updates the fields of an asset whose status has moved on, never its status', async () => {
    const a = await createAsset(t, officer08, custodian.id, { code: '08.PEND.1' });
    await t.sql(`UPDATE asset SET status = 'action_pending', surplus_since = '2025-07-01', surplus_reason = 'x' WHERE id = $1`, [a.id]);
    const res = await upload(officer08, csv(KEYS, [row('08.PEND.1', { condition: 'poor', surplus_since: '2025-09-01', surplus_reason: 'y' })])).expect(200);
    expect(res.body).toMatchObject({ updated: 1, surplusDeclared: 0 });
    expect(await t.sql(`SELECT status, condition, to_char(surplus_since, 'YYYY-MM-DD') AS since FROM asset WHERE id = $1`, [a.id])).toEqual([
      { status: 'action_pending', condition: 'poor', since: '2025-07-01' },
    ]);
  });

  it('stores NFD text as NFC, and an NFC file then changes nothing', async () => {
    const name = 'Nhà văn hóa tổ dân phố số 5';
    const address = 'Đường Trần Hưng Đạo, phường Hà Giang 2';
    await upload(officer08, csv(KEYS, [row('08.NFD.1', { name: name.normalize('NFD'), address: address.normalize('NFD') })])).expect(200);
    expect(await t.sql(`SELECT name, address FROM asset WHERE code = '08.NFD.1'`)).toEqual([
      { name: name.normalize('NFC'), address: address.normalize('NFC') },
    ]);
    const again = await upload(officer08, csv(KEYS, [row('08.NFD.1', { name, address })])).expect(200);
    expect(again.body).toMatchObject({ unchanged: 1, updated: 0 });
  });

  it('keeps line breaks, tabs, backslashes and quotes in text as written, in the asset and its events', async () => {
    // The rows and events reach PostgreSQL by COPY, where a backslash, tab or line break means something.
    const notes = 'Dòng 1\nDòng 2\tcột 2\r\nđường dẫn C:\\tai-lieu\\N "trích dẫn" \\\\';
    const reason = 'Theo \\N Kết luận "155-KL/TW"\ttab';
    const res = await upload(
      officer08,
      csv(KEYS, [row('08.ESC.1', { name: 'Trụ sở \\ số 1', notes, surplus_since: '2025-07-01', surplus_reason: reason })]),
    ).expect(200);
    expect(res.body).toMatchObject({ created: 1, surplusDeclared: 1 });
    const [stored] = await t.sql<{ id: string; name: string; notes: string; surplus_reason: string }>(
      `SELECT id, name, notes, surplus_reason FROM asset WHERE code = '08.ESC.1'`,
    );
    expect(stored).toEqual({ id: expect.any(String), name: 'Trụ sở \\ số 1', notes, surplus_reason: reason });
    const events = await t.sql<{ action: string; after: Record<string, unknown> }>(`SELECT action, after FROM event WHERE entity_id = $1 ORDER BY seq`, [
      stored.id,
    ]);
    expect(events).toEqual([
      { action: 'created', after: expect.objectContaining({ name: 'Trụ sở \\ số 1', notes }) },
      { action: 'surplus-declared', after: expect.objectContaining({ surplusReason: reason }) },
    ]);
  });

  it.each([
    ['csv', 'vi'],
    ['xlsx', 'vi'],
    ['csv', 'en'],
    ['xlsx', 'en'],
  ])('imports back its own %s export (%s headers and labels) unchanged, the read-only columns ignored', async (format, lang) => {
    const tag = `08.RT-${format}-${lang}`;
    await upload(
      officer08,
      csv(KEYS, [
        row(`${tag}.1`, { notes: 'Ghi chú, có dấu phẩy' }),
        row(`${tag}.2`, { category: 'housing', condition: '', surplus_since: '2025-07-01', surplus_reason: 'Dôi dư', latitude: '', longitude: '' }),
      ]),
    ).expect(200);
    const fields = () => t.sql(`SELECT * FROM asset WHERE code LIKE $1 ORDER BY code`, [`${tag}.%`]);
    const before = await fields();
    const exported = await t.http
      .get(`/api/v1/assets/export?format=${format}&lang=${lang}&q=${tag}`)
      .set(bearer(officer08))
      .buffer(true)
      .parse(binary)
      .expect(200);
    const rows = format === 'csv' ? parseCsv((exported.body as Buffer).subarray(3).toString('utf8')) : await sheetRows(exported.body as Buffer);
    const col = (vi: string, en: string) => rows[0].indexOf(lang === 'vi' ? vi : en);
    // Coded values are written as labels of the export's language.
    expect(rows.slice(1).map((r) => [r[col('Loại tài sản', 'Category')], r[col('Tình trạng', 'Condition')], r[col('Trạng thái', 'Status')]])).toEqual(
      lang === 'vi'
        ? [
            ['Trụ sở làm việc', 'Trung bình', 'Đang sử dụng'],
            ['Nhà ở công vụ', '', 'Dôi dư'],
          ]
        : [
            ['Working office', 'Fair', 'In use'],
            ['Official housing', '', 'Surplus'],
          ],
    );
    const events = await eventCount();
    const res = await upload(officer08, exported.body as Buffer, `assets.${format}`).expect(200);
    expect(res.body).toMatchObject({ rows: 2, created: 0, updated: 0, unchanged: 2, rejected: 0 });
    expect(await eventCount()).toBe(events);
    expect(await fields()).toEqual(before);
  });

  it('reads a coded cell as its code or its Vietnamese or English label, in any case, NFC or NFD, but exactly', async () => {
    const res = await upload(
      officer08,
      csv(KEYS, [
        row('08.LBL.1', { category: 'NHÀ Ở CÔNG VỤ', condition: 'tốt'.normalize('NFD') }),
        row('08.LBL.2', { category: 'working office', condition: 'Dilapidated' }),
        row('08.LBL.3', { category: 'Public service facility', condition: 'POOR' }),
      ]),
    ).expect(200);
    expect(res.body).toMatchObject({ created: 3, rejected: 0 });
    expect(await t.sql(`SELECT code, category, condition FROM asset WHERE code LIKE '08.LBL.%' ORDER BY code`)).toEqual([
      { code: '08.LBL.1', category: 'housing', condition: 'good' },
      { code: '08.LBL.2', category: 'headquarters', condition: 'dilapidated' },
      { code: '08.LBL.3', category: 'public_service_facility', condition: 'poor' },
    ]);
    const bad = await upload(
      officer08,
      csv(KEYS, [row('08.LBL.4', { category: 'Tru so lam viec' }), row('08.LBL.5', { condition: 'Trung' })]),
      'a.csv',
      '?dry_run=true',
    ).expect(422);
    expect(bad.body.errors.map((e: { line: number; field: string }) => [e.line, e.field])).toEqual([
      [2, 'category'],
      [3, 'condition'],
    ]);
  });

  it.each(['csv', 'xlsx'])('imports back its own %s export with every text as it was, formulas and leading quotes included', async (format) => {
    // The CSV export guards a cell Excel would run (= + - @ tab CR first) with a leading ', which the
    // import must take off again, and only it: a text that itself starts with ' keeps it.
    const tag = `08.FG-${format}`;
    const texts: Record<string, Row> = {
      [`${tag}.1`]: { name: '=HYPERLINK("http://evil","bấm vào")', address: '+84 đường Trần Phú', notes: '- Mục 1\n- Mục 2' },
      [`${tag}.2`]: { name: '@SUM(A1)', address: "'Trích dẫn", notes: "'- đã có dấu nháy", land_certificate_no: '-BĐ 1' },
      [`${tag}.3`]: { name: "''=hai dấu nháy", address: "'", notes: '-', surplus_since: '2025-07-01', surplus_reason: '=1+1' },
    };
    // Written through an XLSX, whose cells are read as they are (in a CSV, '= is the guard).
    await upload(
      officer08,
      await xlsx(
        KEYS,
        Object.entries(texts).map(([code, over]) => row(code, over)),
      ),
      'seed.xlsx',
    ).expect(200);
    const stored = () =>
      t.sql(`SELECT code, name, address, notes, land_certificate_no, surplus_reason FROM asset WHERE code LIKE $1 ORDER BY code`, [`${tag}.%`]);
    const before = await stored();
    expect(before).toEqual(
      Object.entries(texts).map(([code, x]) => ({
        code,
        name: x.name,
        address: x.address,
        notes: x.notes,
        land_certificate_no: x.land_certificate_no ?? 'BĐ 123456',
        surplus_reason: x.surplus_reason ?? null,
      })),
    );
    const exportFile = async () =>
      (await t.http.get(`/api/v1/assets/export?format=${format}&q=${tag}`).set(bearer(officer08)).buffer(true).parse(binary).expect(200)).body as Buffer;
    const first = await exportFile();
    if (format === 'csv') expect(first.toString('utf8')).toContain(`${tag}.1,"'=HYPERLINK(""http://evil"",""bấm vào"")"`);
    const events = await eventCount();
    const res = await upload(officer08, first, `assets.${format}`).expect(200);
    expect(res.body).toMatchObject({ rows: 3, created: 0, updated: 0, unchanged: 3, rejected: 0 });
    expect(await eventCount()).toBe(events);
    expect(await stored()).toEqual(before);
    if (format === 'csv') expect((await exportFile()).equals(first)).toBe(true);
  });

  it('rejects an unknown column, naming it, and writes nothing', async () => {
    const assets = await count('asset');
    const res = await upload(officer08, csv([...VI, 'Số tầng'], [[...row('08.UNK.1'), '3']])).expect(422);
    expect(res.body).toMatchObject({
      type: 'urn:vn-public-assets:problem:import-rejected',
      errorCount: 1,
      rows: 0,
      errors: [{ line: 1, field: 'Số tầng', message: expect.stringContaining('unknown column') }],
    });
    expect(res.body.detail).toContain('Số tầng');
    expect(await count('asset')).toBe(assets);
  });

  it('refuses a file that is neither CSV nor XLSX (415), and a request that is not multipart', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from([0xe2, 0xe3, 0xcf, 0xd3, 0x00, 0x01])]);
    const res = await upload(officer08, pdf, 'scan.pdf').expect(415);
    expect(res.body.type).toBe('urn:vn-public-assets:problem:unsupported-media-type');
    await upload(officer08, Buffer.from('not a zip at all'), 'fake.xlsx').expect(415);
    await t.http.post(URL).set(bearer(officer08)).send({ file: 'x' }).expect(415);
    const wrongPart = await t.http
      .post(URL)
      .set(bearer(officer08))
      .attach('data', csv(KEYS, [row('08.X.1')]), 'a.csv')
      .expect(422);
    expect(wrongPart.body.type).toMatch(/unexpected-file$/);
    await upload(officer08, Buffer.alloc(0), 'empty.csv').expect(422);
  });

  it('keeps an officer to the province: a row in 01 or an asset of 01 is rejected, nothing written', async () => {
    await createAsset(t, officer01, custodian01.id, { code: '01.OWN.1', currentUnit: { era: 'new', level: 'commune', code: '00004' }, originUnit: null });
    const [assets, events] = [await count('asset'), await eventCount()];
    const res = await upload(
      officer08,
      csv(KEYS, [row('08.SCOPE.1'), row('01.SCOPE.2', { current_unit: '00004', custodian_code: custodian01.code }), row('01.OWN.1')]),
    ).expect(422);
    expect(res.body.errors).toEqual([
      { line: 3, field: 'current_unit', message: 'outside your province: 00004 is in province 01' },
      { line: 4, field: 'code', message: 'outside your province: asset 01.OWN.1 is not in province 08' },
    ]);
    expect([await count('asset'), await eventCount()]).toEqual([assets, events]);
    // An admin may import into any province, but not with a custodian of another one.
    const admin = await upload(
      t.adminToken,
      csv(KEYS, [row('01.ADM.1', { current_unit: '00004', custodian_code: custodian01.code }), row('01.ADM.2', { current_unit: '00004' })]),
      'a.csv',
      '?dry_run=true',
    ).expect(422);
    expect(admin.body.errors).toEqual([{ line: 3, field: 'custodian_code', message: 'agency 08.UBND.HG2 belongs to province 08, the asset to 01' }]);
  });

  it('writes row errors in the language of Accept-Language, with the same type, status and fields', async () => {
    const file = csv(VI, [row('08.LANG.1', { category: 'castle', land_area: '10.1234' }), row('08.LANG.2', { current_unit: '09999' })]);
    const vi = await upload(officer08, file).set('Accept-Language', 'vi-VN').expect(422);
    expect(vi.headers['content-language']).toBe('vi');
    expect(vi.body).toMatchObject({
      type: 'urn:vn-public-assets:problem:import-rejected',
      status: 422,
      errorCount: 3,
      rows: 2,
      detail: '2/2 dòng có lỗi (tổng cộng 3 lỗi); không có gì được nhập',
    });
    expect(vi.body.errors).toEqual([
      { line: 2, field: 'Loại tài sản', message: expect.stringMatching(/^phải là một giá trị trong danh sách: Trụ sở làm việc; .*; nhận được "castle"$/) },
      { line: 2, field: 'Diện tích đất (m²)', message: 'tối đa 2 chữ số thập phân' },
      { line: 3, field: 'Mã đơn vị hành chính hiện tại', message: 'không có đơn vị hành chính cấp xã mới (từ 01/7/2025) mã 09999' },
    ]);
    const en = await upload(officer08, file).set('Accept-Language', 'en-GB, vi;q=0.5').expect(422);
    expect(en.body).toMatchObject({ type: vi.body.type, status: 422, errorCount: 3 });
    expect(en.body.errors).toEqual([
      { line: 2, field: 'Loại tài sản', message: expect.stringMatching(/^must be one of headquarters, .*; got "castle"$/) },
      { line: 2, field: 'Diện tích đất (m²)', message: 'at most 2 decimals' },
      { line: 3, field: 'Mã đơn vị hành chính hiện tại', message: 'no new-era commune with code 09999' },
    ]);
    // A 200 answer (partial) lists them in the same language.
    const partial = await upload(officer08, file, 'a.csv', '?dry_run=true&partial=true').set('Accept-Language', 'vi').expect(200);
    expect(partial.body).toMatchObject({ rejected: 2, errorCount: 3 });
    expect(partial.body.errors).toEqual(vi.body.errors);
    // So do the errors of a file that cannot be read at all.
    const header = await upload(officer08, csv([...VI, 'Số tầng'], [[...row('08.LANG.3'), '3']]))
      .set('Accept-Language', 'vi')
      .expect(422);
    expect(header.body.errors).toEqual([
      { line: 1, field: 'Số tầng', message: 'cột không xác định: hãy dùng tiêu đề tiếng Việt hoặc khóa tiếng Anh của tệp mẫu' },
    ]);
    expect(header.body.detail).toBe('Không thể nhập tệp: Số tầng: cột không xác định: hãy dùng tiêu đề tiếng Việt hoặc khóa tiếng Anh của tệp mẫu');
  });

  it('is for admins and officers only', async () => {
    const file = csv(KEYS, [row('08.ROLE.1')]);
    await upload(await t.userToken('inspector', '08'), file).expect(403);
    await upload(await t.userToken('viewer'), file).expect(403);
    await t.http.post(URL).attach('file', file, 'a.csv').expect(401);
    expect(await count(`asset WHERE code = '08.ROLE.1'`)).toBe(0);
  });

  describe('GET /assets/import/template.xlsx', () => {
    it.each([
      ['en', 'asset-import-template.xlsx', KEYS, 'Guide'],
      ['vi', 'mau-nhap-tai-san.xlsx', VI, 'Hướng dẫn'],
    ])('gives the %s template: header, example row and guide', async (lang, filename, header, guideName) => {
      const res = await t.http
        .get(`${URL}/template.xlsx?lang=${lang}`)
        .set(bearer(await t.userToken('viewer')))
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(res.headers['content-disposition']).toBe(`attachment; filename="${filename}"`);
      const wb = await readXlsx(res.body as Buffer);
      const [data, guide] = wb.worksheets;
      expect((data.getRow(1).values as unknown[]).slice(1)).toEqual(header);
      expect(data.getRow(2).getCell(1).value).toBe('08.TSC.000123');
      expect(data.getRow(2).getCell(4).value).toBe('00691');
      expect(data.getRow(2).getCell(3).value).toBe(lang === 'en' ? 'Working office' : 'Trụ sở làm việc');
      expect(guide.name).toBe(guideName);
      expect(guide.rowCount).toBeGreaterThan(IMPORT_COLUMNS.length);
      expect((guide.getRow(2).values as unknown[]).slice(1, 3)).toEqual(lang === 'en' ? ['code', 'Mã tài sản'] : ['Mã tài sản', 'code']);
      // The drop-down lists read a hidden sheet: the category labels, and the land-use codes of the database.
      const lists = wb.worksheets[2];
      expect([lists.name, lists.state]).toEqual([lang === 'en' ? 'Lists' : 'Danh mục', 'hidden']);
      const categoryList = data.getCell('C2').dataValidation;
      expect(categoryList).toMatchObject({ type: 'list', formulae: [`'${lists.name}'!$A$2:$A$8`] });
      expect(data.getCell('C100001').dataValidation).toEqual(categoryList);
      expect(lists.getCell('A2').value).toBe(lang === 'en' ? 'Working office' : 'Trụ sở làm việc');
      const landUse = data.getCell(`${data.getColumn(KEYS.indexOf('land_use_category') + 1).letter}2`).dataValidation;
      const [, landUseCol, last] = /\$([A-Z])\$2:\$[A-Z]\$(\d+)$/.exec(String(landUse.formulae[0]))!;
      const codes = (await t.sql<{ code: string }>(`SELECT code FROM land_use_category ORDER BY code`)).map((r) => r.code);
      expect(Array.from({ length: Number(last) - 1 }, (_, i) => lists.getCell(`${landUseCol}${i + 2}`).value)).toEqual(codes);
    });

    it('defaults to Vietnamese, refuses another language, and imports back as it is', async () => {
      const res = await t.http.get(`${URL}/template.xlsx`).set(bearer(officer08)).buffer(true).parse(binary).expect(200);
      const wb = await readXlsx(res.body as Buffer);
      expect(wb.worksheets[0].getRow(1).getCell(1).value).toBe('Mã tài sản');
      await t.http.get(`${URL}/template.xlsx?lang=fr`).set(bearer(officer08)).expect(400);
      await t.http.get(`${URL}/template.xlsx`).expect(401);
      const back = await upload(officer08, res.body as Buffer, 'template.xlsx', '?dry_run=true').expect(200);
      expect(back.body).toMatchObject({ rows: 1, created: 1, surplusDeclared: 1, rejected: 0 });
    });
  });
});

describe('asset spreadsheet import: row errors in Vietnamese by default', () => {
  let t: TestApp;
  let officer: string;
  // The API's own default (DEFAULT_LANGUAGE unset), not the English the other suites run with.
  beforeAll(async () => {
    t = await createTestApp({ env: { DEFAULT_LANGUAGE: 'vi' } });
    officer = await t.userToken('officer', '08');
  });
  afterAll(() => t.close());

  it('answers a request without Accept-Language in Vietnamese, a 422 and a 200 alike', async () => {
    const file = csv(KEYS, [
      ['08.VI.1', 'Trụ sở', 'lâu đài', '00691', '', 'NO.SUCH', '', '', '', '-5', '', '3000', '1,5', '', '', '', 'Tot', '', '', 'Không còn cấp huyện'],
    ]);
    const rejected = await t.http.post(URL).set(bearer(officer)).attach('file', file, 'a.csv').expect(422);
    expect(rejected.headers['content-language']).toBe('vi');
    expect(rejected.body.title).toBe('Tệp nhập bị từ chối');
    expect(rejected.body.errors).toEqual([
      { line: 2, field: 'category', message: expect.stringMatching(/^phải là một giá trị trong danh sách: .*; nhận được "lâu đài"$/) },
      { line: 2, field: 'land_area', message: 'phải lớn hơn hoặc bằng 0' },
      { line: 2, field: 'original_cost', message: 'phải là số nguyên đồng' },
      { line: 2, field: 'condition', message: expect.stringMatching(/; nhận được "Tot"$/) },
      { line: 2, field: 'year_built', message: expect.stringMatching(/^phải từ 1800 đến \d{4}$/) },
      { line: 2, field: 'surplus_reason', message: 'chỉ ghi khi có Ngày dôi dư (surplus_since)' },
    ]);
    const partial = await t.http.post(`${URL}?partial=true&dry_run=true`).set(bearer(officer)).attach('file', file, 'a.csv').expect(200);
    expect(partial.body.errors).toEqual(rejected.body.errors);
    const english = await t.http.post(URL).set(bearer(officer)).set('Accept-Language', 'en').attach('file', file, 'a.csv').expect(422);
    expect(english.body.errors.map((e: { message: string }) => e.message)).toEqual([
      expect.stringMatching(/^must be one of headquarters, .*; got "lâu đài"$/),
      'must be ≥ 0',
      'must be a whole number of VND',
      expect.stringMatching(/; got "Tot"$/),
      expect.stringMatching(/^must be from 1800 to \d{4}$/),
      'given without surplus_since',
    ]);
  });
});

describe('asset spreadsheet import: upload limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { UPLOAD_LIMIT_BYTES: '2048' } });
  });
  afterAll(() => t.close());

  it('answers a file over the limit with 413 and writes nothing', async () => {
    const officer = await t.userToken('officer', '08');
    const agency = await createAgency(t, officer);
    const rows = Array.from({ length: 60 }, (_, i) => [`08.BIG.${i}`, 'Trụ sở', 'headquarters', '00691', agency.code]);
    const file = Buffer.from(stringify([['code', 'name', 'category', 'current_unit', 'custodian_code'], ...rows]));
    expect(file.length).toBeGreaterThan(2048);
    const res = await t.http.post(URL).set(bearer(officer)).attach('file', file, 'big.csv').expect(413);
    expect(res.body.type).toBe('urn:vn-public-assets:problem:payload-too-large');
    expect((await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM asset`))[0].n).toBe(0);
    const small = Buffer.from(stringify([['code', 'name', 'category', 'current_unit', 'custodian_code'], ...rows.slice(0, 5)]));
    expect((await t.http.post(URL).set(bearer(officer)).attach('file', small, 'small.csv').expect(200)).body).toMatchObject({ created: 5 });
  });
});

describe('asset spreadsheet import: waiting behind another import', () => {
  let t: TestApp;
  beforeAll(async () => {
    // A statement may run 300 ms; an import queued behind another may wait longer than that.
    t = await createTestApp({ env: { DB_STATEMENT_TIMEOUT_MS: '300', DB_POOL_MAX: '2' } });
  });
  afterAll(() => t.close());

  it('waits for the import lock however long the import before it takes, then runs under the statement timeout again', async () => {
    const officer = await t.userToken('officer', '08');
    const agency = await createAgency(t, officer);
    const file = Buffer.from(
      stringify([
        ['code', 'name', 'category', 'current_unit', 'custodian_code'],
        ['08.WAIT.1', 'Trụ sở', 'headquarters', '00691', agency.code],
      ]),
    );
    const other = new Client({ connectionString: t.dbUrl });
    await other.connect();
    try {
      // Another import holds the lock for a second.
      await other.query('BEGIN');
      await other.query('SELECT pg_advisory_xact_lock(2025070102)');
      const waiting = t.http
        .post(URL)
        .set(bearer(officer))
        .attach('file', file, 'wait.csv')
        .then((r) => r);
      await new Promise((r) => setTimeout(r, 1000));
      await other.query('COMMIT');
      const res = await waiting;
      expect([res.status, res.body.created]).toEqual([200, 1]);
    } finally {
      await other.end();
    }
    // The limit is back for the statements after the wait (and for the connection's later use).
    const [{ statement_timeout }] = await t.sql<{ statement_timeout: string }>('SHOW statement_timeout');
    expect(statement_timeout).toBe('300ms');
  });
});
