import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/common/config';
import { readOrCreateSecretFile } from '../../src/common/secret-file';
import { fastifyTrustProxy } from '../../src/common/trust-proxy';

/** Issue #9: the signing secret, proxy trust, the per-username login limit and TOTP settings. */
const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe('the JWT signing secret', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vpa-secret-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is JWT_SECRET when set, and nothing is written', () => {
    const file = join(dir, 'jwt-secret');
    const c = loadConfig({ JWT_SECRET: 's'.repeat(40), JWT_SECRET_FILE: file });
    expect(c).toMatchObject({ jwtSecret: 's'.repeat(40), jwtSecretSource: 'env' });
    expect(existsSync(file)).toBe(false);
  });

  it('outside production without JWT_SECRET: made once in JWT_SECRET_FILE (48 random bytes, mode 0600, its folder made), then read back', () => {
    const file = join(dir, 'nested', 'jwt-secret');
    const first = loadConfig({ JWT_SECRET_FILE: file });
    expect(first.jwtSecretSource).toBe('file-created');
    expect(first.jwtSecretFile).toBe(file);
    expect(Buffer.from(first.jwtSecret, 'base64url')).toHaveLength(48);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.jwtSecret);
    const second = loadConfig({ JWT_SECRET_FILE: file, NODE_ENV: 'development' });
    expect(second).toMatchObject({ jwtSecret: first.jwtSecret, jwtSecretSource: 'file' });
    expect(readdirSync(join(dir, 'nested'))).toEqual(['jwt-secret']); // no temporary file left
  });

  it('is different on every installation', () => {
    const a = loadConfig({ JWT_SECRET_FILE: join(dir, 'a') }).jwtSecret;
    const b = loadConfig({ JWT_SECRET_FILE: join(dir, 'b') }).jwtSecret;
    expect(a).not.toBe(b);
  });

  it('defaults to .data/jwt-secret beside the other data', () => {
    expect(loadConfig({ JWT_SECRET: 's'.repeat(40) }).jwtSecretFile).toBe('.data/jwt-secret');
  });

  it.each([0o644, 0o640, 0o604, 0o620, 0o602])('refuses a file other users may read or write (mode 0%s), naming it and the fix', (mode) => {
    const file = join(dir, 'jwt-secret');
    writeFileSync(file, 'k'.repeat(64));
    chmodSync(file, mode);
    const problems = problemsOf({ JWT_SECRET_FILE: file });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('JWT_SECRET_FILE');
    expect(problems[0]).toContain(file);
    expect(problems[0]).toContain(`0${mode.toString(8)}`);
    expect(problems[0]).toMatch(/chmod 600/);
    expect(statSync(file).mode & 0o777).toBe(mode); // refused, not silently repaired
  });

  it('refuses a file holding too short a secret, and a path that is a folder', () => {
    const file = join(dir, 'jwt-secret');
    writeFileSync(file, 'short\n', { mode: 0o600 });
    expect(problemsOf({ JWT_SECRET_FILE: file })[0]).toMatch(/fewer than 32 characters/);
    expect(problemsOf({ JWT_SECRET_FILE: dir })[0]).toMatch(/is not a file/);
  });

  it('says so when the file cannot be made', () => {
    const blocker = join(dir, 'not-a-folder');
    writeFileSync(blocker, 'x');
    const problems = problemsOf({ JWT_SECRET_FILE: join(blocker, 'jwt-secret') });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^JWT_SECRET_FILE .*not-a-folder.* (could not be made|cannot be read) \(.*ENOTDIR/);
  });

  it('is required in production, whatever file exists', () => {
    const file = join(dir, 'jwt-secret');
    loadConfig({ JWT_SECRET_FILE: file });
    expect(problemsOf({ NODE_ENV: 'production', JWT_SECRET_FILE: file })).toEqual(['JWT_SECRET is required in production (at least 32 characters)']);
  });

  it('under NODE_ENV=test is random for each load and writes nothing', () => {
    const file = join(dir, 'jwt-secret');
    const a = loadConfig({ NODE_ENV: 'test', JWT_SECRET_FILE: file });
    const b = loadConfig({ NODE_ENV: 'test', JWT_SECRET_FILE: file });
    expect(a.jwtSecretSource).toBe('ephemeral');
    expect(a.jwtSecret).not.toBe(b.jwtSecret);
    expect(a.jwtSecret.length).toBeGreaterThanOrEqual(64);
    expect(existsSync(file)).toBe(false);
  });

  it('two processes making the file at once agree on one secret', () => {
    const file = join(dir, 'jwt-secret');
    const results = [readOrCreateSecretFile(file, 'JWT_SECRET_FILE'), readOrCreateSecretFile(file, 'JWT_SECRET_FILE')];
    expect(results.map((r) => ('secret' in r ? r.created : r.problem))).toEqual([true, false]);
    expect(new Set(results.map((r) => ('secret' in r ? r.secret : '')))).toEqual(new Set([readFileSync(file, 'utf8').trim()]));
  });
});

