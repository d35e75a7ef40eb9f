import { decimalNumber, ledgerValues } from '../../src/common/quantities';
import type { ReportCell, ReportItem, StatusReport } from '../../src/reports/report.model';
import { itemsPageJson, reportJson, valuesJson } from '../../src/reports/report-json';

describe('decimalNumber: a decimal string of the database as an exact JSON number', () => {
  it('reads amounts, areas and shares', () => {
    expect([
      decimalNumber('35000000000'),
      decimalNumber('1234.50'),
      decimalNumber('65.89'),
      decimalNumber('0.00'),
      decimalNumber('-200.50'),
      decimalNumber(null),
    ]).toEqual([35_000_000_000, 1234.5, 65.89, 0, -200.5, null]);
    expect(decimalNumber(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses what a JSON number cannot carry exactly rather than round it', () => {
    expect(() => decimalNumber('9007199254740993')).toThrow(RangeError);
    expect(() => decimalNumber('123456789012345.67')).toThrow(RangeError);
    expect(() => decimalNumber('abc')).toThrow(RangeError);
  });
});

describe('ledgerValues: an event as the API answers it', () => {
  it('answers the costs an asset event recorded as strings as numbers, and leaves the rest as recorded', () => {
    const after = { code: '08.A1', originalCost: '35000000000', remainingValue: null, landArea: 5230.5, notes: '12' };
    expect(ledgerValues(after)).toEqual({ code: '08.A1', originalCost: 35_000_000_000, remainingValue: null, landArea: 5230.5, notes: '12' });
    expect(after.originalCost).toBe('35000000000');
    const action = { valuationAmount: 5_000_000_000 };
    expect(ledgerValues(action)).toBe(action);
    expect(ledgerValues(null)).toBeNull();
  });
});

describe('report JSON: areas and amounts as numbers', () => {
  const cell = (over: Partial<ReportCell>): ReportCell => ({
    key: 'k',
    kind: 'facilities',
    facilities: 1,
    landArea: null,
    floorArea: null,
    value: null,
    drillable: true,
    ...over,
  });
  const report: StatusReport = {
    params: { scope: 'province', province: '08', asOf: '2025-12-31', knownAt: '2026-01-01T00:00:00.000Z', period: 'weekly', lang: 'vi' },
    generatedAt: '2026-01-01T00:00:00.000Z',
    columns: [],
    deadlines: [],
    rows: [
      {
        provinceCode: '08',
        provinceName: 'Tuyên Quang',
        cells: [
          cell({ key: 'surplus', landArea: '1200.50', floorArea: '600.25' }),
          cell({ key: 'proceeds', kind: 'amount', value: '5000000000' }),
          cell({ key: 'handled_share', kind: 'share', facilities: 0, value: '65.89', drillable: false }),
        ],
      },
    ],
    eventChainHead: { seq: 7, hash: 'ab' },
  };

  it('reportJson converts every cell and keeps everything else', () => {
    const out = reportJson(report);
    expect(out.rows[0].cells.map((c) => [c.landArea, c.floorArea, c.value])).toEqual([
      [1200.5, 600.25, null],
      [null, null, 5_000_000_000],
      [null, null, 65.89],
    ]);
    expect(out.eventChainHead).toEqual({ seq: 7, hash: 'ab' });
    expect(out.params).toBe(report.params);
  });

  it("a diff's values and the drill-down's items too", () => {
    expect(valuesJson({ facilities: 1, landArea: '200.50', floorArea: null, value: '-5' })).toEqual({
      facilities: 1,
      landArea: 200.5,
      floorArea: null,
      value: -5,
    });
    const item = {
      assetId: 'a',
      code: '08.A1',
      name: 'n',
      provinceCode: '08',
      communeName: null,
      surplusSince: '2025-07-01',
      landArea: '200.50',
      floorArea: '100.25',
      actionId: null,
      actionType: null,
      actionMethod: null,
      actionState: null,
      deadline: null,
      amount: '5000000000',
    } as ReportItem;
    expect(itemsPageJson({ key: 'proceeds', items: [item] }).items[0]).toMatchObject({ landArea: 200.5, floorArea: 100.25, amount: 5_000_000_000 });
  });
});
