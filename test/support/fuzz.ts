/**
 * A schema-driven HTTP fuzzer built from openapi.json: for every operation it makes
 * valid-looking requests from the schemas (with the ids of real records where it knows them), then
 * mutates them: wrong types, edge and exponent numbers, control characters, lone surrogates, deep
 * nesting, long strings, missing required and extra fields, bad UUIDs and dates, bad path and query
 * parameters, bad headers and content types, malformed multipart bodies.
 *
 * Pure and seeded: the same seed and fixtures give the same requests. No I/O and no import from src/,
 * so the e2e test (test/e2e/fuzz.e2e-spec.ts, through supertest) and the larger run in bench/fuzz.js
 * (through fetch, against a running server) share it; `setupFixtures` takes the transport as a function.
 */

// ---------------------------------------------------------------------------------------------------
// Seeded randomness

export interface Rng {
  /** In [0, 1). */
  next(): number;
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function seededRng(seed: number): Rng {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1));
  return { next, int, pick: <T>(items: readonly T[]): T => items[int(0, items.length - 1)], chance: (p: number) => next() < p };
}

// ---------------------------------------------------------------------------------------------------
// The OpenAPI document, as much of it as the fuzzer reads

export interface Schema {
  $ref?: string;
  allOf?: Schema[];
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  example?: unknown;
  default?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: Schema;
  maxItems?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  description?: string;
}

export interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

interface OperationObject {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: Schema }> };
}

export interface OpenApiDoc {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, Schema> };
}

