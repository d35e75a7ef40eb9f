import { todayInVietnam } from '../../src/common/dates';
import { VERSION_AT_SQL, versionAt } from '../../src/rules/versions';
import { bearer, createTestApp, type TestApp } from '../support/app';
import { createAgency, createAsset } from '../support/factories';
import { sleep } from '../support/net';
import { createClause } from '../support/workflow';

/**
 * Reports read every asset attribute (areas, units, custodian, category, land use) and every unit
 * flag as its version valid on as_of as known at known_at (src/rules/versions.ts): a later PATCH never
 * changes a snapshot, nor a report known at an earlier time.
 */
describe('status reports: asset attributes and unit flags as of a date, as known at a time', () => {
  let t: TestApp;
  let officer: string;
  let custodian: string;
  const ids: Record<string, string> = {};
  const today = todayInVietnam();
  const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    t = await createTestApp();
    officer = await t.userToken('officer', '08');
    custodian = (await createAgency(t, officer)).id;
  });
  afterAll(() => t.close());

  const declare = (id: string) =>
    t.http.post(`/api/v1/assets/${id}/surplus`).set(bearer(officer)).send({ since: '2025-07-01', reason: 'Cấp huyện kết thúc hoạt động' }).expect(200);
  const patch = async (id: string, body: Record<string, unknown>, status = 200) => {
    const read = await t.http.get(`/api/v1/assets/${id}`).set(bearer(officer)).expect(200);
    return t.http.patch(`/api/v1/assets/${id}`).set(bearer(officer)).set('If-Match', read.headers.etag).send(body).expect(status);
  };
  const flipUnitFlag = async (code: string) => {
    const read = await t.http.get(`/api/v1/units/new/commune/${code}`).set(bearer(t.adminToken)).expect(200);
    await t.http
      .patch(`/api/v1/units/new/commune/${code}`)
      .set(bearer(t.adminToken))
      .set('If-Match', read.headers.etag)
      .send({ isIsland: !read.body.disadvantaged.island })
      .expect(200);
    return !read.body.disadvantaged.island;
  };
  const status = async (query: Record<string, string>) =>
    (
      await t.http
        .get('/api/v1/reports/status')
        .query({ scope: 'province', province: '08', ...query })
        .set(bearer(officer))
        .expect(200)
    ).body;
  const cell = (report: { rows: { cells: { key: string; facilities: number; landArea: number | null; floorArea: number | null }[] }[] }, key: string) =>
    report.rows[0].cells.find((c) => c.key === key) ?? { key, facilities: 0, landArea: 0, floorArea: 0 };
  const item = async (id: string, query: Record<string, string>) => {
    const res = await t.http
      .get('/api/v1/reports/status/items')
      .query({ scope: 'province', province: '08', key: 'surplus', limit: '200', ...query })
      .set(bearer(officer))
      .expect(200);
    return (res.body.items as { assetId: string; name: string; landArea: number | null; floorArea: number | null; communeName: string | null }[]).find(
      (i) => i.assetId === id,
    );
  };

  it("a snapshot verifies in every format after its facilities' areas, unit and name, a unit's flag and unit names are changed; known_at before the change gives the old figures, after it the new", async () => {
    ids.a = (await createAsset(t, officer, custodian, { code: '08.BT.A', landArea: 1000, floorArea: 100 })).id;
    ids.b = (await createAsset(t, officer, custodian, { code: '08.BT.B', landArea: 500, floorArea: 50 })).id;
    await declare(ids.a);
    await declare(ids.b);
    const snap = await t.http.post('/api/v1/reports').set(bearer(officer)).send({ scope: 'province', province: '08' }).expect(201);
    const before = snap.body.params.knownAt as string;
    expect(snap.body.params.asOf).toBe(today);
    const old = await status({ as_of: today, known_at: before });
    const oldIsland = cell(old, 'disadvantaged:island').facilities;

    await patch(ids.a, { landArea: 2000, floorArea: 300, name: 'Trụ sở cũ (đã đo lại)' });
    await patch(ids.b, { currentUnit: { era: 'new', level: 'commune', code: '00694' } });
    const island = await flipUnitFlag('00691');
    // The units dataset import renames units with an UPDATE like this one.
    await t.sql(
      `UPDATE admin_unit SET name = name || ' (đổi tên)' WHERE era = 'new' AND ((level = 'commune' AND code = '00691') OR (level = 'province' AND code = '08'))`,
    );
    // known_at has millisecond precision and recorded_at microseconds: a direct UPDATE can commit within
    // the millisecond the clock still shows, so wait for the next one before naming a time after it.
    await sleep(2);
    const after = new Date().toISOString();

    const verify = await t.http.get(`/api/v1/reports/${snap.body.id}/verify`).set(bearer(officer)).expect(200);
    expect(verify.body.formats.map((f: { format: string; matches: boolean }) => [f.format, f.matches])).toEqual([
      ['json', true],
      ['csv', true],
      ['xlsx', true],
      ['pdf', true],
    ]);
    expect(verify.body.matches).toBe(true);

    // Known before the change: the old figures, whenever asked.
    expect({ ...(await status({ as_of: today, known_at: before })), generatedAt: null }).toEqual({ ...old, generatedAt: null });
    expect(cell(old, 'surplus')).toMatchObject({ facilities: 2, landArea: 1500, floorArea: 150 });
    expect(await item(ids.a, { as_of: today, known_at: before })).toMatchObject({
      landArea: 1000,
      floorArea: 100,
      name: 'Trụ sở UBND thành phố Hà Giang (cũ)',
    });
    // Known after it: the new ones, from the day they take effect (today), not before.
    const now = await status({ as_of: today, known_at: after });
    expect(cell(now, 'surplus')).toMatchObject({ facilities: 2, landArea: 2500, floorArea: 350 });
    expect(await item(ids.a, { as_of: today, known_at: after })).toMatchObject({ landArea: 2000, floorArea: 300, name: 'Trụ sở cũ (đã đo lại)' });
    expect((await item(ids.a, { as_of: today, known_at: after }))!.communeName).toMatch(/ \(đổi tên\)$/);
    expect((await item(ids.a, { as_of: today, known_at: before }))!.communeName).not.toMatch(/đổi tên/);
    expect(now.rows[0].provinceName).toMatch(/ \(đổi tên\)$/);
    expect(old.rows[0].provinceName).not.toMatch(/đổi tên/);
    const b = await item(ids.b, { as_of: today, known_at: after });
    const bBefore = await item(ids.b, { as_of: today, known_at: before });
    expect(b!.communeName).not.toBe(bBefore!.communeName);
    // Facility A stays on 00691, B left it: the island count follows both the flag and B's move.
    expect(cell(now, 'disadvantaged:island').facilities).toBe(island ? 1 : 0);
    expect(oldIsland).toBe(island ? 0 : 2);
    expect(cell(await status({ as_of: yesterday, known_at: after }), 'surplus')).toMatchObject({ landArea: 1500, floorArea: 150 });
    // A commune's flag describes the commune: known after the change, it holds on every date (B still on 00691 yesterday).
    expect(cell(await status({ as_of: yesterday, known_at: after }), 'disadvantaged:island').facilities).toBe(island ? 2 : 0);
  });

  it('a change dated in the past and its later correction: an earlier known_at keeps what was then recorded', async () => {
    ids.c = (await createAsset(t, officer, custodian, { code: '08.BT.C', landArea: 100 })).id;
    await declare(ids.c);
    await patch(ids.c, { landArea: 150, validFrom: '2025-09-01' });
    const recorded = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    await patch(ids.c, { landArea: 160, correction: true });
    const corrected = new Date().toISOString();
    const land = async (asOf: string, knownAt: string) => (await item(ids.c, { as_of: asOf, known_at: knownAt }))!.landArea;
    expect(await land('2025-08-31', corrected)).toBe(100);
    expect(await land('2025-09-01', recorded)).toBe(150);
    expect(await land(today, recorded)).toBe(150);
    expect(await land('2025-09-01', corrected)).toBe(160);
    expect(await land(today, corrected)).toBe(160);
    const [v] = await t.sql<{ valid_from: string }>(
      `SELECT to_char(valid_from, 'YYYY-MM-DD') AS valid_from FROM asset_version WHERE asset_id = $1 AND land_area = 160`,
      [ids.c],
    );
    expect(v.valid_from).toBe('2025-09-01');
    // A correction of the first values bears their date (from the start): every as_of sees it.
    ids.d = (await createAsset(t, officer, custodian, { code: '08.BT.D', landArea: 70 })).id;
    await declare(ids.d);
    await patch(ids.d, { landArea: 75, correction: true });
    expect((await item(ids.d, { as_of: '2025-07-01', known_at: new Date().toISOString() }))!.landArea).toBe(75);
  });

  it("a snapshot verifies after its clause's deadline, plan-deadline flag and ref, a province's deadline and a purpose's label are edited; known_at before reads them as they were", async () => {
    const clause = await createClause(t, { deadline: '2025-10-01', number: 'BT-1/QĐ' });
    const [{ directive_id: directive }] = await t.sql<{ directive_id: string }>(`SELECT directive_id FROM directive_clause WHERE id = $1`, [clause]);
    ids.g = (await createAsset(t, officer, custodian, { code: '08.BT.G', landArea: 10 })).id;
    await declare(ids.g);
    const [act] = await t.sql<{ id: string }>(
      `INSERT INTO action (asset_id, province_code, decision_no, decision_authority, type, method, status, decision_date, decision_recorded_at, approved_at, submitted_at, planned_cost)
       SELECT id, province_code, 'QĐ-1', 'UBND tỉnh', 'renovation', 'repair', 'approved', '2025-08-01', '2025-08-01T03:00:00Z', '2025-08-01T03:00:00Z', '2025-08-01T03:00:00Z', 1000 FROM asset WHERE id = $1 RETURNING id`,
      [ids.g],
    );
    await t.sql(`INSERT INTO action_clause (action_id, clause_id) VALUES ($1, $2)`, [act.id, clause]);
    const formats = ['json', 'csv', 'xlsx', 'pdf'];
    const snap = await t.http.post('/api/v1/reports').set(bearer(t.adminToken)).send({ scope: 'province', province: '08', formats }).expect(201);
    const before = snap.body.params.knownAt as string;
    const old = await status({ as_of: today, known_at: before });
    expect(old.deadlines).toContainEqual(expect.objectContaining({ clauseId: clause, label: 'BT-1/QĐ, 1', deadline: '2025-10-01' }));
    expect(cell(old, `overdue:clause:${clause}`).facilities).toBe(1);

    const ifMatch = async (url: string) => (await t.http.get(url).set(bearer(t.adminToken)).expect(200)).headers.etag as string;
    const clauseUrl = `/api/v1/directives/${directive}/clauses/${clause}`;
    await t.http
      .patch(clauseUrl)
      .set(bearer(t.adminToken))
      .set('If-Match', await ifMatch(clauseUrl))
      .send({ deadline: '2099-12-31', ref: '9', planDeadline: true })
      .expect(200);
    await t.http.put(`${clauseUrl}/province-deadlines/08`).set(bearer(t.adminToken)).send({ deadline: '2025-09-01' }).expect(200);
    const [purpose] = await t.sql<{ version: number }>(`SELECT version FROM repurpose_purpose WHERE code = 'health'`);
    await t.http
      .patch('/api/v1/purposes/health')
      .set(bearer(t.adminToken))
      .set('If-Match', `"${purpose.version}"`)
      .send({ nameVi: 'Y tế (đã sửa)', nameEn: 'Health (edited)' })
      .expect(200);

    const verify = await t.http.get(`/api/v1/reports/${snap.body.id}/verify`).set(bearer(t.adminToken)).expect(200);
    expect(verify.body.formats.map((f: { format: string; matches: boolean }) => [f.format, f.matches])).toEqual(formats.map((f) => [f, true]));
    expect({ ...(await status({ as_of: today, known_at: before })), generatedAt: null }).toEqual({ ...old, generatedAt: null });
    const now = await status({ as_of: today, known_at: new Date().toISOString() });
    expect(now.deadlines).toContainEqual(expect.objectContaining({ clauseId: clause, label: 'BT-1/QĐ, 9', deadline: '2025-09-01' }));
    expect(now.columns.map((c: { label: string }) => c.label)).toContain('Y tế (đã sửa)');
    expect(old.columns.map((c: { label: string }) => c.label)).not.toContain('Y tế (đã sửa)');
  });

  it('refuses a validFrom in the future or beside correction (422 naming validFrom)', async () => {
    const future = await patch(ids.c, { landArea: 1, validFrom: '2999-01-01' }, 422);
    expect(future.body.errors.map((e: { field: string }) => e.field)).toEqual(['validFrom']);
    const both = await patch(ids.c, { landArea: 1, validFrom: '2025-09-01', correction: true }, 422);
    expect(both.body.errors.map((e: { field: string }) => e.field)).toEqual(['validFrom']);
  });

  it('the SQL picks the version the rule picks, on every date and time around a mix of changes and corrections', async () => {
    const asset = (await createAsset(t, officer, custodian, { code: '08.BT.R' })).id;
    const [base] = await t.sql<{ current_unit_id: number; custodian_id: string; province_code: string }>(
      `SELECT current_unit_id, custodian_id, province_code FROM asset WHERE id = $1`,
      [asset],
    );
    const dates = [null, '2025-07-01', '2025-08-01', '2025-08-01', '2025-09-01', '2025-07-01', null];
    const times = [
      '2025-07-01T00:00:00Z',
      '2025-07-05T00:00:00Z',
      '2025-08-10T00:00:00Z',
      '2025-08-10T00:00:00Z',
      '2025-08-20T00:00:00Z',
      '2025-09-05T00:00:00Z',
      '2025-09-10T00:00:00Z',
    ];
    for (const [i, validFrom] of dates.entries()) {
      await t.sql(
        `INSERT INTO asset_version (asset_id, valid_from, recorded_at, name, category, current_unit_id, province_code, custodian_id, land_area)
        VALUES ($1, $2, $3, 'x', 'headquarters', $4, $5, $6, $7)`,
        [asset, validFrom, times[i], base.current_unit_id, base.province_code, base.custodian_id, i],
      );
    }
    const versions = (
      await t.sql<{ seq: string; valid_from: string | null; recorded_at: Date }>(
        `SELECT seq, to_char(valid_from, 'YYYY-MM-DD') AS valid_from, recorded_at FROM asset_version WHERE asset_id = $1`,
        [asset],
      )
    ).map((v) => ({ seq: Number(v.seq), validFrom: v.valid_from, recordedAt: v.recorded_at }));
    const asOfs = ['2025-06-30', '2025-07-01', '2025-07-31', '2025-08-01', '2025-08-31', '2025-09-01', '2025-12-31'];
    const knownAts = ['2025-06-30T00:00:00Z', ...times, '2025-08-15T00:00:00Z', '2026-01-01T00:00:00Z'];
    let compared = 0;
    for (const asOf of asOfs) {
      for (const knownAt of knownAts) {
        const [row] = await t.sql<{ seq: string }>(VERSION_AT_SQL('asset_version', 'asset_id', '$1::uuid', '$2::date', '$3::timestamptz', 'v.seq'), [
          asset,
          asOf,
          knownAt,
        ]);
        const expected = versionAt(versions, asOf, new Date(knownAt));
        expect([asOf, knownAt, row ? Number(row.seq) : null]).toEqual([asOf, knownAt, expected?.seq ?? null]);
        compared += 1;
      }
    }
    expect(compared).toBe(asOfs.length * knownAts.length);
  });
});
