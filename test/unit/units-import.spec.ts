import { parseUnitDataset, UnitImportError, type UnitFiles } from '../../src/units/units-import';
import { SMALL_UNITS, smallUnitFiles } from '../support/units-fixture';

const files = (over: Partial<Record<'units' | 'lineage' | 'clauses', string>>): UnitFiles => ({
  'units.csv': Buffer.from(over.units ?? SMALL_UNITS.units),
  'lineage.csv': Buffer.from(over.lineage ?? SMALL_UNITS.lineage),
  'clauses.csv': Buffer.from(over.clauses ?? SMALL_UNITS.clauses),
});
const errorsOf = (f: UnitFiles) => {
  try {
    parseUnitDataset(f);
  } catch (err) {
    if (err instanceof UnitImportError) return err.errors;
    throw err;
  }
  throw new Error('expected the dataset to be rejected');
};

describe('parseUnitDataset', () => {
  it('parses the fixture and derives provinces, parents and validity', () => {
    const d = parseUnitDataset(smallUnitFiles());
    expect(d.units).toHaveLength(21);
    expect(d.successions).toHaveLength(12);
    expect(d.clauses).toHaveLength(4);
    const commune = d.units.find((u) => u.era === 'old' && u.code === '00688')!;
    expect(commune).toMatchObject({ parentLevel: 'district', parentCode: '024', provinceCode: '02', validTo: '2025-06-30', validFrom: null });
    const newCommune = d.units.find((u) => u.era === 'new' && u.code === '00694')!;
    expect(newCommune).toMatchObject({ parentLevel: 'province', parentCode: '08', provinceCode: '08', validFrom: '2025-07-01', validTo: null });
    expect(d.successions.find((s) => s.oldCode === '02212')!.clause).toBeNull();
    const unknown = parseUnitDataset(files({ lineage: SMALL_UNITS.lineage.replace('02212,02212,full,1684/NQ-UBTVQH15,', '02212,02212,full,,') }));
    expect(unknown.successions.find((s) => s.oldCode === '02212')).toMatchObject({ legalBasis: null, clause: null });
    expect(d.sha256['units.csv']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('stores NFD names as NFC', () => {
    const nfd = SMALL_UNITS.units.normalize('NFD');
    const d = parseUnitDataset(files({ units: nfd }));
    expect(d.units.find((u) => u.code === '02')!.name).toBe('Tỉnh Hà Giang'.normalize('NFC'));
  });

  it('accepts a UTF-8 byte order mark', () => {
    expect(parseUnitDataset(files({ units: `\uFEFF${SMALL_UNITS.units}` })).units).toHaveLength(21);
  });

  it.each([
    ['a wrong header', { units: SMALL_UNITS.units.replace('parent_code', 'parent') }, { file: 'units.csv', line: 1, field: '(header)' }],
    ['an unknown era', { units: SMALL_UNITS.units.replace('old,province,02,', 'mid,province,02,') }, { file: 'units.csv', line: 6, field: 'era' }],
    ['a new-era district', { units: `${SMALL_UNITS.units}new,district,999,X,town,08\n` }, { file: 'units.csv', line: 23, field: 'level' }],
    [
      'a code of the wrong length',
      { units: SMALL_UNITS.units.replace('old,district,024,', 'old,district,24,') },
      { file: 'units.csv', line: 7, field: 'code' },
    ],
    ['an empty name', { units: SMALL_UNITS.units.replace('Phường Phúc Xá', '') }, { file: 'units.csv', line: 4, field: 'name' }],
    ['an unknown kind', { units: SMALL_UNITS.units.replace('Phường Phúc Xá,ward', 'Phường Phúc Xá,hamlet') }, { file: 'units.csv', line: 4, field: 'kind' }],
    [
      'a missing parent',
      { units: SMALL_UNITS.units.replace('Phường Phúc Xá,ward,001', 'Phường Phúc Xá,ward,') },
      { file: 'units.csv', line: 4, field: 'parent_code' },
    ],
    [
      'an unknown parent',
      { units: SMALL_UNITS.units.replace('Phường Phúc Xá,ward,001', 'Phường Phúc Xá,ward,009') },
      { file: 'units.csv', line: 4, field: 'parent_code' },
    ],
    [
      'a province with a parent',
      { units: SMALL_UNITS.units.replace('Tỉnh Hà Giang,province,', 'Tỉnh Hà Giang,province,01') },
      { file: 'units.csv', line: 6, field: 'parent_code' },
    ],
    ['a duplicate unit', { units: `${SMALL_UNITS.units}old,province,02,Again,province,\n` }, { file: 'units.csv', line: 23, field: 'code' }],
    ['a short row', { units: `${SMALL_UNITS.units}old,province,03\n` }, { file: 'units.csv', line: 23, field: '(row)' }],
    [
      'an unknown old commune',
      { lineage: SMALL_UNITS.lineage.replace('commune,00700,00700', 'commune,00799,00700') },
      { file: 'lineage.csv', line: 12, field: 'old_code' },
    ],
    [
      'an unknown new commune',
      { lineage: SMALL_UNITS.lineage.replace('commune,00700,00700', 'commune,00700,00799') },
      { file: 'lineage.csv', line: 12, field: 'new_code' },
    ],
    ['a district lineage row', { lineage: `${SMALL_UNITS.lineage}district,024,08,full,X,\n` }, { file: 'lineage.csv', line: 14, field: 'level' }],
    ['a bad share', { lineage: SMALL_UNITS.lineage.replace('00700,full', '00700,half') }, { file: 'lineage.csv', line: 12, field: 'share' }],
    [
      'a clause without its document',
      { lineage: SMALL_UNITS.lineage.replace('00700,full,1684/NQ-UBTVQH15', '00700,full,') },
      { file: 'lineage.csv', line: 12, field: 'legal_basis' },
    ],
    ['a duplicate pair', { lineage: `${SMALL_UNITS.lineage}commune,00700,00700,full,X,1\n` }, { file: 'lineage.csv', line: 14, field: 'new_code' }],
    ['a clause without text', { clauses: `${SMALL_UNITS.clauses}X,1,\n` }, { file: 'clauses.csv', line: 6, field: 'text' }],
    ['a duplicate clause', { clauses: `${SMALL_UNITS.clauses}1684/NQ-UBTVQH15,70,again\n` }, { file: 'clauses.csv', line: 6, field: 'clause' }],
    ['an unterminated quote', { clauses: `${SMALL_UNITS.clauses}X,1,"open\n` }, { file: 'clauses.csv', field: '(file)' }],
    ['an empty file', { clauses: '' }, { file: 'clauses.csv', line: 1, field: '(header)' }],
  ])('rejects %s with file, line and field', (_, over, expected) => {
    const errors = errorsOf(files(over));
    expect(errors).toEqual(expect.arrayContaining([expect.objectContaining(expected)]));
  });

  it('words each error in Vietnamese and in English', () => {
    const units = SMALL_UNITS.units.replace('Phường Phúc Xá,ward', 'Phường Phúc Xá,hamlet');
    const lineage = SMALL_UNITS.lineage.replace('commune,00700,00700', 'commune,00700,00788');
    const errors = errorsOf(files({ units, lineage }));
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          field: 'kind',
          message: {
            vi: 'phải là một trong các giá trị city, province, urban_district, rural_district, town, ward, township, commune, special_zone, other; nhận được "hamlet"',
            en: 'must be one of city, province, urban_district, rural_district, town, ward, township, commune, special_zone, other, got "hamlet"',
          },
        }),
        expect.objectContaining({
          field: 'new_code',
          message: { vi: 'không có đơn vị cấp xã sau sắp xếp (new) mã 00788 trong units.csv', en: 'no new commune with code 00788 in units.csv' },
        }),
      ]),
    );
    for (const e of errors) expect(e.message).toEqual({ vi: expect.any(String), en: expect.any(String) });
  });

  it('reports every error, not just the first', () => {
    const units = SMALL_UNITS.units.replace('Phường Phúc Xá,ward', 'Phường Phúc Xá,hamlet').replace('old,district,024,', 'old,district,24,');
    const errors = errorsOf(files({ units }));
    expect(errors.map((e) => e.field)).toEqual(expect.arrayContaining(['kind', 'code']));
  });
});
