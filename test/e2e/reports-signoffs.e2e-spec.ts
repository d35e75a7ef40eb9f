import { systemContext } from '../../src/common/auth-user';
import { UnitsService } from '../../src/units/units.service';
import { bearer, createTestApp, type TestApp } from '../support/app';
import { hasRealUnits, readRealUnits, smallUnitFiles } from '../support/units-fixture';

/** Weekly sign-off: a province's officer signs off its weekly report, once a week; the national view shows who has not. */
describe('weekly sign-off (POST /reports/{id}/sign-off, GET /reports/sign-offs)', () => {
  let t: TestApp;
  let officer08: string;
  let officer08b: string;
  let officer01: string;
  let inspector08: string;
  let viewer: string;
  const ids: Record<string, string> = {};
  /** New-era provinces loaded: all 34 with the national dataset, 2 with the built-in set. */
  const PROVINCES = hasRealUnits() ? 34 : 2;

  const report = async (token: string, body: Record<string, unknown>): Promise<string> =>
    (
      await t.http
        .post('/api/v1/reports')
        .set(bearer(token))
        .send({ formats: ['json'], ...body })
        .expect(201)
    ).body.id as string;
  const signOff = (token: string, id: string, body: Record<string, unknown> = {}) =>
    t.http.post(`/api/v1/reports/${id}/sign-off`).set(bearer(token)).send(body);
  const week = (token: string, w: string) => t.http.get(`/api/v1/reports/sign-offs?week=${w}`).set(bearer(token));

  beforeAll(async () => {
    // The national view lists every new-era province: the real 34 when the national dataset is beside
    // the repository, else the built-in set's (01 and 08, the two this suite signs).
    t = await createTestApp({ units: 'none', env: { REPORT_JOB_THRESHOLD_ROWS: '100' } });
    await t.app.get(UnitsService).importDataset(systemContext('test'), hasRealUnits() ? readRealUnits() : smallUnitFiles());
    officer08 = await t.userToken('officer', '08', 'officer08.a');
    officer08b = await t.userToken('officer', '08', 'officer08.b');
    officer01 = await t.userToken('officer', '01');
    inspector08 = await t.userToken('inspector', '08');
    viewer = await t.userToken('viewer');
    const province = (p: string, asOf: string, period = 'weekly') => ({ scope: 'province', province: p, asOf, period });
    ids.w48 = await report(officer08, province('08', '2025-11-30')); // Sunday of 2025-W48
    ids.w48b = await report(officer08, province('08', '2025-11-26')); // the same week
    ids.monthly = await report(officer08, province('08', '2025-11-30', 'monthly'));
    ids.national = await report(t.adminToken, { scope: 'national', asOf: '2025-11-30' });
    ids.p01 = await report(officer01, province('01', '2025-11-24')); // Monday of 2025-W48
    ids.w47a = await report(officer08, province('08', '2025-11-21'));
    ids.w47b = await report(officer08, province('08', '2025-11-20'));
  });
  afterAll(() => t.close());

  it('an officer of the province signs off its weekly report for the ISO week of its as-of date, with an event', async () => {
    const res = await signOff(officer08, ids.w48, { note: 'Số liệu đã đối chiếu với Sở Tài chính' }).expect(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      snapshotId: ids.w48,
      provinceCode: '08',
      week: '2025-W48',
      asOf: '2025-11-30',
      signedBy: expect.any(String),
      signedByUsername: 'officer08.a',
      signedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      note: 'Số liệu đã đối chiếu với Sở Tài chính',
    });
    const [ev] = await t.sql<{ action: string; actor_id: string; after: Record<string, unknown> }>(
      `SELECT action, actor_id, after FROM event WHERE entity_type = 'report-signoff' AND entity_id = $1`,
      [res.body.id],
    );
    expect(ev).toEqual({
      action: 'signed-off',
      actor_id: res.body.signedBy,
      after: { snapshotId: ids.w48, provinceCode: '08', week: '2025-W48', asOf: '2025-11-30', note: 'Số liệu đã đối chiếu với Sở Tài chính' },
    });
  });

  it('a week is signed off once: another snapshot of the same week, or the same again, is 409 naming the sign-off that stands', async () => {
    const other = await signOff(officer08b, ids.w48b).expect(409);
    expect(other.body.type).toBe('urn:vn-public-assets:problem:week-already-signed-off');
    expect(other.body.signOff).toMatchObject({ snapshotId: ids.w48, week: '2025-W48', signedByUsername: 'officer08.a' });
    await signOff(officer08, ids.w48).expect(409);
    expect(await t.sql(`SELECT snapshot_id FROM report_signoff WHERE province_code = '08' AND week = '2025-W48'`)).toEqual([{ snapshot_id: ids.w48 }]);
    expect(await t.sql(`SELECT 1 FROM event WHERE entity_type = 'report-signoff'`)).toHaveLength(1);
  });

  it("another province's snapshot, and the national report, are not found for an officer (404)", async () => {
    expect((await signOff(officer01, ids.w48b).expect(404)).body.type).toBe('urn:vn-public-assets:problem:not-found');
    await signOff(officer08, ids.p01).expect(404);
    // The national report is outside every province's scope (GET /reports/{id} is 404 for them too).
    await signOff(officer08, ids.national).expect(404);
    await signOff(officer08, '00000000-0000-4000-8000-000000000000').expect(404);
  });

  it('inspectors, viewers and the admin may not sign off (403): a sign-off is the province’s own act', async () => {
    for (const token of [inspector08, viewer, t.adminToken]) {
      expect((await signOff(token, ids.w48b).expect(403)).body.type).toBe('urn:vn-public-assets:problem:forbidden');
    }
    expect(await t.sql(`SELECT 1 FROM report_signoff WHERE snapshot_id = $1`, [ids.w48b])).toEqual([]);
  });

  it('a monthly report is refused with 422 sign-off-needs-weekly-province-report', async () => {
    const res = await signOff(officer08, ids.monthly).expect(422);
    expect(res.body.type).toBe('urn:vn-public-assets:problem:sign-off-needs-weekly-province-report');
    expect(res.body.detail).toContain('monthly');
  });

  it('a note is 1-2000 characters of text (422 otherwise)', async () => {
    await signOff(officer01, ids.p01, { note: '' }).expect(422);
    await signOff(officer01, ids.p01, { note: 5 }).expect(422);
  });

  it('an Idempotency-Key replays the first answer', async () => {
    const key = { 'Idempotency-Key': 'signoff-01-w48' };
    const first = await signOff(officer01, ids.p01).set(key).expect(201);
    const again = await signOff(officer01, ids.p01).set(key).expect(201);
    expect(again.body).toEqual(first.body);
    expect(await t.sql(`SELECT 1 FROM report_signoff WHERE province_code = '01'`)).toHaveLength(1);
  });

  it('the national view of a week lists the 34 provinces with exactly those that signed marked, who and when', async () => {
    const res = await week(viewer, '2025-W48').expect(200);
    expect(res.body).toMatchObject({ week: '2025-W48', from: '2025-11-24', to: '2025-11-30', total: PROVINCES, signedOff: 2 });
    const codes = await t.sql<{ code: string }>(`SELECT code FROM admin_unit WHERE era = 'new' AND level = 'province' ORDER BY code`);
    expect(codes).toHaveLength(PROVINCES);
    expect(res.body.provinces.map((p: { provinceCode: string }) => p.provinceCode)).toEqual(codes.map((c) => c.code));
    const signed = (res.body.provinces as { provinceCode: string; signedOff: boolean }[]).filter((p) => p.signedOff).map((p) => p.provinceCode);
    expect(signed).toEqual(['01', '08']);
    const p08 = res.body.provinces.find((p: { provinceCode: string }) => p.provinceCode === '08');
    expect(p08).toMatchObject({ provinceName: expect.any(String), signedOff: true, signOff: { snapshotId: ids.w48, signedByUsername: 'officer08.a' } });
    for (const p of res.body.provinces.filter((x: { signedOff: boolean }) => !x.signedOff)) expect(p.signOff).toBeNull();
    // Another week: nobody has signed it off.
    const w49 = await week(t.adminToken, '2025-W49').expect(200);
    expect(w49.body).toMatchObject({ total: PROVINCES, signedOff: 0 });
  });

  it('a provincial user sees only their province', async () => {
    const res = await week(inspector08, '2025-W48').expect(200);
    expect(res.body).toMatchObject({ total: 1, signedOff: 1 });
    expect(res.body.provinces.map((p: { provinceCode: string }) => p.provinceCode)).toEqual(['08']);
    const w47 = await week(officer01, '2025-W48').expect(200);
    expect(w47.body.provinces).toEqual([expect.objectContaining({ provinceCode: '01', signedOff: true })]);
  });

  it('a week that does not exist, or is not written YYYY-Www, is 400 invalid-parameter', async () => {
    for (const w of ['2025-W53', '2025-W00', '2025-48', '2025-11-30']) {
      expect((await week(viewer, w).expect(400)).body.type).toBe('urn:vn-public-assets:problem:invalid-parameter');
    }
  });

  it('with no week, the current ISO week in Vietnam', async () => {
    const res = await t.http.get('/api/v1/reports/sign-offs').set(bearer(viewer)).expect(200);
    expect(res.body.week).toMatch(/^\d{4}-W\d{2}$/);
    expect(res.body.total).toBe(PROVINCES);
  });

  it('two officers signing off the same week at once (two API instances): exactly one wins, the other is 409', async () => {
    const second = await t.secondInstance();
    try {
      const results = await Promise.all([
        signOff(officer08, ids.w47a),
        second.http.post(`/api/v1/reports/${ids.w47b}/sign-off`).set(bearer(officer08b)).send({}),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      const winner = results.find((r) => r.status === 201)!;
      const loser = results.find((r) => r.status === 409)!;
      expect(loser.body.signOff.id).toBe(winner.body.id);
      const rows = await t.sql<{ id: string }>(`SELECT id FROM report_signoff WHERE province_code = '08' AND week = '2025-W47'`);
      expect(rows).toEqual([{ id: winner.body.id }]);
      expect(await t.sql(`SELECT 1 FROM event WHERE entity_type = 'report-signoff' AND entity_id = $1`, [winner.body.id])).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it('a sign-off is never changed or deleted (the database refuses)', async () => {
    await expect(t.sql(`UPDATE report_signoff SET note = 'x'`)).rejects.toThrow(/immutable/);
    await expect(t.sql(`DELETE FROM report_signoff`)).rejects.toThrow(/immutable/);
  });
});
