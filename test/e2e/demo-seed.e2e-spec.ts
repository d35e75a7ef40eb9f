import { seedDemo } from '../../src/demo/demo-seed';
import { bearer, createTestApp, type TestApp } from '../support/app';
import { hasRealUnits, readRealUnits, smallUnitFiles } from '../support/units-fixture';

describe('demo:seed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ units: 'none' });
  });
  afterAll(() => t.close());

  it('seeds one merged province through the real services, once', async () => {
    const real = hasRealUnits();
    const result = await seedDemo(t.app, { files: real ? readRealUnits() : smallUnitFiles(), source: real ? 'national dataset' : 'built-in set' });
    expect(result).toMatchObject({ alreadySeeded: false, province: '08' });
    expect(result.assets).toBeGreaterThan(real ? 150 : 10);
    expect(result.surplus).toBeGreaterThan(0);
    const counts = await t.sql<{ assets: number; surplus: number; dissolved: number; events: number }>(
      `SELECT (SELECT count(*)::int FROM asset WHERE province_code = '08') AS assets, (SELECT count(*)::int FROM asset WHERE status = 'surplus') AS surplus,
              (SELECT count(*)::int FROM agency WHERE status = 'dissolved') AS dissolved, (SELECT count(*)::int FROM event WHERE entity_type = 'asset') AS events`,
    );
    expect(counts[0]).toMatchObject({ assets: result.assets, surplus: result.surplus });
    expect(counts[0].dissolved).toBeGreaterThan(0);
    expect(counts[0].events).toBe(result.assets + result.surplus);

    // A surplus declared on 1 July 2025 rests on the resolution that arranged the old unit's communes
    // (in force that day), never on a conclusion issued later (202-KL/TW is of 31 October 2025).
    const bases = await t.sql<{ basis: string | null; n: number }>(`SELECT surplus_basis AS basis, count(*)::int AS n FROM asset WHERE status = 'surplus' GROUP BY 1 ORDER BY 1`);
    expect(bases.length).toBeGreaterThan(0);
    for (const b of bases) expect(b.basis).toMatch(/^\d{4}\/NQ-UBTVQH15(, khoản \d+ Điều 1)?$/);
    const viewer = await t.userToken('viewer');
    const list = await t.http.get('/api/v1/assets?province=08&status=surplus&limit=5').set(bearer(viewer)).expect(200);
    expect(list.body.items).toHaveLength(5);
    expect(list.body.items[0].originUnit.era).toBe('old');

    const again = await seedDemo(t.app, { files: real ? readRealUnits() : smallUnitFiles(), source: real ? 'national dataset' : 'built-in set' });
    expect(again).toMatchObject({ alreadySeeded: true, assets: 0 });
    expect(await t.sql(`SELECT count(*)::int AS n FROM asset`)).toEqual([{ n: result.assets }]);
  }, 120_000);
});
