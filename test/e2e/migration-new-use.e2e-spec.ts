import type { QueryRunner } from 'typeorm';
import { NewUseAndRegister1764420000000 } from '../../migrations/1764420000000-NewUseAndRegister';
import { bearer, createTestApp, type TestApp } from '../support/app';
import { createAgency, createAsset } from '../support/factories';

/**
 * Migration NewUseAndRegister on records an earlier release made: it is undone on a copy of the
 * database, the records are written as that release wrote them (a reallocated asset `transferred`,
 * a repurposed one `repurposed`, a land-fund disposal `recovered`, no new use anywhere), and it is
 * run again. What it moves, it moves with an event in the hash chain, which still verifies.
 */
describe('migration NewUseAndRegister: new uses derived, the register corrected', () => {
  let t: TestApp;
  const migration = new NewUseAndRegister1764420000000();
  const ids: Record<string, string> = {};
  const actions: Record<string, string> = {};
  let receiver: string;

  beforeAll(async () => {
    t = await createTestApp();
    const officer = await t.userToken('officer', '08');
    const custodian = (await createAgency(t, officer)).id;
    receiver = (
      await createAgency(t, officer, { name: 'Trung tâm Y tế khu vực', kind: 'public_service_unit', unit: { era: 'new', level: 'commune', code: '00694' } })
    ).id;
    for (const name of ['realloc', 'repurposed', 'landFund', 'sold', 'retained', 'renovated', 'untouched']) {
      ids[name] = (await createAsset(t, officer, custodian)).id;
      await t.http
        .post(`/api/v1/assets/${ids[name]}/surplus`)
        .set(bearer(officer))
        .send({ since: '2025-07-01', reason: 'Cấp huyện kết thúc hoạt động' })
        .expect(200);
    }
    // As the earlier release stood: no new-use columns, `repurposed` a status, no handled episodes.
    const q = { query: (sql: string, params?: unknown[]) => t.sql(sql, params) } as unknown as QueryRunner;
    await migration.down(q);
    const act = async (name: string, v: Record<string, unknown>) => {
      const cols = Object.keys(v);
      const [row] = await t.sql<{ id: string }>(
        `INSERT INTO action (asset_id, province_code, decision_no, decision_date, decision_authority, decision_recorded_at, submitted_at, approved_at, ${cols.join(', ')})
         SELECT id, province_code, 'QĐ-1', '2025-09-01', 'UBND tỉnh', '2025-09-01T03:00:00Z', '2025-08-20T03:00:00Z', '2025-09-01T03:00:00Z', ${cols.map((_, i) => `$${i + 2}`).join(', ')}
         FROM asset WHERE id = $1 RETURNING id`,
        [ids[name], ...cols.map((c) => v[c])],
      );
      actions[name] = row.id;
    };
    const done = { status: 'completed', completed_on: '2025-10-01', completed_at: '2025-10-01T03:00:00Z' };
    await act('realloc', { type: 'reallocation', method: 'transfer', receiving_agency_id: receiver, ...done });
    await act('repurposed', { type: 'repurposing', method: 'change_of_function', purpose_code: 'health', target_land_use_category: 'DYT', ...done });
    await act('landFund', { type: 'disposal', method: 'land_fund', ...done });
    await act('sold', { type: 'disposal', method: 'sale', ...done });
    await act('retained', { type: 'retention', method: 'permanent', status: 'approved' });
    await act('renovated', { type: 'renovation', method: 'repair', ...done });
    const status = (name: string, s: string, custodianId?: string) =>
      t.sql(`UPDATE asset SET status = $2, custodian_id = coalesce($3, custodian_id) WHERE id = $1`, [ids[name], s, custodianId ?? null]);
    await status('realloc', 'transferred', receiver);
    await status('repurposed', 'repurposed');
    await status('landFund', 'recovered');
    await status('sold', 'sold');
    await status('retained', 'action_pending');
    await status('renovated', 'surplus');
    await migration.up(q);
  });
  afterAll(() => t.close());

  const asset = async (name: string) => (await t.http.get(`/api/v1/assets/${ids[name]}`).set(bearer(t.adminToken)).expect(200)).body;

  it('keeps a reallocated or repurposed facility in the register, in use and no longer surplus; a land-fund disposal leaves the books as transferred', async () => {
    expect(await asset('realloc')).toMatchObject({ status: 'in_use', custodian: { id: receiver }, surplus: null });
    expect(await asset('repurposed')).toMatchObject({ status: 'in_use', surplus: null });
    expect(await asset('landFund')).toMatchObject({ status: 'transferred' });
    for (const name of ['sold', 'retained', 'renovated', 'untouched'])
      expect([name, (await asset(name)).status]).toEqual([
        name,
        { sold: 'sold', retained: 'action_pending', renovated: 'surplus', untouched: 'surplus' }[name],
      ]);
    await expect(t.sql(`UPDATE asset SET status = 'repurposed' WHERE id = $1`, [ids.untouched])).rejects.toThrow(/chk_asset_status/);
  });

  it('records each move as an event of the asset, without an actor, in a chain that still verifies', async () => {
    const events = await t.sql<{ entity_id: string; actor_id: string | null; request_id: string; before: unknown; after: unknown }>(
      `SELECT entity_id, actor_id, request_id, before, after FROM event WHERE action = 'status-migrated' ORDER BY seq`,
    );
    const byAsset = Object.fromEntries(events.map((e) => [e.entity_id, e]));
    expect(events).toHaveLength(3);
    expect(byAsset[ids.realloc]).toEqual({
      entity_id: ids.realloc,
      actor_id: null,
      request_id: 'migration:NewUseAndRegister',
      before: { status: 'transferred', surplusSince: '2025-07-01', actionId: actions.realloc },
      after: { status: 'in_use', surplusSince: null, actionId: actions.realloc },
    });
    expect(byAsset[ids.repurposed]).toMatchObject({ before: { status: 'repurposed' }, after: { status: 'in_use', surplusSince: null } });
    expect(byAsset[ids.landFund]).toMatchObject({ before: { status: 'recovered' }, after: { status: 'transferred', surplusSince: '2025-07-01' } });
    const verify = await t.http.get('/api/v1/events/verify').set(bearer(t.adminToken)).expect(200);
    expect(verify.body).toMatchObject({ ok: true, firstBroken: null });
  });

  it('derives the new use where the table derives it, with an event; a retention stays not recorded', async () => {
    const rows = await t.sql<{ id: string; new_use: string | null }>(`SELECT id, new_use FROM action WHERE id = ANY($1::uuid[])`, [Object.values(actions)]);
    const newUse = Object.fromEntries(Object.entries(actions).map(([name, id]) => [name, rows.find((r) => r.id === id)!.new_use]));
    expect(newUse).toEqual({
      realloc: null,
      repurposed: 'health',
      landFund: 'land_fund_or_housing_business',
      sold: 'other_use_under_plan',
      retained: null,
      renovated: null,
    });
    const events = await t.sql<{ entity_id: string; after: unknown }>(`SELECT entity_id, after FROM event WHERE action = 'new-use-derived' ORDER BY seq`);
    expect(new Map(events.map((e) => [e.entity_id, e.after]))).toEqual(
      new Map([
        [actions.repurposed, { newUse: 'health' }],
        [actions.landFund, { newUse: 'land_fund_or_housing_business' }],
        [actions.sold, { newUse: 'other_use_under_plan' }],
      ]),
    );
    expect(
      (await t.http.get('/api/v1/purposes').set(bearer(t.adminToken)).expect(200)).body.items.map((p: { code: string; newUse: string }) => [p.code, p.newUse]),
    ).toEqual(
      expect.arrayContaining([
        ['health', 'health'],
        ['sports', 'culture_sports'],
        ['commune_police', 'working_office'],
        ['vocational_training', 'education_training'],
        ['defence', 'other_public_use'],
      ]),
    );
  });

  it('closes the surplus episode of each completed handling as handled, not of the renovation', async () => {
    const rows = await t.sql<{ asset_id: string; handled_on: string | null; handled_action_id: string | null }>(
      `SELECT asset_id, to_char(handled_on, 'YYYY-MM-DD') AS handled_on, handled_action_id FROM surplus_declaration WHERE asset_id = ANY($1::uuid[])`,
      [Object.values(ids)],
    );
    const handled = Object.fromEntries(Object.entries(ids).map(([name, id]) => [name, rows.find((r) => r.asset_id === id)!.handled_action_id]));
    expect(handled).toEqual({
      realloc: actions.realloc,
      repurposed: actions.repurposed,
      landFund: actions.landFund,
      sold: actions.sold,
      retained: null,
      renovated: null,
      untouched: null,
    });
    expect(rows.find((r) => r.asset_id === ids.realloc)!.handled_on).toBe('2025-10-01');
  });
});
