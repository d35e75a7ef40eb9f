import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventAnchoring } from '../../src/events/event-anchoring';
import { bearer, binaryParser, createTestApp, type TestApp } from '../support/app';
import { createAgency, createAsset } from '../support/factories';
import { renderPdfForTest } from '../support/pdf';

const PROBLEM = 'urn:vn-public-assets:problem:';
const ZERO = '0'.repeat(64);
/** What /events/verify says of the anchors where none was ever recorded. */
const NO_ANCHORS = { checked: 0, maxSeq: 0, brokenCount: 0, broken: [], fileMalformedLines: 0 };

interface EventRow {
  id: string;
  seq: string;
  occurred_at: string;
  actor_id: string | null;
  request_id: string | null;
  entity_type: string;
  entity_id: string;
  action: string;
  before: string | null;
  after: string | null;
  prev_hash: string;
  hash: string;
}

describe('verification of the event chain: GET /events/verify', () => {
  let t: TestApp;
  let inspector: string;
  let inspector08: string;
  let officer08: string;
  let viewer: string;
  let total: number;
  const dir = mkdtempSync(join(tmpdir(), 'vpa-anchors-'));

  const verify = (token: string, query = '') => t.http.get(`/api/v1/events/verify${query}`).set(bearer(token));
  const count = async () => (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM event`))[0].n;
  const row = async (seq: number) => (await t.sql<EventRow>(`SELECT id::text AS id, seq::text AS seq, hash, prev_hash FROM event WHERE seq = $1`, [seq]))[0];
  /** Runs statements on the event table with its triggers off (test database only), in one implicit transaction. */
  const tamper = (statement: string) => t.sql(`ALTER TABLE event DISABLE TRIGGER USER; ${statement}; ALTER TABLE event ENABLE TRIGGER USER`);
  /** The full stored row, to put it back verbatim after a test. */
  const saved = async (seq: number) =>
    (
      await t.sql<EventRow>(
        `SELECT id::text AS id, seq::text AS seq, occurred_at::text AS occurred_at, actor_id, request_id, entity_type, entity_id, action, before::text AS before, after::text AS after, prev_hash, hash
       FROM event WHERE seq = $1`,
        [seq],
      )
    )[0];
  const lit = (v: string | null) => (v === null ? 'NULL' : `'${v.replace(/'/g, "''")}'`);
  const restore = (r: EventRow) =>
    tamper(
      `DELETE FROM event WHERE seq = ${r.seq}; INSERT INTO event (id, seq, occurred_at, actor_id, request_id, entity_type, entity_id, action, before, after, prev_hash, hash) OVERRIDING SYSTEM VALUE VALUES (` +
        [
          r.id,
          r.seq,
          lit(r.occurred_at),
          lit(r.actor_id),
          lit(r.request_id),
          lit(r.entity_type),
          lit(r.entity_id),
          lit(r.action),
          lit(r.before),
          lit(r.after),
          lit(r.prev_hash),
          lit(r.hash),
        ].join(', ') +
        ')',
    );

  beforeAll(async () => {
    t = await createTestApp({ env: { EVENT_ANCHOR_FILE: join(dir, 'event-anchors.jsonl') } });
    inspector = await t.userToken('inspector', null);
    inspector08 = await t.userToken('inspector', '08');
    officer08 = await t.userToken('officer', '08');
    viewer = await t.userToken('viewer');
    const custodian = (await createAgency(t, officer08)).id;
    for (let i = 0; i < 3; i++) await createAsset(t, officer08, custodian);
    total = await count();
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds an untouched chain whole', async () => {
    expect(total).toBeGreaterThanOrEqual(5);
    const res = await verify(t.adminToken).expect(200);
    expect(res.body).toEqual({ ok: true, checked: total, from: 1, to: total, limit: 100000, next: null, firstBroken: null, anchors: NO_ANCHORS });
    expect((await row(1)).prev_hash).toBe(ZERO);
  });

  it('is for admins and national inspectors only', async () => {
    await verify(inspector).expect(200);
    const provincial = await verify(inspector08).expect(403);
    expect(provincial.body.type).toBe(`${PROBLEM}national-scope-required`);
    for (const token of [officer08, viewer]) expect((await verify(token).expect(403)).body.type).toBe(`${PROBLEM}forbidden`);
    await t.http.get('/api/v1/events/verify').expect(401);
  });

  it('names the exact row whose content was changed behind the triggers (hash-mismatch)', async () => {
    const original = await saved(3);
    await tamper(`UPDATE event SET after = coalesce(after, '{}'::jsonb) || '{"name": "Đã sửa"}'::jsonb WHERE seq = 3`);
    try {
      const [recomputed] = await t.sql<{ h: string }>(
        `SELECT event_hash(seq, prev_hash, occurred_at, actor_id, request_id, entity_type, entity_id, action, before, after) AS h FROM event WHERE seq = 3`,
      );
      expect(recomputed.h).not.toBe(original.hash);
      const res = await verify(inspector).expect(200);
      expect(res.body).toEqual({
        ok: false,
        checked: 3,
        from: 1,
        to: 3,
        limit: 100000,
        next: null,
        firstBroken: { seq: 3, id: original.id, reason: 'hash-mismatch', expected: recomputed.h, actual: original.hash },
        anchors: NO_ANCHORS,
      });
    } finally {
      await restore(original);
    }
    expect((await verify(inspector).expect(200)).body).toMatchObject({ ok: true, checked: total });
  });

  it('names a row whose prev_hash was changed (prev-hash-mismatch)', async () => {
    const original = await saved(4);
    const previous = await row(3);
    const forged = 'f'.repeat(64);
    await tamper(`UPDATE event SET prev_hash = '${forged}' WHERE seq = 4`);
    try {
      const res = await verify(t.adminToken).expect(200);
      expect(res.body).toMatchObject({
        ok: false,
        checked: 4,
        to: 4,
        next: null,
        firstBroken: { seq: 4, id: original.id, reason: 'prev-hash-mismatch', expected: previous.hash, actual: forged },
      });
    } finally {
      await restore(original);
    }
  });

  it('names the row after a deleted one (gap)', async () => {
    const original = await saved(5);
    const after = await row(6);
    await tamper(`DELETE FROM event WHERE seq = 5`);
    try {
      const res = await verify(t.adminToken).expect(200);
      // rows 1-4, then row 6 where 5 was expected
      expect(res.body).toMatchObject({ ok: false, checked: 5, to: 6, firstBroken: { seq: 6, id: after.id, reason: 'gap', expected: '5', actual: '6' } });
    } finally {
      await restore(original);
    }
    expect((await verify(t.adminToken).expect(200)).body.ok).toBe(true);
  });

  it('checks a range, linking its first row to the row before it', async () => {
    expect((await verify(t.adminToken, '?from=2&to=4').expect(200)).body).toEqual({
      ok: true,
      checked: 3,
      from: 2,
      to: 4,
      limit: 100000,
      next: null,
      firstBroken: null,
      anchors: NO_ANCHORS,
    });
    const original = await saved(3);
    await tamper(`UPDATE event SET hash = '${'e'.repeat(64)}' WHERE seq = 3`);
    try {
      // Row 4's link to the altered row 3 is named even when the range starts at 4.
      expect((await verify(t.adminToken, '?from=4&to=5').expect(200)).body.firstBroken).toMatchObject({
        seq: 4,
        reason: 'prev-hash-mismatch',
        expected: 'e'.repeat(64),
      });
      expect((await verify(t.adminToken, '?from=1&to=2').expect(200)).body.ok).toBe(true);
    } finally {
      await restore(original);
    }
  });

  it('caps a request at `limit` rows and says where to continue', async () => {
    const first = await verify(t.adminToken, '?limit=2').expect(200);
    expect(first.body).toEqual({ ok: true, checked: 2, from: 1, to: 2, limit: 2, next: 3, firstBroken: null, anchors: NO_ANCHORS });
    const original = await saved(4);
    await tamper(`UPDATE event SET action = 'forged' WHERE seq = 4`);
    try {
      const second = await verify(t.adminToken, `?from=${first.body.next}&limit=2`).expect(200);
      expect(second.body).toMatchObject({ ok: false, checked: 2, from: 3, to: 4, next: null, firstBroken: { seq: 4, reason: 'hash-mismatch' } });
    } finally {
      await restore(original);
    }
    const last = await verify(t.adminToken, `?from=${total - 1}&limit=2`).expect(200);
    expect(last.body).toMatchObject({ ok: true, checked: 2, to: total, next: null });
    const beyond = await verify(t.adminToken, `?from=${total + 10}`).expect(200);
    expect(beyond.body).toEqual({ ok: true, checked: 0, from: total + 10, to: null, limit: 100000, next: null, firstBroken: null, anchors: NO_ANCHORS });
  });

  it('walks a long chain in batches', async () => {
    await t.sql(`INSERT INTO event (entity_type, entity_id, action) SELECT 'test', g::text, 'bulk' FROM generate_series(1, 4500) g`);
    const n = total + 4500;
    expect((await verify(t.adminToken).expect(200)).body).toMatchObject({ ok: true, checked: n, to: n, next: null });
    const page = await verify(t.adminToken, '?limit=2500').expect(200);
    expect(page.body).toMatchObject({ ok: true, checked: 2500, to: 2500, next: 2501 });
    const target = total + 4200;
    const original = await saved(target);
    await tamper(`UPDATE event SET entity_id = 'forged' WHERE seq = ${target}`);
    try {
      expect((await verify(t.adminToken).expect(200)).body).toMatchObject({
        ok: false,
        checked: target,
        firstBroken: { seq: target, id: original.id, reason: 'hash-mismatch' },
      });
      expect((await verify(t.adminToken, `?from=${page.body.next}`).expect(200)).body).toMatchObject({
        ok: false,
        checked: target - 2500,
        firstBroken: { seq: target },
      });
    } finally {
      await restore(original);
    }
  });

  it.each([
    ['?from=0', 'from'],
    ['?from=abc', 'from'],
    ['?to=1.5', 'to'],
    ['?limit=0', 'limit'],
    ['?limit=500001', 'limit'],
    ['?from=5&to=4', 'to'],
    ['?since=1', 'since'],
    [`?anchorSequence=5`, 'anchorHash'],
    [`?anchorHash=${'a'.repeat(64)}`, 'anchorSequence'],
    [`?anchorSequence=5&anchorHash=${'a'.repeat(63)}`, 'anchorHash'],
    [`?anchorSequence=5&anchorHash=${'g'.repeat(64)}`, 'anchorHash'],
    [`?anchorSequence=-1&anchorHash=${'a'.repeat(64)}`, 'anchorSequence'],
    [`?anchorSequence=1e3&anchorHash=${'a'.repeat(64)}`, 'anchorSequence'],
  ])('refuses %s naming %s (400)', async (query, field) => {
    const res = await verify(t.adminToken, query).expect(400);
    expect(res.body.type).toBe(`${PROBLEM}invalid-parameter`);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });
});

