import { canonicalParams, paramsJson, reportParamsOf } from '../../src/reports/report-params';

describe('reportParamsOf (the rules of every report request)', () => {
  // 2025-12-01 00:30 in Vietnam is 2025-11-30 17:30 UTC.
  const now = new Date('2025-11-30T17:30:00.000Z');

  it('fills the defaults: as of today in Vietnam, known now, weekly, Vietnamese', () => {
    expect(reportParamsOf({ scope: 'national', province: null }, now)).toEqual({
      params: { scope: 'national', province: null, asOf: '2025-12-01', knownAt: '2025-11-30T17:30:00.000Z', period: 'weekly', lang: 'vi' },
      problems: [],
    });
  });

  it('keeps what was asked', () => {
    const r = reportParamsOf(
      { scope: 'province', province: '08', asOf: '2025-10-01', knownAt: new Date('2025-10-02T01:00:00+07:00'), period: 'monthly', lang: 'en' },
      now,
    );
    expect(r.params).toEqual({ scope: 'province', province: '08', asOf: '2025-10-01', knownAt: '2025-10-01T18:00:00.000Z', period: 'monthly', lang: 'en' });
  });

  it.each([
    ['a provincial report without its province', { scope: 'province' as const, province: null }, 'province', 'required when scope is "province"'],
    ['a national report with a province', { scope: 'national' as const, province: '08' }, 'province', 'must be absent when scope is "national"'],
    ['an impossible date', { scope: 'national' as const, province: null, asOf: '2025-02-30' }, 'asOf', 'not a calendar date (YYYY-MM-DD)'],
    ['tomorrow in Vietnam', { scope: 'national' as const, province: null, asOf: '2025-12-02' }, 'asOf', 'after today (2025-12-01 in Vietnam)'],
    ['a known-at in the future', { scope: 'national' as const, province: null, knownAt: new Date('2025-11-30T17:30:00.001Z') }, 'knownAt', 'in the future'],
    [
      'a known-at that was not an instant',
      { scope: 'national' as const, province: null, knownAt: new Date('yesterday') },
      'knownAt',
      'not an ISO 8601 instant with a time zone',
    ],
  ])('refuses %s', (_, req, field, message) => {
    expect(reportParamsOf(req, now)).toEqual({ params: null, problems: [{ field, message: { vi: expect.any(String), en: message } }] });
  });

  it('accepts today in Vietnam (already tomorrow in UTC terms of the date) and a known-at of exactly now', () => {
    expect(reportParamsOf({ scope: 'national', province: null, asOf: '2025-12-01', knownAt: now }, now).problems).toEqual([]);
  });

  it('lists every problem at once', () => {
    const r = reportParamsOf({ scope: 'province', province: null, asOf: '2099-01-01', knownAt: new Date('2099-01-01T00:00:00Z') }, now);
    expect(r.problems.map((p) => p.field)).toEqual(['province', 'asOf', 'knownAt']);
  });
});

describe('canonicalParams (the one order parameters are stored, rendered and hashed in)', () => {
  const canonical = '{"scope":"province","province":"08","asOf":"2025-12-01","knownAt":"2025-12-01T00:00:00.000Z","period":"weekly","lang":"vi"}';

  it('gives the same text whatever order the keys came in (a jsonb column returns them by length)', () => {
    const fromJsonb = { lang: 'vi', asOf: '2025-12-01', scope: 'province', period: 'weekly', knownAt: '2025-12-01T00:00:00.000Z', province: '08' } as const;
    expect(JSON.stringify(fromJsonb)).not.toBe(canonical);
    expect(JSON.stringify(canonicalParams(fromJsonb))).toBe(canonical);
    expect(paramsJson(fromJsonb)).toBe(canonical);
  });

  it('drops what is not a parameter (a job row also holds its formats)', () => {
    const job = {
      formats: ['json'],
      scope: 'province',
      province: '08',
      asOf: '2025-12-01',
      knownAt: '2025-12-01T00:00:00.000Z',
      period: 'weekly',
      lang: 'vi',
    } as const;
    expect(paramsJson(job)).toBe(canonical);
  });

  it('reportParamsOf already answers in that order', () => {
    const r = reportParamsOf(
      { scope: 'province', province: '08', asOf: '2025-12-01', knownAt: new Date('2025-12-01T00:00:00.000Z') },
      new Date('2025-12-02T00:00:00Z'),
    );
    expect(JSON.stringify(r.params)).toBe(canonical);
  });
});
