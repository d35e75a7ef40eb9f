import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isCalendarDate, isInstant, parseInstant } from '../../src/common/dates';
import { decimalPlaces } from '../../src/common/dto';
import { DomainError } from '../../src/common/errors';
import { canonicalJson } from '../../src/idempotency/idempotency.interceptor';
import { findInputFault, MAX_JSON_DEPTH, multipartBoundaryFault, multipartProblemOf, textFault } from '../../src/common/input-guard';
import { toNfc } from '../../src/common/text';
import { generateRequests, type OpenApiDoc, operationsOf } from '../support/fuzz';

/** A value nested `depth` levels deep, built without recursion. */
function nested(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = i % 2 ? { a: v } : [v];
  return v;
}

describe('textFault: what text cannot be stored', () => {
  it.each(['', 'Hà Giang', 'Tru\u0323 so\u031b', 'tab\tCR\rLF\n', '🏛️ 𠀀', '\u0080\u009f', '\uFFFD\uFEFF'])('accepts %j', (s) => {
    expect(textFault(s)).toBeNull();
  });

  it.each([
    ['\u0000', 'U+0000'],
    ['a\u0001', 'U+0001'],
    ['\u0008', 'U+0008'],
    ['\u000b', 'U+000B'],
    ['\u000c', 'U+000C'],
    ['\u000e', 'U+000E'],
    ['\u001b[0m', 'U+001B'],
    ['\u001f', 'U+001F'],
    ['del\u007f', 'U+007F'],
  ])('refuses the control character in %j', (s, code) => {
    expect(textFault(s)?.en).toContain(code);
    expect(textFault(s)?.vi).toContain(code);
  });

  it.each([['\ud800'], ['x\udbff'], ['\udc00y'], ['\udfff'], ['\udc00\ud800'], ['\ud83d\ud83d\ude00']])('refuses the lone surrogate in %j', (s) => {
    expect(textFault(s)?.en).toContain('lone UTF-16 surrogate');
  });
});

describe('findInputFault: one iterative walk', () => {
  it('names the path of the first bad string or key', () => {
    expect(findInputFault({ a: 'ok', b: { c: ['x', 'y\u0000'] } })).toEqual({
      kind: 'invalid-text',
      field: 'b.c[1]',
      message: { vi: expect.stringContaining('U+0000'), en: expect.stringContaining('U+0000') },
    });
    expect(findInputFault({ ['k\u0007']: 1 })).toMatchObject({ kind: 'invalid-text', field: 'k\\u0007' });
    expect(findInputFault('\ud800')).toMatchObject({ kind: 'invalid-text', field: '' });
    expect(findInputFault({ a: 1, b: null, c: true, d: [1.5, 'Hà'] })).toBeNull();
  });

  it(`allows ${MAX_JSON_DEPTH} levels and refuses one more`, () => {
    expect(findInputFault(nested(MAX_JSON_DEPTH))).toBeNull();
    expect(findInputFault(nested(MAX_JSON_DEPTH + 1))).toMatchObject({ kind: 'too-deep' });
  });

  it('walks a million levels without a stack overflow', () => {
    expect(findInputFault(nested(1_000_000))).toMatchObject({ kind: 'too-deep' });
    expect(findInputFault(nested(1_000_000), Infinity)).toBeNull();
  });
});

describe('NFC normalisation and the idempotency hash never overflow the stack', () => {
  it('toNfc normalises within the depth limit and refuses beyond it with a 400, not a RangeError', () => {
    expect(toNfc({ a: ['Tru\u0323 so\u031b\u0309'] })).toEqual({ a: ['Trụ sở'] });
    expect(() => toNfc(nested(100_000))).toThrow(DomainError);
    expect(() => toNfc(nested(100_000))).toThrow(expect.objectContaining({ code: 'too-deep', status: 400 }));
  });

  it('canonicalJson likewise', () => {
    expect(canonicalJson({ b: [1, { d: 2, c: 3 }], a: 'x' })).toBe('{"a":"x","b":[1,{"c":3,"d":2}]}');
    expect(() => canonicalJson(nested(100_000))).toThrow(expect.objectContaining({ code: 'too-deep', status: 400 }));
  });
});