export interface FuzzOperation {
  id: string;
  method: string;
  /** The path template, e.g. /api/v1/assets/{id}. */
  template: string;
  pathParams: Parameter[];
  query: Parameter[];
  headers: Parameter[];
  body?: { kind: 'json' | 'multipart'; schema: Schema; required: boolean };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Every operation of the document, in document order. */
export function operationsOf(doc: OpenApiDoc): FuzzOperation[] {
  const out: FuzzOperation[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const params = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      const json = content['application/json'];
      const multipart = content['multipart/form-data'];
      const body = json?.schema
        ? { kind: 'json' as const, schema: json.schema, required: op.requestBody?.required ?? false }
        : multipart?.schema
          ? { kind: 'multipart' as const, schema: multipart.schema, required: true }
          : undefined;
      out.push({
        id: op.operationId ?? `${method} ${template}`,
        method: method.toUpperCase(),
        template,
        pathParams: params.filter((p) => p.in === 'path'),
        query: params.filter((p) => p.in === 'query'),
        headers: params.filter((p) => p.in === 'header'),
        body,
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Requests

export type FuzzBody = { kind: 'json'; value: unknown } | { kind: 'raw'; contentType?: string; data: string | Buffer };

export interface FuzzRequest {
  /** Position in the run (with the seed, enough to find it again). */
  seq: number;
  op: string;
  role: string;
  method: string;
  /** The concrete path, already percent-encoded. */
  path: string;
  /** Query parameters, already percent-encoded (a name may repeat). */
  query: [string, string][];
  headers: Record<string, string>;
  body?: FuzzBody;
  /** What was done to the valid-looking request. */
  mutation: string;
}

export const urlOf = (r: Pick<FuzzRequest, 'path' | 'query'>): string =>
  r.query.length ? `${r.path}?${r.query.map(([k, v]) => `${k}=${v}`).join('&')}` : r.path;

/** What the generator knows of the database it fuzzes: real ids, so requests get past "not found". */
export interface FuzzFixtures {
  /** Values for the path parameters of a path template (each entry one consistent set). */
  pathParams(template: string): Record<string, string>[];
  /** Values for body properties and query parameters, by name (`assetId`, `custodianId`, `province`, ...). */
  values: Record<string, unknown[]>;
}

/** What a role sends: its bearer token, or none (anonymous). */
export type RoleTokens = Record<string, string | null>;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function randomUuid(rng: Rng): string {
  const hex = (n: number) => Array.from({ length: n }, () => '0123456789abcdef'[rng.int(0, 15)]).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[rng.int(0, 3)]}${hex(3)}-${hex(12)}`;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const randomDate = (rng: Rng) => `${rng.pick([2024, 2025])}-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}`;
const randomInstant = (rng: Rng) => `${randomDate(rng)}T${pad(rng.int(0, 23))}:${pad(rng.int(0, 59))}:00${rng.pick(['Z', '+07:00', '.123Z'])}`;

/** Text values that are odd but valid: they must be accepted or refused cleanly, never break anything. */
const ODD_TEXT = [
  'Trụ sở UBND xã',
  'Tru\u0323 so\u031b',
  'Đ',
  '🏛️ nhà văn hoá',
  '𠀀𠀁',
  '\u200b',
  "'; DROP TABLE asset; --",
  '<script>alert(1)</script>',
  '=HYPERLINK("x")',
  '\\',
  '%00',
  '\uFEFF',
  '\uFFFF',
  'a\tb\r\nc',
  ' ',
];
const CONTROL_CHARS = ['\u0000', '\u0001', '\u0007', '\u0008', '\u000b', '\u000c', '\u001b', '\u001f', '\u007f'];
const LONE_SURROGATES = ['\ud800', '\udbff', '\udc00', '\udfff', '\udc00\ud800'];
const EDGE_NUMBERS = [
  1e21, -1e21, 1e308, -1e308, 1e-7, -1e-7, 5e-324, 1.5e-10, 9007199254740993, 9007199254740992, 2147483648, -2147483649, 32768, -1, 0, -0, 0.001, 1.005,
  123456789012.345, 1e15, 99999999999999.99,
];
const BAD_DATES = [
  '0000-01-01',
  '0001-01-01',
  '1899-12-31',
  '2101-01-01',
  '9999-12-31',
  '2025-02-30',
  '2025-02-29',
  '2025-13-01',
  '2025-00-10',
  '2025-1-1',
  '20250101',
  '2025-07-01T00:00:00Z',
  '01/07/2025',
  '',
  '+002025-01-01',
  '-002025-01-01',
];
const BAD_INSTANTS = [
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '2025-02-30T00:00:00Z',
  '2025-01-01T24:00:00Z',
  '2025-01-01T00:60:00Z',
  '2025-01-01T00:00:60Z',
  '2025-01-01T00:00:00+99:00',
  '2025-01-01',
  'now',
  '1e21',
  '2025-01-01T00:00:00.1234567890Z',
  '+275760-09-13T00:00:00Z',
];
const BAD_UUIDS = [
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
  '123',
  '',
  '8f2c2d4e-2b7a-4f41-9b5e-0d1f4a0b9c1',
  '8f2c2d4e-2b7a-4f41-9b5e-0d1f4a0b9c1xx',
  '{8f2c2d4e-2b7a-4f41-9b5e-0d1f4a0b9c1a}',
];
/** Path segments, already percent-encoded. */
const BAD_PATH_SEGMENTS = [
  '%00',
  '%ff',
  '%ED%A0%80',
  '%C0%AF',
  'x'.repeat(300),
  '-1',
  '0',
  '1e21',
  '9007199254740993',
  '%2e%2e',
  '..',
  'null',
  'undefined',
  '%20',
  '00000000-0000-0000-0000-000000000000',
  '%F0%9F%8F%9B',
  '0x10',
  '%C4%91',
  "'%3B--",
  '%0A',
  '%09',
  'a%2Fb',
  '%25',
];
/** Query values, already percent-encoded. */
const BAD_QUERY_VALUES = [
  '1e21',
  '-1',
  '0',
  '9007199254740993',
  '1.5',
  '0x10',
  'NaN',
  'Infinity',
  '%00',
  '%1b',
  '%7f',
  '%ED%A0%80',
  '%ff',
  '',
  '%20',
  'x'.repeat(3000),
  'true',
  'false',
  'TRUE',
  '0000-01-01',
  '2025-02-30',
  '00000000-0000-0000-0000-000000000000',
  '%C4%91',
  '%E2%80%8B',
  '[]',
  '{}',
  'null',
  '*',
  '%25',
];
/** Header values a client can send (Latin-1, no CR/LF/NUL), each odd in its own way. */
const BAD_IF_MATCH = ['', '*', 'W/"1"', '"abc"', '"0"', '"-1"', '"99999999999999999999"', '"1", "2"', 'x'.repeat(8000), '\u00e9', '"1', '1', 'W/', '"\u00e9"'];
const BAD_IDEMPOTENCY_KEYS = [' ', 'x'.repeat(201), 'x'.repeat(8000), 'cl\u00e9', 'a b', '\t', 'k'];
const BAD_ACCEPT_LANGUAGE = ['x'.repeat(8000), '*;q=abc', 'vi-VN-x-'.repeat(500), '\u00e9', ',,,;;;', 'vi;q=1e21'];
const BAD_AUTHORIZATION = [
  'Bearer',
  'Bearer ',
  'Bearer x',
  'Basic YWRtaW46YWRtaW4=',
  'Bearer ' + 'a'.repeat(8000),
  'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.',
  'Bearer a.b.c',
  'Bearer \u00e9\u00e9',
  'Bearer a b',
  'bearer',
];
const BAD_CONTENT_TYPES = [
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=',
  'application/json; charset=utf-16',
  'application/json; charset=latin-9',
  'application/octet-stream',
  '*/*',
  'application/json;;;',
  'x'.repeat(2000),
];

// ---------------------------------------------------------------------------------------------------
// Values from schemas

interface Gen {
  rng: Rng;
  doc: OpenApiDoc;
  fixtures: FuzzFixtures;
  /** Unique suffixes for codes and names that must not repeat. */
  unique: () => string;
}

/** A schema with its $ref and single allOf resolved (nullable and description kept from the outer one). */
export function resolve(doc: OpenApiDoc, s: Schema | undefined): Schema {
  let schema = s ?? {};
  for (let i = 0; i < 10; i++) {
    if (schema.$ref) {
      const name = schema.$ref.split('/').pop()!;
      schema = { ...(doc.components?.schemas?.[name] ?? {}), nullable: schema.nullable ?? doc.components?.schemas?.[name]?.nullable };
    } else if (schema.allOf?.length === 1) {
      const { allOf, ...outer } = schema;
      schema = { ...resolve(doc, allOf[0]), ...Object.fromEntries(Object.entries(outer).filter(([k]) => k !== 'type')) };
    } else break;
  }
  return schema;
}

const UNIQUE_NAMES = new Set(['code', 'number', 'username', 'ref']);

/** A valid-looking value for property `name` of schema `s`. */
function valueFor(g: Gen, name: string, s0: Schema | undefined, depth = 0): unknown {
  const { rng } = g;
  const s = resolve(g.doc, s0);
  const known = g.fixtures.values[name];
  if (known?.length && rng.chance(0.9)) return structuredClone(rng.pick(known));
  if (s.enum?.length) return rng.pick(s.enum);
  if (s.type === 'array') {
    const n = rng.int(1, Math.min(2, s.maxItems ?? 2));
    const items = Array.from({ length: n }, () => valueFor(g, name.replace(/s$/, ''), s.items, depth + 1));
    return [...new Map(items.map((v) => [JSON.stringify(v), v])).values()];
  }
  if (s.type === 'object' || s.properties) return depth > 4 ? {} : objectFor(g, s, depth + 1);
  if (s.type === 'boolean') return rng.chance(0.5);
  if (s.type === 'number' || s.type === 'integer') {
    if (typeof s.example === 'number' && rng.chance(0.7)) return s.example;
    const lo = s.minimum ?? 0;
    const hi = Math.min(s.maximum ?? 1000, lo + 1000);
    return /area|latitude|longitude/i.test(name) ? Math.round((lo + rng.next() * (hi - lo)) * 100) / 100 : rng.int(Math.ceil(lo), Math.floor(hi));
  }
  if (s.format === 'uuid') return randomUuid(rng);
  if (s.format === 'date') return typeof s.example === 'string' && rng.chance(0.5) ? s.example : randomDate(rng);
  if (s.format === 'date-time') return randomInstant(rng);
  if (s.format === 'binary') return 'file';
  if (typeof s.example === 'string') return UNIQUE_NAMES.has(name) ? `${s.example}.${g.unique()}`.slice(0, Math.max(s.maxLength ?? 40, 2)) : s.example;
  if (UNIQUE_NAMES.has(name)) return `fuzz.${g.unique()}`;
  const text = rng.pick(['Kiểm tra', 'Ghi chú của đoàn kiểm tra', 'Lý do: cấp huyện kết thúc hoạt động', 'x']);
  return s.minLength && text.length < s.minLength ? text.padEnd(s.minLength, 'x') : text;
}

function objectFor(g: Gen, s: Schema, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const required = new Set(s.required ?? []);
  for (const [name, prop] of Object.entries(s.properties ?? {})) {
    if (!required.has(name) && !g.rng.chance(0.4)) continue;
    const p = resolve(g.doc, prop);
    out[name] = p.nullable && g.rng.chance(0.1) ? null : valueFor(g, name, prop, depth);
  }
  return out;
}

/** Every string, number or other leaf of a JSON value, with a setter (path as key list). */
function leaves(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (value !== null && typeof value === 'object') {
    const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value as Record<string, unknown>);
    const inner = entries.flatMap(([k, v]) => leaves(v, [...path, k]));
    return path.length ? [path, ...inner] : inner;
  }
  return path.length ? [path] : [];
}

function setAt(root: unknown, path: (string | number)[], v: unknown): void {
  let cur = root as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
  cur[path[path.length - 1]] = v;
}

function getAt(root: unknown, path: (string | number)[]): unknown {
  let cur = root as Record<string | number, unknown> | undefined;
  for (const k of path) cur = cur?.[k] as Record<string | number, unknown> | undefined;
  return cur;
}

function deleteAt(root: unknown, path: (string | number)[]): void {
  const parent = getAt(root, path.slice(0, -1));
  if (Array.isArray(parent)) parent.splice(path[path.length - 1] as number, 1);
  else if (parent && typeof parent === 'object') delete (parent as Record<string | number, unknown>)[path[path.length - 1]];
}

const wrongTypeOf = (rng: Rng, v: unknown): unknown => {
  const candidates: unknown[] = [123, -1, 1.5, true, false, 'text', '', [], [1, 'a'], {}, { a: 1 }, '123', 'true', 'null'];
  return rng.pick(candidates.filter((c) => typeof c !== typeof v || Array.isArray(c) !== Array.isArray(v)));
};

/** `{"a":[[[…]]]}` `depth` levels deep, as text (JSON.stringify would recurse). */
export const deepJson = (depth: number): string => `{"a":${'['.repeat(depth - 1)}1${']'.repeat(depth - 1)}}`;

// ---------------------------------------------------------------------------------------------------
// Multipart

export type Part = { name: string; value: string } | { name: string; filename: string; contentType: string; data: Buffer };

export function multipartBody(parts: Part[], boundary: string): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    if ('value' in p) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`, 'utf8'));
    else {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: ${p.contentType}\r\n\r\n`,
          'utf8',
        ),
        p.data,
        Buffer.from('\r\n'),
      );
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

const SMALL_PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const FILE_SAMPLES: { filename: string; contentType: string; data: Buffer }[] = [
  { filename: 'quyet-dinh.pdf', contentType: 'application/pdf', data: SMALL_PDF },
  { filename: 'units.csv', contentType: 'text/csv', data: Buffer.from('code,name\n08,Tuyên Quang\n') },
  {
    filename: 'tai-san.csv',
    contentType: 'text/csv',
    data: Buffer.from('\uFEFFcode,name,category,current_unit,custodian_code\n08.X.1,Trụ sở,headquarters,00691,NOPE\n'),
  },
  { filename: 'x.xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', data: Buffer.from('PK\u0003\u0004not really a zip') },
  { filename: 'empty.pdf', contentType: 'application/pdf', data: Buffer.alloc(0) },
  { filename: 'ảnh.jpg', contentType: 'image/jpeg', data: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]) },
  { filename: 'x.exe', contentType: 'application/x-msdownload', data: Buffer.from('MZ') },
  { filename: 'a\u0001b.pdf', contentType: 'application/pdf', data: SMALL_PDF },
  { filename: `${'n'.repeat(400)}.pdf`, contentType: 'application/pdf', data: SMALL_PDF },
  { filename: 'noext', contentType: 'application/octet-stream', data: SMALL_PDF },
];

function multipartParts(g: Gen, s: Schema): Part[] {
  const fields: Part[] = [];
  const files: Part[] = [];
  const required = new Set(s.required ?? []);
  for (const [name, prop] of Object.entries(s.properties ?? {})) {
    const p = resolve(g.doc, prop);
    if (p.format === 'binary') {
      const sample = g.rng.pick(FILE_SAMPLES);
      files.push({ name, ...sample, filename: name === 'file' ? sample.filename : `${name}.csv` });
    } else if (required.has(name) || g.rng.chance(0.5)) {
      const v = valueFor(g, name, prop);
      fields.push({ name, value: typeof v === 'string' ? v : JSON.stringify(v) });
    }
  }
  return [...fields, ...files];
}

// ---------------------------------------------------------------------------------------------------
// Generation

export interface GenerateOptions {
  seed: number;
  /** Requests per operation (spread over the roles). */
  perOperation: number;
  roles: string[];
  fixtures: FuzzFixtures;
  /** Operations to leave out (by operationId). */
  skip?: string[];
}

type Mutator = (g: Gen, op: FuzzOperation, r: FuzzRequest) => string | null;

const stringLeaves = (v: unknown) => leaves(v).filter((p) => typeof getAt(v, p) === 'string');

/** Each mutation changes one thing of a valid-looking request and says what (null: not applicable). */
const JSON_MUTATIONS: Record<string, Mutator> = {
  'drop-required': (g, op, r) => {
    const body = (r.body as { value: unknown }).value as Record<string, unknown>;
    const req = resolve(g.doc, op.body!.schema).required ?? [];
    if (!req.length) return null;
    const name = g.rng.pick(req);
    delete body[name];
    return `without required ${name}`;
  },
  'extra-field': (g, _op, r) => {
    const body = (r.body as { value: unknown }).value as Record<string, unknown>;
    const name = g.rng.pick(['extra', 'id', 'status', 'version', 'createdAt', 'constructor', 'toString', 'provinceCode', 'isAdmin', 'role']);
    body[name] = g.rng.pick([1, 'x', null, { a: 1 }, true]);
    return `with an extra field ${name}`;
  },
  'wrong-type': (g, _op, r) => {
    const v = (r.body as { value: unknown }).value;
    const all = leaves(v);
    if (!all.length) return null;
    const path = g.rng.pick(all);
    setAt(v, path, wrongTypeOf(g.rng, getAt(v, path)));
    return `wrong type at ${path.join('.')}`;
  },
  'null-field': (g, _op, r) => {
    const v = (r.body as { value: unknown }).value;
    const all = leaves(v);
    if (!all.length) return null;
    const path = g.rng.pick(all);
    setAt(v, path, null);
    return `null at ${path.join('.')}`;
  },
  'edge-number': (g, _op, r) => {
    const v = (r.body as { value: unknown }).value;
    const nums = leaves(v).filter((p) => typeof getAt(v, p) === 'number');
    const all = nums.length ? nums : leaves(v);
    if (!all.length) return null;
    const path = g.rng.pick(all);
    const n = g.rng.pick(EDGE_NUMBERS);
    setAt(v, path, n);
    return `number ${n} at ${path.join('.')}`;
  },
  'control-char': (g, _op, r) => {
    const v = (r.body as { value: unknown }).value;
    const all = stringLeaves(v);
    if (!all.length) return null;
    const path = g.rng.pick(all);
    const c = g.rng.pick(CONTROL_CHARS);
    const s = getAt(v, path) as string;
    setAt(v, path, g.rng.chance(0.5) ? s + c : c + s);
    return `control U+${c.charCodeAt(0).toString(16).padStart(4, '0')} at ${path.join('.')}`;
  },
  'lone-surrogate': (g, _op, r) => {
    const v = (r.body as { value: unknown }).value;
    const all = stringLeaves(v);
    if (!all.length) return null;
    const path = g.rng.pick(all);
    setAt(v, path, `${getAt(v, path) as string}${g.rng.pick(LONE_SURROGATES)}`);
    return `lone surrogate at ${path.join('.')}`;
  },
  'control-key': (g, _op, r) => {
    const body = (r.body as { value: unknown }).value as Record<string, unknown>;
    body[`na${g.rng.pick([...CONTROL_CHARS, ...LONE_SURROGATES])}me`] = 'x';
    return 'a control character in a key';
  },
  'long-string': (g, _op, r) => {
    const v = (r.body as { value: unknown }).value;
    const all = stringLeaves(v);
    if (!all.length) return null;
    const path = g.rng.pick(all);
    const n = g.rng.pick([301, 2001, 4001, 100_000]);
    setAt(v, path, g.rng.pick(['x', 'ắ', '🏛', 'a\u0301']).repeat(n));
    return `${n} repeated characters at ${path.join('.')}`;
  },
  'odd-text': (g, _op, r) => {
    const v = (r.body as { value: unknown }).value;
    const all = stringLeaves(v);
    if (!all.length) return null;
    const path = g.rng.pick(all);
    setAt(v, path, g.rng.pick(ODD_TEXT));
    return `odd text at ${path.join('.')}`;
  },
  'bad-date': (g, op, r) => {
    const v = (r.body as { value: unknown }).value;
    const dated = leaves(v).filter((p) => /date|since|start|end|on$|^from$|^to$|at$|asOf|knownAt|deadline|valid/i.test(String(p[p.length - 1])));
    const props = Object.entries(resolve(g.doc, op.body!.schema).properties ?? {}).filter(([, s]) => /date/.test(resolve(g.doc, s).format ?? ''));
    const path = dated.length ? g.rng.pick(dated) : props.length ? [g.rng.pick(props)[0]] : null;
    if (!path) return null;
    const bad = g.rng.pick([...BAD_DATES, ...BAD_INSTANTS]);
    setAt(v, path, bad);
    return `date ${bad} at ${path.join('.')}`;
  },
  'bad-uuid': (g, _op, r) => {
    const v = (r.body as { value: unknown }).value;
    const ids = leaves(v).filter((p) => typeof getAt(v, p) === 'string' && UUID_RE.test(getAt(v, p) as string));
    if (!ids.length) return null;
    const path = g.rng.pick(ids);
    const bad = g.rng.chance(0.3) ? randomUuid(g.rng) : g.rng.pick(BAD_UUIDS);
    setAt(v, path, bad);
    return `uuid ${bad} at ${path.join('.')}`;
  },
  'huge-array': (g, _op, r) => {
    const v = (r.body as { value: unknown }).value;
    const arrays = leaves(v).filter((p) => Array.isArray(getAt(v, p)));
    const path = arrays.length ? g.rng.pick(arrays) : [g.rng.pick(['clauseIds', 'formats', 'evidenceDocumentIds', 'authorisedActionTypes', 'items'])];
    setAt(
      v,
      path,
      Array.from({ length: g.rng.pick([21, 1000, 10_000]) }, (_, i) => (g.rng.chance(0.5) ? i : randomUuid(g.rng))),
    );
    return `a huge array at ${path.join('.')}`;
  },
  'drop-field': (g, _op, r) => {
    const v = (r.body as { value: unknown }).value;
    const all = leaves(v);
    if (!all.length) return null;
    const path = g.rng.pick(all);
    deleteAt(v, path);
    return `without ${path.join('.')}`;
  },
  'deep-nesting': (g, _op, r) => {
    const depth = g.rng.pick([33, 100, 1000, 10_000, 100_000]);
    r.body = g.rng.chance(0.5)
      ? { kind: 'raw', contentType: 'application/json', data: deepJson(depth) }
      : { kind: 'raw', contentType: 'application/json', data: `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` };
    return `JSON ${depth} levels deep`;
  },
  'not-an-object': (g, _op, r) => {
    const data = g.rng.pick(['[]', '[{}]', '"x"', '1', '1e400', 'null', 'true', '""', '[' + '1,'.repeat(1000) + '1]']);
    r.body = { kind: 'raw', contentType: 'application/json', data };
    return `body ${data.slice(0, 20)}`;
  },
  'invalid-json': (g, _op, r) => {
    const data = g.rng.pick([
      '{',
      '{"a":}',
      '{"a":1,}',
      "{'a':1}",
      '\u0000',
      '{"a":"\u0000"}',
      '{"a":NaN}',
      '{"a":01}',
      '\uFEFF{}',
      '{"__proto__":{"admin":true}}',
      '{"constructor":{"prototype":{"admin":true}}}',
      '{"a":"\\ud800"}',
      '{"a":1}{"b":2}',
      '',
    ]);
    r.body = { kind: 'raw', contentType: 'application/json', data };
    return `raw body ${JSON.stringify(data.slice(0, 30))}`;
  },
  'content-type': (g, _op, r) => {
    const ct = g.rng.pick(BAD_CONTENT_TYPES);
    const value = (r.body as { value: unknown } | undefined)?.value ?? {};
    r.body = { kind: 'raw', contentType: ct, data: g.rng.chance(0.5) ? JSON.stringify(value) : 'a=1&b=2' };
    return `Content-Type ${ct.slice(0, 40)}`;
  },
};

const MULTIPART_MUTATIONS: Record<string, (g: Gen, parts: Part[]) => { body: FuzzBody; what: string } | null> = {
  valid: (g, parts) => {
    const b = `----fuzz${g.unique()}`;
    return { body: { kind: 'raw', contentType: `multipart/form-data; boundary=${b}`, data: multipartBody(parts, b) }, what: 'a well-formed form' };
  },
  'no-boundary': (g, parts) => ({
    body: {
      kind: 'raw',
      contentType: g.rng.pick([
        'multipart/form-data',
        'multipart/form-data; boundary=',
        'multipart/form-data; charset=utf-8',
        `multipart/form-data; boundary=${'b'.repeat(71)}`,
        'multipart/form-data; boundary="unterminated',
        'multipart/mixed',
      ]),
      data: multipartBody(parts, 'x'),
    },
    what: 'no usable boundary',
  }),
  'wrong-boundary': (_g, parts) => ({
    body: { kind: 'raw', contentType: 'multipart/form-data; boundary=other', data: multipartBody(parts, 'x') },
    what: 'a boundary the body does not use',
  }),
  truncated: (g, parts) => {
    const data = multipartBody(parts, 'cut');
    return {
      body: { kind: 'raw', contentType: 'multipart/form-data; boundary=cut', data: data.subarray(0, g.rng.int(0, data.length - 1)) },
      what: 'cut short',
    };
  },
  'control-field': (g, parts) => {
    const fields = parts.filter((p) => 'value' in p) as { name: string; value: string }[];
    const extra = { name: g.rng.pick(['note', 'kind', 'assetId', 'x\u0000y']), value: `a${g.rng.pick([...CONTROL_CHARS, ...LONE_SURROGATES])}b` };
    const target = fields.length && g.rng.chance(0.5) ? g.rng.pick(fields) : null;
    if (target) target.value += g.rng.pick(CONTROL_CHARS);
    const all = target ? parts : [extra, ...parts];
    return {
      body: { kind: 'raw', contentType: 'multipart/form-data; boundary=ctl', data: multipartBody(all, 'ctl') },
      what: `a control character in the field ${target?.name ?? extra.name}`,
    };
  },
  'field-after-file': (g, parts) => ({
    body: { kind: 'raw', contentType: 'multipart/form-data; boundary=late', data: multipartBody([...parts, { name: 'note', value: 'late' }], 'late') },
    what: 'a field after the file',
  }),
  'many-parts': (g, parts) => {
    const many: Part[] = Array.from({ length: g.rng.pick([21, 30, 200]) }, (_, i) => ({ name: `f${i}`, value: 'x' }));
    return {
      body: { kind: 'raw', contentType: 'multipart/form-data; boundary=many', data: multipartBody([...many, ...parts], 'many') },
      what: 'too many parts',
    };
  },
  garbage: (g) => ({
    body: {
      kind: 'raw',
      contentType: 'multipart/form-data; boundary=zz',
      data: g.rng.pick([
        '--zz\r\nno headers here\r\n\r\nx\r\n--zz--\r\n',
        '--zz\r\nContent-Disposition: form-data\r\n\r\nx\r\n--zz--\r\n',
        '--zz--',
        'not multipart at all',
        '\u0000\u0001\u0002',
        '--zz\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF',
      ]),
    },
    what: 'a malformed form',
  }),
  json: (_g) => ({ body: { kind: 'raw', contentType: 'application/json', data: '{"kind":"decision"}' }, what: 'JSON instead of a form' }),
};

/** Valid values for a query parameter. */
function queryValue(g: Gen, p: Parameter): string {
  const v = valueFor(g, p.name, p.schema);
  return encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v));
}

/**
 * The requests of one run, made as they are taken: `perOperation` rounds, each one request per
 * operation (so a run cut short by time has still covered every operation), the roles taken in turn;
 * each request valid-looking (about one in eight) or one mutation of one.
 */
export function* requestStream(doc: OpenApiDoc, opts: GenerateOptions): Generator<FuzzRequest> {
  const rng = seededRng(opts.seed);
  let n = 0;
  const g: Gen = { rng, doc, fixtures: opts.fixtures, unique: () => `${opts.seed.toString(36)}${(++n).toString(36)}` };
  const ops = operationsOf(doc).filter((o) => !opts.skip?.includes(o.id));
  let seq = 0;
  for (let round = 0; round < opts.perOperation; round++) {
    for (let i = 0; i < ops.length; i++) {
      yield oneRequest(g, ops[i], opts.roles[(round + i) % opts.roles.length], seq++);
    }
  }
}

/** requestStream, all at once. */
export const generateRequests = (doc: OpenApiDoc, opts: GenerateOptions): FuzzRequest[] => [...requestStream(doc, opts)];

function oneRequest(g: Gen, op: FuzzOperation, role: string, seq: number): FuzzRequest {
  const { rng } = g;
  const samples = g.fixtures.pathParams(op.template);
  const sample = samples.length ? rng.pick(samples) : {};
  const params: Record<string, string> = {};
  for (const p of op.pathParams)
    params[p.name] = sample[p.name] ?? (resolve(g.doc, p.schema).enum ? String(rng.pick(resolve(g.doc, p.schema).enum!)) : randomUuid(rng));
  const query: [string, string][] = op.query.filter((p) => p.required || rng.chance(0.3)).map((p) => [p.name, queryValue(g, p)]);
  const headers: Record<string, string> = {};
  if (op.headers.some((h) => h.name.toLowerCase() === 'if-match')) headers['If-Match'] = `"${rng.int(1, 3)}"`;
  if (op.headers.some((h) => h.name.toLowerCase() === 'idempotency-key') && rng.chance(0.3)) headers['Idempotency-Key'] = `fuzz-${g.unique()}`;
  const r: FuzzRequest = { seq, op: op.id, role, method: op.method, path: '', query, headers, mutation: 'valid' };
  let parts: Part[] | undefined;
  if (op.body?.kind === 'json') r.body = { kind: 'json', value: objectFor(g, resolve(g.doc, op.body.schema)) };
  if (op.body?.kind === 'multipart') parts = multipartParts(g, resolve(g.doc, op.body.schema));

  // Which kind of mutation: of the body, the path, the query or the headers (or none).
  const kinds: string[] = ['valid', 'header'];
  if (op.body) kinds.push('body', 'body', 'body', 'body');
  if (op.pathParams.length) kinds.push('path', 'path');
  if (op.query.length) kinds.push('query', 'query');
  if (!op.body && ['POST', 'PUT', 'PATCH'].includes(op.method)) kinds.push('unexpected-body');
  const kind = rng.pick(kinds);

  if (parts) {
    const name = kind === 'body' ? rng.pick(Object.keys(MULTIPART_MUTATIONS).filter((k) => k !== 'valid')) : 'valid';
    const m = MULTIPART_MUTATIONS[name](g, parts)!;
    r.body = m.body;
    if (kind === 'body') r.mutation = `multipart: ${m.what}`;
  } else if (kind === 'body' && r.body) {
    const names = Object.keys(JSON_MUTATIONS);
    for (let tries = 0; tries < 5; tries++) {
      const what = JSON_MUTATIONS[rng.pick(names)](g, op, r);
      if (what) {
        r.mutation = what;
        break;
      }
    }
  }
  if (kind === 'path') {
    const p = rng.pick(op.pathParams);
    params[p.name] = rng.chance(0.25) ? randomUuid(rng) : rng.pick(BAD_PATH_SEGMENTS);
    r.mutation = `path ${p.name}=${params[p.name].slice(0, 40)}`;
  }
  if (kind === 'query') {
    const p = rng.pick(op.query);
    const roll = rng.next();
    const others = r.query.filter(([k]) => k !== p.name);
    if (roll < 0.7) {
      const v = rng.pick(BAD_QUERY_VALUES);
      r.query = [...others, [p.name, v]];
      r.mutation = `query ${p.name}=${v.slice(0, 40)}`;
    } else if (roll < 0.85) {
      r.query = [...others, [p.name, queryValue(g, p)], [p.name, queryValue(g, p)]];
      r.mutation = `query ${p.name} twice`;
    } else {
      r.query = [...r.query, [rng.pick(['unknown', '__proto__', 'constructor', 'q[]', 'a%00b', 'limit[x]']), '1']];
      r.mutation = 'an unknown query parameter';
    }
  }
  if (kind === 'header') {
    const which = rng.pick([
      'If-Match',
      'Idempotency-Key',
      'Accept-Language',
      'Authorization',
      'X-Request-Id',
      'Accept',
      'Accept-Encoding',
      'Range',
      'If-None-Match',
      'Origin',
      'Content-Encoding',
    ]);
    const value =
      which === 'If-Match'
        ? rng.pick(BAD_IF_MATCH)
        : which === 'Idempotency-Key'
          ? rng.pick(BAD_IDEMPOTENCY_KEYS)
          : which === 'Accept-Language'
            ? rng.pick(BAD_ACCEPT_LANGUAGE)
            : which === 'Authorization'
              ? rng.pick(BAD_AUTHORIZATION)
              : which === 'X-Request-Id'
                ? rng.pick(['x'.repeat(5000), '\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9', 'a b c d e f g h', '../../../etc'])
                : which === 'Accept'
                  ? rng.pick(['application/xml', 'text/csv;q=abc', '*/*;q=1e21', 'x'.repeat(4000)])
                  : which === 'Accept-Encoding'
                    ? rng.pick(['gzip;q=abc', 'x'.repeat(4000), 'br, deflate, gzip, *'])
                    : which === 'Range'
                      ? rng.pick(['bytes=0-0', 'bytes=999999999-', 'bytes=-1', 'lines=1-2', 'bytes=1-0'])
                      : which === 'If-None-Match'
                        ? rng.pick(['*', '"x"', 'x'.repeat(5000), 'W/"1", "2"'])
                        : which === 'Origin'
                          ? rng.pick(['https://evil.example', 'null', 'x'.repeat(3000)])
                          : rng.pick(['gzip', 'br', 'x']);
    headers[which] = value;
    r.mutation = `header ${which}: ${value.slice(0, 40)}${value.length > 40 ? `… (${value.length})` : ''}`;
  }
  if (kind === 'unexpected-body') {
    r.body = rng.chance(0.5)
      ? { kind: 'json', value: { unexpected: rng.pick([1, 'x', null]) } }
      : { kind: 'raw', contentType: rng.pick(BAD_CONTENT_TYPES), data: 'x=1' };
    r.mutation = 'a body where none is expected';
  }
  r.path = op.template.replace(/\{([^}]+)\}/g, (_m, name: string) => params[name]);
  return r;
}

// ---------------------------------------------------------------------------------------------------
// Checking an answer

export interface FuzzResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string | string[] | undefined>;
  /** The raw body text (or a note when it could not be read). */
  text: string;
  /** A transport error: the connection was dropped or the body could not be read. */
  error?: string;
}

/** What is wrong with an answer (null when it is fine): a 5xx, a dropped connection, an error that is not a problem. */
export function checkResponse(res: FuzzResponse): string | null {
  if (res.error) return `transport error: ${res.error}`;
  if (res.status >= 500) return `status ${res.status}`;
  if (res.status < 400) return null;
  const ct = String(res.headers['content-type'] ?? '');
  if (!ct.startsWith('application/problem+json')) return `status ${res.status} with Content-Type ${ct || '(none)'}`;
  let body: { type?: unknown; title?: unknown; status?: unknown };
  try {
    body = JSON.parse(res.text) as typeof body;
  } catch {
    return `status ${res.status}: the problem is not JSON`;
  }
  if (typeof body.type !== 'string' || typeof body.title !== 'string' || body.status !== res.status)
    return `status ${res.status}: the problem lacks type/title/status`;
  return null;
}

/** One line that says what was sent (for the failure report), truncated. */
export function describeRequest(r: FuzzRequest): string {
  const body = !r.body
    ? ''
    : r.body.kind === 'json'
      ? ` ${truncate(safeJson(r.body.value), 300)}`
      : ` [${r.body.contentType ?? 'no content type'}] ${truncate(typeof r.body.data === 'string' ? JSON.stringify(r.body.data) : `${r.body.data.length} bytes`, 300)}`;
  const headers = Object.keys(r.headers).length ? ` headers ${truncate(JSON.stringify(r.headers), 200)}` : '';
  return `#${r.seq} ${r.role} ${r.method} ${truncate(urlOf(r), 300)} — ${r.mutation}${headers}${body}`;
}

const truncate = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);
const safeJson = (v: unknown) => {
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
};

// ---------------------------------------------------------------------------------------------------
// Fixtures: real records to aim at, made through the API itself

export interface CallRequest {
  method: string;
  path: string;
  token?: string | null;
  json?: unknown;
  raw?: { contentType: string; data: Buffer };
}
export type Call = (req: CallRequest) => Promise<{ status: number; body: unknown }>;

export interface FuzzSetup {
  tokens: RoleTokens;
  fixtures: FuzzFixtures;
}

/**
 * Creates, through the API, the records the fuzzer aims at in province 08 (Tuyên Quang, whose units the
 * built-in small set and the national dataset both have): users of each role, an agency, assets (one
 * surplus), a directive and clause, an action, a plan and a plan update, an inspection and a finding,
 * a document, a report schedule and a report snapshot. Needs an admin token; `suffix` keeps the
 * codes of one run apart from another's.
 */
export async function setupFixtures(call: Call, adminToken: string, suffix: string, password = 'fuzz-password-1234'): Promise<FuzzSetup> {
  const must = async (what: string, req: CallRequest, ok = [200, 201]): Promise<Record<string, unknown>> => {
    const res = await call(req);
    if (!ok.includes(res.status)) throw new Error(`fuzz setup: ${what} answered ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
    return res.body as Record<string, unknown>;
  };
  const admin = adminToken;
  const user = async (role: string, provinceCode: string | null, name = role) => {
    const username = `fuzz.${name}.${suffix}`.toLowerCase();
    const created = await must(`create ${role}`, {
      method: 'POST',
      path: '/api/v1/users',
      token: admin,
      json: { username, displayName: `Fuzz ${role}`, password, role, provinceCode },
    });
    const login = await must(`sign in ${role}`, { method: 'POST', path: '/api/v1/auth/login', json: { username, password } });
    return { id: created.id as string, token: login.accessToken as string };
  };
  const officer = await user('officer', '08');
  const inspector = await user('inspector', null);
  const viewer = await user('viewer', null);
  const target = await user('viewer', '08', 'target'); // the user the fuzzer may change (PATCH /users/{id})
  const commune = { era: 'new', level: 'commune', code: '00691' };
  const agency = await must('create agency', {
    method: 'POST',
    path: '/api/v1/agencies',
    token: officer.token,
    json: { code: `08.FUZZ.${suffix}`, name: 'UBND phường Hà Giang 2', kind: 'peoples_committee', unit: commune },
  });
  const receiver = await must('create agency', {
    method: 'POST',
    path: '/api/v1/agencies',
    token: officer.token,
    json: { code: `08.FUZZ.R.${suffix}`, name: 'Trung tâm Y tế', kind: 'public_service_unit', unit: { ...commune, code: '00694' } },
  });
  const asset = async (n: number) =>
    must('create asset', {
      method: 'POST',
      path: '/api/v1/assets',
      token: officer.token,
      json: {
        code: `08.FUZZ.${suffix}.${n}`,
        name: 'Trụ sở UBND thành phố Hà Giang (cũ)',
        category: 'headquarters',
        currentUnit: commune,
        originUnit: { era: 'old', level: 'district', code: '024' },
        custodianId: agency.id,
        latitude: 22.8233,
        longitude: 104.9836,
        landArea: 5230.5,
        originalCost: 35_000_000_000,
        landUseCategory: 'TSC',
      },
    });
  const assets = [await asset(1), await asset(2), await asset(3)];
  for (const a of assets.slice(0, 2))
    await must('declare surplus', {
      method: 'POST',
      path: `/api/v1/assets/${a.id as string}/surplus`,
      token: officer.token,
      json: { since: '2025-07-01', reason: 'Cấp huyện kết thúc hoạt động' },
    });
  const directive = await must('create directive', {
    method: 'POST',
    path: '/api/v1/directives',
    token: admin,
    json: {
      number: `FUZZ-${suffix}/QĐ`,
      kind: 'decision',
      issuer: 'Thủ tướng Chính phủ',
      issuedOn: '2025-07-01',
      title: 'Quyết định thử',
      validFrom: '2025-07-01',
    },
  });
  const clause = await must('create clause', {
    method: 'POST',
    path: `/api/v1/directives/${directive.id as string}/clauses`,
    token: admin,
    json: {
      ref: '1',
      summary: 'Điều khoản thử',
      deadline: '2030-12-31',
      authorisedActionTypes: ['retention', 'reallocation', 'disposal', 'renovation', 'repurposing'],
    },
  });
  const action = await must('create action', {
    method: 'POST',
    path: '/api/v1/actions',
    token: officer.token,
    json: { assetId: assets[0].id, type: 'reallocation', method: 'transfer', clauseIds: [clause.id], receivingAgencyId: receiver.id },
  });
  const plan = await must('create plan', {
    method: 'POST',
    path: '/api/v1/land-use-plans',
    token: officer.token,
    json: { unit: commune, kind: 'land_use', title: 'Quy hoạch thử', periodStart: 2021, periodEnd: 2030 },
  });
  const planUpdate = await must('create plan update', {
    method: 'POST',
    path: `/api/v1/land-use-plans/${plan.id as string}/updates`,
    token: officer.token,
    json: { assetId: assets[1].id, toCategory: 'DGD', area: 100 },
  });
  const inspection = await must('create inspection', {
    method: 'POST',
    path: '/api/v1/inspections',
    token: admin,
    json: { title: 'Kiểm tra thử', subjectType: 'asset', assetId: assets[0].id, plannedStart: '2025-08-01' },
  });
  const finding = await must('create finding', {
    method: 'POST',
    path: `/api/v1/inspections/${inspection.id as string}/findings`,
    token: admin,
    json: { category: 'other', severity: 'minor', description: 'Phát hiện thử' },
  });
  const boundary = `----fuzzsetup${suffix}`;
  const document = await must('upload document', {
    method: 'POST',
    path: '/api/v1/documents',
    token: officer.token,
    raw: {
      contentType: `multipart/form-data; boundary=${boundary}`,
      data: multipartBody(
        [
          { name: 'kind', value: 'decision' },
          { name: 'assetId', value: assets[0].id as string },
          { name: 'file', filename: 'quyet-dinh.pdf', contentType: 'application/pdf', data: SMALL_PDF },
        ],
        boundary,
      ),
    },
  });
  const schedule = await must('create schedule', {
    method: 'POST',
    path: '/api/v1/reports/schedules',
    token: admin,
    json: { scope: 'province', province: '08', period: 'weekly', weekday: 1, time: '08:30', formats: ['json'] },
  });
  const report = await must(
    'create report',
    {
      method: 'POST',
      path: '/api/v1/reports',
      token: officer.token,
      json: { scope: 'province', province: '08', asOf: '2025-11-30', formats: ['json', 'csv'] },
    },
    [201, 202],
  );
  const job = await must(
    'create report job',
    { method: 'POST', path: '/api/v1/reports', token: admin, json: { scope: 'national', formats: ['pdf'] } },
    [201, 202],
  );
  const isJob = (b: Record<string, unknown>) => 'percent' in b;
  const reportId = isJob(report) ? null : (report.id as string);
  const jobId = isJob(job) ? (job.id as string) : null;

  const ids = {
    user: [target.id],
    agency: [agency.id as string, receiver.id as string],
    asset: assets.map((a) => a.id as string),
    directive: [directive.id as string],
    clause: [clause.id as string],
    action: [action.id as string],
    plan: [plan.id as string],
    planUpdate: [planUpdate.id as string],
    inspection: [inspection.id as string],
    finding: [finding.id as string],
    document: [document.id as string],
    schedule: [schedule.id as string],
    report: reportId ? [reportId] : [],
    job: jobId ? [jobId] : [],
  };
  const byPrefix: [RegExp, keyof typeof ids | string[]][] = [
    [/^\/api\/v1\/users\//, 'user'],
    [/^\/api\/v1\/agencies\//, 'agency'],
    [/^\/api\/v1\/assets\//, 'asset'],
    [/^\/api\/v1\/directives\//, 'directive'],
    [/^\/api\/v1\/actions\//, 'action'],
    [/^\/api\/v1\/documents\//, 'document'],
    [/^\/api\/v1\/land-use-plans\//, 'plan'],
    [/^\/api\/v1\/inspections\//, 'inspection'],
    [/^\/api\/v1\/reports\/schedules\//, 'schedule'],
    [/^\/api\/v1\/reports\/jobs\//, 'job'],
    [/^\/api\/v1\/reports\//, 'report'],
    [/^\/api\/v1\/land-use-categories\//, ['TSC', 'DGD']],
    [/^\/api\/v1\/purposes\//, ['health', 'education']],
  ];
  const pick = (list: string[], i: number) => (list.length ? list[i % list.length] : '00000000-0000-4000-8000-000000000000');
  const unitSamples = [
    { era: 'new', level: 'commune', code: '00691' },
    { era: 'old', level: 'district', code: '024' },
    { era: 'new', level: 'province', code: '08' },
    { era: 'old', level: 'commune', code: '00688' },
  ];
  const pathParams = (template: string): Record<string, string>[] => {
    if (template.includes('{era}')) return unitSamples;
    const rule = byPrefix.find(([re]) => re.test(template));
    const main = rule ? (Array.isArray(rule[1]) ? rule[1] : ids[rule[1] as keyof typeof ids]) : [];
    return [0, 1, 2].map((i) => ({
      id: pick(main, i),
      code: pick(main, i),
      clauseId: pick(ids.clause, i),
      updateId: pick(ids.planUpdate, i),
      fid: pick(ids.finding, i),
      otherId: pick(ids.report, i),
      province: '08',
    }));
  };
  return {
    tokens: { admin, officer: officer.token, inspector: inspector.token, viewer: viewer.token, anonymous: null },
    fixtures: {
      pathParams,
      values: {
        assetId: ids.asset,
        asset: ids.asset,
        custodianId: ids.agency,
        custodian: ids.agency,
        receivingAgencyId: ids.agency,
        successorId: ids.agency,
        agencyId: ids.agency,
        clauseIds: [[ids.clause[0]]],
        clause: ids.clause,
        actionId: ids.action,
        supersedesId: ids.document,
        evidenceDocumentIds: [[ids.document[0]]],
        documentId: ids.document,
        supersededById: ids.directive,
        inspectionId: ids.inspection,
        planId: ids.plan,
        actor: [officer.id],
        province: ['08'],
        provinceCode: ['08'],
        commune: ['00691'],
        origin: ['024', '08', '00688'],
        parent: ['08'],
        unit: [commune],
        currentUnit: [commune],
        receivingUnit: [{ ...commune, code: '00694' }],
        originUnit: [{ era: 'old', level: 'district', code: '024' }],
        landUseCategory: ['TSC', 'DGD'],
        land_use_category: ['TSC'],
        fromCategory: ['TSC'],
        toCategory: ['DGD', 'DYT'],
        targetLandUseCategory: ['DYT'],
        defaultLandUseCategory: ['DYT'],
        purposeCode: ['health'],
        entity_type: ['asset', 'action'],
        entity_id: ids.asset,
        key: ['surplus', 'completed', 'type:disposal/method:sale', 'overdue:hand-over'],
        password: [password],
        username: ['admin', `fuzz.officer.${suffix}`],
        authorisedActionTypes: [['retention', 'disposal']],
        from: ['2025-07-01', '1', '2025-07-01T00:00:00+07:00'],
        to: ['2025-12-31', '100', '2026-01-01T00:00:00Z'],
        as_of: ['2025-11-30'],
        known_at: ['2025-12-01T00:00:00Z'],
        cursor: ['WyIyMDI1LTAxLTAxVDAwOjAwOjAwLjAwMFoiLCIwMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDAiXQ', 'x', '%00'],
      },
    },
  };
}
