import { createHash } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { copyLine } from '../../src/database/copy-text';
import { Meter } from '../../src/backup/file-streams';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  type BackupManifest,
  documentFile,
  migrationTimestamp,
  nonEmptyMessage,
  parseManifest,
  planMigrations,
  tableFile,
} from '../../src/backup/manifest';

const SHA = 'ab'.repeat(32);
const DOC = 'cd'.repeat(32);

function manifest(over: Record<string, unknown> = {}): Record<string, unknown> {
  const m: BackupManifest = {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    appVersion: '0.1.0',
    createdAt: '2026-12-07T01:00:00.000Z',
    server: '18.4',
    migrations: ['Foundation1763900000000', 'Inventory1763990000000'],
    lastMigration: 'Inventory1763990000000',
    tables: ['asset', 'document', 'event', 'typeorm_migrations'].map((name) => ({
      name,
      columns: ['id', 'name'],
      rows: 2,
      file: tableFile(name),
      bytes: 40,
      sha256: SHA,
    })),
    sequences: [{ name: 'event_id_seq', lastValue: '57', isCalled: true }],
    eventChain: { lastSeq: 57, lastHash: SHA },
    documents: [{ sha256: DOC, sizeBytes: 1500 }],
  };
  return { ...m, ...over };
}
const text = (m: Record<string, unknown>) => JSON.stringify(m);

describe('backup manifest', () => {
  it('reads a well-formed manifest back as it was written', () => {
    expect(parseManifest(text(manifest()))).toEqual(manifest());
  });

  it('puts each file where the layout says', () => {
    expect(tableFile('event')).toBe('tables/event.copy.gz');
    expect(documentFile(DOC)).toBe(`documents/cd/cd/${DOC}`);
    expect(migrationTimestamp('ImportStageNoAutovacuum1764380000000')).toBe(1764380000000);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['another format', { format: 'tar' }, /not a backup of this application/],
    ['a newer format version', { formatVersion: BACKUP_FORMAT_VERSION + 1 }, /format version 2 is newer than this application reads \(1\)/],
    ['no migrations', { migrations: [] }, /migrations must list/],
    ['a lastMigration that is not the last', { lastMigration: 'Foundation1763900000000' }, /lastMigration is not the last/],
    ['a table name that is not an identifier', { tables: [{ ...(manifest().tables as object[])[0], name: 'asset; DROP TABLE event' }] }, /no valid name/],
    [
      'a column name that is not an identifier',
      { tables: (manifest().tables as Record<string, unknown>[]).map((t) => ({ ...t, columns: ['id', 'x"y'] })) },
      /columns are not valid names/,
    ],
    [
      'a table file outside its place',
      { tables: (manifest().tables as Record<string, unknown>[]).map((t) => ({ ...t, file: '../../etc/passwd' })) },
      /its file must be tables\/asset.copy.gz/,
    ],
    ['a table without a SHA-256', { tables: (manifest().tables as Record<string, unknown>[]).map((t) => ({ ...t, sha256: 'x' })) }, /sha256 is not a SHA-256/],
    [
      'a negative row count',
      { tables: (manifest().tables as Record<string, unknown>[]).map((t) => ({ ...t, rows: -1 })) },
      /rows and bytes must be whole numbers/,
    ],
    ['no event table', { tables: (manifest().tables as Record<string, unknown>[]).filter((t) => t.name !== 'event') }, /must include event/],
    ['a table listed twice', { tables: [...(manifest().tables as object[]), (manifest().tables as object[])[0]] }, /table asset is listed twice/],
    ['a bad sequence value', { sequences: [{ name: 'event_id_seq', lastValue: '5x', isCalled: true }] }, /sequence event_id_seq/],
    ['a chain head without its hash', { eventChain: { lastSeq: 3, lastHash: null } }, /lastHash must be given exactly when/],
    ['a document without a SHA-256', { documents: [{ sha256: 'nope', sizeBytes: 1 }] }, /document entry needs sha256/],
    [
      'a document listed twice',
      {
        documents: [
          { sha256: DOC, sizeBytes: 1 },
          { sha256: DOC, sizeBytes: 1 },
        ],
      },
      /listed twice/,
    ],
  ])('refuses %s', (_what, over, message) => {
    expect(() => parseManifest(text(manifest(over)))).toThrow(message);
  });

  it('refuses what is not JSON', () => {
    expect(() => parseManifest('{"format":')).toThrow(/not valid JSON/);
  });

  it('says what a non-empty target holds', () => {
    expect(
      nonEmptyMessage([
        { table: 'asset', rows: 3 },
        { table: 'event', rows: 1 },
      ]),
    ).toMatch(/^The target is not an empty installation: asset \(3 rows\), event \(1 row\)\./);
  });
});

describe('the migration plan of a restore', () => {
  const known = ['A1763900000000', 'B1763990000000', 'C1764100000000'];

  it("loads into a target at the backup's schema, then applies the newer migrations", () => {
    expect(planMigrations(known, known.slice(0, 2), known.slice(0, 2))).toEqual({ ok: true, before: [], after: ['C1764100000000'] });
    expect(planMigrations(known, known, known)).toEqual({ ok: true, before: [], after: [] });
  });

  it("migrates a target that is behind (or not migrated at all) up to the backup's schema first", () => {
    expect(planMigrations(known, known.slice(0, 2), [])).toEqual({ ok: true, before: known.slice(0, 2), after: ['C1764100000000'] });
    expect(planMigrations(known, known, known.slice(0, 1))).toEqual({ ok: true, before: known.slice(1), after: [] });
  });

  it('refuses a backup made by a newer schema, naming the unknown migration', () => {
    const plan = planMigrations(known, [...known, 'D1764200000000'], []);
    expect(plan).toEqual({ ok: false, reason: expect.stringMatching(/newer version of the application: its schema has migration D1764200000000/) });
  });

  it('refuses a target already migrated past the backup', () => {
    const plan = planMigrations(known, known.slice(0, 2), known);
    expect(plan).toEqual({ ok: false, reason: expect.stringMatching(/already migrated to C1764100000000, past the backup's schema \(B1763990000000\)/) });
  });

  it('refuses migrations that differ', () => {
    expect(planMigrations(known, ['A1763900000000', 'C1764100000000'], [])).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/differ from this application's at C1764100000000/),
    });
    expect(planMigrations(known, known.slice(0, 2), ['B1763990000000'])).toMatchObject({ ok: false });
  });
});

describe('Meter', () => {
  it('counts the rows of COPY text by its newlines, escaped newlines inside values not included, and hashes the bytes', async () => {
    const body = copyLine(['a', 'two\nlines', null]) + copyLine(['b', 'tab\there', { x: 'y\r\n' }]);
    const meter = new Meter(true);
    const source = new PassThrough();
    source.end(Buffer.from(body));
    const chunks: Buffer[] = [];
    await pipeline(source, meter, async (s: AsyncIterable<Buffer>) => {
      for await (const c of s) chunks.push(c);
    });
    expect(meter.lines).toBe(2);
    expect(meter.bytes).toBe(Buffer.byteLength(body));
    expect(Buffer.concat(chunks).toString()).toBe(body);
    expect(meter.sha256()).toBe(createHash('sha256').update(body).digest('hex'));
  });
});
