import { systemContext } from '../../src/common/auth-user';
import { UnitsService } from '../../src/units/units.service';
import { bearer, createTestApp, type TestApp } from '../support/app';
import { hasRealUnits, readRealUnits, smallUnitFiles } from '../support/units-fixture';

/**
 * The real national dataset (../shared/data/vn-admin-2025) when it is beside the repository;
 * otherwise the small fixture in the same format covers the same paths.
 */
const real = hasRealUnits();
const expected = real
  ? { units: 14_161, lineage: 10_662, clauses: 3_218, provinces: { old: 63, new: 34 }, districts: 696, communes: { old: 10_047, new: 3_321 } }
  : { units: 21, lineage: 12, clauses: 4, provinces: { old: 3, new: 2 }, districts: 3, communes: { old: 8, new: 5 } };

describe(`unit dataset import (${real ? 'real national data' : 'small fixture: real data not found'})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ units: 'none' });
  }, 120_000);
  afterAll(() => t.close());

  it('imports every unit and lineage row', async () => {
    const result = await t.app.get(UnitsService).importDataset(systemContext('test'), real ? readRealUnits() : smallUnitFiles());
    expect(result.units).toEqual({ inserted: expected.units, updated: 0, unchanged: 0 });
    expect(result.successions).toEqual({ inserted: expected.lineage, updated: 0, unchanged: 0 });
    expect(result.clauses.inserted).toBe(expected.clauses);
    const counts = await t.sql<{ era: string; level: string; n: number }>(
      `SELECT era, level, count(*)::int AS n FROM admin_unit GROUP BY era, level ORDER BY era, level`,
    );
    expect(counts).toEqual([
      { era: 'new', level: 'commune', n: expected.communes.new },
      { era: 'new', level: 'province', n: expected.provinces.new },
      { era: 'old', level: 'commune', n: expected.communes.old },
      { era: 'old', level: 'district', n: expected.districts },
      { era: 'old', level: 'province', n: expected.provinces.old },
    ]);
    expect(await t.sql(`SELECT count(*)::int AS n FROM admin_unit WHERE level <> 'province' AND parent_id IS NULL`)).toEqual([{ n: 0 }]);
  }, 120_000);

  it('changes nothing the second time', async () => {
    const again = await t.app.get(UnitsService).importDataset(systemContext('test'), real ? readRealUnits() : smallUnitFiles());
    expect(again).toMatchObject({
      changed: false,
      units: { inserted: 0, updated: 0, unchanged: expected.units },
      successions: { inserted: 0, updated: 0, unchanged: expected.lineage },
    });
  }, 120_000);

  it('lists Hà Giang (02) and Tuyên Quang (08) as the predecessors of Tuyên Quang province 08', async () => {
    const token = await t.userToken('viewer');
    const res = await t.http.get('/api/v1/units/new/province/08/predecessors').set(bearer(token)).expect(200);
    expect(res.body.unit).toMatchObject({ code: '08', name: 'Tỉnh Tuyên Quang' });
    expect(res.body.predecessors.map((p: { from: { code: string; name: string } }) => [p.from.code, p.from.name])).toEqual([
      ['02', 'Tỉnh Hà Giang'],
      ['08', 'Tỉnh Tuyên Quang'],
    ]);
  });

  it('resolves the abolished district Thành phố Hà Giang (024) to the new communes with their clauses', async () => {
    const token = await t.userToken('viewer');
    const res = await t.http.get('/api/v1/units/old/district/024/successors').set(bearer(token)).expect(200);
    const codes = res.body.successors.map((s: { unit: { code: string } }) => s.unit.code);
    expect(codes).toEqual(expect.arrayContaining(['00691', '00694', '00700']));
    for (const s of res.body.successors) {
      expect(s.unit.provinceCode).toBe('08');
      for (const l of s.links) expect(l.legalBasis).toMatch(/NQ-UBTVQH15$/);
    }
    const hg1 = res.body.successors.find((s: { unit: { code: string } }) => s.unit.code === '00694');
    expect(hg1.links.find((l: { from: { code: string } }) => l.from.code === '00688')).toMatchObject({
      share: 'partial',
      clause: '110',
      clauseText: expect.stringContaining('Hà Giang 1'),
    });
  });
});