/**
 * The log's end anchored: on a schedule (table and file), in every report snapshot (column and
 * content), and by the caller. An attacker with database access cuts the last events off (triggers
 * off, as they could), then rewrites the anchors the database holds: verify still says so.
 */
describe('anchors of the event log end: GET /events/verify against every recorded anchor', () => {
  let t: TestApp;
  let officer08: string;
  let custodian: string;
  const dir = mkdtempSync(join(tmpdir(), 'vpa-anchors-'));
  const file = join(dir, 'event-anchors.jsonl');
  /** The anchor of report R1 and the scheduled anchor taken after it. */
  let report: { id: string; seq: number; hash: string };
  let scheduled: { seq: number; hash: string };

  const verify = (query = '') => t.http.get(`/api/v1/events/verify${query}`).set(bearer(t.adminToken)).expect(200);
  const head = async () => (await t.sql<{ seq: number; hash: string }>(`SELECT seq::int AS seq, hash FROM event ORDER BY seq DESC LIMIT 1`))[0];
  const fileLines = () =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { database: string; seq: number; hash: string; recordedAt: string });
  /** As an attacker with database access: statements with the table's triggers off. */
  const asAttacker = (table: string, statement: string) =>
    t.sql(`ALTER TABLE ${table} DISABLE TRIGGER USER; ${statement}; ALTER TABLE ${table} ENABLE TRIGGER USER`);
  const content = async (id: string, format: string) =>
    (
      await t.http
        .get(`/api/v1/reports/${id}/content?format=${format}`)
        .set(bearer(officer08))
        .buffer(true)
        .parse(binaryParser as never)
        .expect(200)
    ).body as Buffer;

  beforeAll(async () => {
    // The schedule on (hourly): its first anchor is taken at start.
    t = await createTestApp({ env: { EVENT_ANCHOR_INTERVAL_MINUTES: '60', EVENT_ANCHOR_FILE: file } });
    officer08 = await t.userToken('officer', '08');
    custodian = (await createAgency(t, officer08)).id;
    for (let i = 0; i < 3; i++) await createAsset(t, officer08, custodian);
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('anchors the head at start, in the table and in the file (one JSON line, this database named)', async () => {
    // The log was still empty when this instance started (nothing to anchor); a second instance starting now anchors it.
    expect(await t.sql(`SELECT 1 FROM event_anchor`)).toEqual([]);
    const second = await t.secondInstance();
    await second.close();
    const rows = await t.sql<{ seq: number; hash: string }>(`SELECT seq::int AS seq, hash FROM event_anchor ORDER BY id`);
    expect(rows).toEqual([await head()]);
    const [database] = (await t.sql<{ name: string }>(`SELECT current_database() AS name`)).map((r) => r.name);
    expect(fileLines()).toEqual([{ database, seq: rows[0].seq, hash: rows[0].hash, recordedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }]);
    expect(rows[0].seq).toBeGreaterThan(0);
  });

  it('a report snapshot carries the head it was made at: in its column, its answer and every format; it still verifies byte for byte', async () => {
    await createAsset(t, officer08, custodian);
    const before = await head();
    const res = await t.http.post('/api/v1/reports').set(bearer(officer08)).send({ scope: 'province', province: '08', asOf: '2025-12-01' }).expect(201);
    report = { id: res.body.id, ...before };
    expect(res.body.eventChainHead).toEqual(before);
    const [row] = await t.sql<{ seq: number; hash: string }>(
      `SELECT event_chain_seq::int AS seq, event_chain_hash AS hash FROM report_snapshot WHERE id = $1`,
      [report.id],
    );
    expect(row).toEqual(before);
    expect(JSON.parse((await content(report.id, 'json')).toString('utf8')).eventChainHead).toEqual(before);
    // The table, past the '# key,value,label' lines that state the report's parameters (the first after the BOM).
    const csv = (await content(report.id, 'csv'))
      .toString('utf8')
      .split('\r\n')
      .filter((line) => line && !line.replace(/^\uFEFF/, '').startsWith('#'));
    expect(csv[0].endsWith('Neo nhật ký sự kiện: số thứ tự,Neo nhật ký sự kiện: mã băm SHA-256')).toBe(true);
    for (const line of csv.slice(1)) expect(line.endsWith(`,${before.seq},${before.hash}`)).toBe(true);
    expect(
      renderPdfForTest(await content(report.id, 'pdf'))
        .text.join(' ')
        .replace(/\s+/g, ' '),
    ).toContain(`sự kiện số ${before.seq}, mã băm SHA-256 ${before.hash}`);
    const verified = await t.http.get(`/api/v1/reports/${report.id}/verify`).set(bearer(officer08)).expect(200);
    expect(verified.body.matches).toBe(true);
    expect(verified.body.formats.every((f: { regenerated: boolean }) => f.regenerated)).toBe(true);
  });

  it('the scheduled run anchors the new head in the table and the file, and not twice the same head', async () => {
    for (let i = 0; i < 2; i++) await createAsset(t, officer08, custodian);
    const anchored = await t.app.get(EventAnchoring).anchorNow();
    scheduled = await head();
    expect(anchored).toMatchObject(scheduled);
    expect(await t.app.get(EventAnchoring).anchorNow()).toBeNull();
    expect((await t.sql(`SELECT 1 FROM event_anchor`)).length).toBe(2);
    expect(fileLines().map((l) => l.seq)).toEqual([expect.any(Number), scheduled.seq]);
    // The report's own event and the two assets came after its anchor: the cut below (to scheduled - 2) leaves the report's row.
    expect(scheduled.seq).toBe(report.seq + 3);
  });

  it('an untouched log bears out every anchor: the table, the snapshot, the file and the caller', async () => {
    const res = await verify();
    expect(res.body).toMatchObject({
      ok: true,
      firstBroken: null,
      anchors: { checked: 5, maxSeq: scheduled.seq, brokenCount: 0, broken: [], fileMalformedLines: 0 },
    });
    const withCaller = await verify(`?anchorSequence=${report.seq}&anchorHash=${report.hash.toUpperCase()}`);
    expect(withCaller.body).toMatchObject({ ok: true, anchors: { checked: 6, brokenCount: 0 } });
  });

  it('a rewritten anchored event, the chain after it recomputed so that every link holds, is reported by its anchors', async () => {
    await t.sql(`CREATE TABLE event_saved AS SELECT * FROM event WHERE seq >= $1`, [report.seq]);
    await asAttacker(
      'event',
      `UPDATE event SET after = coalesce(after, '{}'::jsonb) || '{"name": "Đã sửa"}'::jsonb WHERE seq = ${report.seq};
       DO $$ DECLARE r record; prev text; BEGIN
         SELECT hash INTO prev FROM event WHERE seq = ${report.seq - 1};
         FOR r IN SELECT seq FROM event WHERE seq >= ${report.seq} ORDER BY seq LOOP
           UPDATE event SET prev_hash = prev, hash = event_hash(seq, prev, occurred_at, actor_id, request_id, entity_type, entity_id, action, before, after)
           WHERE seq = r.seq RETURNING hash INTO prev;
         END LOOP; END $$`,
    );
    try {
      const res = await verify(`?anchorSequence=${report.seq}&anchorHash=${report.hash}`);
      expect(res.body.firstBroken).toBeNull();
      expect(res.body.ok).toBe(false);
      expect(res.body.anchors.broken.map((b: { source: string; seq: number; reason: string }) => [b.source, b.seq, b.reason])).toEqual([
        ['report', report.seq, 'anchored-hash-mismatch'],
        ['caller', report.seq, 'anchored-hash-mismatch'],
        ['schedule', scheduled.seq, 'anchored-hash-mismatch'],
        ['file', scheduled.seq, 'anchored-hash-mismatch'],
      ]);
      const [now] = await t.sql<{ hash: string }>(`SELECT hash FROM event WHERE seq = $1`, [report.seq]);
      expect(res.body.anchors.broken[0]).toEqual({
        source: 'report',
        ref: report.id,
        recordedAt: expect.any(String),
        seq: report.seq,
        hash: report.hash,
        reason: 'anchored-hash-mismatch',
        actualHash: now.hash,
        lastSeq: scheduled.seq,
      });
    } finally {
      await asAttacker(
        'event',
        `DELETE FROM event WHERE seq >= ${report.seq}; INSERT INTO event OVERRIDING SYSTEM VALUE SELECT * FROM event_saved; DROP TABLE event_saved`,
      );
    }
    expect((await verify()).body.ok).toBe(true);
  });

  it('the last events deleted in the database: the table anchor and the file anchor say the tail was cut', async () => {
    const keep = scheduled.seq - 2;
    await asAttacker('event', `DELETE FROM event WHERE seq > ${keep}`);
    const res = await verify();
    // Every remaining link holds: only the anchors show what is missing.
    expect(res.body).toMatchObject({ ok: false, checked: keep, to: keep, firstBroken: null });
    expect(res.body.anchors).toMatchObject({ checked: 5, maxSeq: scheduled.seq, brokenCount: 2 });
    expect(res.body.anchors.broken).toEqual([
      {
        source: 'schedule',
        ref: expect.stringMatching(/^\d+$/),
        recordedAt: expect.any(String),
        seq: scheduled.seq,
        hash: scheduled.hash,
        reason: 'tail-truncated',
        actualHash: null,
        lastSeq: keep,
      },
      {
        source: 'file',
        ref: '2',
        recordedAt: expect.any(String),
        seq: scheduled.seq,
        hash: scheduled.hash,
        reason: 'tail-truncated',
        actualHash: null,
        lastSeq: keep,
      },
    ]);
  });

  it('with the table anchors deleted too, the file outside the database still says so', async () => {
    await asAttacker('event_anchor', `DELETE FROM event_anchor`);
    const res = await verify();
    expect(res.body).toMatchObject({ ok: false, firstBroken: null, anchors: { checked: 3, brokenCount: 1 } });
    expect(res.body.anchors.broken).toEqual([expect.objectContaining({ source: 'file', seq: scheduled.seq, reason: 'tail-truncated' })]);
  });

  it('cut below the report, the report deleted as well: the anchor the caller holds from that report says so', async () => {
    await asAttacker('event', `DELETE FROM event WHERE seq >= ${report.seq}`);
    for (const table of ['report_content', 'report_snapshot'])
      await asAttacker(table, `DELETE FROM ${table} WHERE ${table === 'report_content' ? 'snapshot_id' : 'id'} = '${report.id}'`);
    const res = await verify(`?anchorSequence=${report.seq}&anchorHash=${report.hash}`);
    expect(res.body).toMatchObject({ ok: false, firstBroken: null, anchors: { brokenCount: 2 } });
    expect(res.body.anchors.broken).toEqual([
      {
        source: 'caller',
        ref: null,
        recordedAt: null,
        seq: report.seq,
        hash: report.hash,
        reason: 'tail-truncated',
        actualHash: null,
        lastSeq: report.seq - 1,
      },
      expect.objectContaining({ source: 'file', seq: scheduled.seq, reason: 'tail-truncated' }),
    ]);
  });

  it('written again past the anchors after the cut, the log no longer matches them (anchored-hash-mismatch)', async () => {
    while ((await head()).seq < scheduled.seq) await createAsset(t, officer08, custodian);
    const res = await verify(`?anchorSequence=${report.seq}&anchorHash=${report.hash}`);
    expect(res.body).toMatchObject({ ok: false, firstBroken: null });
    expect(res.body.anchors.broken.map((b: { source: string; reason: string }) => [b.source, b.reason])).toEqual([
      ['caller', 'anchored-hash-mismatch'],
      ['file', 'anchored-hash-mismatch'],
    ]);
  });
});
