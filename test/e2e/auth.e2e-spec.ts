import { JwtService } from '@nestjs/jwt';
import { PgThrottlerStorage } from '../../src/auth/throttle/pg-throttler.storage';
import { UsersService } from '../../src/auth/users.service';
import { ADMIN, bearer, createTestApp, PASSWORD, type TestApp } from '../support/app';

describe('auth and users', () => {
  let t: TestApp;
  let viewer: string;
  let officer08: string;
  let inspector: string;

  beforeAll(async () => {
    t = await createTestApp();
    viewer = await t.userToken('viewer', null, 'viewer.one');
    officer08 = await t.userToken('officer', '08', 'officer.tq');
    inspector = await t.userToken('inspector', '08', 'inspector.tq');
  });
  afterAll(() => t.close());

  describe('POST /auth/login', () => {
    it('returns a bearer token and the user', async () => {
      const res = await t.http.post('/api/v1/auth/login').send({ username: 'officer.tq', password: PASSWORD }).expect(200);
      expect(res.body).toMatchObject({
        tokenType: 'Bearer',
        expiresIn: 8 * 3600,
        user: { username: 'officer.tq', role: 'officer', provinceCode: '08', disabled: false },
      });
      expect(res.body.accessToken.split('.')).toHaveLength(3);
      expect(res.body.user.passwordHash).toBeUndefined();
    });

    it('refuses a wrong password and an unknown user alike', async () => {
      const a = await t.http.post('/api/v1/auth/login').send({ username: 'officer.tq', password: 'wrong-password!' }).expect(401);
      const b = await t.http.post('/api/v1/auth/login').send({ username: 'nobody.here', password: 'wrong-password!' }).expect(401);
      expect(a.body.detail).toBe(b.body.detail);
      expect(a.headers['content-type']).toMatch(/^application\/problem\+json/);
    });

    it.each([
      [{}, ['password', 'username']],
      [{ username: 'a' }, ['password']],
      [{ username: 'a', password: 'b', remember: true }, ['remember']],
      [{ username: 5, password: 'b' }, ['username']],
    ])('validates %j', async (body, fields) => {
      const res = await t.http.post('/api/v1/auth/login').send(body).expect(422);
      expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual(fields);
    });

    it('answers the 11th wrong password in a minute with 429, per username and address', async () => {
      await t.userToken('viewer', null, 'rate.limited'); // its one successful sign-in counts as an attempt too
      const attempt = (username: string) => t.http.post('/api/v1/auth/login').send({ username, password: 'definitely-wrong' });
      for (let i = 0; i < 9; i++) expect((await attempt('rate.limited')).status).toBe(401);
      const blocked = await attempt('rate.limited');
      expect(blocked.status).toBe(429);
      expect(blocked.body.type).toMatch(/too-many-requests$/);
      expect(blocked.headers['retry-after']).toBeDefined();
      // Another username from the same address is not blocked.
      expect((await attempt('officer.tq')).status).toBe(401);
    });

    it('counts attempts in the database: two instances of the API share one limit', async () => {
      await t.userToken('viewer', null, 'shared.limit'); // one successful sign-in, on the first instance
      const blockedBefore = (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM throttle_counter WHERE blocked_until > now()`))[0].n;
      const other = await t.secondInstance();
      try {
        const attempt = (http: typeof t.http) => http.post('/api/v1/auth/login').send({ username: 'shared.limit', password: 'definitely-wrong' });
        for (let i = 0; i < 9; i++) expect((await attempt(i % 2 === 0 ? other.http : t.http)).status).toBe(401);
        const blocked = await attempt(other.http);
        expect(blocked.status).toBe(429);
        expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
        expect((await attempt(t.http)).status).toBe(429);
        expect((await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM throttle_counter WHERE blocked_until > now()`))[0].n).toBe(blockedBefore + 1);
      } finally {
        await other.close();
      }
    });

    it('deletes counters whose window and block are over, and only those', async () => {
      await t.sql(`INSERT INTO throttle_counter (key, hits, window_ends, blocked_until, expires_at) VALUES
        ('test:over', 3, now() - interval '2 minutes', NULL, now() - interval '2 minutes'),
        ('test:blocked', 11, now() - interval '2 minutes', now() + interval '1 minute', now() + interval '1 minute')`);
      expect(await t.app.get(PgThrottlerStorage).sweep()).toBeGreaterThanOrEqual(1);
      expect((await t.sql<{ key: string }>(`SELECT key FROM throttle_counter WHERE key LIKE 'test:%'`)).map((r) => r.key)).toEqual(['test:blocked']);
    });
  });

  describe('GET /auth/me and tokens', () => {
    it('returns the signed-in user', async () => {
      const res = await t.http.get('/api/v1/auth/me').set(bearer(inspector)).expect(200);
      expect(res.body).toMatchObject({ username: 'inspector.tq', role: 'inspector', provinceCode: '08' });
    });

    it.each([
      ['no header', {}],
      ['a malformed header', { Authorization: 'Token abc' }],
      ['a garbage token', { Authorization: 'Bearer abc.def.ghi' }],
    ])('is 401 with %s', async (_, headers) => {
      const res = await t.http.get('/api/v1/auth/me').set(headers).expect(401);
      expect(res.body.type).toMatch(/unauthorized$/);
    });

    it('refuses an expired token and one signed with another secret', async () => {
      const jwt = t.app.get(JwtService);
      const me = await t.http.get('/api/v1/auth/me').set(bearer(viewer));
      // With the claims a real token has (tv: the token version), so that only expiry and signature are at fault.
      await t.http
        .get('/api/v1/auth/me')
        .set(bearer(await jwt.signAsync({ sub: me.body.id, tv: 0 })))
        .expect(200);
      const expired = await jwt.signAsync({ sub: me.body.id, tv: 0 }, { expiresIn: -10 });
      await t.http.get('/api/v1/auth/me').set(bearer(expired)).expect(401);
      const forged = await jwt.signAsync({ sub: me.body.id, tv: 0 }, { secret: 'another-secret-that-is-long-enough-to-sign' });
      await t.http.get('/api/v1/auth/me').set(bearer(forged)).expect(401);
    });
  });

  describe('/users (admin)', () => {
    it('creates a user, returns it with an ETag, and records an event without the password', async () => {
      const res = await t.http
        .post('/api/v1/users')
        .set(bearer(t.adminToken))
        .send({ username: 'sotc.hanoi', displayName: 'Sở Tài chính Hà Nội', password: PASSWORD, role: 'officer', provinceCode: '01' })
        .expect(201);
      expect(res.body).toMatchObject({
        username: 'sotc.hanoi',
        displayName: 'Sở Tài chính Hà Nội',
        role: 'officer',
        provinceCode: '01',
        disabled: false,
        version: 1,
      });
      expect(res.headers.etag).toBe('"1"');
      const events = await t.sql<{ action: string; after: Record<string, unknown>; actor_id: string }>(
        `SELECT action, after, actor_id FROM event WHERE entity_type = 'user' AND entity_id = $1`,
        [res.body.id],
      );
      expect(events).toEqual([
        {
          action: 'created',
          actor_id: expect.any(String),
          after: { username: 'sotc.hanoi', displayName: 'Sở Tài chính Hà Nội', role: 'officer', provinceCode: '01', disabled: false },
        },
      ]);
      await t.login('sotc.hanoi', PASSWORD);
    });

    it('stores NFD input as NFC', async () => {
      const res = await t.http
        .post('/api/v1/users')
        .set(bearer(t.adminToken))
        .send({ username: 'nfd.user', displayName: 'Thanh tra Tuyên Quang'.normalize('NFD'), password: PASSWORD, role: 'viewer' })
        .expect(201);
      expect(res.body.displayName).toBe('Thanh tra Tuyên Quang'.normalize('NFC'));
    });

    it.each([
      [{ username: 'Bad Name' }, 'username'],
      [{ username: 'ab' }, 'username'],
      [{ password: 'short' }, 'password'],
      [{ role: 'superuser' }, 'role'],
      [{ displayName: '' }, 'displayName'],
      [{ provinceCode: '8' }, 'provinceCode'],
      [{ role: 'officer', provinceCode: undefined }, 'provinceCode'],
      [{ role: 'admin', provinceCode: '08' }, 'provinceCode'],
      [{ provinceCode: '99' }, 'provinceCode'],
      [{ provinceCode: '02' }, 'provinceCode'],
      [{ id: '00000000-0000-0000-0000-000000000001' }, 'id'],
    ])('refuses %j with 422 naming %s', async (change, field) => {
      const body = { username: 'new.user', displayName: 'New', password: PASSWORD, role: 'viewer', provinceCode: '08', ...change };
      const res = await t.http.post('/api/v1/users').set(bearer(t.adminToken)).send(body).expect(422);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('refuses a taken username with 409', async () => {
      const res = await t.http
        .post('/api/v1/users')
        .set(bearer(t.adminToken))
        .send({ username: 'officer.tq', displayName: 'x', password: PASSWORD, role: 'viewer' })
        .expect(409);
      expect(res.body.type).toMatch(/username-taken$/);
    });

    it('lists users with filters and cursor pages', async () => {
      const first = await t.http.get('/api/v1/users?limit=2').set(bearer(t.adminToken)).expect(200);
      expect(first.body.items.map((u: { username: string }) => u.username)).toEqual(['admin', 'inspector.tq']);
      const second = await t.http.get('/api/v1/users').query({ limit: 2, cursor: first.body.page.nextCursor }).set(bearer(t.adminToken)).expect(200);
      expect(second.body.items[0].username > 'inspector.tq').toBe(true);
      const officers = await t.http.get('/api/v1/users?role=officer').set(bearer(t.adminToken)).expect(200);
      expect(officers.body.items.every((u: { role: string }) => u.role === 'officer')).toBe(true);
      const q = await t.http.get('/api/v1/users').query({ q: 'tuyen quang' }).set(bearer(t.adminToken)).expect(200);
      expect(q.body.items.map((u: { username: string }) => u.username)).toEqual(['nfd.user']);
      await t.http.get('/api/v1/users?limit=500').set(bearer(t.adminToken)).expect(400);
    });

    it('gets one user; 404 for unknown, 400 for a bad id', async () => {
      const me = await t.http.get('/api/v1/auth/me').set(bearer(officer08));
      const res = await t.http.get(`/api/v1/users/${me.body.id}`).set(bearer(t.adminToken)).expect(200);
      expect(res.body.username).toBe('officer.tq');
      await t.http.get('/api/v1/users/00000000-0000-4000-8000-000000000000').set(bearer(t.adminToken)).expect(404);
      await t.http.get('/api/v1/users/not-a-uuid').set(bearer(t.adminToken)).expect(400);
    });

    it.each([
      ['viewer', () => viewer],
      ['officer', () => officer08],
      ['inspector', () => inspector],
    ])('is forbidden to a %s', async (_, token) => {
      await t.http.get('/api/v1/users').set(bearer(token())).expect(403);
      await t.http.post('/api/v1/users').set(bearer(token())).send({ username: 'x.y.z', displayName: 'x', password: PASSWORD, role: 'admin' }).expect(403);
      await t.http.patch('/api/v1/users/00000000-0000-4000-8000-000000000000').set(bearer(token())).set('If-Match', '"1"').send({}).expect(403);
    });
  });

  describe('PATCH /users/{id}', () => {
    const make = async (username: string) => {
      const res = await t.http
        .post('/api/v1/users')
        .set(bearer(t.adminToken))
        .send({ username, displayName: username, password: PASSWORD, role: 'viewer' })
        .expect(201);
      return { id: res.body.id as string, token: await t.login(username, PASSWORD) };
    };

    it('disables a user, whose token stops working at once, and enables again', async () => {
      const u = await make('to.disable');
      await t.http.get('/api/v1/auth/me').set(bearer(u.token)).expect(200); // its signature is now remembered: the account is still checked
      await t.http.get('/api/v1/auth/me').set(bearer(u.token)).expect(200);
      const res = await t.http.patch(`/api/v1/users/${u.id}`).set(bearer(t.adminToken)).set('If-Match', '"1"').send({ disabled: true }).expect(200);
      expect(res.body).toMatchObject({ disabled: true, version: 2 });
      await t.http.get('/api/v1/auth/me').set(bearer(u.token)).expect(401);
      await t.http.post('/api/v1/auth/login').send({ username: 'to.disable', password: PASSWORD }).expect(401);
      await t.http.patch(`/api/v1/users/${u.id}`).set(bearer(t.adminToken)).set('If-Match', '"2"').send({ disabled: false }).expect(200);
      await t.login('to.disable', PASSWORD);
    });

    it('changes the password and revokes older tokens', async () => {
      const u = await make('to.rekey');
      await t.http.get('/api/v1/auth/me').set(bearer(u.token)).expect(200); // its signature is now remembered: revocation still applies
      // No wait: revocation is by token version, not by issue time (a token of the same second is revoked too).
      await t.http.patch(`/api/v1/users/${u.id}`).set(bearer(t.adminToken)).set('If-Match', '"1"').send({ password: 'another-long-password' }).expect(200);
      await t.http.get('/api/v1/auth/me').set(bearer(u.token)).expect(401);
      await t.http.post('/api/v1/auth/login').send({ username: 'to.rekey', password: PASSWORD }).expect(401);
      await t.login('to.rekey', 'another-long-password');
      const events = await t.sql<{ after: Record<string, unknown> }>(`SELECT after FROM event WHERE entity_id = $1 AND action = 'updated'`, [u.id]);
      expect(events).toEqual([{ after: { passwordChanged: true } }]);
    });

    it('changes role and scope, checking the rules', async () => {
      const u = await make('to.promote');
      const res = await t.http
        .patch(`/api/v1/users/${u.id}`)
        .set(bearer(t.adminToken))
        .set('If-Match', '"1"')
        .send({ role: 'officer', provinceCode: '08' })
        .expect(200);
      expect(res.body).toMatchObject({ role: 'officer', provinceCode: '08' });
      await t.http.patch(`/api/v1/users/${u.id}`).set(bearer(t.adminToken)).set('If-Match', '"2"').send({ provinceCode: null }).expect(422);
      const admin = await t.http.patch(`/api/v1/users/${u.id}`).set(bearer(t.adminToken)).set('If-Match', '"2"').send({ role: 'admin' }).expect(200);
      expect(admin.body.provinceCode).toBeNull();
    });

    it('needs If-Match (428), refuses a stale one (412) and a malformed one (400), changing nothing', async () => {
      const u = await make('to.race');
      await t.http.patch(`/api/v1/users/${u.id}`).set(bearer(t.adminToken)).send({ displayName: 'A' }).expect(428);
      await t.http.patch(`/api/v1/users/${u.id}`).set(bearer(t.adminToken)).set('If-Match', 'one').send({ displayName: 'A' }).expect(400);
      const [a, b] = await Promise.all([
        t.http.patch(`/api/v1/users/${u.id}`).set(bearer(t.adminToken)).set('If-Match', '"1"').send({ displayName: 'A' }),
        t.http.patch(`/api/v1/users/${u.id}`).set(bearer(t.adminToken)).set('If-Match', '"1"').send({ displayName: 'B' }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 412]);
      const winner = a.status === 200 ? 'A' : 'B';
      const now = await t.http.get(`/api/v1/users/${u.id}`).set(bearer(t.adminToken)).expect(200);
      expect(now.body).toMatchObject({ displayName: winner, version: 2 });
    });

    it('will not let an admin lock themselves out', async () => {
      const me = await t.http.get('/api/v1/auth/me').set(bearer(t.adminToken));
      const a = await t.http
        .patch(`/api/v1/users/${me.body.id}`)
        .set(bearer(t.adminToken))
        .set('If-Match', `"${me.body.version}"`)
        .send({ disabled: true })
        .expect(409);
      expect(a.body.type).toMatch(/cannot-lock-out-self$/);
      await t.http.patch(`/api/v1/users/${me.body.id}`).set(bearer(t.adminToken)).set('If-Match', `"${me.body.version}"`).send({ role: 'viewer' }).expect(409);
    });

    it('is 404 for an unknown user', async () => {
      await t.http
        .patch('/api/v1/users/00000000-0000-4000-8000-000000000000')
        .set(bearer(t.adminToken))
        .set('If-Match', '"1"')
        .send({ displayName: 'x' })
        .expect(404);
    });
  });

  describe('bootstrap admin', () => {
    it('leaves a matching admin alone at start (another instance starting signs nobody out)', async () => {
      const me = await t.http.get('/api/v1/auth/me').set(bearer(t.adminToken)).expect(200);
      expect(me.body).toMatchObject({ username: ADMIN.username, role: 'admin', provinceCode: null });
      await t.app.get(UsersService).ensureBootstrapAdmin();
      const events = await t.sql(`SELECT action FROM event WHERE entity_id = $1 ORDER BY seq`, [me.body.id]);
      expect(events.map((e) => e.action)).toEqual(['created']);
      await t.http.get('/api/v1/auth/me').set(bearer(t.adminToken)).expect(200);
    });

    it('resets the admin from ADMIN_PASSWORD at start when it no longer matches (disabled, or another password)', async () => {
      const me = await t.http.get('/api/v1/auth/me').set(bearer(t.adminToken)).expect(200);
      await t.sql(`UPDATE app_user SET disabled_at = now() WHERE id = $1`, [me.body.id]);
      await t.app.get(UsersService).ensureBootstrapAdmin();
      const events = await t.sql(`SELECT action FROM event WHERE entity_id = $1 ORDER BY seq`, [me.body.id]);
      expect(events.map((e) => e.action)).toEqual(['created', 'admin-reset']);
      await t.http.get('/api/v1/auth/me').set(bearer(t.adminToken)).expect(401); // its tokens were revoked
      const token = await t.login(ADMIN.username, ADMIN.password);
      await t.http.get('/api/v1/auth/me').set(bearer(token)).expect(200);
    });
  });
});
