import { bearer, createTestApp, type TestApp } from '../support/app';
import { createAgency } from '../support/factories';
import { NEW_USES } from '../../src/schema/vocabulary';

/**
 * The published national figures (../shared/data/published-figures/figures.csv) rebuilt at their real
 * size in one province: 26,552 surplus facilities on 1 December 2025, 17,496 handled (65.89 %) and
 * 9,056 remaining; on 26 December 19,658 handled (78.18 %, "about 78 %") and 5,488 remaining, by new use as the
 * Ministry of Finance published it. The facilities, their declarations and their actions are
 * bulk-inserted, then the report must give exactly those figures: surplus = handled + remaining, and
 * the by-new-use rows add up to handled.
 *
 * The published breakdown adds up to 19,663, five more than the 19,658 handled the same report gives;
 * here "other uses under the approved plan" has 3,855 instead of 3,860 so that it adds up.
 */
const BY_NEW_USE: [string, number][] = [
  ['working_office', 4538],
  ['public_service_facility', 3401],
  ['official_housing', 87],
  ['education_training', 2620],
  ['health', 570],
  ['culture_sports', 2130],
  ['other_public_use', 431],
  ['land_fund_or_housing_business', 2026],
  ['other_use_under_plan', 3855],
];

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
    // The 19,658 handlings, a range of facilities per new use (in the order published): the first 17,496
    // decided on 1 October, the rest on 10 December. A disposal counts as the land fund or as another use
    // under the plan; the rest are retentions that chose their new use.
    const ranges = BY_NEW_USE.map(([use, n], i) => ({ use, from: 1 + BY_NEW_USE.slice(0, i).reduce((s, [, m]) => s + m, 0), n }));
    for (const r of ranges) {
      await t.sql(
        `INSERT INTO action (asset_id, province_code, type, method, status, new_use, decision_no, decision_date, decision_authority, decision_recorded_at, submitted_at, approved_at)
         SELECT a.id, '08', CASE WHEN $3 = 'land_fund_or_housing_business' THEN 'disposal' WHEN $3 = 'other_use_under_plan' THEN 'disposal' ELSE 'retention' END,
           CASE WHEN $3 = 'land_fund_or_housing_business' THEN 'land_fund' WHEN $3 = 'other_use_under_plan' THEN 'liquidation' ELSE 'permanent' END,
           'approved', $3, 'QĐ-' || a.code, CASE WHEN g <= 17496 THEN DATE '2025-10-01' ELSE DATE '2025-12-10' END, 'UBND tỉnh',
           CASE WHEN g <= 17496 THEN $4::timestamptz ELSE $5::timestamptz END, $4::timestamptz, CASE WHEN g <= 17496 THEN $4::timestamptz ELSE $5::timestamptz END
         FROM generate_series($1::int, $1::int + $2::int - 1) g JOIN asset a ON a.code = '08.PUB.' || lpad(g::text, 5, '0')`,
        [r.from, r.n, r.use, at('2025-10-01'), at('2025-12-10')],
      );
    }
    // 12,000 of them carried out by 20 November, 500 more on 3 December.
    const complete = (from: number, to: number, on: string) =>
      t.sql(
        `UPDATE action x SET status = 'completed', completed_on = $3, completed_at = $4 FROM asset a WHERE a.id = x.asset_id AND a.code BETWEEN $1 AND $2`,
        [`08.PUB.${String(from).padStart(5, '0')}`, `08.PUB.${String(to).padStart(5, '0')}`, on, at(on)],
      );
    await complete(1, 12000, '2025-11-20');
    await complete(12001, 12500, '2025-12-03');
    // 1,406 facilities without a plan found not to be surplus after all (withdrawn 15 December): 26,552 − 1,406 = 25,146 = 19,658 + 5,488.
    await t.sql(
      `UPDATE surplus_declaration s SET withdrawn_on = '2025-12-15', withdrawn_recorded_at = $1 FROM asset a
       WHERE a.id = s.asset_id AND a.code BETWEEN '08.PUB.19659' AND '08.PUB.21064'`,
      [at('2025-12-15')],
    );
  }, 120_000);
  afterAll(() => t.close());

  const figures = async (asOf: string) => {
    const res = await t.http.get('/api/v1/reports/status').query({ scope: 'province', province: '08', as_of: asOf }).set(bearer(t.adminToken)).expect(200);
    // Areas and shares compared as numbers (the JSON may carry them as decimal strings or numbers).
    return Object.fromEntries(
      (res.body.rows[0].cells as { key: string; facilities: number; landArea: string | number; value: string | number | null }[]).map((c) => [
        c.key,
        { ...c, landArea: Number(c.landArea), value: c.value === null ? null : Number(c.value) },
      ]),
    );
  };
  const newUses = (c: Awaited<ReturnType<typeof figures>>) => Object.fromEntries(NEW_USES.map((u) => [u, c[`new_use:${u}`].facilities]));
  const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);

  it('gives 17,496 of 26,552 handled (65.89 %) and 9,056 remaining on 1 December 2025', async () => {
    const c = await figures('2025-12-01');
    expect(c.surplus).toMatchObject({ facilities: 26552, landArea: 2661838 }); // 26,552 × 100.25 m² = 2,655,200 + 6,638
    expect([c.handled.facilities, c.remaining.facilities, c.handled_share.value]).toEqual([17496, 9056, 65.89]);
    expect(c.completed.facilities).toBe(12000);
    expect(c['new_use:not_recorded']).toBeUndefined();
    expect(sum(newUses(c))).toBe(17496);
  });

  it('counts the 500 carried out on 3 December as completed from that date on, handled all along', async () => {
    const c = await figures('2025-12-04');
    expect([c.completed.facilities, c.handled.facilities]).toEqual([12500, 17496]);
  });

  it('gives 19,658 handled (about 78 %) and 5,488 remaining on 26 December 2025, by new use as published', async () => {
    const c = await figures('2025-12-26');
    expect([c.surplus.facilities, c.handled.facilities, c.remaining.facilities, c.handled_share.value]).toEqual([25146, 19658, 5488, 78.18]); // 78.175… rounded half up
    expect(c.surplus.facilities).toBe(c.handled.facilities + c.remaining.facilities);
    expect(newUses(c)).toEqual(Object.fromEntries(BY_NEW_USE));
    expect(c['new_use:working_office'].landArea).toBe(454934.5); // 4,538 × 100.25
    expect(sum(newUses(c))).toBe(c.handled.facilities);
  });
});
