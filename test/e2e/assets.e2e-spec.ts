import { bearer, createTestApp, type TestApp } from '../support/app';
import { assetBody, createAgency, createAsset } from '../support/factories';

describe('assets', () => {
  let t: TestApp;
  let officer08: string;
  let officer01: string;
  let inspector08: string;
  let viewer: string;
  let custodian: string;
  let custodian01: string;

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

  describe('POST /assets', () => {
    it('records an asset with every field, status in_use, and an event', async () => {
      const body = assetBody(custodian, { code: '08.TSC.HG-001' });
      const res = await t.http.post('/api/v1/assets').set(bearer(officer08)).send(body).expect(201);
      expect(res.body).toMatchObject({
        code: '08.TSC.HG-001',
        status: 'in_use',
        provinceCode: '08',
        category: 'headquarters',
        currentUnit: { era: 'new', level: 'commune', code: '00691', name: 'Phường Hà Giang 2' },
        originUnit: { era: 'old', level: 'district', code: '024', name: 'Thành phố Hà Giang' },
        custodian: { id: custodian, status: 'active' },
        latitude: 22.8233,
        longitude: 104.9836,
        landArea: 5230.5,
        floorArea: 2100.25,
        yearBuilt: 2004,
        originalCost: 35_000_000_000,
        remainingValue: 12_500_000_000,
        landUseCategory: 'TSC',
        condition: 'fair',
        surplus: null,
        version: 1,
      });
      expect(res.headers.etag).toBe('"1"');
      const events = await t.sql<{ action: string; after: Record<string, unknown> }>(
        `SELECT action, after FROM event WHERE entity_type = 'asset' AND entity_id = $1`,
        [res.body.id],
      );
      expect(events).toEqual([
        {
          action: 'created',
          after: expect.objectContaining({ code: '08.TSC.HG-001', originUnit: 'old/district/024', originalCost: '35000000000', landArea: 5230.5 }),
        },
      ]);
    });

    it('stores NFD text as NFC', async () => {
      const res = await t.http
        .post('/api/v1/assets')
        .set(bearer(officer08))
        .send(assetBody(custodian, { name: 'Nhà văn hóa tổ dân phố'.normalize('NFD') }))
        .expect(201);
      expect(res.body.name).toBe('Nhà văn hóa tổ dân phố'.normalize('NFC'));
      const [row] = await t.sql<{ name: string }>(`SELECT name FROM asset WHERE id = $1`, [res.body.id]);
      expect(row.name).toBe('Nhà văn hóa tổ dân phố'.normalize('NFC'));
    });

    it.each([
      [{ status: 'sold' }, 'status'],
      [{ id: '00000000-0000-4000-8000-000000000000' }, 'id'],
      [{ version: 3 }, 'version'],
      [{ createdAt: '2025-01-01' }, 'createdAt'],
      [{ code: 'a b' }, 'code'],
      [{ category: 'castle' }, 'category'],
      [{ landArea: -1 }, 'landArea'],
      [{ landArea: 10.123 }, 'landArea'],
      [{ floorArea: 'big' }, 'floorArea'],
      [{ originalCost: 1.5 }, 'originalCost'],
      [{ originalCost: -100 }, 'originalCost'],
      [{ remainingValue: 40_000_000_000 }, 'remainingValue'],
      [{ latitude: 48.85, longitude: 2.35 }, 'latitude'],
      [{ latitude: 21.0, longitude: null }, 'longitude'],
      [{ yearBuilt: 2999 }, 'yearBuilt'],
      [{ yearBuilt: 1700 }, 'yearBuilt'],
      [{ landUseCategory: 'XYZ' }, 'landUseCategory'],
      [{ landUseCategory: 'tsc' }, 'landUseCategory'],
      [{ condition: 'shiny' }, 'condition'],
      [{ currentUnit: { era: 'old', level: 'district', code: '024' } }, 'currentUnit.era'],
      [{ currentUnit: { era: 'new', level: 'district', code: '024' } }, 'currentUnit'],
      [{ currentUnit: { era: 'new', level: 'commune', code: '09999' } }, 'currentUnit'],
      [{ originUnit: { era: 'new', level: 'commune', code: '00691' } }, 'originUnit.era'],
      [{ custodianId: 'not-a-uuid' }, 'custodianId'],
      [{ name: undefined }, 'name'],
      [{ currentUnit: undefined }, 'currentUnit'],
      [{ currentUnit: null }, 'currentUnit'],
      [{ custodianId: undefined }, 'custodianId'],
    ])('refuses %j with 422 naming %s, writing nothing', async (over, field) => {
      const before = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM asset`);
      const res = await t.http.post('/api/v1/assets').set(bearer(officer08)).send(assetBody(custodian, over)).expect(422);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await t.sql(`SELECT count(*)::int AS n FROM asset`)).toEqual(before);
    });

    it('refuses a custodian of another province, and a dissolved one', async () => {
      const other = await t.http.post('/api/v1/assets').set(bearer(t.adminToken)).send(assetBody(custodian01)).expect(422);
      expect(other.body.errors).toEqual([{ field: 'custodianId', message: 'agency of another province' }]);
      const gone = await createAgency(t, officer08);
      await t.http.post(`/api/v1/agencies/${gone.id}/dissolve`).set(bearer(officer08)).send({ dissolvedOn: '2025-07-01', successorId: custodian }).expect(200);
      const res = await t.http.post('/api/v1/assets').set(bearer(officer08)).send(assetBody(gone.id)).expect(422);
      expect(res.body.type).toMatch(/custodian-dissolved$/);
    });

    it('refuses a taken national code with 409', async () => {
      await t.http
        .post('/api/v1/assets')
        .set(bearer(officer08))
        .send(assetBody(custodian, { code: '08.TSC.HG-001' }))
        .expect(409);
    });

    it('answers an unknown custodian (or one outside the province) with 404 naming custodianId, writing nothing', async () => {
      const before = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM asset`);
      for (const custodianId of ['00000000-0000-4000-8000-000000000000', custodian01]) {
        const res = await t.http.post('/api/v1/assets').set(bearer(officer08)).send(assetBody(custodian, { custodianId })).expect(404);
        expect(res.body.errors).toEqual([{ field: 'custodianId', message: 'unknown agency' }]);
      }
      expect(await t.sql(`SELECT count(*)::int AS n FROM asset`)).toEqual(before);
    });

    it('keeps officers out of other provinces and readers from writing', async () => {
      const res = await t.http
        .post('/api/v1/assets')
        .set(bearer(officer08))
        .send(assetBody(custodian01, { currentUnit: { era: 'new', level: 'commune', code: '00004' } }))
        .expect(404);
      expect(res.body.type).toMatch(/not-found$/);
      expect(res.body.errors).toEqual([{ field: 'currentUnit', message: 'unknown province' }]);
      await t.http.post('/api/v1/assets').set(bearer(inspector08)).send(assetBody(custodian)).expect(403);
      await t.http.post('/api/v1/assets').set(bearer(viewer)).send(assetBody(custodian)).expect(403);
      await t.http.post('/api/v1/assets').send(assetBody(custodian)).expect(401);
    });

    it('does not create twice when a remote commune retries with the same Idempotency-Key', async () => {
      const body = assetBody(custodian);
      const [a, b] = [
        await t.http.post('/api/v1/assets').set(bearer(officer08)).set('Idempotency-Key', `asset-${body.code}`).send(body).expect(201),
        await t.http.post('/api/v1/assets').set(bearer(officer08)).set('Idempotency-Key', `asset-${body.code}`).send(body).expect(201),
      ];
      expect(b.body.id).toBe(a.body.id);
      expect(await t.sql(`SELECT count(*)::int AS n FROM asset WHERE code = $1`, [body.code])).toEqual([{ n: 1 }]);
      await t.http
        .post('/api/v1/assets')
        .set(bearer(officer08))
        .set('Idempotency-Key', `asset-${body.code}`)
        .send({ ...body, name: 'other' })
        .expect(422);
    });
  });

  describe('GET /assets/{id} and scope', () => {
    it('an officer of 08 gets 404 on an asset of 01; national readers see it', async () => {
      const hanoi = await createAsset(t, officer01, custodian01, {
        code: '01.TSC.BD-1',
        currentUnit: { era: 'new', level: 'commune', code: '00004' },
        originUnit: null,
      });
      await t.http.get(`/api/v1/assets/${hanoi.id}`).set(bearer(officer08)).expect(404);
      await t.http.get(`/api/v1/assets/${hanoi.id}`).set(bearer(inspector08)).expect(404);
      await t.http.get(`/api/v1/assets/${hanoi.id}/history`).set(bearer(officer08)).expect(404);
      await t.http.patch(`/api/v1/assets/${hanoi.id}`).set(bearer(officer08)).set('If-Match', '"1"').send({ name: 'x' }).expect(404);
      await t.http.post(`/api/v1/assets/${hanoi.id}/surplus`).set(bearer(officer08)).send({ since: '2025-07-01', reason: 'x' }).expect(404);
      const seen = await t.http.get(`/api/v1/assets/${hanoi.id}`).set(bearer(viewer)).expect(200);
      expect(seen.headers.etag).toBe('"1"');
      await t.http.get('/api/v1/assets/00000000-0000-4000-8000-000000000000').set(bearer(viewer)).expect(404);
      await t.http.get('/api/v1/assets/nope').set(bearer(viewer)).expect(400);
    });
  });

  describe('PATCH /assets/{id}', () => {
    it('changes fields with If-Match and records only what changed', async () => {
      const a = await createAsset(t, officer08, custodian);
      const res = await t.http
        .patch(`/api/v1/assets/${a.id}`)
        .set(bearer(officer08))
        .set('If-Match', '"1"')
        .send({ condition: 'poor', floorArea: 2000, notes: null })
        .expect(200);
      expect(res.body).toMatchObject({ condition: 'poor', floorArea: 2000, version: 2 });
      expect(res.headers.etag).toBe('"2"');
      const [e] = await t.sql<{ before: unknown; after: unknown }>(`SELECT before, after FROM event WHERE entity_id = $1 AND action = 'updated'`, [a.id]);
      expect(e).toEqual({ before: { condition: 'fair', floorArea: 2100.25 }, after: { condition: 'poor', floorArea: 2000 } });
    });

    it('never accepts status, and validates like create', async () => {
      const a = await createAsset(t, officer08, custodian);
      const s = await t.http.patch(`/api/v1/assets/${a.id}`).set(bearer(officer08)).set('If-Match', '"1"').send({ status: 'sold' }).expect(422);
      expect(s.body.errors).toEqual([expect.objectContaining({ field: 'status' })]);
      await t.http.patch(`/api/v1/assets/${a.id}`).set(bearer(officer08)).set('If-Match', '"1"').send({ code: 'NEW' }).expect(422);
      await t.http.patch(`/api/v1/assets/${a.id}`).set(bearer(officer08)).set('If-Match', '"1"').send({ longitude: null }).expect(422);
      await t.http.patch(`/api/v1/assets/${a.id}`).set(bearer(officer08)).set('If-Match', '"1"').send({ latitude: null, longitude: null }).expect(200);
    });

    it('needs If-Match (428), refuses a stale one (412) and changes nothing', async () => {
      const a = await createAsset(t, officer08, custodian);
      await t.http.patch(`/api/v1/assets/${a.id}`).set(bearer(officer08)).send({ name: 'x' }).expect(428);
      await t.http.patch(`/api/v1/assets/${a.id}`).set(bearer(officer08)).set('If-Match', '"7"').send({ name: 'x' }).expect(412);
      const now = await t.http.get(`/api/v1/assets/${a.id}`).set(bearer(officer08)).expect(200);
      expect(now.body).toMatchObject({ name: 'Trụ sở UBND thành phố Hà Giang (cũ)', version: 1 });
    });

    it('lets exactly one of two PATCHes with the same If-Match win', async () => {
      const a = await createAsset(t, officer08, custodian);
      const results = await Promise.all(
        ['Tên A', 'Tên B', 'Tên C', 'Tên D'].map((name) => t.http.patch(`/api/v1/assets/${a.id}`).set(bearer(officer08)).set('If-Match', '"1"').send({ name })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 412, 412, 412]);
      const winner = results.find((r) => r.status === 200)!.body.name;
      const now = await t.http.get(`/api/v1/assets/${a.id}`).set(bearer(viewer)).expect(200);
      expect(now.body).toMatchObject({ name: winner, version: 2 });
      expect(await t.sql(`SELECT count(*)::int AS n FROM event WHERE entity_id = $1 AND action = 'updated'`, [a.id])).toEqual([{ n: 1 }]);
    });

    it('is closed to inspectors and viewers', async () => {
      const a = await createAsset(t, officer08, custodian);
      await t.http.patch(`/api/v1/assets/${a.id}`).set(bearer(inspector08)).set('If-Match', '"1"').send({ name: 'x' }).expect(403);
      await t.http.patch(`/api/v1/assets/${a.id}`).set(bearer(viewer)).set('If-Match', '"1"').send({ name: 'x' }).expect(403);
    });
  });

  describe('surplus', () => {
    it('declares and withdraws, each an event, checking the status', async () => {
      const a = await createAsset(t, officer08, custodian);
      const res = await t.http
        .post(`/api/v1/assets/${a.id}/surplus`)
        .set(bearer(officer08))
        .send({ since: '2025-07-01', reason: 'District level abolished', basis: '202-KL/TW' })
        .expect(200);
      expect(res.body).toMatchObject({
        status: 'surplus',
        surplus: { since: '2025-07-01', reason: 'District level abolished', basis: '202-KL/TW' },
        version: 2,
      });
      const twice = await t.http.post(`/api/v1/assets/${a.id}/surplus`).set(bearer(officer08)).send({ since: '2025-07-01', reason: 'again' }).expect(409);
      expect(twice.body).toMatchObject({ status: 409, type: expect.stringMatching(/invalid-status$/) });
      const back = await t.http
        .post(`/api/v1/assets/${a.id}/surplus/withdraw`)
        .set(bearer(officer08))
        .send({ reason: 'Kept as the commune police station' })
        .expect(200);
      expect(back.body).toMatchObject({ status: 'in_use', surplus: null, version: 3 });
      await t.http.post(`/api/v1/assets/${a.id}/surplus/withdraw`).set(bearer(officer08)).send({ reason: 'x' }).expect(409);
      const history = await t.http.get(`/api/v1/assets/${a.id}/history`).set(bearer(inspector08)).expect(200);
      expect(history.body.items.map((e: { action: string }) => e.action)).toEqual(['created', 'surplus-declared', 'surplus-withdrawn']);
      // The log records the costs as the database writes them ("35000000000"); the history answers them as on the asset: numbers.
      expect(history.body.items[0].after).toMatchObject({ originalCost: 35_000_000_000, remainingValue: 12_500_000_000, landArea: 5230.5, floorArea: 2100.25 });
      const logged = await t.http.get('/api/v1/events').query({ entity_type: 'asset', entity_id: a.id }).set(bearer(t.adminToken)).expect(200);
      expect(logged.body.items[0].after).toMatchObject({ originalCost: 35_000_000_000, remainingValue: 12_500_000_000 });
      expect(history.body.items[2].after).toMatchObject({ status: 'in_use', reason: 'Kept as the commune police station' });
    });

    it.each([
      [{ since: '2999-01-01', reason: 'x' }, 'since'],
      [{ since: '2025-02-30', reason: 'x' }, 'since'],
      [{ since: '01/07/2025', reason: 'x' }, 'since'],
      [{ since: '2025-07-01' }, 'reason'],
      [{ since: '2025-07-01', reason: 'x', status: 'surplus' }, 'status'],
    ])('refuses %j naming %s', async (body, field) => {
      const a = await createAsset(t, officer08, custodian);
      const res = await t.http.post(`/api/v1/assets/${a.id}/surplus`).set(bearer(officer08)).send(body).expect(422);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('is closed to inspectors and viewers', async () => {
      const a = await createAsset(t, officer08, custodian);
      await t.http.post(`/api/v1/assets/${a.id}/surplus`).set(bearer(inspector08)).send({ since: '2025-07-01', reason: 'x' }).expect(403);
      await t.http.post(`/api/v1/assets/${a.id}/surplus`).set(bearer(viewer)).send({ since: '2025-07-01', reason: 'x' }).expect(403);
    });
  });

  describe('DELETE /assets/{id}', () => {
    it('lets an admin remove a mistaken record, recording the removal', async () => {
      const a = await createAsset(t, officer08, custodian);
      await t.http.delete(`/api/v1/assets/${a.id}`).set(bearer(officer08)).expect(403);
      await t.http.delete(`/api/v1/assets/${a.id}`).set(bearer(t.adminToken)).expect(204);
      await t.http.get(`/api/v1/assets/${a.id}`).set(bearer(t.adminToken)).expect(404);
      const [e] = await t.sql<{ action: string; before: Record<string, unknown> }>(
        `SELECT action, before FROM event WHERE entity_id = $1 ORDER BY seq DESC LIMIT 1`,
        [a.id],
      );
      expect(e).toMatchObject({ action: 'removed', before: { code: a.code } });
      await t.http.delete(`/api/v1/assets/${a.id}`).set(bearer(t.adminToken)).expect(404);
    });

    it('refuses to remove an asset that left the books through an action', async () => {
      const a = await createAsset(t, officer08, custodian);
      await t.sql(`UPDATE asset SET status = 'sold' WHERE id = $1`, [a.id]);
      const res = await t.http.delete(`/api/v1/assets/${a.id}`).set(bearer(t.adminToken)).expect(409);
      expect(res.body.type).toMatch(/asset-not-removable$/);
    });
  });
});
