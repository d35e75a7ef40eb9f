import { SMALL_UNITS } from '../support/units-fixture';
import { bearer, createTestApp, type TestApp } from '../support/app';

const multipart = (t: TestApp, token: string, files: Partial<Record<'units' | 'lineage' | 'clauses', string>>) => {
  let req = t.http.post('/api/v1/units/import').set(bearer(token));
  for (const [field, content] of Object.entries(files)) req = req.attach(field, Buffer.from(content), `${field}.csv`);
  return req;
};

describe('administrative units', () => {
  let t: TestApp;
  let viewer: string;
  let officer: string;

  beforeAll(async () => {
    t = await createTestApp({ units: 'none' });
    viewer = await t.userToken('viewer');
  });
  afterAll(() => t.close());

  describe('POST /units/import', () => {
    it('imports the three files and records one event', async () => {
      const res = await multipart(t, t.adminToken, SMALL_UNITS).expect(200);
      expect(res.body).toMatchObject({
        changed: true,
        units: { inserted: 21, updated: 0, unchanged: 0 },
        successions: { inserted: 12 },
        clauses: { inserted: 4 },
      });
      expect(res.body.sha256['units.csv']).toMatch(/^[0-9a-f]{64}$/);
      const events = await t.sql(`SELECT action, after FROM event WHERE entity_type = 'unit_dataset'`);
      expect(events).toEqual([{ action: 'imported', after: expect.objectContaining({ units: { inserted: 21, updated: 0, unchanged: 0 } }) }]);
      officer = await t.userToken('officer', '08');
    });

    it('changes nothing and says so the second time', async () => {
      const res = await multipart(t, t.adminToken, SMALL_UNITS).expect(200);
      expect(res.body).toMatchObject({
        changed: false,
        units: { inserted: 0, updated: 0, unchanged: 21 },
        successions: { inserted: 0, updated: 0, unchanged: 12 },
        clauses: { inserted: 0, updated: 0, unchanged: 4 },
      });
      expect(await t.sql(`SELECT count(*)::int AS n FROM event WHERE entity_type = 'unit_dataset'`)).toEqual([{ n: 1 }]);
    });

    it('updates what changed, and only that', async () => {
      const units = SMALL_UNITS.units.replace('Xã Ngọc Đường,commune,08', 'Xã Ngọc Đường Mới,commune,08');
      const res = await multipart(t, t.adminToken, { ...SMALL_UNITS, units }).expect(200);
      expect(res.body).toMatchObject({ changed: true, units: { inserted: 0, updated: 1, unchanged: 20 } });
      const unit = await t.http.get('/api/v1/units/new/commune/00700').set(bearer(viewer)).expect(200);
      expect(unit.body.name).toBe('Xã Ngọc Đường Mới');
      await multipart(t, t.adminToken, SMALL_UNITS).expect(200);
    });

    it('rejects a malformed file whole, naming file, line and reason, and writes nothing', async () => {
      const units = `${SMALL_UNITS.units}new,commune,09999,Phường Mới,ward,08\nold,commune,00799,X,hamlet,024\n`;
      const lineage = SMALL_UNITS.lineage.replace('commune,00700,00700', 'commune,00700,00788');
      const res = await multipart(t, t.adminToken, { ...SMALL_UNITS, units, lineage }).expect(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.type).toMatch(/import-rejected$/);
      expect(res.body.errors).toEqual(
        expect.arrayContaining([
          { file: 'units.csv', line: 24, field: 'kind', message: expect.stringContaining('hamlet') },
          { file: 'lineage.csv', line: 12, field: 'new_code', message: expect.stringContaining('00788') },
        ]),
      );
      await t.http.get('/api/v1/units/new/commune/09999').set(bearer(viewer)).expect(404);
    });

    it('needs all three files', async () => {
      const res = await multipart(t, t.adminToken, { units: SMALL_UNITS.units, lineage: SMALL_UNITS.lineage }).expect(422);
      expect(res.body.errors).toEqual([{ field: 'clauses.csv', message: 'required file' }]);
    });

    it('refuses an unexpected file', async () => {
      await multipart(t, t.adminToken, { ...SMALL_UNITS, extra: 'x' } as never).expect(422);
    });

    it('needs multipart/form-data', async () => {
      const res = await t.http.post('/api/v1/units/import').set(bearer(t.adminToken)).send({ units: 'x' }).expect(415);
      expect(res.body.type).toMatch(/unsupported-media-type$/);
    });

    it('is for admins only', async () => {
      await multipart(t, viewer, SMALL_UNITS).expect(403);
      await multipart(t, officer, SMALL_UNITS).expect(403);
      await t.http.post('/api/v1/units/import').expect(401);
    });
  });

  describe('GET /units', () => {
    it('lists with a stable order and cursor pages', async () => {
      const first = await t.http.get('/api/v1/units?limit=5').set(bearer(viewer)).expect(200);
      expect(first.body.items).toHaveLength(5);
      expect(first.body.page.limit).toBe(5);
      const all = [...first.body.items];
      let cursor = first.body.page.nextCursor as string | null;
      while (cursor) {
        const next = await t.http.get('/api/v1/units').query({ limit: 5, cursor }).set(bearer(viewer)).expect(200);
        all.push(...next.body.items);
        cursor = next.body.page.nextCursor;
      }
      expect(all).toHaveLength(21);
      const keys = all.map((u: { era: string; level: string; code: string }) => `${u.era}|${u.level}|${u.code}`);
      expect(new Set(keys).size).toBe(21);
      expect([...keys].sort()).toEqual(keys);
    });

    it('filters by era, level, parent and province', async () => {
      const q = async (query: Record<string, string>) =>
        (await t.http.get('/api/v1/units').query(query).set(bearer(viewer)).expect(200)).body.items.map((u: { code: string }) => u.code);
      expect(await q({ era: 'new', level: 'province' })).toEqual(['01', '08']);
      expect(await q({ parent: '024' })).toEqual(['00688', '00691', '00692', '00694', '00700']);
      expect(await q({ era: 'new', parent: '08' })).toEqual(['00691', '00694', '00700', '02212']);
      expect(await q({ era: 'old', province: '02' })).toEqual(['00688', '00691', '00692', '00694', '00700', '024', '02']);
    });

    it.each(['ha giang', 'Hà Giang', 'Hà Giang'.normalize('NFD'), 'HA GIANG'])('finds Hà Giang with q=%s', async (q) => {
      const res = await t.http.get('/api/v1/units').query({ q }).set(bearer(viewer)).expect(200);
      const names = res.body.items.map((u: { name: string }) => u.name);
      expect(names).toEqual(expect.arrayContaining(['Tỉnh Hà Giang', 'Thành phố Hà Giang', 'Phường Hà Giang 1', 'Phường Hà Giang 2']));
      expect(names).not.toContain('Tỉnh Tuyên Quang');
    });

    it('returns the full unit', async () => {
      const res = await t.http.get('/api/v1/units?era=old&level=commune&parent=024&limit=1').set(bearer(viewer)).expect(200);
      expect(res.body.items[0]).toEqual({
        id: expect.any(Number),
        era: 'old',
        level: 'commune',
        code: '00688',
        name: 'Phường Quang Trung',
        kind: 'ward',
        provinceCode: '02',
        parentCode: '024',
        parentLevel: 'district',
        validFrom: null,
        validTo: '2025-06-30',
        disadvantaged: { mountainous: false, remote: false, island: false, ethnicMinority: false },
        version: expect.any(Number),
      });
    });

    it.each([
      [{ limit: '201' }, 'limit'],
      [{ limit: '0' }, 'limit'],
      [{ limit: 'ten' }, 'limit'],
      [{ era: 'future' }, 'era'],
      [{ level: 'hamlet' }, 'level'],
      [{ parent: '1' }, 'parent'],
      [{ province: 'HN' }, 'province'],
      [{ cursor: 'not-a-cursor' }, 'cursor'],
      [{ color: 'red' }, 'color'],
    ])('answers 400 for %j naming the parameter', async (query, field) => {
      const res = await t.http.get('/api/v1/units').query(query).set(bearer(viewer)).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('needs sign-in', async () => {
      await t.http.get('/api/v1/units').expect(401);
    });
  });

  describe('GET /units/{era}/{level}/{code}', () => {
    it('returns one unit with its ETag', async () => {
      const res = await t.http.get('/api/v1/units/new/province/08').set(bearer(officer)).expect(200);
      expect(res.body).toMatchObject({ era: 'new', level: 'province', code: '08', name: 'Tỉnh Tuyên Quang', validFrom: '2025-07-01' });
      expect(res.headers.etag).toBe(`"${res.body.version}"`);
    });
    it('is 404 for an unknown unit and 400 for a bad key', async () => {
      const res = await t.http.get('/api/v1/units/old/district/999').set(bearer(viewer)).expect(404);
      expect(res.body.type).toMatch(/not-found$/);
      await t.http.get('/api/v1/units/mid/district/001').set(bearer(viewer)).expect(400);
      await t.http.get('/api/v1/units/old/hamlet/001').set(bearer(viewer)).expect(400);
      await t.http.get('/api/v1/units/old/district/abc').set(bearer(viewer)).expect(400);
    });
  });

  describe('successors and predecessors', () => {
    it('resolves an abolished district through its communes, with share, legal basis and clause', async () => {
      const res = await t.http.get('/api/v1/units/old/district/024/successors').set(bearer(viewer)).expect(200);
      expect(res.body.unit).toMatchObject({ code: '024', name: 'Thành phố Hà Giang' });
      expect(res.body.successors.map((s: { unit: { code: string } }) => s.unit.code)).toEqual(['00691', '00694', '00700']);
      const hg1 = res.body.successors.find((s: { unit: { code: string } }) => s.unit.code === '00694');
      expect(hg1.unit).toMatchObject({ era: 'new', name: 'Phường Hà Giang 1', provinceCode: '08' });
      expect(hg1.links).toEqual([
        {
          from: expect.objectContaining({ code: '00688' }),
          to: expect.objectContaining({ code: '00694' }),
          share: 'partial',
          legalBasis: '1684/NQ-UBTVQH15',
          clause: '110',
          clauseText: expect.stringContaining('Hà Giang 1'),
        },
        {
          from: expect.objectContaining({ code: '00694' }),
          to: expect.objectContaining({ code: '00694' }),
          share: 'full',
          legalBasis: '1684/NQ-UBTVQH15',
          clause: '110',
          clauseText: expect.any(String),
        },
      ]);
    });

    it('gives an old commune its successors directly, with null clause where unknown', async () => {
      const res = await t.http.get('/api/v1/units/old/commune/02212/successors').set(bearer(viewer)).expect(200);
      expect(res.body.successors).toEqual([
        { unit: expect.objectContaining({ code: '02212' }), links: [expect.objectContaining({ share: 'full', clause: null, clauseText: null })] },
      ]);
    });

    it('lists the old provinces of new province 08', async () => {
      const res = await t.http.get('/api/v1/units/new/province/08/predecessors').set(bearer(viewer)).expect(200);
      expect(res.body.predecessors.map((p: { from: { code: string; name: string } }) => [p.from.code, p.from.name])).toEqual([
        ['02', 'Tỉnh Hà Giang'],
        ['08', 'Tỉnh Tuyên Quang'],
      ]);
      expect(res.body.predecessors[0]).toMatchObject({ share: 'full', legalBasis: '60-NQ/TW', clause: null });
    });

    it('lists the old communes and districts of a new commune', async () => {
      const res = await t.http.get('/api/v1/units/new/commune/00694/predecessors').set(bearer(viewer)).expect(200);
      expect(res.body.predecessors.map((p: { from: { code: string }; share: string }) => [p.from.code, p.share])).toEqual([
        ['00688', 'partial'],
        ['00694', 'full'],
      ]);
      expect(res.body.districts).toEqual([expect.objectContaining({ era: 'old', level: 'district', code: '024', name: 'Thành phố Hà Giang' })]);
    });

    it('explains the wrong era', async () => {
      const a = await t.http.get('/api/v1/units/new/province/08/successors').set(bearer(viewer)).expect(422);
      expect(a.body.type).toMatch(/wrong-era$/);
      await t.http.get('/api/v1/units/old/district/024/predecessors').set(bearer(viewer)).expect(422);
      await t.http.get('/api/v1/units/old/district/999/successors').set(bearer(viewer)).expect(404);
    });
  });

  describe('PATCH /units/{era}/{level}/{code}', () => {
    it('sets disadvantaged-area flags with If-Match and records the change', async () => {
      const read = await t.http.get('/api/v1/units/new/commune/00700').set(bearer(viewer)).expect(200);
      const res = await t.http
        .patch('/api/v1/units/new/commune/00700')
        .set(bearer(t.adminToken))
        .set('If-Match', read.headers.etag)
        .send({ isMountainous: true, isEthnicMinority: true })
        .expect(200);
      expect(res.body.disadvantaged).toEqual({ mountainous: true, remote: false, island: false, ethnicMinority: true });
      expect(res.body.version).toBe(read.body.version + 1);
      expect(res.headers.etag).toBe(`"${res.body.version}"`);
      const rows = await t.sql(`SELECT before, after FROM event WHERE entity_type = 'admin_unit' AND entity_id = $1`, [String(read.body.id)]);
      expect(rows).toEqual([{ before: { mountainous: false, ethnicMinority: false }, after: { mountainous: true, ethnicMinority: true } }]);
    });

    it('is 428 without If-Match, 412 when stale, and changes nothing then', async () => {
      const read = await t.http.get('/api/v1/units/new/commune/00691').set(bearer(viewer)).expect(200);
      await t.http.patch('/api/v1/units/new/commune/00691').set(bearer(t.adminToken)).send({ isIsland: true }).expect(428);
      const stale = await t.http
        .patch('/api/v1/units/new/commune/00691')
        .set(bearer(t.adminToken))
        .set('If-Match', `"${read.body.version + 5}"`)
        .send({ isIsland: true })
        .expect(412);
      expect(stale.body.currentVersion).toBe(read.body.version);
      const after = await t.http.get('/api/v1/units/new/commune/00691').set(bearer(viewer)).expect(200);
      expect(after.body.disadvantaged.island).toBe(false);
    });

    it('validates the body', async () => {
      const read = await t.http.get('/api/v1/units/new/commune/00691').set(bearer(viewer));
      const res = await t.http
        .patch('/api/v1/units/new/commune/00691')
        .set(bearer(t.adminToken))
        .set('If-Match', read.headers.etag)
        .send({ isIsland: 'yes', name: 'x' })
        .expect(422);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['isIsland', 'name']);
    });

    it('is for admins only, and 404 for unknown units', async () => {
      await t.http.patch('/api/v1/units/new/commune/00691').set(bearer(officer)).set('If-Match', '"1"').send({ isIsland: true }).expect(403);
      await t.http.patch('/api/v1/units/new/commune/09999').set(bearer(t.adminToken)).set('If-Match', '"1"').send({ isIsland: true }).expect(404);
    });
  });
});

describe('a rejected unit dataset, answered without Accept-Language', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ units: 'none', env: { DEFAULT_LANGUAGE: 'vi' } });
  });
  afterAll(() => t.close());

  it('words its row errors in Vietnamese, the default language', async () => {
    const units = `${SMALL_UNITS.units}old,commune,00799,X,hamlet,024\n`;
    const lineage = SMALL_UNITS.lineage.replace('commune,00700,00700', 'commune,00700,00788');
    const res = await multipart(t, t.adminToken, { ...SMALL_UNITS, units, lineage }).expect(422);
    expect(res.body.detail).toBe('Các tệp đơn vị hành chính có 2 lỗi; không có gì được nhập');
    expect(res.body.errors).toEqual([
      {
        file: 'units.csv',
        line: 23,
        field: 'kind',
        message:
          'phải là một trong các giá trị city, province, urban_district, rural_district, town, ward, township, commune, special_zone, other; nhận được "hamlet"',
      },
      { file: 'lineage.csv', line: 12, field: 'new_code', message: 'không có đơn vị cấp xã sau sắp xếp (new) mã 00788 trong units.csv' },
    ]);
    const english = await multipart(t, t.adminToken, { ...SMALL_UNITS, units, lineage })
      .set('Accept-Language', 'en')
      .expect(422);
    expect(english.body.errors[1].message).toBe('no new commune with code 00788 in units.csv');
  });
});
