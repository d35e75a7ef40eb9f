import { bearer, createTestApp, type TestApp } from '../support/app';
import { createAgency, createAsset } from '../support/factories';

const PROBLEM = 'urn:vn-public-assets:problem:';
const ZERO = '0'.repeat(64);

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

  const verify = (token: string, query = '') => t.http.get(`/api/v1/events/verify${query}`).set(bearer(token));
  const count = async () => (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM event`))[0].n;
  const row = async (seq: number) => (await t.sql<EventRow>(`SELECT id::text AS id, seq::text AS seq, hash, prev_hash FROM event WHERE seq = $1`, [seq]))[0];
  /** Runs statements on the event table with its triggers off (test database only), in one implicit transaction. */
  const tamper = (statement: string) => t.sql(`ALTER TABLE event DISABLE TRIGGER USER; ${statement}; ALTER TABLE event ENABLE TRIGGER USER`);
  /** The full stored row, to put it back verbatim after a test. */
  const saved = async (seq: number) =>
    (await t.sql<EventRow>(
      `SELECT id::text AS id, seq::text AS seq, occurred_at::text AS occurred_at, actor_id, request_id, entity_type, entity_id, action, before::text AS before, after::text AS after, prev_hash, hash
       FROM event WHERE seq = $1`,
      [seq],
    ))[0];
  const lit = (v: string | null) => (v === null ? 'NULL' : `'${v.replace(/'/g, "''")}'`);
  const restore = (r: EventRow) =>
    tamper(
      `DELETE FROM event WHERE seq = ${r.seq}; INSERT INTO event (id, seq, occurred_at, actor_id, request_id, entity_type, entity_id, action, before, after, prev_hash, hash) OVERRIDING SYSTEM VALUE VALUES (` +
        [r.id, r.seq, lit(r.occurred_at), lit(r.actor_id), lit(r.request_id), lit(r.entity_type), lit(r.entity_id), lit(r.action), lit(r.before), lit(r.after), lit(r.prev_hash), lit(r.hash)].join(', ') +
        ')',
    );

  beforeAll(async () => {
    t = await createTestApp();
    inspector = await t.userToken('inspector', null);
    inspector08 = await t.userToken('inspector', '08');
    officer08 = await t.userToken('officer', '08');
    viewer = await t.userToken('viewer');
    const custodian = (await createAgency(t, officer08)).id;
    for (let i = 0; i < 3; i++) await createAsset(t, officer08, custodian);
    total = await count();
  });
  afterAll(() => t.close());

  it('finds an untouched chain whole', async () => {
    expect(total).toBeGreaterThanOrEqual(5);
    const res = await verify(t.adminToken).expect(200);
    expect(res.body).toEqual({ ok: true, checked: total, from: 1, to: total, limit: 100000, next: null, firstBroken: null });
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
        ok: false, checked: 3, from: 1, to: 3, limit: 100000, next: null,
        firstBroken: { seq: 3, id: original.id, reason: 'hash-mismatch', expected: recomputed.h, actual: original.hash },
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
      expect(res.body).toMatchObject({ ok: false, checked: 4, to: 4, next: null, firstBroken: { seq: 4, id: original.id, reason: 'prev-hash-mismatch', expected: previous.hash, actual: forged } });
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
    expect((await verify(t.adminToken, '?from=2&to=4').expect(200)).body).toEqual({ ok: true, checked: 3, from: 2, to: 4, limit: 100000, next: null, firstBroken: null });
    const original = await saved(3);
    await tamper(`UPDATE event SET hash = '${'e'.repeat(64)}' WHERE seq = 3`);
    try {
      // Row 4's link to the altered row 3 is named even when the range starts at 4.
      expect((await verify(t.adminToken, '?from=4&to=5').expect(200)).body.firstBroken).toMatchObject({ seq: 4, reason: 'prev-hash-mismatch', expected: 'e'.repeat(64) });
      expect((await verify(t.adminToken, '?from=1&to=2').expect(200)).body.ok).toBe(true);
    } finally {
      await restore(original);
    }
  });

  it('caps a request at `limit` rows and says where to continue', async () => {
    const first = await verify(t.adminToken, '?limit=2').expect(200);
    expect(first.body).toEqual({ ok: true, checked: 2, from: 1, to: 2, limit: 2, next: 3, firstBroken: null });
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
    expect(beyond.body).toEqual({ ok: true, checked: 0, from: total + 10, to: null, limit: 100000, next: null, firstBroken: null });
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
      expect((await verify(t.adminToken).expect(200)).body).toMatchObject({ ok: false, checked: target, firstBroken: { seq: target, id: original.id, reason: 'hash-mismatch' } });
      expect((await verify(t.adminToken, `?from=${page.body.next}`).expect(200)).body).toMatchObject({ ok: false, checked: target - 2500, firstBroken: { seq: target } });
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
  ])('refuses %s naming %s (400)', async (query, field) => {
    const res = await verify(t.adminToken, query).expect(400);
    expect(res.body.type).toBe(`${PROBLEM}invalid-parameter`);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });
});
