import { sign } from 'jsonwebtoken';
import { base32Decode, totpCode } from '../../src/auth/totp';
import { TotpSecretBox } from '../../src/auth/totp-secrets';
import { APP_CONFIG, type AppConfig } from '../../src/common/config';
import { ADMIN, bearer, createTestApp, PASSWORD, type TestApp } from '../support/app';

/** Issue #9 "safe defaults: no way in by default": forged, stale, revoked and exp-less tokens, the login throttle, TOTP. */

const STEP_MS = 30_000;
/** The TOTP code of `secret` (base32) for the 30-second step `offset` steps from now. */
const code = (secret: string, offset = 0) => totpCode(base32Decode(secret), Date.now() + offset * STEP_MS);

describe('auth hardening', () => {
  let t: TestApp;
  let secret: Buffer;
  /** Creates a user as the admin; its id and a fresh token. */
  const make = async (username: string, role = 'viewer', provinceCode: string | null = null) => {
    const res = await t.http
      .post('/api/v1/users')
      .set(bearer(t.adminToken))
      .send({ username, displayName: username, password: PASSWORD, role, provinceCode })
      .expect(201);
    return { id: res.body.id as string, token: await t.login(username, PASSWORD) };
  };
  const me = (token: string) => t.http.get('/api/v1/auth/me').set(bearer(token));
  /** PATCH /users/{id} as the admin with the current ETag, expecting `status`. */
  const patchUser = async (id: string, body: Record<string, unknown>, status = 200) => {
    const current = await t.http.get(`/api/v1/users/${id}`).set(bearer(t.adminToken)).expect(200);
    return t.http
      .patch(`/api/v1/users/${id}`)
      .set(bearer(t.adminToken))
      .set('If-Match', current.headers.etag as string)
      .send(body)
      .expect(status);
  };
  const login = (body: Record<string, unknown>, http = t.http) => http.post('/api/v1/auth/login').send(body);

  beforeAll(async () => {
    t = await createTestApp();
    secret = Buffer.from(t.app.get<AppConfig>(APP_CONFIG).jwtSecret, 'utf8');
  });
  afterAll(() => t.close());

  describe('forged and stale tokens', () => {
    it('refuses a token signed with the secret that used to be written in the source', async () => {
      const admin = await me(t.adminToken).expect(200);
      for (const tv of [undefined, 0, 1]) {
        const forged = sign({ sub: admin.body.id, ...(tv === undefined ? {} : { tv }) }, 'dev-only-insecure-secret-change-me-0123456789', {
          algorithm: 'HS256',
          expiresIn: 3600,
        });
        const res = await t.http.get('/api/v1/users').set(bearer(forged)).expect(401);
        expect(res.body.type).toMatch(/unauthorized$/);
      }
    });

    it('refuses a correctly signed token without exp, without iat, or without the token version', async () => {
      const u = await make('no.exp');
      const noExp = sign({ sub: u.id, tv: 0 }, secret, { algorithm: 'HS256' });
      const noIat = sign({ sub: u.id, tv: 0, exp: Math.floor(Date.now() / 1000) + 600 }, secret, { algorithm: 'HS256', noTimestamp: true });
      const noTv = sign({ sub: u.id }, secret, { algorithm: 'HS256', expiresIn: 600 });
      const textTv = sign({ sub: u.id, tv: '0' }, secret, { algorithm: 'HS256', expiresIn: 600 });
      for (const token of [noExp, noIat, noTv, textTv]) await me(token).expect(401);
      // The same claims with exp, iat and tv are accepted: the refusals above are about the missing claims.
      await me(sign({ sub: u.id, tv: 0 }, secret, { algorithm: 'HS256', expiresIn: 600 })).expect(200);
    });

    it('refuses a token carrying another token version than the user has', async () => {
      const u = await make('wrong.version');
      await me(sign({ sub: u.id, tv: 1 }, secret, { algorithm: 'HS256', expiresIn: 600 })).expect(401);
      await me(sign({ sub: u.id, tv: -1 }, secret, { algorithm: 'HS256', expiresIn: 600 })).expect(401);
    });
  });

  describe('revocation', () => {
    it('disabling revokes the tokens, and re-enabling does not revive them', async () => {
      const u = await make('revive.me');
      await me(u.token).expect(200); // the signature is now cached: the version check must still run
      await patchUser(u.id, { disabled: true });
      await me(u.token).expect(401);
      await patchUser(u.id, { disabled: false });
      const res = await me(u.token).expect(401);
      expect(res.body.type).toMatch(/unauthorized$/);
      await me(await t.login('revive.me', PASSWORD)).expect(200);
    });

    it('a password change revokes a token issued in the same second', async () => {
      const u = await make('same.second');
      await me(u.token).expect(200);
      await patchUser(u.id, { password: 'another-long-password' });
      await me(u.token).expect(401);
      await me(await t.login('same.second', 'another-long-password')).expect(200);
    });

    it('a role or scope change revokes the tokens; a display name change does not', async () => {
      const u = await make('role.change');
      await patchUser(u.id, { displayName: 'Renamed' });
      await me(u.token).expect(200);
      await patchUser(u.id, { role: 'inspector', provinceCode: '08' });
      await me(u.token).expect(401);
      const second = await t.login('role.change', PASSWORD);
      await patchUser(u.id, { provinceCode: null });
      await me(second).expect(401);
    });

    it('checks the version on every request, not only when the signature is first verified', async () => {
      const u = await make('every.request');
      await me(u.token).expect(200);
      await t.sql(`UPDATE app_user SET token_version = token_version + 1 WHERE id = $1`, [u.id]);
      await me(u.token).expect(401);
    });
  });

  describe('login throttle', () => {
    it('does not take X-Forwarded-For from anyone: rotating it does not escape the limit', async () => {
      await make('rotating.xff');
      const statuses: number[] = [];
      let retryAfter: string | undefined;
      for (let i = 0; i < 30; i++) {
        const res = await login({ username: 'rotating.xff', password: 'definitely-wrong' }).set('X-Forwarded-For', `203.0.113.${i + 1}`);
        statuses.push(res.status);
        if (res.status === 429) retryAfter ??= res.headers['retry-after'] as string;
      }
      // Its one successful sign-in (make) counted: the 10th wrong password is the 11th attempt in the minute.
      expect(statuses.slice(0, 9)).toEqual(Array(9).fill(401));
      expect(statuses.slice(9)).toEqual(Array(21).fill(429));
      expect(Number(retryAfter)).toBeGreaterThan(0);
    });
  });

  describe('TOTP', () => {
    it('enrols, confirms, then needs a code at sign-in; refuses a wrong code and the replay of a used one', async () => {
      const u = await make('totp.user');
      const enrol = await t.http.post('/api/v1/auth/totp/enrol').set(bearer(u.token)).expect(200);
      expect(enrol.headers['cache-control']).toBe('no-store'); // a secret: no cache keeps it
      expect(enrol.body).toEqual({ secret: expect.stringMatching(/^[A-Z2-7]{32}$/), otpauthUri: expect.any(String), algorithm: 'SHA1', digits: 6, period: 30 });
      const uri = new URL(enrol.body.otpauthUri);
      expect(uri.protocol).toBe('otpauth:');
      expect(uri.host).toBe('totp');
      expect(decodeURIComponent(uri.pathname)).toContain('totp.user');
      expect(uri.searchParams.get('secret')).toBe(enrol.body.secret);
      expect(uri.searchParams.get('issuer')).toBeTruthy();
      const s = enrol.body.secret as string;
      // Not on until confirmed: sign-in still needs no code.
      expect((await me(u.token).expect(200)).body.totpEnabled).toBe(false);
      await t.login('totp.user', PASSWORD);

      const wrong = await t.http
        .post('/api/v1/auth/totp/confirm')
        .set(bearer(u.token))
        .send({ code: code(s, 5) })
        .expect(422);
      expect(wrong.body.type).toMatch(/totp-invalid$/);
      const confirmed = await t.http
        .post('/api/v1/auth/totp/confirm')
        .set(bearer(u.token))
        .send({ code: code(s) })
        .expect(200);
      expect(confirmed.body).toMatchObject({ tokenType: 'Bearer', user: { username: 'totp.user', totpEnabled: true } });
      await me(u.token).expect(401); // enabling the second factor signs out the sessions opened without it
      await me(confirmed.body.accessToken).expect(200);

      const required = await login({ username: 'totp.user', password: PASSWORD }).expect(401);
      expect(required.body.type).toMatch(/totp-required$/);
      const invalid = await login({ username: 'totp.user', password: PASSWORD, totp: code(s, 10) }).expect(401);
      expect(invalid.body.type).toMatch(/totp-invalid$/);
      const badPassword = await login({ username: 'totp.user', password: 'wrong-password!', totp: code(s, 1) }).expect(401);
      expect(badPassword.body.type).toMatch(/unauthorized$/);
      // The step after the one used to confirm (accepted within one step of the clock), once.
      const next = code(s, 1);
      const ok = await login({ username: 'totp.user', password: PASSWORD, totp: next }).expect(200);
      await me(ok.body.accessToken).expect(200);
      const replay = await login({ username: 'totp.user', password: PASSWORD, totp: next }).expect(401);
      expect(replay.body.type).toMatch(/totp-invalid$/);
      // Neither can an earlier step be used any more.
      await login({ username: 'totp.user', password: PASSWORD, totp: code(s) }).expect(401);

      // The secret is never shown again, and is not stored in clear.
      const again = await t.http.post('/api/v1/auth/totp/enrol').set(bearer(ok.body.accessToken)).expect(409);
      expect(again.body.type).toMatch(/totp-already-enabled$/);
      const bodies = JSON.stringify([(await me(ok.body.accessToken)).body, (await t.http.get(`/api/v1/users/${u.id}`).set(bearer(t.adminToken))).body]);
      expect(bodies).not.toContain(s);
      const [row] = await t.sql<Record<string, unknown>>(`SELECT * FROM app_user WHERE id = $1`, [u.id]);
      expect(JSON.stringify(row)).not.toContain(s);
      expect(JSON.stringify(row)).not.toContain(base32Decode(s).toString('hex'));
      const events = await t.sql<{ action: string; after: unknown }>(
        `SELECT action, after FROM event WHERE entity_id = $1 AND action LIKE 'totp%' ORDER BY seq`,
        [u.id],
      );
      expect(events).toEqual([{ action: 'totp-enabled', after: { totpEnabled: true } }]);
    });

    it('answers 503 totp-unavailable (not 500) when the stored secret no longer opens (the server key changed)', async () => {
      const u = await make('totp.rekeyed');
      const s = (await t.http.post('/api/v1/auth/totp/enrol').set(bearer(u.token)).expect(200)).body.secret as string;
      await t.http
        .post('/api/v1/auth/totp/confirm')
        .set(bearer(u.token))
        .send({ code: code(s) })
        .expect(200);
      // As after JWT_SECRET changed without TOTP_SECRET_KEY: the sealed secret is one another key made.
      await t.sql(`UPDATE app_user SET totp_secret = $2 WHERE id = $1`, [
        u.id,
        new TotpSecretBox('another-key-another-key-another-key').seal(base32Decode(s), u.id),
      ]);
      const res = await login({ username: 'totp.rekeyed', password: PASSWORD, totp: code(s, 1) }).expect(503);
      expect(res.body.type).toMatch(/totp-unavailable$/);
    });

    it('validates the code field', async () => {
      const u = await make('totp.validate');
      for (const totp of ['12345', '1234567', 'abcdef', 123456]) {
        const res = await login({ username: 'totp.validate', password: PASSWORD, totp }).expect(422);
        expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))]).toEqual(['totp']);
      }
      await t.http.post('/api/v1/auth/totp/confirm').set(bearer(u.token)).send({}).expect(422);
      const notPending = await t.http.post('/api/v1/auth/totp/confirm').set(bearer(u.token)).send({ code: '123456' }).expect(409);
      expect(notPending.body.type).toMatch(/totp-not-pending$/);
      const notEnabled = await t.http.post('/api/v1/auth/totp/disable').set(bearer(u.token)).send({ code: '123456' }).expect(409);
      expect(notEnabled.body.type).toMatch(/totp-not-enabled$/);
    });

    it('turns off with a current code, keeping the session', async () => {
      const u = await make('totp.off');
      const s = (await t.http.post('/api/v1/auth/totp/enrol').set(bearer(u.token)).expect(200)).body.secret as string;
      const token = (
        await t.http
          .post('/api/v1/auth/totp/confirm')
          .set(bearer(u.token))
          .send({ code: code(s) })
          .expect(200)
      ).body.accessToken as string;
      const wrong = await t.http
        .post('/api/v1/auth/totp/disable')
        .set(bearer(token))
        .send({ code: code(s, 7) })
        .expect(422);
      expect(wrong.body.type).toMatch(/totp-invalid$/);
      // The code that confirmed cannot be used again.
      await t.http
        .post('/api/v1/auth/totp/disable')
        .set(bearer(token))
        .send({ code: code(s) })
        .expect(422);
      const off = await t.http
        .post('/api/v1/auth/totp/disable')
        .set(bearer(token))
        .send({ code: code(s, 1) })
        .expect(200);
      expect(off.body).toMatchObject({ username: 'totp.off', totpEnabled: false });
      await me(token).expect(200);
      await t.login('totp.off', PASSWORD);
    });

    it("an admin can remove a user's second factor (a lost phone), which signs the user out", async () => {
      const u = await make('totp.lost');
      const s = (await t.http.post('/api/v1/auth/totp/enrol').set(bearer(u.token)).expect(200)).body.secret as string;
      const token = (
        await t.http
          .post('/api/v1/auth/totp/confirm')
          .set(bearer(u.token))
          .send({ code: code(s) })
          .expect(200)
      ).body.accessToken as string;
      const res = await patchUser(u.id, { totpEnabled: false });
      expect(res.body.totpEnabled).toBe(false);
      await me(token).expect(401);
      await t.login('totp.lost', PASSWORD);
      await patchUser(u.id, { totpEnabled: true }, 422); // only the user can turn it on, by enrolling
    });
  });

  describe('behind a configured proxy, with a per-username limit', () => {
    let p: TestApp;
    beforeAll(async () => {
      p = await createTestApp({ units: 'none', env: { TRUST_PROXY: '127.0.0.1', LOGIN_USERNAME_RATE_LIMIT: '5', LOGIN_USERNAME_RATE_WINDOW_SECONDS: '600' } });
    });
    afterAll(() => p.close());

    it('limits failed sign-ins per username whatever the address, and refuses even the right password while blocked', async () => {
      await p.userToken('viewer', null, 'many.addresses');
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++)
        statuses.push((await login({ username: 'many.addresses', password: 'definitely-wrong' }, p.http).set('X-Forwarded-For', `198.51.100.${i + 1}`)).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
      const blocked = await login({ username: 'many.addresses', password: PASSWORD }, p.http).set('X-Forwarded-For', '198.51.100.200').expect(429);
      expect(blocked.body.type).toMatch(/too-many-requests$/);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(500);
      // Another username is not blocked.
      await p.userToken('viewer', null, 'someone.else');
    });

    it('counts wrong TOTP codes in the same limit', async () => {
      const token = await p.userToken('viewer', null, 'totp.brute');
      const s = (await p.http.post('/api/v1/auth/totp/enrol').set(bearer(token)).expect(200)).body.secret as string;
      await p.http
        .post('/api/v1/auth/totp/confirm')
        .set(bearer(token))
        .send({ code: code(s) })
        .expect(200);
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const wrong = String((Number(code(s, 1)) + 1 + i) % 1_000_000).padStart(6, '0');
        statuses.push((await login({ username: 'totp.brute', password: PASSWORD, totp: wrong }, p.http).set('X-Forwarded-For', `192.0.2.${i + 1}`)).status);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      await login({ username: 'totp.brute', password: PASSWORD, totp: code(s, 1) }, p.http).expect(429);
    });
  });

  describe('TOTP required for admins', () => {
    let a: TestApp;
    beforeAll(async () => {
      a = await createTestApp({ units: 'none', env: { TOTP_REQUIRED_FOR_ADMINS: 'true' } });
    });
    afterAll(() => a.close());

    it('lets an admin without TOTP sign in only to enrol, then needs the code', async () => {
      const first = await login({ username: ADMIN.username, password: ADMIN.password }, a.http).expect(200);
      expect(first.body.totpEnrolmentRequired).toBe(true);
      const limited = first.body.accessToken as string;
      const refused = await a.http.get('/api/v1/users').set(bearer(limited)).expect(403);
      expect(refused.body.type).toMatch(/totp-enrolment-required$/);
      await a.http.get('/api/v1/auth/me').set(bearer(limited)).expect(200);
      const s = (await a.http.post('/api/v1/auth/totp/enrol').set(bearer(limited)).expect(200)).body.secret as string;
      const full = await a.http
        .post('/api/v1/auth/totp/confirm')
        .set(bearer(limited))
        .send({ code: code(s) })
        .expect(200);
      expect(full.body.totpEnrolmentRequired).toBe(false);
      await a.http.get('/api/v1/users').set(bearer(full.body.accessToken)).expect(200);
      await a.http.get('/api/v1/auth/me').set(bearer(limited)).expect(401);
      const required = await login({ username: ADMIN.username, password: ADMIN.password }, a.http).expect(401);
      expect(required.body.type).toMatch(/totp-required$/);
      const withCode = await login({ username: ADMIN.username, password: ADMIN.password, totp: code(s, 1) }, a.http).expect(200);
      expect(withCode.body.totpEnrolmentRequired).toBe(false);
      const keep = await a.http
        .post('/api/v1/auth/totp/disable')
        .set(bearer(withCode.body.accessToken))
        .send({ code: code(s, 1) })
        .expect(409);
      expect(keep.body.type).toMatch(/totp-required-for-admins$/);
    });

    it('does not ask it of other roles', async () => {
      const token = await a.userToken('viewer', null, 'plain.viewer');
      await a.http.get('/api/v1/units').set(bearer(token)).expect(200);
    });
  });
});
