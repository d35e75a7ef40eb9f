import type { QueryRunner } from 'typeorm';
import { AttributeVersions1764460000000 } from '../../migrations/1764460000000-AttributeVersions';
import { todayInVietnam } from '../../src/common/dates';
import { bearer, createTestApp, type TestApp } from '../support/app';
import { createAgency, createAsset } from '../support/factories';

/**
 * Migration AttributeVersions on records an earlier release made: it is undone on a copy of the
 * database, assets and a unit are changed as that release changed them (the API's PATCH, an action's
 * effect recorded with a bare unit code), and it is run again. The versions it back-fills from the
 * event log give the reports the values before and after each change, as known at each time.
 */
describe('migration AttributeVersions: versions back-filled from the event log', () => {
  let t: TestApp;
  let officer: string;
  const migration = new AttributeVersions1764460000000();
  const ids: Record<string, string> = {};
  const unitId: Record<string, number> = {};
  let beforeChange: string;
  const today = todayInVietnam();

  beforeAll(async () => {
    t = await createTestApp();
    officer = await t.userToken('officer', '08');
    ids.ag1 = (await createAgency(t, officer)).id;
    ids.ag2 = (await createAgency(t, officer, { name: 'Trung tâm Y tế khu vực' })).id;
    ids.e = (await createAsset(t, officer, ids.ag1, { code: '08.MV.E', landArea: 1000, floorArea: 10 })).id;
    ids.f = (await createAsset(t, officer, ids.ag1, { code: '08.MV.F', landArea: 40 })).id;
    for (const id of [ids.e, ids.f])
      await t.http.post(`/api/v1/assets/${id}/surplus`).set(bearer(officer)).send({ since: '2025-07-01', reason: 'Dôi dư' }).expect(200);
    for (const code of ['00691', '00694'])
      [{ id: unitId[code] }] = await t.sql<{ id: number }>(`SELECT id FROM admin_unit WHERE era = 'new' AND level = 'commune' AND code = $1`, [code]);
    beforeChange = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));

    const q = { query: (sql: string, params?: unknown[]) => t.sql(sql, params) } as unknown as QueryRunner;
    await migration.down(q);
    // As the earlier release recorded changes: the PATCH's event, an action's effect (a bare unit code), a unit's flags.
    const read = await t.http.get(`/api/v1/assets/${ids.e}`).set(bearer(officer)).expect(200);
    await t.http
      .patch(`/api/v1/assets/${ids.e}`)
      .set(bearer(officer))
      .set('If-Match', read.headers.etag)
      .send({ landArea: 1200, custodianId: ids.ag2 })
      .expect(200);
    await t.sql(`UPDATE asset SET current_unit_id = $2 WHERE id = $1`, [ids.e, unitId['00694']]);
    await t.sql(
      `INSERT INTO event (actor_id, request_id, entity_type, entity_id, action, before, after) VALUES (NULL, 'test', 'asset', $1, 'action-complete', $2, $3)`,
      [
        ids.e,
        { currentUnit: '00691', actionId: '00000000-0000-0000-0000-000000000000' },
        { currentUnit: '00694', actionId: '00000000-0000-0000-0000-000000000000' },
      ],
    );
    const unit = await t.http.get('/api/v1/units/new/commune/00694').set(bearer(t.adminToken)).expect(200);
    ids.remote = String(unit.body.disadvantaged.remote);
    await t.http
      .patch('/api/v1/units/new/commune/00694')
      .set(bearer(t.adminToken))
      .set('If-Match', unit.headers.etag)
      .send({ isRemote: !unit.body.disadvantaged.remote })
      .expect(200);
    await migration.up(q);
  });
  afterAll(() => t.close());

  type Row = {
    valid_from: string | null;
    land_area: string | null;
    custodian_id: string;
    current_unit_id: number;
    province_code: string;
    recorded_early: boolean;
  };
  const versions = (id: string) =>
    t.sql<Row>(
      `SELECT to_char(v.valid_from, 'YYYY-MM-DD') AS valid_from, v.land_area, v.custodian_id, v.current_unit_id, v.province_code, v.recorded_at <= $2::timestamptz AS recorded_early
      FROM asset_version v WHERE v.asset_id = $1 ORDER BY v.seq`,
      [id, beforeChange],
    );

  it('writes the values before the first change (from the start, recorded when the asset was) and one version per change, valid from the day it was recorded', async () => {
    expect(await versions(ids.e)).toEqual([
      { valid_from: null, land_area: '1000.00', custodian_id: ids.ag1, current_unit_id: unitId['00691'], province_code: '08', recorded_early: true },
      { valid_from: today, land_area: '1200.00', custodian_id: ids.ag2, current_unit_id: unitId['00691'], province_code: '08', recorded_early: false },
      { valid_from: today, land_area: '1200.00', custodian_id: ids.ag2, current_unit_id: unitId['00694'], province_code: '08', recorded_early: false },
    ]);
  });

  it('writes nothing for an asset never changed (its row is its only version)', async () => {
    expect(await versions(ids.f)).toEqual([]);
  });

  it("back-fills a unit's flags from its flags-updated events (a commune's flags apply from the start, as known from when recorded)", async () => {
    const rows = await t.sql<{ valid_from: string | null; is_remote: boolean }>(
      `SELECT to_char(valid_from, 'YYYY-MM-DD') AS valid_from, is_remote FROM admin_unit_flags_version WHERE unit_id = $1 ORDER BY seq`,
      [unitId['00694']],
    );
    const was = ids.remote === 'true';
    expect(rows).toEqual([
      { valid_from: null, is_remote: was },
      { valid_from: null, is_remote: !was },
    ]);
  });

  it('gives the reports the old values known before the change and the new ones after; later writes go on adding versions', async () => {
    const land = async (knownAt: string) => {
      const res = await t.http
        .get('/api/v1/reports/status/items')
        .query({ scope: 'province', province: '08', key: 'surplus', as_of: today, known_at: knownAt })
        .set(bearer(officer))
        .expect(200);
      return (res.body.items as { assetId: string; landArea: number }[]).find((i) => i.assetId === ids.e)!.landArea;
    };
    expect(await land(beforeChange)).toBe(1000);
    expect(await land(new Date().toISOString())).toBe(1200);
    const read = await t.http.get(`/api/v1/assets/${ids.e}`).set(bearer(officer)).expect(200);
    await t.http.patch(`/api/v1/assets/${ids.e}`).set(bearer(officer)).set('If-Match', read.headers.etag).send({ landArea: 1300 }).expect(200);
    expect((await versions(ids.e)).map((v) => v.land_area)).toEqual(['1000.00', '1200.00', '1200.00', '1300.00']);
  });
});
