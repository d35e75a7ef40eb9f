import { bearer, createTestApp, type TestApp } from '../support/app';
import { assetBody, createAgency } from '../support/factories';

/**
 * Ordinary concurrency must never hang the API nor answer 500. With the production pool (20
 * connections) 60-100 concurrent creates used to leave every connection idle in transaction,
 * waiting for a 21st: nothing answered again until a restart.
 */
describe('concurrent writes', () => {
  let t: TestApp;
  let officer: string;
  let custodian: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { DB_POOL_MAX: '20' } });
    officer = await t.userToken('officer', '08');
    custodian = (await createAgency(t, officer)).id;
  });
  afterAll(() => t.close());

  it('answers 200 concurrent creates, half of them duplicate codes, within 10 s: one 201 per code, the rest 409, none 500', async () => {
    const bodies = Array.from({ length: 100 }, () => assetBody(custodian));
    const requests = [...bodies, ...bodies].map((body) =>
      t.http
        .post('/api/v1/assets')
        .set(bearer(officer))
        .send(body)
        .timeout(10_000)
        .then(
          (res) => ({ code: body.code as string, status: res.status, type: res.body.type as string | undefined }),
          (err: Error) => ({ code: body.code as string, status: 0, type: err.message }),
        ),
    );
    const started = Date.now();
    const answers = await Promise.all(requests);
    expect(Date.now() - started).toBeLessThan(10_000);
    const byStatus = new Map<number, number>();
    for (const a of answers) byStatus.set(a.status, (byStatus.get(a.status) ?? 0) + 1);
    expect(Object.fromEntries(byStatus)).toEqual({ 201: 100, 409: 100 });
    for (const body of bodies) expect(answers.filter((a) => a.code === body.code && a.status === 201)).toHaveLength(1);
    expect(new Set(answers.filter((a) => a.status === 409).map((a) => a.type))).toEqual(new Set(['urn:vn-public-assets:problem:asset-code-taken']));
    expect(await t.sql(`SELECT count(*)::int AS n FROM asset WHERE code = ANY($1)`, [bodies.map((b) => b.code)])).toEqual([{ n: 100 }]);
    // Every create left exactly one 'created' event.
    expect(
      await t.sql(`SELECT count(*)::int AS n FROM event e JOIN asset a ON a.id::text = e.entity_id WHERE e.action = 'created' AND a.code = ANY($1)`, [
        bodies.map((b) => b.code),
      ]),
    ).toEqual([{ n: 100 }]);
    await t.http.get('/health/ready').expect(200);
    expect(await t.sql(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction'`)).toEqual([
      { n: 0 },
    ]);
  }, 30_000);

  it('answers concurrent creates of one agency or user code with one 201 and 409s, none 500', async () => {
    const agency = { code: '08.UBND.RACE', name: 'Ủy ban nhân dân xã Đua', kind: 'peoples_committee', unit: { era: 'new', level: 'commune', code: '00691' } };
    const agencies = await Promise.all(Array.from({ length: 20 }, () => t.http.post('/api/v1/agencies').set(bearer(officer)).send(agency)));
    expect(agencies.map((r) => r.status).sort()).toEqual([201, ...Array(19).fill(409)]);
    const user = { username: 'race.user', displayName: 'Race', password: 'a-good-long-password', role: 'viewer' };
    const users = await Promise.all(Array.from({ length: 20 }, () => t.http.post('/api/v1/users').set(bearer(t.adminToken)).send(user)));
    expect(users.map((r) => r.status).sort()).toEqual([201, ...Array(19).fill(409)]);
  }, 30_000);
});
