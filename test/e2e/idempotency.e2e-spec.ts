import { Client } from 'pg';
import { CreateAssetDto } from '../../src/assets/assets.dto';
import { AssetsService } from '../../src/assets/assets.service';
import type { RequestContext } from '../../src/common/auth-user';
import { IdempotencyGate } from '../../src/idempotency/idempotency.gate';
import { bearer, createTestApp, type TestApp } from '../support/app';
import { assetBody, createAgency, createAsset } from '../support/factories';

/**
 * An Idempotency-Key's answer is written in the transaction of the change it answers: a change is
 * never kept without its answer (a retry would create it twice) nor a key left claimed by a request
 * that died (a retry would be refused for a day). A claim is a lease: while it holds, a retry is 409
 * with Retry-After; once it has run out, the retry runs, and the first request, should it ever get
 * that far, is refused and keeps nothing.
 */
describe('Idempotency-Key: exactly once, whatever dies', () => {
  let t: TestApp;
  let officer: string;
  let custodian: string;
  let template: string;
  let raw: Client;

  const post = (key: string, body: Record<string, unknown>) => t.http.post('/api/v1/assets').set(bearer(officer)).set('Idempotency-Key', key).send(body);
  const keyRow = async (key: string) =>
    (
      await t.sql<{ state: string; claim_token: string | null; lease_until: Date | null; response_status: number | null }>(
        `SELECT state, claim_token, lease_until, response_status FROM idempotency_key WHERE key = $1`,
        [key],
      )
    )[0];
  /** Waits until `n` statements of the app wait for a lock (the requests are parked where we want them). */
  const lockWaiters = async (n: number) => {
    for (let i = 0; i < 200; i++) {
      const [{ waiting }] = (
        await raw.query(`SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)
      ).rows;
      if (waiting >= n) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`fewer than ${n} statements ever waited for a lock`);
  };
  /** Holds the asset code `code` in an open transaction, so that a create of it waits. */
  const holdCode = async (code: string) => {
    await raw.query('BEGIN');
    await raw.query(
      `INSERT INTO asset (code, name, category, current_unit_id, province_code, custodian_id) SELECT $1, name, category, current_unit_id, province_code, custodian_id FROM asset WHERE id = $2`,
      [code, template],
    );
  };

  beforeAll(async () => {
    t = await createTestApp({ env: { DB_POOL_MAX: '4' } });
    officer = await t.userToken('officer', '08');
    custodian = (await createAgency(t, officer)).id;
    template = (await createAsset(t, officer, custodian)).id;
    raw = new Client({ connectionString: t.dbUrl });
    await raw.connect();
  });
  afterAll(async () => {
    await raw.end();
    await t.close();
  });

  it('records the answer with the change: done, no claim left, replayed with its ETag', async () => {
    const body = assetBody(custodian);
    const first = await post('k-done', body).expect(201);
    expect(await keyRow('k-done')).toMatchObject({ state: 'done', claim_token: null, lease_until: null, response_status: 201 });
    const again = await post('k-done', body).expect(201);
    expect(again.headers['idempotency-replayed']).toBe('true');
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.body).toEqual(first.body);
  });

  it('frees the key when the request fails, so the retry runs (and nothing was kept)', async () => {
    const taken = assetBody(custodian);
    await createAsset(t, officer, custodian, { code: taken.code });
    await post('k-fail', taken).expect(409);
    expect(await keyRow('k-fail')).toBeUndefined();
    await post('k-fail', taken).expect(409);
  });

  it('answers 409 with Retry-After while the first request holds its lease', async () => {
    const body = assetBody(custodian);
    await holdCode(body.code as string);
    try {
      const first = post('k-busy', body).then((r) => r);
      await lockWaiters(1);
      const retry = await post('k-busy', body).expect(409);
      expect(retry.body.type).toMatch(/idempotency-key-in-progress$/);
      expect(Number(retry.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      await raw.query('ROLLBACK');
      expect((await first).status).toBe(201);
    } finally {
      await raw.query('ROLLBACK').catch(() => undefined);
    }
    expect(await t.sql(`SELECT count(*)::int AS n FROM asset WHERE code = $1`, [body.code])).toEqual([{ n: 1 }]);
  });

  it('lets a retry take over a claim whose lease ran out; exactly one of the two keeps its change', async () => {
    const body = assetBody(custodian);
    await holdCode(body.code as string);
    let a: Promise<{ status: number; body: { id?: string; type?: string } }>;
    let b: Promise<{ status: number; body: { id?: string; type?: string } }>;
    try {
      // A claims the key and waits on the held code, as a request of a process about to die would.
      a = post('k-lease', body).then((r) => r);
      await lockWaiters(1);
      const claimA = (await keyRow('k-lease')).claim_token;
      // Its lease runs out (60 s in real life): a retry takes the key over and waits too.
      await t.sql(`UPDATE idempotency_key SET lease_until = now() - interval '1 second' WHERE key = 'k-lease'`);
      b = post('k-lease', body).then((r) => r);
      await lockWaiters(2);
      expect((await keyRow('k-lease')).claim_token).not.toBe(claimA);
      await raw.query('ROLLBACK');
    } finally {
      await raw.query('ROLLBACK').catch(() => undefined);
    }
    const [ra, rb] = await Promise.all([a!, b!]);
    // B creates the asset once; A keeps nothing, whichever of the two the database let insert first:
    // if A did, it finds its claim gone at the end and rolls back; if B did, A's insert meets B's row.
    expect(ra.status).toBe(409);
    expect(ra.body.type).toMatch(/(idempotency-key-in-progress|asset-code-taken)$/);
    expect(rb.status).toBe(201);
    expect(await t.sql(`SELECT id FROM asset WHERE code = $1`, [body.code])).toEqual([{ id: rb.body.id }]);
    expect(await t.sql(`SELECT count(*)::int AS n FROM event WHERE entity_id = $1 AND action = 'created'`, [rb.body.id])).toEqual([{ n: 1 }]);
    const replay = await post('k-lease', body).expect(201);
    expect(replay.body.id).toBe(rb.body.id);
  });

  it('keeps nothing of a request whose claim was taken over before it could record its answer', async () => {
    const [user] = await t.sql<{ id: string; username: string }>(`SELECT id, username FROM app_user WHERE role = 'officer' LIMIT 1`);
    const ctx: RequestContext = { user: { id: user.id, username: user.username, role: 'officer', provinceCode: '08' }, requestId: 'test-takeover' };
    const gate = t.app.get(IdempotencyGate);
    const begun = await gate.begin(user.id, 'k-taken', 'POST /test', 'a'.repeat(64));
    if (!('claim' in begun)) throw new Error('expected a claim');
    const body = assetBody(custodian) as unknown as CreateAssetDto;
    const run = gate.run(
      begun.claim,
      async () => {
        const created = await t.app.get(AssetsService).create(ctx, body);
        // Meanwhile its lease ran out and a retry took the key over.
        await t.sql(`UPDATE idempotency_key SET claim_token = gen_random_uuid() WHERE key = 'k-taken'`);
        return created;
      },
      (b) => ({ status: 201, body: b, headers: {} }),
    );
    await expect(run).rejects.toMatchObject({ code: 'idempotency-key-in-progress', status: 409 });
    expect(await t.sql(`SELECT count(*)::int AS n FROM asset WHERE code = $1`, [body.code])).toEqual([{ n: 0 }]);
    expect(await t.sql(`SELECT count(*)::int AS n FROM event WHERE request_id = 'test-takeover'`)).toEqual([{ n: 0 }]);
  });

  it('lets the retry run when the claiming process died (its claim left pending, lease run out)', async () => {
    const body = assetBody(custodian);
    // What a killed process leaves: its claim, pending, no change (its transaction never committed).
    await holdCode(body.code as string);
    const dying = post('k-dead', body).then((r) => r);
    await lockWaiters(1);
    const [{ pid }] = await t.sql<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' LIMIT 1`);
    // Its connection dies with it, and its release never comes (as after a kill -9).
    await t.sql(`UPDATE idempotency_key SET claim_token = gen_random_uuid() WHERE key = 'k-dead'`);
    await raw.query('SELECT pg_terminate_backend($1)', [pid]);
    await raw.query('ROLLBACK');
    expect([503, 409]).toContain((await dying).status);
    expect(await t.sql(`SELECT count(*)::int AS n FROM asset WHERE code = $1`, [body.code])).toEqual([{ n: 0 }]);
    expect((await keyRow('k-dead')).state).toBe('pending');
    // Within the lease the retry is told to wait; after it, it runs once.
    await post('k-dead', body).expect(409);
    await t.sql(`UPDATE idempotency_key SET lease_until = now() - interval '1 second' WHERE key = 'k-dead'`);
    const created = await post('k-dead', body).expect(201);
    expect((await post('k-dead', body).expect(201)).body.id).toBe(created.body.id);
    expect(await t.sql(`SELECT count(*)::int AS n FROM asset WHERE code = $1`, [body.code])).toEqual([{ n: 1 }]);
  });
});
