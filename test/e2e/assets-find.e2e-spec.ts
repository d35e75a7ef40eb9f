import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { bearer, binaryParser, createTestApp, type TestApp } from '../support/app';
import { createAgency, createAsset } from '../support/factories';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const openapi = JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8')) as {
  components: { schemas: Record<string, { properties: Record<string, unknown> }> };
};

/** Lists, search, map and export over a small known inventory in provinces 08 and 01. */
describe('finding assets: list, search, map, export', () => {
  let t: TestApp;
  let officer08: string;
  let officer01: string;
  let viewer: string;
  let custodian: string;
  let custodianB: string;

  beforeAll(async () => {
    t = await createTestApp();
    officer08 = await t.userToken('officer', '08');
    officer01 = await t.userToken('officer', '01');
    viewer = await t.userToken('viewer');
    custodian = (await createAgency(t, officer08, { code: '08.UBND.HG2' })).id;
    custodianB = (await createAgency(t, officer08, { code: '08.UBND.HG1', unit: { era: 'new', level: 'commune', code: '00694' } })).id;
    const c01 = (await createAgency(t, officer01, { code: '01.UBND.BD', unit: { era: 'new', level: 'commune', code: '00004' } })).id;
    // 08: A1..A4 headquarters from district 024 in commune 00691; B1 housing in 00694 from commune 00688; C1 without coordinates in 00700
    for (const n of [1, 2, 3, 4])
      await createAsset(t, officer08, custodian, { code: `08.A${n}`, name: `Trụ sở UBND huyện số ${n}`, address: `Số ${n} Nguyễn Trãi` });
    await createAsset(t, officer08, custodianB, {
      code: '08.B1',
      name: 'Nhà công vụ phường Quang Trung',
      category: 'housing',
      currentUnit: { era: 'new', level: 'commune', code: '00694' },
      originUnit: { era: 'old', level: 'commune', code: '00688' },
      landUseCategory: 'ODT',
    });
    await createAsset(t, officer08, custodian, {
      code: '08.C1',
      name: '=HYPERLINK("http://evil")',
      latitude: null,
      longitude: null,
      currentUnit: { era: 'new', level: 'commune', code: '00700' },
      originUnit: null,
    });
    await createAsset(t, officer01, c01, {
      code: '01.A1',
      name: 'Trụ sở UBND quận Ba Đình',
      currentUnit: { era: 'new', level: 'commune', code: '00004' },
      originUnit: { era: 'old', level: 'district', code: '001' },
      latitude: 21.0358,
      longitude: 105.8142,
    });
    const a2 = await t.http.get('/api/v1/assets?q=08.A2').set(bearer(officer08));
    await t.http
      .post(`/api/v1/assets/${a2.body.items[0].id}/surplus`)
      .set(bearer(officer08))
      .send({ since: '2025-07-01', reason: 'District abolished' })
      .expect(200);
    const read = await t.http.get('/api/v1/units/new/commune/00694').set(bearer(viewer));
    await t.http
      .patch('/api/v1/units/new/commune/00694')
      .set(bearer(t.adminToken))
      .set('If-Match', read.headers.etag)
      .send({ isMountainous: true })
      .expect(200);
  });
  afterAll(() => t.close());

  const codes = async (token: string, query: Record<string, string | number> = {}) =>
    (await t.http.get('/api/v1/assets').query(query).set(bearer(token)).expect(200)).body.items.map((a: { code: string }) => a.code);

  it("lists the caller's province in code order; national readers see all", async () => {
    expect(await codes(officer08)).toEqual(['08.A1', '08.A2', '08.A3', '08.A4', '08.B1', '08.C1']);
    expect(await codes(officer01)).toEqual(['01.A1']);
    expect(await codes(viewer)).toEqual(['01.A1', '08.A1', '08.A2', '08.A3', '08.A4', '08.B1', '08.C1']);
    const outside = await t.http.get('/api/v1/assets').query({ province: '01' }).set(bearer(officer08)).expect(404);
    expect(outside.body.errors).toEqual([{ field: 'province', message: 'unknown province' }]);
  });

  it.each([
    [{ province: '08', status: 'surplus' }, ['08.A2']],
    [{ status: 'in_use', category: 'housing' }, ['08.B1']],
    [{ commune: '00700' }, ['08.C1']],
    [{ origin: '024' }, ['08.A1', '08.A2', '08.A3', '08.A4', '08.B1']],
    [{ origin: '00688' }, ['08.B1']],
    [{ origin: '02' }, ['08.A1', '08.A2', '08.A3', '08.A4', '08.B1']],
    [{ origin: '001' }, ['01.A1']],
    [{ land_use_category: 'ODT' }, ['08.B1']],
    [{ disadvantaged: 'true' }, ['08.B1']],
    [{ disadvantaged: 'false', province: '08' }, ['08.A1', '08.A2', '08.A3', '08.A4', '08.C1']],
    [{ q: 'tru so ubnd huyen' }, ['08.A1', '08.A2', '08.A3', '08.A4']],
    [{ q: 'TRỤ SỞ UBND HUYỆN'.normalize('NFD') }, ['08.A1', '08.A2', '08.A3', '08.A4']],
    [{ q: 'nguyen trai so 3' }, []],
    [{ q: 'so 3 nguyen trai' }, ['08.A3']],
    [{ q: 'ba dinh' }, ['01.A1']],
    [{ q: '%' }, []],
  ])('filters %j', async (query, expected) => {
    expect(await codes(viewer, query as Record<string, string>)).toEqual(expected);
  });

  it('filters by custodian', async () => {
    expect(await codes(viewer, { custodian: custodianB })).toEqual(['08.B1']);
  });

  it('pages by cursor in a stable order', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await t.http
        .get('/api/v1/assets')
        .query({ limit: 2, ...(cursor ? { cursor } : {}) })
        .set(bearer(viewer))
        .expect(200);
      seen.push(...res.body.items.map((a: { code: string }) => a.code));
      cursor = res.body.page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(['01.A1', '08.A1', '08.A2', '08.A3', '08.A4', '08.B1', '08.C1']);
  });

  it.each([
    [{ limit: 201 }, 'limit'],
    [{ limit: 0 }, 'limit'],
    [{ status: 'lost' }, 'status'],
    [{ category: 'castle' }, 'category'],
    [{ province: '8' }, 'province'],
    [{ commune: '691' }, 'commune'],
    [{ origin: '1234' }, 'origin'],
    [{ custodian: 'x' }, 'custodian'],
    [{ disadvantaged: 'maybe' }, 'disadvantaged'],
    [{ land_use_category: 'tsc' }, 'land_use_category'],
    [{ cursor: 'zzz' }, 'cursor'],
    [{ sort: 'name' }, 'sort'],
  ])('answers 400 for %j naming the parameter', async (query, field) => {
    const res = await t.http.get('/api/v1/assets').query(query).set(bearer(viewer)).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  describe('GET /assets.geojson', () => {
    it("is an RFC 7946 FeatureCollection of the scope's assets with coordinates", async () => {
      const res = await t.http.get('/api/v1/assets.geojson').set(bearer(officer08)).expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
      const fc = JSON.parse(res.text);
      expect(fc.type).toBe('FeatureCollection');
      expect(fc.features.map((f: { properties: { code: string } }) => f.properties.code)).toEqual(['08.A1', '08.A2', '08.A3', '08.A4', '08.B1']);
      expect(fc.features[0]).toEqual({
        type: 'Feature',
        id: expect.any(String),
        geometry: { type: 'Point', coordinates: [104.9836, 22.8233] },
        properties: expect.objectContaining({
          code: '08.A1',
          category: 'headquarters',
          status: 'in_use',
          custodian: 'Ủy ban nhân dân phường Hà Giang 2',
          currentUnit: 'Phường Hà Giang 2',
          originUnit: 'Thành phố Hà Giang',
        }),
      });
      // Each feature has exactly the properties openapi.json documents for it (AssetFeatureCollectionDto).
      const documented = Object.keys(openapi.components.schemas.AssetFeaturePropertiesDto.properties).sort();
      for (const f of fc.features) expect(Object.keys(f.properties).sort()).toEqual(documented);
    });
    it('takes the list filters', async () => {
      const fc = JSON.parse((await t.http.get('/api/v1/assets.geojson?status=surplus').set(bearer(viewer)).expect(200)).text);
      expect(fc.features.map((f: { properties: { code: string } }) => f.properties.code)).toEqual(['08.A2']);
      const empty = JSON.parse((await t.http.get('/api/v1/assets.geojson?q=nothing-matches').set(bearer(viewer)).expect(200)).text);
      expect(empty).toEqual({ type: 'FeatureCollection', features: [] });
      await t.http.get('/api/v1/assets.geojson?status=lost').set(bearer(viewer)).expect(400);
      await t.http.get('/api/v1/assets.geojson').expect(401);
    });
  });

  describe('GET /assets/export', () => {
    it('streams CSV with a BOM, Vietnamese headers and labels, and no cell Excel would run as a formula', async () => {
      const res = await t.http
        .get('/api/v1/assets/export?format=csv&province=08')
        .set(bearer(officer08))
        .buffer(true)
        .parse(binaryParser as never)
        .expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toMatch(/attachment; filename="tai-san-\d{4}-\d{2}-\d{2}\.csv"/);
      const body = res.body as Buffer;
      expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows: string[][] = parse(body.subarray(3).toString('utf8'));
      expect(rows[0].slice(0, 3)).toEqual(['Mã tài sản', 'Tên tài sản', 'Loại tài sản']);
      expect(rows.slice(1).map((r) => r[0])).toEqual(['08.A1', '08.A2', '08.A3', '08.A4', '08.B1', '08.C1']);
      const c1 = rows.find((r) => r[0] === '08.C1')!;
      expect(c1[1]).toBe('\'=HYPERLINK("http://evil")');
      const a1 = rows.find((r) => r[0] === '08.A1')!;
      expect(a1[rows[0].indexOf('Nguyên giá (VND)')]).toBe('35000000000');
      // Coded values as their Vietnamese labels.
      expect(['Loại tài sản', 'Tình trạng', 'Trạng thái'].map((h) => a1[rows[0].indexOf(h)])).toEqual(['Trụ sở làm việc', 'Trung bình', 'Đang sử dụng']);
      const b1 = rows.find((r) => r[0] === '08.B1')!;
      expect(b1[rows[0].indexOf('Loại tài sản')]).toBe('Nhà ở công vụ');
    });

    it('streams XLSX with English headers and labels, and number formats', async () => {
      const res = await t.http
        .get('/api/v1/assets/export?format=xlsx&lang=en')
        .set(bearer(officer08))
        .buffer(true)
        .parse(binaryParser as never)
        .expect(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.body as never);
      const ws = wb.worksheets[0];
      const header = (ws.getRow(1).values as unknown[]).slice(1);
      expect(header.slice(0, 3)).toEqual(['Code', 'Name', 'Category']);
      expect(ws.rowCount).toBe(7);
      const costCol = header.indexOf('Original cost (VND)') + 1;
      expect(ws.getRow(2).getCell(costCol).value).toBe(35_000_000_000);
      expect(ws.getRow(2).getCell(costCol).numFmt).toBe('#,##0');
      expect(['Category', 'Condition', 'Status'].map((h) => ws.getRow(2).getCell(header.indexOf(h) + 1).value)).toEqual(['Working office', 'Fair', 'In use']);
      const c1 = ws.getRow(7);
      expect(c1.getCell(1).value).toBe('08.C1');
      expect(typeof c1.getCell(2).value).toBe('string');
    });

    it("keeps to the caller's scope and validates parameters", async () => {
      const res = await t.http
        .get('/api/v1/assets/export')
        .set(bearer(officer01))
        .buffer(true)
        .parse(binaryParser as never)
        .expect(200);
      const rows: string[][] = parse((res.body as Buffer).subarray(3).toString('utf8'));
      expect(rows.slice(1).map((r) => r[0])).toEqual(['01.A1']);
      await t.http.get('/api/v1/assets/export?format=pdf').set(bearer(viewer)).expect(400);
      await t.http.get('/api/v1/assets/export?lang=fr').set(bearer(viewer)).expect(400);
    });
  });
});
