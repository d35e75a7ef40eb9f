import { IdempotencyHousekeeping } from '../../src/idempotency/idempotency.housekeeping';
import { bearer, createTestApp, type TestApp } from '../support/app';
import { createAgency } from '../support/factories';

describe('agencies', () => {
  let t: TestApp;
  let officer08: string;
  let officer01: string;
  let inspector08: string;
  let viewer: string;

  beforeAll(async () => {
    t = await createTestApp();
    officer08 = await t.userToken('officer', '08');
    officer01 = await t.userToken('officer', '01');
    inspector08 = await t.userToken('inspector', '08');
    viewer = await t.userToken('viewer');
  });
  afterAll(() => t.close());

  it("creates an agency in the officer's province, with an event", async () => {
    const res = await t.http
      .post('/api/v1/agencies')
      .set(bearer(officer08))
      .send({ code: '08.UBND.00691', name: 'UBND phường Hà Giang 2', kind: 'peoples_committee', unit: { era: 'new', level: 'commune', code: '00691' } })
      .expect(201);
    expect(res.body).toMatchObject({
      code: '08.UBND.00691',
      provinceCode: '08',
      status: 'active',
      dissolvedOn: null,
      successor: null,
      version: 1,
      unit: { era: 'new', level: 'commune', code: '00691', name: 'Phường Hà Giang 2' },
    });
    expect(res.headers.etag).toBe('"1"');
    expect(await t.sql(`SELECT action FROM event WHERE entity_type = 'agency' AND entity_id = $1`, [res.body.id])).toEqual([{ action: 'created' }]);
  });

  it('places an agency of an abolished district in the new province that took it', async () => {
    const res = await t.http
      .post('/api/v1/agencies')
      .set(bearer(officer08))
      .send({ code: '02.UBND.024', name: 'UBND thành phố Hà Giang', kind: 'peoples_committee', unit: { era: 'old', level: 'district', code: '024' } })
      .expect(201);
    expect(res.body).toMatchObject({ provinceCode: '08', unit: { era: 'old', level: 'district', code: '024', provinceCode: '02' } });
  });

  it.each([
    [{ code: 'x' }, 'code'],
    [{ name: '' }, 'name'],
    [{ kind: 'club' }, 'kind'],
    [{ unit: { era: 'new', level: 'commune' } }, 'unit.code'],
    [{ unit: { era: 'new', level: 'commune', code: '09999' } }, 'unit'],
    [{ status: 'dissolved' }, 'status'],
    [{ unit: undefined }, 'unit'],
    [{ unit: null }, 'unit'],
  ])('refuses %j with 422 naming %s', async (over, field) => {
    const body = { code: `08.BAD.${field}`, name: 'x', kind: 'department', unit: { era: 'new', level: 'commune', code: '00691' }, ...over };
    const res = await t.http.post('/api/v1/agencies').set(bearer(officer08)).send(body).expect(422);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('refuses a taken code with 409', async () => {
    await t.http
      .post('/api/v1/agencies')
      .set(bearer(officer08))
      .send({ code: '08.UBND.00691', name: 'x', kind: 'department', unit: { era: 'new', level: 'commune', code: '00694' } })
      .expect(409);
  });

  it('keeps officers to their province and readers from writing', async () => {
    const res = await t.http
      .post('/api/v1/agencies')
      .set(bearer(officer08))
      .send({ code: '01.UBND.00004', name: 'UBND phường Ba Đình', kind: 'peoples_committee', unit: { era: 'new', level: 'commune', code: '00004' } })
      .expect(404);
    // Another province is outside an officer's scope: not found, naming the field that chose it.
    expect(res.body.type).toMatch(/not-found$/);
    expect(res.body.errors).toEqual([{ field: 'unit', message: 'unknown province' }]);
    await t.http
      .post('/api/v1/agencies')
      .set(bearer(inspector08))
      .send({ code: '08.X.1', name: 'x', kind: 'department', unit: { era: 'new', level: 'commune', code: '00691' } })
      .expect(403);
    await t.http
      .post('/api/v1/agencies')
      .set(bearer(viewer))
      .send({ code: '08.X.2', name: 'x', kind: 'department', unit: { era: 'new', level: 'commune', code: '00691' } })
      .expect(403);
  });

  it("hides another province's agency as 404 and lists only the caller's province", async () => {
    const hanoi = await createAgency(t, officer01, { code: '01.UBND.BADINH', unit: { era: 'new', level: 'commune', code: '00004' } });
    await t.http.get(`/api/v1/agencies/${hanoi.id}`).set(bearer(officer08)).expect(404);
    await t.http.get(`/api/v1/agencies/${hanoi.id}`).set(bearer(inspector08)).expect(404);
    await t.http.get(`/api/v1/agencies/${hanoi.id}`).set(bearer(viewer)).expect(200);
    const list08 = await t.http.get('/api/v1/agencies').set(bearer(officer08)).expect(200);
    expect(list08.body.items.every((a: { provinceCode: string }) => a.provinceCode === '08')).toBe(true);
    const asked01 = await t.http.get('/api/v1/agencies?province=01').set(bearer(officer08)).expect(404);
    expect(asked01.body.errors).toEqual([{ field: 'province', message: 'unknown province' }]);
    const national = await t.http.get('/api/v1/agencies?province=01').set(bearer(viewer)).expect(200);
    expect(national.body.items.map((a: { code: string }) => a.code)).toEqual(['01.UBND.BADINH']);
    await t.http.patch(`/api/v1/agencies/${hanoi.id}`).set(bearer(officer08)).set('If-Match', '"1"').send({ name: 'x' }).expect(404);
  });

  it('searches by name without accents', async () => {
    const res = await t.http.get('/api/v1/agencies').query({ q: 'ha giang 2' }).set(bearer(officer08)).expect(200);
    expect(res.body.items.map((a: { code: string }) => a.code)).toContain('08.UBND.00691');
  });

  it('updates with If-Match: 428, 412, and the change with an event', async () => {
    const a = await createAgency(t, officer08);
    await t.http.patch(`/api/v1/agencies/${a.id}`).set(bearer(officer08)).send({ name: 'Mới' }).expect(428);
    await t.http.patch(`/api/v1/agencies/${a.id}`).set(bearer(officer08)).set('If-Match', '"9"').send({ name: 'Mới' }).expect(412);
    const res = await t.http
      .patch(`/api/v1/agencies/${a.id}`)
      .set(bearer(officer08))
      .set('If-Match', '"1"')
      .send({ name: 'Sở Tài chính', kind: 'department' })
      .expect(200);
    expect(res.body).toMatchObject({ name: 'Sở Tài chính', kind: 'department', version: 2 });
    const events = await t.sql<{ before: Record<string, unknown>; after: Record<string, unknown> }>(
      `SELECT before, after FROM event WHERE entity_id = $1 AND action = 'updated'`,
      [a.id],
    );
    expect(events[0].after).toEqual({ name: 'Sở Tài chính', kind: 'department' });
  });

  describe('dissolve', () => {
    it('dissolves with a date and an active successor', async () => {
      const old = await createAgency(t, officer08, { unit: { era: 'old', level: 'district', code: '024' } });
      const heir = await createAgency(t, officer08);
      const res = await t.http
        .post(`/api/v1/agencies/${old.id}/dissolve`)
        .set(bearer(officer08))
        .send({ dissolvedOn: '2025-07-01', successorId: heir.id })
        .expect(200);
      expect(res.body).toMatchObject({ status: 'dissolved', dissolvedOn: '2025-07-01', successor: { id: heir.id, status: 'active' } });
      const again = await t.http
        .post(`/api/v1/agencies/${old.id}/dissolve`)
        .set(bearer(officer08))
        .send({ dissolvedOn: '2025-07-01', successorId: heir.id })
        .expect(409);
      expect(again.body.type).toMatch(/agency-dissolved$/);
      await t.http.patch(`/api/v1/agencies/${old.id}`).set(bearer(officer08)).set('If-Match', '"2"').send({ name: 'x' }).expect(409);
    });

    it('refuses a dissolved, unknown or identical successor and a future date', async () => {
      const a = await createAgency(t, officer08);
      const gone = await createAgency(t, officer08);
      const heir = await createAgency(t, officer08);
      await t.http.post(`/api/v1/agencies/${gone.id}/dissolve`).set(bearer(officer08)).send({ dissolvedOn: '2025-07-01', successorId: heir.id }).expect(200);
      const dissolvedHeir = await t.http
        .post(`/api/v1/agencies/${a.id}/dissolve`)
        .set(bearer(officer08))
        .send({ dissolvedOn: '2025-07-01', successorId: gone.id })
        .expect(422);
      expect(dissolvedHeir.body.type).toMatch(/successor-not-active$/);
      await t.http
        .post(`/api/v1/agencies/${a.id}/dissolve`)
        .set(bearer(officer08))
        .send({ dissolvedOn: '2025-07-01', successorId: '00000000-0000-4000-8000-000000000000' })
        .expect(422);
      await t.http.post(`/api/v1/agencies/${a.id}/dissolve`).set(bearer(officer08)).send({ dissolvedOn: '2025-07-01', successorId: a.id }).expect(422);
      await t.http.post(`/api/v1/agencies/${a.id}/dissolve`).set(bearer(officer08)).send({ dissolvedOn: '2999-01-01', successorId: heir.id }).expect(422);
      await t.http.post(`/api/v1/agencies/${a.id}/dissolve`).set(bearer(officer08)).send({ dissolvedOn: '1 July 2025', successorId: heir.id }).expect(422);
      await t.http.post(`/api/v1/agencies/${a.id}/dissolve`).set(bearer(inspector08)).send({ dissolvedOn: '2025-07-01', successorId: heir.id }).expect(403);
    });
  });

  it('replays a create retried with the same Idempotency-Key, and refuses the key for another body', async () => {
    const body = { code: '08.IDEM.1', name: 'Trung tâm văn hóa', kind: 'public_service_unit', unit: { era: 'new', level: 'commune', code: '00694' } };
    const first = await t.http.post('/api/v1/agencies').set(bearer(officer08)).set('Idempotency-Key', 'remote-commune-retry-1').send(body).expect(201);
    const again = await t.http
      .post('/api/v1/agencies')
      .set(bearer(officer08))
      .set('Idempotency-Key', 'remote-commune-retry-1')
      .send({ ...body })
      .expect(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotency-replayed']).toBe('true');
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(await t.sql(`SELECT count(*)::int AS n FROM agency WHERE code = '08.IDEM.1'`)).toEqual([{ n: 1 }]);
    const other = await t.http
      .post('/api/v1/agencies')
      .set(bearer(officer08))
      .set('Idempotency-Key', 'remote-commune-retry-1')
      .send({ ...body, code: '08.IDEM.2' })
      .expect(422);
    expect(other.body.type).toMatch(/idempotency-key-reused$/);
    await t.http.post('/api/v1/agencies').set(bearer(officer08)).set('Idempotency-Key', 'bad key with spaces').send(body).expect(400);
  });

  it('forgets keys after 24 hours: the key may then start a new request', async () => {
    const body = { code: '08.IDEM.OLD', name: 'x', kind: 'department', unit: { era: 'new', level: 'commune', code: '00694' } };
    await t.http.post('/api/v1/agencies').set(bearer(officer08)).set('Idempotency-Key', 'day-old-key').send(body).expect(201);
    await t.sql(`UPDATE idempotency_key SET created_at = now() - interval '25 hours' WHERE key = 'day-old-key'`);
    const reused = await t.http
      .post('/api/v1/agencies')
      .set(bearer(officer08))
      .set('Idempotency-Key', 'day-old-key')
      .send({ ...body, code: '08.IDEM.NEW' })
      .expect(201);
    expect(reused.headers['idempotency-replayed']).toBeUndefined();
    await t.sql(`UPDATE idempotency_key SET created_at = now() - interval '25 hours' WHERE key = 'day-old-key'`);
    expect(await t.app.get(IdempotencyHousekeeping).purge()).toBe(1);
    expect(await t.sql(`SELECT count(*)::int AS n FROM idempotency_key WHERE key = 'day-old-key'`)).toEqual([{ n: 0 }]);
  });

  it('lets a failed request be retried with the same key', async () => {
    const body = { code: '08.IDEM.3', name: 'x', kind: 'department', unit: { era: 'new', level: 'commune', code: '09999' } };
    await t.http.post('/api/v1/agencies').set(bearer(officer08)).set('Idempotency-Key', 'retry-after-fix').send(body).expect(422);
    await t.http.post('/api/v1/agencies').set(bearer(officer08)).set('Idempotency-Key', 'retry-after-fix').send(body).expect(422);
  });
});
