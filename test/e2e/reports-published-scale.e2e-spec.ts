import { bearer, createTestApp, type TestApp } from '../support/app';
import { createAgency } from '../support/factories';

/**
 * The published national figure of 1 December 2025 — 17,496 of 26,552 surplus facilities handled,
 * 65.89 %, 9,056 remaining — rebuilt at its real size: the facilities, their declarations and their
 * actions are bulk-inserted, then the report must give exactly those figures, and the facilities
 * completed after 1 December must not count as of that date.
 */
describe('status report at the published scale (26,552 facilities)', () => {
  let t: TestApp;
  const at = (d: string) => `${d}T03:00:00Z`;

  beforeAll(async () => {
    t = await createTestApp();
    const officer = await t.userToken('officer', '08');
    const custodian = (await createAgency(t, officer)).id;
    const [{ id: unitId }] = await t.sql<{ id: number }>(`SELECT id FROM admin_unit WHERE era = 'new' AND level = 'commune' AND code = '00691'`);
    await t.sql(
      `INSERT INTO asset (code, name, category, current_unit_id, province_code, custodian_id, land_area, floor_area, status, surplus_since, surplus_reason)
       SELECT '08.PUB.' || lpad(g::text, 5, '0'), 'Trụ sở dôi dư số ' || g, 'headquarters', $1, '08', $2, 100.25, 50.5, 'surplus', '2025-07-01', 'Sắp xếp đơn vị hành chính'
       FROM generate_series(1, 26552) g`,
      [unitId, custodian],
    );
    await t.sql(
      `INSERT INTO surplus_declaration (asset_id, province_code, since, reason, declared_recorded_at)
       SELECT id, '08', '2025-07-01', 'Sắp xếp đơn vị hành chính', $1 FROM asset WHERE code LIKE '08.PUB.%'`,
      [at('2025-07-02')],
    );
    // 17,496 completed by 1 December; 500 more completed on 3 December; 2,000 approved, not completed.
    const completed = (from: number, to: number, on: string) =>
      t.sql(
        `INSERT INTO action (asset_id, province_code, type, method, status, decision_no, decision_date, decision_authority, decision_recorded_at, submitted_at, approved_at, completed_on, completed_at)
         SELECT id, '08', 'disposal', 'liquidation', 'completed', 'QĐ-' || code, '2025-09-01', 'UBND tỉnh', $3, $3, $3, $4, $5
         FROM asset WHERE code BETWEEN '08.PUB.' || lpad($1::text, 5, '0') AND '08.PUB.' || lpad($2::text, 5, '0')`,
        [from, to, at('2025-09-01'), on, at(on)],
      );
    await completed(1, 17496, '2025-11-20');
    await completed(17497, 17996, '2025-12-03');
    await t.sql(
      `INSERT INTO action (asset_id, province_code, type, method, status, decision_no, decision_date, decision_authority, decision_recorded_at, submitted_at, approved_at)
       SELECT id, '08', 'retention', 'permanent', 'approved', 'QĐ-' || code, '2025-10-01', 'UBND tỉnh', $1, $1, $1
       FROM asset WHERE code BETWEEN '08.PUB.17997' AND '08.PUB.19996'`,
      [at('2025-10-01')],
    );
  }, 120_000);
  afterAll(() => t.close());

  const figures = async (asOf: string) => {
    const res = await t.http.get('/api/v1/reports/status').query({ scope: 'province', province: '08', as_of: asOf }).set(bearer(t.adminToken)).expect(200);
    return Object.fromEntries((res.body.rows[0].cells as { key: string; facilities: number; landArea: string; value: string | null }[]).map((c) => [c.key, c]));
  };

  it('gives 17,496 of 26,552 handled, 65.89 %, as of 1 December 2025', async () => {
    const c = await figures('2025-12-01');
    expect(c.surplus).toMatchObject({ facilities: 26552, landArea: '2661838.00' }); // 26,552 × 100.25 m² = 2,655,200 + 6,638
    expect(c.completed.facilities).toBe(17496);
    expect(c.with_action.facilities).toBe(17496 + 500 + 2000); // the 500 completed later were approved by then
    expect(c.without_action.facilities).toBe(26552 - 19996);
    expect(c.handled_share.value).toBe('65.89');
    expect(c['type:disposal/method:liquidation'].facilities).toBe(17996);
  });

  it('counts the 500 completed on 3 December from that date on', async () => {
    const c = await figures('2025-12-04');
    expect(c.completed.facilities).toBe(17996);
    expect(c.handled_share.value).toBe('67.78'); // 17,996 / 26,552 = 67.776…
  });
});
