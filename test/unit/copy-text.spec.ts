import { copyLine, copyValue } from '../../src/database/copy-text';

/** How PostgreSQL reads one field of COPY text (the escapes copyValue writes; \N alone is NULL). */
function readField(field: string): string | null {
  if (field === '\\N') return null;
  const escapes: Record<string, string> = { '\\': '\\', t: '\t', n: '\n', r: '\r', N: 'N' };
  return field.replace(/\\(.)/g, (_, ch: string) => escapes[ch] ?? ch);
}

describe('copyValue', () => {
  it('writes NULL as \\N, and the text "\\N" so that it is not read as NULL', () => {
    expect(copyValue(null)).toBe('\\N');
    expect(copyValue(undefined)).toBe('\\N');
    expect(copyValue('\\N')).toBe('\\\\N');
    expect(readField(copyValue('\\N'))).toBe('\\N');
  });

  it('leaves ordinary text, Vietnamese included, as it is', () => {
    expect(copyValue('Trụ sở UBND phường Hà Giang 2, số 1 "Nguyễn Trãi"')).toBe('Trụ sở UBND phường Hà Giang 2, số 1 "Nguyễn Trãi"');
    expect(copyValue('')).toBe('');
  });

  it('escapes backslash, tab, newline and carriage return', () => {
    expect(copyValue('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
  });

  it('writes numbers, bigints and booleans as PostgreSQL reads them', () => {
    expect(copyValue(5230.5)).toBe('5230.5');
    expect(copyValue(-0.000001)).toBe('-0.000001');
    expect(copyValue(2004)).toBe('2004');
    expect(copyValue(35_000_000_000n)).toBe('35000000000');
    expect(copyValue(true)).toBe('t');
    expect(copyValue(false)).toBe('f');
  });

  it('writes a Date as its ISO 8601 instant, not as a JSON string', () => {
    expect(copyValue(new Date(Date.UTC(2025, 6, 1, 3, 4, 5)))).toBe('2025-07-01T03:04:05.000Z');
    expect(() => copyValue(new Date(Number.NaN))).toThrow(/invalid Date/);
  });

  it('writes objects and arrays as JSON, escaped like any text', () => {
    expect(copyValue({ name: 'Nhà "A"', notes: 'x\ny', n: 1, none: null })).toBe('{"name":"Nhà \\\\"A\\\\"","notes":"x\\\\ny","n":1,"none":null}');
    expect(JSON.parse(readField(copyValue({ path: 'C:\\tai-lieu', list: [1, 'a\tb'] }))!)).toEqual({ path: 'C:\\tai-lieu', list: [1, 'a\tb'] });
  });

  it('refuses what a column cannot hold', () => {
    expect(() => copyValue('a\0b')).toThrow(/NUL/);
    expect(() => copyValue(Number.NaN)).toThrow(/finite/);
    expect(() => copyValue(Number.POSITIVE_INFINITY)).toThrow(/finite/);
    expect(() => copyValue(Symbol('x'))).toThrow(/symbol/);
    expect(() => copyValue(() => 1)).toThrow(/function/);
  });

  it('reads back as written for any mix of the special characters', () => {
    const alphabet = ['\\', '\t', '\n', '\r', 'N', 'a', 'ệ', ' ', '"', ','];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 500; i++) {
      const text = Array.from({ length: next() % 12 }, () => alphabet[next() % alphabet.length]).join('');
      const written = copyValue(text);
      expect(written).not.toMatch(/[\t\n\r]/);
      expect(readField(written)).toBe(text);
    }
  });
});

describe('copyLine', () => {
  it('separates the values by tabs and ends the row with a newline', () => {
    expect(copyLine([1, 'a\tb', null, { k: 'v' }])).toBe('1\ta\\tb\t\\N\t{"k":"v"}\n');
    expect(copyLine(['only'])).toBe('only\n');
  });
});
