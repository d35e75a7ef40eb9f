import { bearer, createTestApp, type TestApp } from '../support/app';

type Body = Record<string, unknown>;
const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

describe('reference lists: land-use categories and purposes', () => {
  let t: TestApp;
  let admin: string;
  let officer08: string;
  let inspector: string;
  let viewer: string;
  let readers: string[];

  const eventsOf = (type: string, id: string) =>
    t.sql<{ action: string; before: Body | null; after: Body | null }>(
      `SELECT action, before, after FROM event WHERE entity_type = $1 AND entity_id = $2 ORDER BY seq`,
      [type, id],
    );

  beforeAll(async () => {
    t = await createTestApp();
    admin = t.adminToken;
    officer08 = await t.userToken('officer', '08');
    inspector = await t.userToken('inspector', '08');
    viewer = await t.userToken('viewer');
    readers = [admin, officer08, inspector, viewer];
  });
  afterAll(() => t.close());

  describe('land-use categories', () => {
    it('lists the seeded categories by code for every signed-in role', async () => {
      for (const token of readers) {
        const res = await t.http.get('/api/v1/land-use-categories').set(bearer(token)).expect(200);
        const codes = res.body.items.map((c: { code: string }) => c.code);
        expect(codes).toEqual(expect.arrayContaining(['TSC', 'DGD', 'DYT', 'DVH', 'DTT', 'CQP', 'CAN', 'DKV', 'ODT', 'ONT']));
        expect(codes).toEqual([...codes].sort());
        expect(res.body.items.find((c: { code: string }) => c.code === 'TSC')).toEqual({
          code: 'TSC',
          nameVi: 'Đất xây dựng trụ sở cơ quan',
          nameEn: 'Land for government office buildings',
          version: 1,
          createdAt: expect.any(String),
        });
      }
      await t.http.get('/api/v1/land-use-categories').expect(401);
    });

    it('adds a category (admin) with an event', async () => {
      const res = await t.http
        .post('/api/v1/land-use-categories')
        .set(bearer(admin))
        .send({ code: 'DCH', nameVi: 'Đất chợ', nameEn: 'Market land' })
        .expect(201);
      expect(res.body).toEqual({ code: 'DCH', nameVi: 'Đất chợ', nameEn: 'Market land', version: 1, createdAt: expect.any(String) });
      expect(await eventsOf('land_use_category', 'DCH')).toEqual([
        { action: 'created', before: null, after: { code: 'DCH', nameVi: 'Đất chợ', nameEn: 'Market land' } },
      ]);
      const list = await t.http.get('/api/v1/land-use-categories').set(bearer(viewer)).expect(200);
      expect(list.body.items.map((c: { code: string }) => c.code)).toContain('DCH');
    });

    it('refuses a taken code with 409', async () => {
      const res = await t.http.post('/api/v1/land-use-categories').set(bearer(admin)).send({ code: 'TSC', nameVi: 'x', nameEn: 'x' }).expect(409);
      expect(res.body.type).toMatch(/land-use-category-code-taken$/);
    });

    it.each([
      [{ code: 'tsc' }, 'code'],
      [{ code: 'T' }, 'code'],
      [{ code: 'ABCDEFGHIJK' }, 'code'],
      [{ code: 'AB1' }, 'code'],
      [{ code: undefined }, 'code'],
      [{ nameVi: '' }, 'nameVi'],
      [{ nameVi: ' Đất ' }, 'nameVi'],
      [{ nameVi: undefined }, 'nameVi'],
      [{ nameEn: 'x'.repeat(301) }, 'nameEn'],
      [{ nameEn: 5 }, 'nameEn'],
      [{ createdAt: '2025-01-01' }, 'createdAt'],
    ])('refuses %j with 422 naming %s', async (over, field) => {
      const res = await t.http
        .post('/api/v1/land-use-categories')
        .set(bearer(admin))
        .send({ code: 'DNL', nameVi: 'Đất công trình năng lượng', nameEn: 'Energy land', ...over })
        .expect(422);
      expect(fieldsOf(res.body)).toContain(field);
    });

    it('is written by admins only', async () => {
      for (const token of [officer08, inspector, viewer]) {
        await t.http.post('/api/v1/land-use-categories').set(bearer(token)).send({ code: 'DNL', nameVi: 'x', nameEn: 'x' }).expect(403);
        await t.http.patch('/api/v1/land-use-categories/TSC').set(bearer(token)).send({ nameEn: 'x' }).expect(403);
      }
      await t.http.post('/api/v1/land-use-categories').send({ code: 'DNL', nameVi: 'x', nameEn: 'x' }).expect(401);
      await t.http.patch('/api/v1/land-use-categories/TSC').send({ nameEn: 'x' }).expect(401);
      expect(await t.sql(`SELECT count(*)::int AS n FROM land_use_category WHERE code = 'DNL'`)).toEqual([{ n: 0 }]);
    });

    it('renames a category (admin), recording only the changed fields', async () => {
      const res = await t.http
        .patch('/api/v1/land-use-categories/DKV')
        .set(bearer(admin))
        .set('If-Match', '"1"')
        .send({ nameEn: 'Land for public recreation areas' })
        .expect(200);
      expect(res.body).toMatchObject({ code: 'DKV', nameVi: 'Đất khu vui chơi, giải trí công cộng', nameEn: 'Land for public recreation areas', version: 2 });
      expect(res.headers.etag).toBe('"2"');
      expect(await eventsOf('land_use_category', 'DKV')).toEqual([
        { action: 'updated', before: { nameEn: 'Land for public recreation' }, after: { nameEn: 'Land for public recreation areas' } },
      ]);
    });

    it('refuses bad renames: 422 for a bad field or the code, 404 for an unknown code, 400 for a malformed one', async () => {
      expect(fieldsOf((await t.http.patch('/api/v1/land-use-categories/TSC').set(bearer(admin)).send({ nameVi: null }).expect(422)).body)).toContain('nameVi');
      expect(fieldsOf((await t.http.patch('/api/v1/land-use-categories/TSC').set(bearer(admin)).send({ nameEn: '' }).expect(422)).body)).toContain('nameEn');
      expect(fieldsOf((await t.http.patch('/api/v1/land-use-categories/TSC').set(bearer(admin)).send({ code: 'TSD' }).expect(422)).body)).toEqual(['code']);
      await t.http.patch('/api/v1/land-use-categories/ZZZ').set(bearer(admin)).set('If-Match', '"1"').send({ nameEn: 'x' }).expect(404);
      await t.http.patch('/api/v1/land-use-categories/tsc').set(bearer(admin)).send({ nameEn: 'x' }).expect(400);
    });

    it('needs If-Match to rename: 428 without, 400 malformed, 412 when stale, and nothing changes', async () => {
      const before = await t.sql(`SELECT name_en, version FROM land_use_category WHERE code = 'DCH'`);
      expect((await t.http.patch('/api/v1/land-use-categories/DCH').set(bearer(admin)).send({ nameEn: 'x' }).expect(428)).body.type).toMatch(
        /if-match-required$/,
      );
      await t.http.patch('/api/v1/land-use-categories/DCH').set(bearer(admin)).set('If-Match', 'one').send({ nameEn: 'x' }).expect(400);
      const stale = await t.http.patch('/api/v1/land-use-categories/DCH').set(bearer(admin)).set('If-Match', '"7"').send({ nameEn: 'x' }).expect(412);
      expect(stale.body).toMatchObject({ currentVersion: 1 });
      expect(await t.sql(`SELECT name_en, version FROM land_use_category WHERE code = 'DCH'`)).toEqual(before);
      expect(await eventsOf('land_use_category', 'DCH')).toHaveLength(1); // its creation only
    });

    it('lets one of two renames from the same version through; the other is 412', async () => {
      const rename = (nameEn: string) => t.http.patch('/api/v1/land-use-categories/TSC').set(bearer(admin)).set('If-Match', '"1"').send({ nameEn });
      const statuses = (await Promise.all([rename('Office land A'), rename('Office land B')])).map((r) => r.status).sort();
      expect(statuses).toEqual([200, 412]);
      expect(await t.sql(`SELECT version FROM land_use_category WHERE code = 'TSC'`)).toEqual([{ version: 2 }]);
    });
  });

  describe('purposes', () => {
    it("lists purposes in the government's priority order for every signed-in role", async () => {
      for (const token of readers) {
        const res = await t.http.get('/api/v1/purposes').set(bearer(token)).expect(200);
        // Dispatch 213/CĐ-TTg's order (CorrectSeededDirectives): health, education, culture, sports, commune police, then public works.
        expect(res.body.items.slice(0, 8).map((p: { code: string }) => p.code)).toEqual([
          'health',
          'education',
          'culture',
          'sports',
          'commune_police',
          'public_space',
          'other',
          'office',
        ]);
        expect(res.body.items[0]).toEqual({
          code: 'health',
          nameVi: 'Y tế',
          nameEn: 'Health',
          priorityRank: 1,
          isPriority: true,
          defaultLandUseCategory: 'DYT',
          newUse: 'health',
          version: 1,
          createdAt: expect.any(String),
        });
        expect(res.body.items.find((p: { code: string }) => p.code === 'other')).toMatchObject({ isPriority: true, defaultLandUseCategory: null });
        expect(res.body.items.find((p: { code: string }) => p.code === 'office')).toMatchObject({ isPriority: false, priorityRank: 8 });
      }
      await t.http.get('/api/v1/purposes').expect(401);
    });

    it('adds a purpose (admin) with an event; isPriority defaults to false, the new use it counts as to other_public_use', async () => {
      const res = await t.http
        .post('/api/v1/purposes')
        .set(bearer(admin))
        .send({
          code: 'elderly_care',
          nameVi: 'Chăm sóc người cao tuổi',
          nameEn: 'Elderly care',
          priorityRank: 12,
          defaultLandUseCategory: 'DXH',
          newUse: 'public_service_facility',
        })
        .expect(201);
      expect(res.body).toEqual({
        code: 'elderly_care',
        nameVi: 'Chăm sóc người cao tuổi',
        nameEn: 'Elderly care',
        priorityRank: 12,
        isPriority: false,
        defaultLandUseCategory: 'DXH',
        newUse: 'public_service_facility',
        version: 1,
        createdAt: expect.any(String),
      });
      expect(await eventsOf('repurpose_purpose', 'elderly_care')).toEqual([
        {
          action: 'created',
          before: null,
          after: {
            code: 'elderly_care',
            nameVi: 'Chăm sóc người cao tuổi',
            nameEn: 'Elderly care',
            priorityRank: 12,
            isPriority: false,
            defaultLandUseCategory: 'DXH',
            newUse: 'public_service_facility',
          },
        },
      ]);
      const withoutCategory = await t.http
        .post('/api/v1/purposes')
        .set(bearer(admin))
        .send({ code: 'market', nameVi: 'Chợ', nameEn: 'Market', priorityRank: 13, isPriority: false, defaultLandUseCategory: null })
        .expect(201);
      expect(withoutCategory.body).toMatchObject({ defaultLandUseCategory: null, newUse: 'other_public_use' });
      const moved = await t.http
        .patch('/api/v1/purposes/market')
        .set(bearer(admin))
        .set('If-Match', '"1"')
        .send({ newUse: 'other_use_under_plan' })
        .expect(422);
      expect(fieldsOf(moved.body)).toContain('newUse');
      const list = await t.http.get('/api/v1/purposes').set(bearer(viewer)).expect(200);
      expect(list.body.items.slice(-2).map((p: { code: string }) => p.code)).toEqual(['elderly_care', 'market']);
    });

    it('accepts a category added through the API as the default', async () => {
      await t.http
        .post('/api/v1/land-use-categories')
        .set(bearer(admin))
        .send({ code: 'DBV', nameVi: 'Đất bưu chính, viễn thông', nameEn: 'Postal and telecom land' })
        .expect(201);
      await t.http
        .post('/api/v1/purposes')
        .set(bearer(admin))
        .send({ code: 'post_office', nameVi: 'Bưu điện', nameEn: 'Post office', priorityRank: 14, defaultLandUseCategory: 'DBV' })
        .expect(201);
    });

    it('refuses a taken code with 409', async () => {
      const res = await t.http.post('/api/v1/purposes').set(bearer(admin)).send({ code: 'health', nameVi: 'x', nameEn: 'x', priorityRank: 1 }).expect(409);
      expect(res.body.type).toMatch(/purpose-code-taken$/);
    });

    it.each([
      [{ code: 'Health_Care' }, 'code'],
      [{ code: 'h' }, 'code'],
      [{ code: 'care2' }, 'code'],
      [{ code: 'x'.repeat(31) }, 'code'],
      [{ nameVi: '' }, 'nameVi'],
      [{ nameEn: undefined }, 'nameEn'],
      [{ priorityRank: 0 }, 'priorityRank'],
      [{ priorityRank: 1.5 }, 'priorityRank'],
      [{ priorityRank: '2' }, 'priorityRank'],
      [{ priorityRank: undefined }, 'priorityRank'],
      [{ isPriority: 'yes' }, 'isPriority'],
      [{ isPriority: null }, 'isPriority'],
      [{ defaultLandUseCategory: 'dyt' }, 'defaultLandUseCategory'],
      [{ defaultLandUseCategory: 'XYZ' }, 'defaultLandUseCategory'],
      [{ landUse: 'DYT' }, 'landUse'],
      [{ newUse: 'casino' }, 'newUse'],
      [{ newUse: null }, 'newUse'],
    ])('refuses %j with 422 naming %s', async (over, field) => {
      const res = await t.http
        .post('/api/v1/purposes')
        .set(bearer(admin))
        .send({ code: 'library', nameVi: 'Thư viện', nameEn: 'Library', priorityRank: 15, ...over })
        .expect(422);
      expect(fieldsOf(res.body)).toContain(field);
    });

    it('is written by admins only', async () => {
      for (const token of [officer08, inspector, viewer]) {
        await t.http.post('/api/v1/purposes').set(bearer(token)).send({ code: 'library', nameVi: 'x', nameEn: 'x', priorityRank: 15 }).expect(403);
        await t.http.patch('/api/v1/purposes/health').set(bearer(token)).send({ priorityRank: 2 }).expect(403);
      }
      await t.http.post('/api/v1/purposes').send({ code: 'library', nameVi: 'x', nameEn: 'x', priorityRank: 15 }).expect(401);
      await t.http.patch('/api/v1/purposes/health').send({ priorityRank: 2 }).expect(401);
      expect(await t.sql(`SELECT count(*)::int AS n FROM repurpose_purpose WHERE code = 'library'`)).toEqual([{ n: 0 }]);
    });

    it('changes rank, priority flag, names and default category (admin), reordering the list, with an event of the changes', async () => {
      // Version 2 to begin with: CorrectSeededDirectives moved it to rank 9.
      const res = await t.http
        .patch('/api/v1/purposes/vocational_training')
        .set(bearer(admin))
        .set('If-Match', '"2"')
        .send({ priorityRank: 3, isPriority: true, nameEn: 'Vocational schools', defaultLandUseCategory: 'DXH' })
        .expect(200);
      expect([res.body.version, res.headers.etag]).toEqual([3, '"3"']);
      expect(res.body).toMatchObject({
        code: 'vocational_training',
        priorityRank: 3,
        isPriority: true,
        nameEn: 'Vocational schools',
        nameVi: 'Đào tạo nghề',
        defaultLandUseCategory: 'DXH',
      });
      expect(await eventsOf('repurpose_purpose', 'vocational_training')).toEqual([
        {
          action: 'updated',
          before: { nameEn: 'Vocational training', priorityRank: 9, isPriority: false, defaultLandUseCategory: 'DGD' },
          after: { nameEn: 'Vocational schools', priorityRank: 3, isPriority: true, defaultLandUseCategory: 'DXH' },
        },
      ]);
      const list = await t.http.get('/api/v1/purposes').set(bearer(officer08)).expect(200);
      expect(list.body.items.slice(0, 4).map((p: { code: string }) => p.code)).toEqual(['health', 'education', 'culture', 'vocational_training']);
      const cleared = await t.http
        .patch('/api/v1/purposes/vocational_training')
        .set(bearer(admin))
        .set('If-Match', '"3"')
        .send({ defaultLandUseCategory: null })
        .expect(200);
      expect(cleared.body.defaultLandUseCategory).toBeNull();
    });

    it('refuses bad changes: 422 per field, 404 for an unknown code, 400 for a malformed one', async () => {
      for (const [body, field] of [
        [{ defaultLandUseCategory: 'XYZ' }, 'defaultLandUseCategory'],
        [{ priorityRank: 0 }, 'priorityRank'],
        [{ priorityRank: null }, 'priorityRank'],
        [{ isPriority: 1 }, 'isPriority'],
        [{ nameVi: null }, 'nameVi'],
        [{ code: 'medical' }, 'code'],
      ] as [Body, string][]) {
        const res = await t.http.patch('/api/v1/purposes/health').set(bearer(admin)).set('If-Match', '"1"').send(body).expect(422);
        expect(fieldsOf(res.body)).toContain(field);
      }
      await t.http.patch('/api/v1/purposes/unknown_purpose').set(bearer(admin)).set('If-Match', '"1"').send({ priorityRank: 2 }).expect(404);
      await t.http.patch('/api/v1/purposes/Health').set(bearer(admin)).send({ priorityRank: 2 }).expect(400);
      expect((await t.http.get('/api/v1/purposes').set(bearer(admin))).body.items[0]).toMatchObject({
        code: 'health',
        priorityRank: 1,
        defaultLandUseCategory: 'DYT',
      });
    });

    it('needs If-Match to change: 428 without, 412 when stale (before any other check), and nothing changes', async () => {
      await t.http.patch('/api/v1/purposes/health').set(bearer(admin)).send({ priorityRank: 2 }).expect(428);
      const stale = await t.http.patch('/api/v1/purposes/health').set(bearer(admin)).set('If-Match', '"5"').send({ defaultLandUseCategory: 'ZZZ' }).expect(412);
      expect(stale.body).toMatchObject({ currentVersion: 1 });
      expect(await t.sql(`SELECT priority_rank, default_land_use_category, version FROM repurpose_purpose WHERE code = 'health'`)).toEqual([
        { priority_rank: 1, default_land_use_category: 'DYT', version: 1 },
      ]);
    });

    it('replays a create retried with the same Idempotency-Key', async () => {
      const body = { code: 'library', nameVi: 'Thư viện', nameEn: 'Library', priorityRank: 15 };
      const first = await t.http.post('/api/v1/purposes').set(bearer(admin)).set('Idempotency-Key', 'purpose-retry-1').send(body).expect(201);
      const again = await t.http.post('/api/v1/purposes').set(bearer(admin)).set('Idempotency-Key', 'purpose-retry-1').send(body).expect(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotency-replayed']).toBe('true');
    });
  });
});
