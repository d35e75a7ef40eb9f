import { bearer, createTestApp, type TestApp } from '../support/app';
import { createAgency, createAsset } from '../support/factories';

const PROBLEM = 'urn:vn-public-assets:problem:';
const NO_ID = '00000000-0000-4000-8000-000000000000';

const planBody = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  unit: { era: 'new', level: 'province', code: '08' },
  kind: 'land_use',
  title: 'Quy hoạch sử dụng đất tỉnh Tuyên Quang thời kỳ 2021-2030',
  periodStart: 2021,
  periodEnd: 2030,
  decisionNo: '325/QĐ-TTg',
  decisionDate: '2024-03-19',
  ...over,
});

/** Tomorrow in Vietnam (UTC+7), as YYYY-MM-DD. */
const tomorrow = () => new Date(Date.now() + 7 * 3600_000 + 86400_000).toISOString().slice(0, 10);

describe('land-use plans and plan updates', () => {
  let t: TestApp;
  let officer08: string;
  let officer01: string;
  let inspector08: string;
  let viewer: string;
  let custodian: string;
  let custodian01: string;

  const newAsset = async (over: Record<string, unknown> = {}) => (await createAsset(t, officer08, custodian, { landUseCategory: 'TSC', ...over })).id;
  const newAsset01 = async () =>
    (await createAsset(t, officer01, custodian01, { currentUnit: { era: 'new', level: 'commune', code: '00004' }, originUnit: null, landUseCategory: 'TSC' }))
      .id;
  const createPlan = async (token = officer08, over: Record<string, unknown> = {}) => {
    const res = await t.http.post('/api/v1/land-use-plans').set(bearer(token)).send(planBody(over));
    if (res.status !== 201) throw new Error(`createPlan: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; version: number };
  };
  const propose = (token: string, planId: string, body: Record<string, unknown>) =>
    t.http.post(`/api/v1/land-use-plans/${planId}/updates`).set(bearer(token)).send(body);
  /** An action row written directly (the actions API is another module): open statuses carry their decision, as the schema demands. */
  const insertAction = async (
    assetId: string,
    o: { status?: string; target?: string | null; type?: string; method?: string; province?: string } = {},
  ): Promise<string> => {
    const status = o.status ?? 'submitted';
    const decided = ['approved', 'in_progress', 'completed'].includes(status);
    const rows = await t.sql<{ id: string }>(
      `INSERT INTO action (asset_id, province_code, type, method, status, target_land_use_category, decision_no, decision_date, decision_authority, decision_recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [
        assetId,
        o.province ?? '08',
        o.type ?? 'repurposing',
        o.method ?? 'change_of_function',
        status,
        o.target === undefined ? 'DGD' : o.target,
        decided ? '12/QĐ-UBND' : null,
        decided ? '2025-09-01' : null,
        decided ? 'UBND tỉnh' : null,
        decided ? new Date() : null,
      ],
    );
    return rows[0].id;
  };

  beforeAll(async () => {
    t = await createTestApp();
    officer08 = await t.userToken('officer', '08');
    officer01 = await t.userToken('officer', '01');
    inspector08 = await t.userToken('inspector', '08');
    viewer = await t.userToken('viewer');
    custodian = (await createAgency(t, officer08)).id;
    custodian01 = (await createAgency(t, officer01, { unit: { era: 'new', level: 'commune', code: '00004' } })).id;
  });
  afterAll(() => t.close());

  describe('plans', () => {
    it('records a plan of a province or a commune, with an ETag and an event', async () => {
      const res = await t.http.post('/api/v1/land-use-plans').set(bearer(officer08)).send(planBody()).expect(201);
      expect(res.body).toMatchObject({
        unit: { era: 'new', level: 'province', code: '08', name: 'Tỉnh Tuyên Quang' },
        provinceCode: '08',
        kind: 'land_use',
        periodStart: 2021,
        periodEnd: 2030,
        decisionNo: '325/QĐ-TTg',
        decisionDate: '2024-03-19',
        version: 1,
      });
      expect(res.headers.etag).toBe('"1"');
      const events = await t.sql(`SELECT action, after FROM event WHERE entity_type = 'land_use_plan' AND entity_id = $1`, [res.body.id]);
      expect(events).toEqual([
        { action: 'created', after: expect.objectContaining({ unit: 'new/province/08', title: planBody().title, decisionDate: '2024-03-19' }) },
      ]);

      const commune = await t.http
        .post('/api/v1/land-use-plans')
        .set(bearer(officer08))
        .send(
          planBody({
            unit: { era: 'new', level: 'commune', code: '00691' },
            kind: 'construction',
            decisionNo: undefined,
            decisionDate: undefined,
            periodStart: 2025,
            periodEnd: 2025,
          }),
        )
        .expect(201);
      expect(commune.body).toMatchObject({
        provinceCode: '08',
        unit: { level: 'commune', code: '00691' },
        decisionNo: null,
        decisionDate: null,
        periodStart: 2025,
        periodEnd: 2025,
      });
    });

    it.each([
      [{ kind: 'forest' }, 'kind'],
      [{ title: '' }, 'title'],
      [{ title: undefined }, 'title'],
      [{ periodStart: 1999 }, 'periodStart'],
      [{ periodEnd: 2101 }, 'periodEnd'],
      [{ periodStart: 2021.5 }, 'periodStart'],
      [{ periodStart: 2031, periodEnd: 2030 }, 'periodEnd'],
      [{ decisionDate: '2024-02-30' }, 'decisionDate'],
      [{ decisionDate: '19/03/2024' }, 'decisionDate'],
      [{ decisionDate: 'TOMORROW' }, 'decisionDate'],
      [{ decisionDate: undefined }, 'decisionDate'],
      [{ decisionNo: undefined }, 'decisionNo'],
      [{ unit: { era: 'old', level: 'province', code: '02' } }, 'unit.era'],
      [{ unit: { era: 'new', level: 'commune', code: '09999' } }, 'unit'],
      [{ unit: undefined }, 'unit'],
      [{ version: 4 }, 'version'],
    ])('refuses %j with 422 naming %s, writing nothing', async (over, field) => {
      const before = await t.sql(`SELECT count(*)::int AS n FROM land_use_plan`);
      const body = planBody(Object.fromEntries(Object.entries(over).map(([k, v]) => [k, v === 'TOMORROW' ? tomorrow() : v])));
      const res = await t.http.post('/api/v1/land-use-plans').set(bearer(officer08)).send(body).expect(422);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await t.sql(`SELECT count(*)::int AS n FROM land_use_plan`)).toEqual(before);
    });

    it('lets only admins and officers of the province write', async () => {
      const other = await t.http
        .post('/api/v1/land-use-plans')
        .set(bearer(officer08))
        .send(planBody({ unit: { era: 'new', level: 'province', code: '01' } }))
        .expect(404);
      expect(other.body).toMatchObject({ type: `${PROBLEM}not-found`, errors: [{ field: 'unit', message: 'unknown province' }] });
      await t.http.post('/api/v1/land-use-plans').set(bearer(inspector08)).send(planBody()).expect(403);
      await t.http.post('/api/v1/land-use-plans').set(bearer(viewer)).send(planBody()).expect(403);
      await t.http.post('/api/v1/land-use-plans').send(planBody()).expect(401);
      await t.http
        .post('/api/v1/land-use-plans')
        .set(bearer(t.adminToken))
        .send(planBody({ unit: { era: 'new', level: 'province', code: '01' } }))
        .expect(201);
    });

    it("reads within scope: another province's plan is 404; lists filter, search without accents and page", async () => {
      const hanoi = await createPlan(officer01, { unit: { era: 'new', level: 'province', code: '01' }, title: 'Quy hoạch sử dụng đất Thành phố Hà Nội' });
      await t.http.get(`/api/v1/land-use-plans/${hanoi.id}`).set(bearer(officer08)).expect(404);
      await t.http.get(`/api/v1/land-use-plans/${hanoi.id}`).set(bearer(inspector08)).expect(404);
      await t.http.get(`/api/v1/land-use-plans/${hanoi.id}/updates`).set(bearer(officer08)).expect(404);
      const seen = await t.http.get(`/api/v1/land-use-plans/${hanoi.id}`).set(bearer(viewer)).expect(200);
      expect(seen.headers.etag).toBe('"1"');
      const mine = await t.http.get('/api/v1/land-use-plans').set(bearer(officer08)).expect(200);
      expect(mine.body.items.length).toBeGreaterThan(0);
      expect(mine.body.items.every((p: { provinceCode: string }) => p.provinceCode === '08')).toBe(true);
      const found = await t.http.get('/api/v1/land-use-plans?q=thanh%20pho%20ha%20noi').set(bearer(viewer)).expect(200);
      expect(found.body.items.map((p: { id: string }) => p.id)).toEqual([hanoi.id]);
      const construction = await t.http.get('/api/v1/land-use-plans?kind=construction&province=08').set(bearer(viewer)).expect(200);
      expect(construction.body.items.every((p: { kind: string }) => p.kind === 'construction')).toBe(true);

      const all: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: { id: string }[]; page: { nextCursor: string | null } } } = await t.http
          .get(`/api/v1/land-use-plans?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
          .set(bearer(viewer))
          .expect(200);
        all.push(...page.body.items.map((p) => p.id));
        cursor = page.body.page.nextCursor;
      } while (cursor);
      expect(new Set(all).size).toBe(all.length);
      expect(all.length).toBe((await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM land_use_plan`))[0].n);
      await t.http.get('/api/v1/land-use-plans?kind=forest').set(bearer(viewer)).expect(400);
      await t.http.get('/api/v1/land-use-plans/not-a-uuid').set(bearer(viewer)).expect(400);
    });

    it('changes with If-Match (428 without, 412 stale, changing nothing) and records only what changed', async () => {
      const plan = await createPlan();
      await t.http.patch(`/api/v1/land-use-plans/${plan.id}`).set(bearer(officer08)).send({ title: 'x' }).expect(428);
      const stale = await t.http.patch(`/api/v1/land-use-plans/${plan.id}`).set(bearer(officer08)).set('If-Match', '"7"').send({ title: 'x' }).expect(412);
      expect(stale.body.currentVersion).toBe(1);
      const ok = await t.http
        .patch(`/api/v1/land-use-plans/${plan.id}`)
        .set(bearer(officer08))
        .set('If-Match', '"1"')
        .send({ title: 'Điều chỉnh quy hoạch sử dụng đất đến năm 2030', periodEnd: 2035 })
        .expect(200);
      expect(ok.body).toMatchObject({ title: 'Điều chỉnh quy hoạch sử dụng đất đến năm 2030', periodEnd: 2035, version: 2, decisionNo: '325/QĐ-TTg' });
      expect(ok.headers.etag).toBe('"2"');
      await t.http.patch(`/api/v1/land-use-plans/${plan.id}`).set(bearer(officer08)).set('If-Match', '"1"').send({ title: 'lost update' }).expect(412);
      const [e] = await t.sql(`SELECT before, after FROM event WHERE entity_id = $1 AND action = 'updated'`, [plan.id]);
      expect(e).toEqual({
        before: { title: planBody().title, periodEnd: 2030 },
        after: { title: 'Điều chỉnh quy hoạch sử dụng đất đến năm 2030', periodEnd: 2035 },
      });

      for (const [body, field] of [
        [{ periodStart: 2036 }, 'periodEnd'],
        [{ title: null }, 'title'],
        [{ kind: null }, 'kind'],
        [{ unit: null }, 'unit'],
        [{ unit: { era: 'new', level: 'commune', code: '09999' } }, 'unit'],
        [{ decisionNo: null }, 'decisionNo'],
        [{ decisionDate: tomorrow() }, 'decisionDate'],
      ] as [Record<string, unknown>, string][]) {
        const res = await t.http.patch(`/api/v1/land-use-plans/${plan.id}`).set(bearer(officer08)).set('If-Match', '"2"').send(body).expect(422);
        expect(res.body.errors.map((x: { field: string }) => x.field)).toContain(field);
      }
      const cleared = await t.http
        .patch(`/api/v1/land-use-plans/${plan.id}`)
        .set(bearer(officer08))
        .set('If-Match', '"2"')
        .send({ decisionNo: null, decisionDate: null })
        .expect(200);
      expect(cleared.body).toMatchObject({ decisionNo: null, decisionDate: null, version: 3 });

      await t.http.patch(`/api/v1/land-use-plans/${plan.id}`).set(bearer(officer01)).set('If-Match', '"3"').send({ title: 'x' }).expect(404);
      await t.http.patch(`/api/v1/land-use-plans/${plan.id}`).set(bearer(inspector08)).set('If-Match', '"3"').send({ title: 'x' }).expect(403);
      const moved = await t.http
        .patch(`/api/v1/land-use-plans/${plan.id}`)
        .set(bearer(officer08))
        .set('If-Match', '"3"')
        .send({ unit: { era: 'new', level: 'province', code: '01' } })
        .expect(404);
      expect(moved.body).toMatchObject({ type: `${PROBLEM}not-found`, errors: [{ field: 'unit', message: 'unknown province' }] });
      expect((await t.http.get(`/api/v1/land-use-plans/${plan.id}`).set(bearer(officer08)).expect(200)).body.version).toBe(3);
    });

    it('moves a plan to another province only while it has no updates (admin)', async () => {
      const empty = await createPlan();
      await t.http
        .patch(`/api/v1/land-use-plans/${empty.id}`)
        .set(bearer(t.adminToken))
        .set('If-Match', '"1"')
        .send({ unit: { era: 'new', level: 'province', code: '01' } })
        .expect(200);
      const used = await createPlan();
      await propose(officer08, used.id, { parcelRef: 'Thửa 1, tờ 2', fromCategory: 'TSC', toCategory: 'DVH' }).expect(201);
      const res = await t.http
        .patch(`/api/v1/land-use-plans/${used.id}`)
        .set(bearer(t.adminToken))
        .set('If-Match', '"1"')
        .send({ unit: { era: 'new', level: 'province', code: '01' } })
        .expect(409);
      expect(res.body.type).toBe(`${PROBLEM}plan-has-updates`);
      await t.http
        .patch(`/api/v1/land-use-plans/${used.id}`)
        .set(bearer(t.adminToken))
        .set('If-Match', '"1"')
        .send({ unit: { era: 'new', level: 'commune', code: '00700' } })
        .expect(200);
    });
  });

  describe('plan updates', () => {
    let plan: string;
    let asset: string;

    beforeAll(async () => {
      plan = (await createPlan()).id;
      asset = await newAsset();
    });

    it('proposes a change for an asset (from defaults to its current category) or a parcel, with an event', async () => {
      const res = await propose(officer08, plan, { assetId: asset, toCategory: 'DGD', area: 1200.5 }).expect(201);
      expect(res.body).toMatchObject({
        planId: plan,
        provinceCode: '08',
        asset: { id: asset },
        parcelRef: null,
        fromCategory: 'TSC',
        toCategory: 'DGD',
        area: 1200.5,
        status: 'proposed',
        decisionNo: null,
        decisionDate: null,
        decisionRecordedAt: null,
        actionId: null,
        version: 1,
      });
      expect(res.headers.etag).toBe('"1"');
      expect(await t.sql(`SELECT action FROM event WHERE entity_type = 'plan_update' AND entity_id = $1`, [res.body.id])).toEqual([{ action: 'proposed' }]);
      const parcel = await propose(officer08, plan, { parcelRef: 'Tờ bản đồ số 12, thửa số 345', fromCategory: 'ONT', toCategory: 'DKV' }).expect(201);
      expect(parcel.body).toMatchObject({ asset: null, parcelRef: 'Tờ bản đồ số 12, thửa số 345', fromCategory: 'ONT', toCategory: 'DKV', area: null });
      const got = await t.http.get(`/api/v1/land-use-plans/${plan}/updates/${res.body.id}`).set(bearer(viewer)).expect(200);
      expect(got.headers.etag).toBe('"1"');
      const list = await t.http.get(`/api/v1/land-use-plans/${plan}/updates`).set(bearer(inspector08)).expect(200);
      expect(list.body.items.map((u: { id: string }) => u.id)).toEqual([res.body.id, parcel.body.id]);
    });

    it('links a repurposing action on that asset', async () => {
      const a = await newAsset();
      const action = await insertAction(a, { target: 'DYT' });
      const res = await propose(officer08, plan, { assetId: a, toCategory: 'DYT', actionId: action }).expect(201);
      expect(res.body).toMatchObject({ actionId: action, fromCategory: 'TSC', toCategory: 'DYT' });
      // Approved, it no longer leaves the action waiting for its plan (see GET /plan-updates/pending).
      await t.http
        .post(`/api/v1/land-use-plans/${plan}/updates/${res.body.id}/approve`)
        .set(bearer(officer08))
        .send({ decisionNo: '3/QĐ-UBND', decisionDate: '2025-09-15' })
        .expect(200);
    });

    it('refuses each bad input with 422 naming the field, writing nothing', async () => {
      const other = await newAsset();
      const renovation = await insertAction(other, { type: 'renovation', method: 'repair', target: null, status: 'draft' });
      const onOther = await insertAction(other, { status: 'draft' });
      const hanoiAsset = await newAsset01();
      const noCategory = await newAsset({ landUseCategory: null });
      const cases: [string, Record<string, unknown>, string][] = [
        [officer08, { toCategory: 'DGD' }, 'assetId'],
        [officer08, { assetId: NO_ID, toCategory: 'DGD' }, 'assetId'],
        [officer08, { assetId: hanoiAsset, toCategory: 'DGD' }, 'assetId'],
        [t.adminToken, { assetId: hanoiAsset, toCategory: 'DGD' }, 'assetId'],
        [officer08, { assetId: 'nope', toCategory: 'DGD' }, 'assetId'],
        [officer08, { assetId: asset, toCategory: 'XYZ' }, 'toCategory'],
        [officer08, { assetId: asset, toCategory: 'dgd' }, 'toCategory'],
        [officer08, { assetId: asset }, 'toCategory'],
        [officer08, { assetId: asset, fromCategory: 'QQQ', toCategory: 'DGD' }, 'fromCategory'],
        [officer08, { assetId: asset, toCategory: 'TSC' }, 'toCategory'],
        [officer08, { parcelRef: 'x', fromCategory: 'DGD', toCategory: 'DGD' }, 'toCategory'],
        [officer08, { assetId: asset, toCategory: 'DGD', area: -1 }, 'area'],
        [officer08, { assetId: asset, toCategory: 'DGD', area: 10.123 }, 'area'],
        [officer08, { assetId: asset, toCategory: 'DGD', area: 'big' }, 'area'],
        [officer08, { parcelRef: '', toCategory: 'DGD' }, 'parcelRef'],
        [officer08, { parcelRef: 'x'.repeat(101), toCategory: 'DGD' }, 'parcelRef'],
        [officer08, { parcelRef: 'x', toCategory: 'DGD', actionId: onOther }, 'actionId'],
        [officer08, { assetId: asset, toCategory: 'DGD', actionId: NO_ID }, 'actionId'],
        [officer08, { assetId: asset, toCategory: 'DGD', actionId: onOther }, 'actionId'],
        [officer08, { assetId: other, toCategory: 'DGD', actionId: renovation }, 'actionId'],
        [officer08, { assetId: other, toCategory: 'DYT', actionId: onOther }, 'toCategory'],
        [officer08, { assetId: asset, toCategory: 'DGD', status: 'approved' }, 'status'],
        [officer08, { assetId: asset, toCategory: 'DGD', decisionNo: '1/QĐ' }, 'decisionNo'],
      ];
      const before = await t.sql(`SELECT count(*)::int AS n FROM plan_update`);
      for (const [token, body, field] of cases) {
        const res = await propose(token, plan, body);
        expect([res.status, body, res.body.errors?.map((e: { field: string }) => e.field)]).toEqual([422, body, expect.arrayContaining([field])]);
      }
      expect(await t.sql(`SELECT count(*)::int AS n FROM plan_update`)).toEqual(before);
      // An asset without a category: from stays empty unless given.
      const blank = await propose(officer08, plan, { assetId: noCategory, toCategory: 'DGD' }).expect(201);
      expect(blank.body.fromCategory).toBeNull();
    });

    it('keeps readers and other provinces out', async () => {
      await propose(inspector08, plan, { assetId: asset, toCategory: 'DGD' }).expect(403);
      await propose(viewer, plan, { assetId: asset, toCategory: 'DGD' }).expect(403);
      await propose(officer01, plan, { parcelRef: 'x', fromCategory: 'TSC', toCategory: 'DGD' }).expect(404);
      await propose(officer08, NO_ID, { parcelRef: 'x', fromCategory: 'TSC', toCategory: 'DGD' }).expect(404);
      await t.http.get(`/api/v1/land-use-plans/${plan}/updates`).set(bearer(officer01)).expect(404);
    });

    it('changes a proposed update with If-Match (428, 412), recording what changed', async () => {
      const u = (await propose(officer08, plan, { assetId: asset, toCategory: 'DGD', area: 100 }).expect(201)).body;
      const url = `/api/v1/land-use-plans/${plan}/updates/${u.id}`;
      await t.http.patch(url).set(bearer(officer08)).send({ area: 150 }).expect(428);
      await t.http.patch(url).set(bearer(officer08)).set('If-Match', '"9"').send({ area: 150 }).expect(412);
      const ok = await t.http
        .patch(url)
        .set(bearer(officer08))
        .set('If-Match', '"1"')
        .send({ area: 150.25, toCategory: 'DVH', parcelRef: 'Thửa 7' })
        .expect(200);
      expect(ok.body).toMatchObject({ area: 150.25, toCategory: 'DVH', parcelRef: 'Thửa 7', fromCategory: 'TSC', version: 2 });
      expect(ok.headers.etag).toBe('"2"');
      const [e] = await t.sql(`SELECT before, after FROM event WHERE entity_id = $1 AND action = 'updated'`, [u.id]);
      expect(e).toEqual({ before: { parcelRef: null, toCategory: 'DGD', area: 100 }, after: { parcelRef: 'Thửa 7', toCategory: 'DVH', area: 150.25 } });
      await t.http.patch(url).set(bearer(officer08)).set('If-Match', '"2"').send({ toCategory: 'TSC' }).expect(422);
      await t.http.patch(url).set(bearer(officer08)).set('If-Match', '"2"').send({ toCategory: null }).expect(422);
      await t.http.patch(url).set(bearer(officer08)).set('If-Match', '"2"').send({ assetId: null, parcelRef: null }).expect(422);
      const noArea = await t.http.patch(url).set(bearer(officer08)).set('If-Match', '"2"').send({ area: null, assetId: null }).expect(200);
      expect(noArea.body).toMatchObject({ area: null, asset: null, parcelRef: 'Thửa 7', fromCategory: 'TSC', version: 3 });
      await t.http.patch(url).set(bearer(inspector08)).set('If-Match', '"3"').send({ area: 1 }).expect(403);
      await t.http.patch(url).set(bearer(officer01)).set('If-Match', '"3"').send({ area: 1 }).expect(404);
      const otherPlan = await createPlan();
      await t.http.patch(`/api/v1/land-use-plans/${otherPlan.id}/updates/${u.id}`).set(bearer(officer08)).set('If-Match', '"3"').send({ area: 1 }).expect(404);
    });

    it("approves with the decision's number and date, keeping the time it was recorded; a decided update never changes again", async () => {
      const u = (await propose(officer08, plan, { assetId: asset, toCategory: 'DGD', area: 500 }).expect(201)).body;
      const base = `/api/v1/land-use-plans/${plan}/updates/${u.id}`;
      for (const [body, field] of [
        [{ decisionDate: '2025-12-10' }, 'decisionNo'],
        [{ decisionNo: '1234/QĐ-UBND' }, 'decisionDate'],
        [{ decisionNo: '1234/QĐ-UBND', decisionDate: tomorrow() }, 'decisionDate'],
        [{ decisionNo: '1234/QĐ-UBND', decisionDate: '2025-13-01' }, 'decisionDate'],
        [{ decisionNo: '', decisionDate: '2025-12-10' }, 'decisionNo'],
      ] as [Record<string, unknown>, string][]) {
        const res = await t.http.post(`${base}/approve`).set(bearer(officer08)).send(body).expect(422);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      }
      await t.http.post(`${base}/approve`).set(bearer(inspector08)).send({ decisionNo: '1234/QĐ-UBND', decisionDate: '2025-12-10' }).expect(403);
      await t.http.post(`${base}/approve`).set(bearer(officer01)).send({ decisionNo: '1234/QĐ-UBND', decisionDate: '2025-12-10' }).expect(404);

      const started = Date.now();
      const ok = await t.http.post(`${base}/approve`).set(bearer(officer08)).send({ decisionNo: '1234/QĐ-UBND', decisionDate: '2025-12-10' }).expect(200);
      expect(ok.body).toMatchObject({ status: 'approved', decisionNo: '1234/QĐ-UBND', decisionDate: '2025-12-10', version: 2 });
      // The date the decision bears and the time it was recorded are two different facts.
      expect(Date.parse(ok.body.decisionRecordedAt)).toBeGreaterThanOrEqual(started - 5000);
      expect(ok.body.decisionRecordedAt.slice(0, 10)).not.toBe('2025-12-10');
      const [row] = await t.sql<{ decision_date: string; recorded: boolean }>(
        `SELECT to_char(decision_date, 'YYYY-MM-DD') AS decision_date, decision_recorded_at > now() - interval '1 minute' AS recorded FROM plan_update WHERE id = $1`,
        [u.id],
      );
      expect(row).toEqual({ decision_date: '2025-12-10', recorded: true });
      const [e] = await t.sql<{ after: Record<string, unknown> }>(`SELECT after FROM event WHERE entity_id = $1 AND action = 'approved'`, [u.id]);
      expect(e.after).toMatchObject({
        status: 'approved',
        decisionNo: '1234/QĐ-UBND',
        decisionDate: '2025-12-10',
        decisionRecordedAt: ok.body.decisionRecordedAt,
      });

      const again = await t.http.post(`${base}/approve`).set(bearer(officer08)).send({ decisionNo: '9/QĐ', decisionDate: '2025-12-11' }).expect(409);
      expect(again.body.type).toBe(`${PROBLEM}plan-update-decided`);
      await t.http.post(`${base}/reject`).set(bearer(officer08)).send({ decisionNo: '9/QĐ', decisionDate: '2025-12-11' }).expect(409);
      await t.http.patch(base).set(bearer(officer08)).set('If-Match', '"2"').send({ area: 1 }).expect(409);
      expect((await t.http.get(base).set(bearer(officer08)).expect(200)).body).toMatchObject({
        status: 'approved',
        area: 500,
        decisionNo: '1234/QĐ-UBND',
        version: 2,
      });
    });

    it('rejects a proposed update, which then never changes', async () => {
      const u = (await propose(officer08, plan, { parcelRef: 'Thửa 9', fromCategory: 'TSC', toCategory: 'TMD' }).expect(201)).body;
      const base = `/api/v1/land-use-plans/${plan}/updates/${u.id}`;
      const res = await t.http.post(`${base}/reject`).set(bearer(t.adminToken)).send({ decisionNo: '77/QĐ-UBND', decisionDate: '2025-11-30' }).expect(200);
      expect(res.body).toMatchObject({ status: 'rejected', decisionNo: '77/QĐ-UBND', decisionDate: '2025-11-30', decisionRecordedAt: expect.any(String) });
      await t.http.post(`${base}/approve`).set(bearer(officer08)).send({ decisionNo: '78/QĐ-UBND', decisionDate: '2025-12-01' }).expect(409);
      await t.http.patch(base).set(bearer(officer08)).set('If-Match', '"2"').send({ toCategory: 'DGD' }).expect(409);
      expect(await t.sql(`SELECT action FROM event WHERE entity_id = $1 ORDER BY seq`, [u.id])).toEqual([{ action: 'proposed' }, { action: 'rejected' }]);
    });
  });

  describe('GET /plan-updates and /plan-updates/pending', () => {
    it('/pending: open repurposing actions needing another category and no approved update, with the updates proposed for them', async () => {
      const plan = (await createPlan()).id;
      const [waiting, withProposal, draft, sameCategory, done, cancelled] = await Promise.all([1, 2, 3, 4, 5, 6].map(() => newAsset()));
      const aWaiting = await insertAction(waiting, { status: 'submitted', target: 'DGD' });
      const aProposal = await insertAction(withProposal, { status: 'approved', target: 'DYT' });
      await insertAction(draft, { status: 'draft', target: 'DGD' });
      await insertAction(sameCategory, { status: 'in_progress', target: 'TSC' });
      const aDone = await insertAction(done, { status: 'in_progress', target: 'DVH' });
      await insertAction(cancelled, { status: 'cancelled', target: 'DGD' });
      const renovationAsset = await newAsset();
      await insertAction(renovationAsset, { type: 'renovation', method: 'repair', status: 'submitted', target: null });
      const hanoiAsset = await newAsset01();
      const aHanoi = await insertAction(hanoiAsset, { province: '01', status: 'submitted', target: 'DGD' });

      const proposed = (await propose(officer08, plan, { assetId: withProposal, toCategory: 'DYT', actionId: aProposal }).expect(201)).body;
      const rejected = (await propose(officer08, plan, { assetId: withProposal, toCategory: 'DYT', actionId: aProposal }).expect(201)).body;
      await t.http
        .post(`/api/v1/land-use-plans/${plan}/updates/${rejected.id}/reject`)
        .set(bearer(officer08))
        .send({ decisionNo: '5/QĐ', decisionDate: '2025-10-01' })
        .expect(200);
      const approved = (await propose(officer08, plan, { assetId: done, toCategory: 'DVH', actionId: aDone }).expect(201)).body;
      // Still pending while only proposed ...
      let ids = (await t.http.get('/api/v1/plan-updates/pending').set(bearer(officer08)).expect(200)).body.items.map((i: { actionId: string }) => i.actionId);
      expect(ids).toContain(aDone);
      // ... and no longer once approved.
      await t.http
        .post(`/api/v1/land-use-plans/${plan}/updates/${approved.id}/approve`)
        .set(bearer(officer08))
        .send({ decisionNo: '6/QĐ', decisionDate: '2025-10-02' })
        .expect(200);

      const res = await t.http.get('/api/v1/plan-updates/pending').set(bearer(officer08)).expect(200);
      expect(res.body.items.map((i: { actionId: string }) => i.actionId)).toEqual([aWaiting, aProposal]);
      expect(res.body.items[0]).toEqual({
        actionId: aWaiting,
        actionStatus: 'submitted',
        provinceCode: '08',
        asset: { id: waiting, code: expect.any(String), name: expect.any(String) },
        fromCategory: 'TSC',
        toCategory: 'DGD',
        proposedUpdates: [],
      });
      expect(res.body.items[1]).toMatchObject({
        actionId: aProposal,
        actionStatus: 'approved',
        fromCategory: 'TSC',
        toCategory: 'DYT',
        proposedUpdates: [{ id: proposed.id, planId: plan, toCategory: 'DYT', area: null, createdAt: proposed.createdAt }],
      });

      ids = (await t.http.get('/api/v1/plan-updates/pending').set(bearer(viewer)).expect(200)).body.items.map((i: { actionId: string }) => i.actionId);
      expect(ids).toEqual([aWaiting, aProposal, aHanoi]);
      ids = (await t.http.get('/api/v1/plan-updates/pending?province=01').set(bearer(viewer)).expect(200)).body.items.map(
        (i: { actionId: string }) => i.actionId,
      );
      expect(ids).toEqual([aHanoi]);
      expect((await t.http.get('/api/v1/plan-updates/pending?province=01').set(bearer(officer08)).expect(404)).body.errors).toEqual([
        { field: 'province', message: 'unknown province' },
      ]);

      const first = await t.http.get('/api/v1/plan-updates/pending?limit=1').set(bearer(viewer)).expect(200);
      expect(first.body.items.map((i: { actionId: string }) => i.actionId)).toEqual([aWaiting]);
      const second = await t.http.get(`/api/v1/plan-updates/pending?limit=1&cursor=${first.body.page.nextCursor}`).set(bearer(viewer)).expect(200);
      expect(second.body.items.map((i: { actionId: string }) => i.actionId)).toEqual([aProposal]);
    });

    it('plan updates across plans (always a page of plan updates), filtered by province and status, in scope, paged', async () => {
      const plan01 = (await createPlan(officer01, { unit: { era: 'new', level: 'province', code: '01' } })).id;
      const u01 = (await propose(officer01, plan01, { parcelRef: 'Thửa HN-1', fromCategory: 'TSC', toCategory: 'DKV' }).expect(201)).body;

      const mine = await t.http.get('/api/v1/plan-updates').set(bearer(officer08)).expect(200);
      expect(mine.body.items.length).toBeGreaterThan(0);
      expect(mine.body.items.every((u: { provinceCode: string }) => u.provinceCode === '08')).toBe(true);
      const all = await t.http.get('/api/v1/plan-updates?province=01').set(bearer(viewer)).expect(200);
      expect(all.body.items.map((u: { id: string }) => u.id)).toEqual([u01.id]);
      const approved = await t.http.get('/api/v1/plan-updates?status=approved').set(bearer(viewer)).expect(200);
      expect(approved.body.items.length).toBeGreaterThan(0);
      expect(approved.body.items.every((u: { status: string }) => u.status === 'approved')).toBe(true);

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: { id: string }[]; page: { nextCursor: string | null } } } = await t.http
          .get(`/api/v1/plan-updates?limit=3${cursor ? `&cursor=${cursor}` : ''}`)
          .set(bearer(viewer))
          .expect(200);
        seen.push(...page.body.items.map((u) => u.id));
        cursor = page.body.page.nextCursor;
      } while (cursor);
      expect(seen.length).toBe((await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM plan_update`))[0].n);
      expect(new Set(seen).size).toBe(seen.length);

      // The pending flag is gone (the pending repurposings have their own route): naming it is a 400.
      expect(
        (await t.http.get('/api/v1/plan-updates?pending=true').set(bearer(viewer)).expect(400)).body.errors.map((e: { field: string }) => e.field),
      ).toEqual(['pending']);
      await t.http.get('/api/v1/plan-updates?status=done').set(bearer(viewer)).expect(400);
      await t.http.get('/api/v1/plan-updates?province=8').set(bearer(viewer)).expect(400);
      await t.http.get('/api/v1/plan-updates').expect(401);
    });
  });
});