describe('multipart', () => {
  it.each([
    'multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW',
    'multipart/form-data; boundary="with space ok"',
    `multipart/form-data; boundary=${'b'.repeat(70)}`,
    'multipart/form-data;boundary=x',
  ])('accepts %s', (ct) => {
    expect(multipartBoundaryFault(ct)).toBeNull();
  });

  it.each([
    'multipart/form-data',
    'multipart/form-data; boundary=',
    'multipart/form-data; boundary=""',
    `multipart/form-data; boundary=${'b'.repeat(71)}`,
    'multipart/form-data; boundary=a\u0000b',
    'multipart/form-data; boundary="trailing "',
    'multipart/form-data; boundary=é',
  ])('refuses %j', (ct) => {
    expect(multipartBoundaryFault(ct)).not.toBeNull();
  });

  it("maps the parser's malformed-body errors to 400 invalid-multipart, and nothing else", () => {
    expect(multipartProblemOf(new Error('Unexpected end of multipart data'))).toMatchObject({ code: 'invalid-multipart', status: 400 });
    expect(multipartProblemOf(new Error('Part terminated early due to unexpected end of multipart data'))).toMatchObject({ code: 'invalid-multipart' });
    expect(multipartProblemOf(new Error('something else'))).toBeUndefined();
    expect(multipartProblemOf(Object.assign(new Error('Unexpected end of multipart data'), { statusCode: 413 }))).toBeUndefined();
  });
});

describe('numbers and dates', () => {
  it.each([
    [1, 0],
    [1.25, 2],
    [0.01, 2],
    [1e-7, 7],
    [1.5e-10, 11],
    [5e-324, 324],
    [1e21, 0],
    [123456789012.34, 2],
    [-0.001, 3],
    [0.1 + 0.2, 17],
    [999999999999.99, 2],
  ])('decimalPlaces(%d) = %d', (n, places) => {
    expect(decimalPlaces(n)).toBe(places);
  });

  it('a calendar date is a real day from 1900 to 2100', () => {
    for (const ok of ['1900-01-01', '2024-02-29', '2025-07-01', '2100-12-31']) expect([ok, isCalendarDate(ok)]).toEqual([ok, true]);
    for (const bad of [
      '0000-01-01',
      '0001-01-01',
      '1899-12-31',
      '2101-01-01',
      '9999-12-31',
      '2025-02-29',
      '2025-02-30',
      '2025-13-01',
      '2025-00-01',
      '2025-1-1',
      '+02025-01-01',
      '',
    ])
      expect([bad, isCalendarDate(bad)]).toEqual([bad, false]);
  });

  it('an instant has a sane date, a real time of day and an offset', () => {
    expect(parseInstant('2025-07-01T00:00:00+07:00')?.toISOString()).toBe('2025-06-30T17:00:00.000Z');
    expect(parseInstant('2025-07-01T08:30Z')?.toISOString()).toBe('2025-07-01T08:30:00.000Z');
    for (const ok of ['2025-07-01T00:00:00.123456Z', '2025-07-01T23:59:59-14:00']) expect([ok, isInstant(ok)]).toEqual([ok, true]);
    for (const bad of [
      '0000-01-01T00:00:00Z',
      '9999-12-31T00:00:00Z',
      '2025-02-30T00:00:00Z',
      '2025-01-01T24:00:00Z',
      '2025-01-01T00:60:00Z',
      '2025-01-01T00:00:60Z',
      '2025-01-01T00:00:00+15:00',
      '2025-01-01T00:00:00',
      '2025-01-01',
      `2025-01-01T00:00:00.${'1'.repeat(40)}Z`,
    ])
      expect([bad, isInstant(bad)]).toEqual([bad, false]);
  });
});

describe('the fuzzer (test/support/fuzz.ts)', () => {
  const doc = JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8')) as OpenApiDoc;
  const fixtures = { pathParams: () => [], values: {} };

  it('reads every operation of openapi.json', () => {
    const ops = operationsOf(doc);
    expect(ops.length).toBeGreaterThan(100);
    expect(ops.find((o) => o.id === 'Documents_upload')?.body?.kind).toBe('multipart');
    expect(ops.find((o) => o.id === 'Assets_create')?.body?.kind).toBe('json');
  });

  it('is reproducible: the same seed gives the same requests, another seed others', () => {
    const a = generateRequests(doc, { seed: 42, perOperation: 3, roles: ['admin', 'anonymous'], fixtures });
    const b = generateRequests(doc, { seed: 42, perOperation: 3, roles: ['admin', 'anonymous'], fixtures });
    const c = generateRequests(doc, { seed: 43, perOperation: 3, roles: ['admin', 'anonymous'], fixtures });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
    expect(a.length).toBe(3 * operationsOf(doc).length);
    expect(new Set(a.map((r) => r.mutation.split(' ')[0])).size).toBeGreaterThan(20);
  });
});