describe('TRUST_PROXY', () => {
  const tp = (TRUST_PROXY: string) => loadConfig({ JWT_SECRET: 's'.repeat(40), TRUST_PROXY }).trustProxy;

  it('trusts no proxy by default', () => {
    expect(loadConfig({ JWT_SECRET: 's'.repeat(40) }).trustProxy).toBe(false);
    for (const none of ['false', 'none', 'NONE', '0', ' ']) expect(tp(none)).toBe(false);
  });

  it('reads a number of proxies, and addresses, CIDR ranges and named ranges', () => {
    expect(tp('2')).toBe(2);
    expect(tp('10.0.0.5, 10.1.0.0/16,::1, fd00::/8 ,loopback')).toEqual(['10.0.0.5', '10.1.0.0/16', '::1', 'fd00::/8', 'loopback']);
  });

  it.each(['true', 'TRUE', '*', '17', 'proxy.local', '10.0.0.0/33', '::1/129', '10.0.0.1/8/8', '10.0.0.256', '10.0.0.0/x', ',', '10.0.0.0/255.0.0.0'])(
    'refuses %j naming TRUST_PROXY',
    (value) => {
      const problems = problemsOf({ JWT_SECRET: 's'.repeat(40), TRUST_PROXY: value });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain('TRUST_PROXY');
    },
  );

  it('gives Fastify a list as it is, and a number as "the first n hops"', () => {
    expect(fastifyTrustProxy(false)).toBe(false);
    expect(fastifyTrustProxy(['10.0.0.5'])).toEqual(['10.0.0.5']);
    const fn = fastifyTrustProxy(1) as (address: string, hop: number) => boolean;
    expect([fn('10.0.0.5', 0), fn('203.0.113.1', 1)]).toEqual([true, false]);
  });
});

describe('login and TOTP settings', () => {
  const base = { JWT_SECRET: 's'.repeat(40) };

  it('has a per-username failure limit and TOTP optional for admins by default', () => {
    expect(loadConfig(base)).toMatchObject({ loginUsernameRateLimit: 20, loginUsernameRateWindowSeconds: 900, totpRequiredForAdmins: false });
    expect(loadConfig(base).totpSecretKey).toBeUndefined();
  });

  it('reads them', () => {
    expect(
      loadConfig({
        ...base,
        LOGIN_USERNAME_RATE_LIMIT: '5',
        LOGIN_USERNAME_RATE_WINDOW_SECONDS: '60',
        TOTP_REQUIRED_FOR_ADMINS: 'TRUE',
        TOTP_SECRET_KEY: 'k'.repeat(32),
      }),
    ).toMatchObject({ loginUsernameRateLimit: 5, loginUsernameRateWindowSeconds: 60, totpRequiredForAdmins: true, totpSecretKey: 'k'.repeat(32) });
  });

  it.each([
    [{ LOGIN_USERNAME_RATE_LIMIT: '0' }, 'LOGIN_USERNAME_RATE_LIMIT'],
    [{ LOGIN_USERNAME_RATE_WINDOW_SECONDS: '1h' }, 'LOGIN_USERNAME_RATE_WINDOW_SECONDS'],
    [{ TOTP_REQUIRED_FOR_ADMINS: 'yes' }, 'TOTP_REQUIRED_FOR_ADMINS'],
    [{ TOTP_SECRET_KEY: 'short' }, 'TOTP_SECRET_KEY'],
  ])('refuses %j naming %s', (env, name) => {
    const problems = problemsOf({ ...base, ...env } as Record<string, string>);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(name);
  });
});
