import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Writable } from 'node:stream';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.setup';
import { systemContext } from '../../src/common/auth-user';
import type { Role } from '../../src/schema/vocabulary';
import { UsersService } from '../../src/auth/users.service';
import { type AppConfig, loadConfig } from '../../src/common/config';
import { UnitsService } from '../../src/units/units.service';
import { recordStatuses } from './contract';
import { createTestDatabase } from './database';
import { smallUnitFiles } from './units-fixture';

export const ADMIN = { username: 'admin', password: 'admin-password-for-tests' };
export const PASSWORD = 'a-good-long-password';

export interface TestApp {
  app: NestFastifyApplication;
  http: ReturnType<typeof request>;
  dbUrl: string;
  /** A bearer token for the admin. */
  adminToken: string;
  /** Creates a user through the real service and returns its token. */
  userToken(role: Role, provinceCode?: string | null, username?: string): Promise<string>;
  login(username: string, password: string): Promise<string>;
  /** Reads the database directly, to check what the API wrote. */
  sql<T = Record<string, unknown>>(query: string, params?: unknown[]): Promise<T[]>;
  /** Another instance of the API on the same database, as a second process behind a balancer would be. */
  secondInstance(): Promise<{ http: ReturnType<typeof request>; close(): Promise<void> }>;
  close(): Promise<void>;
}

/**
 * The real application (createApp, the same function production runs) on a fresh database cloned
 * from the migrated template. `units: 'small'` imports the small unit fixture first.
 */
export async function createTestApp(
  opts: {
    units?: 'small' | 'none';
    env?: Record<string, string>;
    logStream?: Writable;
    /** A migrated database of the test's own (not dropped by close()) instead of a clone. */ databaseUrl?: string;
  } = {},
): Promise<TestApp> {
  const db = opts.databaseUrl ? { url: opts.databaseUrl, drop: async () => undefined } : await createTestDatabase();
  const config: AppConfig & { databaseUrl: string } = {
    // One connection in the main pool unless a test asks for more: a request that needed a second one
    // while holding the first would wait for ever, so every e2e test proves that none does.
    // With one connection every concurrent request of a test queues for it: it may wait longer than
    // production's DB_CONNECT_TIMEOUT_MS before answering 503 (a request waiting for a second
    // connection still fails, after 20 s).
    // Problems in English unless a request asks otherwise (the suites assert English details; the
    // API's own default, Vietnamese, is proven by test/e2e/problem-language.e2e-spec.ts).
    ...loadConfig({
      NODE_ENV: 'test',
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'silent',
      DB_POOL_MAX: '1',
      DB_CONNECT_TIMEOUT_MS: '20000',
      DEFAULT_LANGUAGE: 'en',
      ...opts.env,
    }),
    databaseUrl: db.url,
  };
  const app = await createApp(config, { logStream: opts.logStream });
  recordStatuses(app.getHttpAdapter().getInstance());
  await app.getHttpAdapter().getInstance().ready();
  if ((opts.units ?? 'small') === 'small') await app.get(UnitsService).importDataset(systemContext('test'), smallUnitFiles());
  const http = request(app.getHttpServer());
  const login = async (username: string, password: string): Promise<string> => {
    const res = await request(app.getHttpServer()).post('/api/v1/auth/login').send({ username, password });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.accessToken as string;
  };
  let n = 0;
  return {
    app,
    http,
    dbUrl: db.url,
    adminToken: await login(ADMIN.username, ADMIN.password),
    login,
    sql: (query, params) => app.get(DataSource).query(query, params),
    secondInstance: async () => {
      const other = await createApp(config);
      recordStatuses(other.getHttpAdapter().getInstance());
      await other.getHttpAdapter().getInstance().ready();
      return { http: request(other.getHttpServer()), close: () => other.close() };
    },
    userToken: async (role, provinceCode = null, username) => {
      const name = username ?? `${role}${provinceCode ?? 'vn'}.${++n}`;
      await app.get(UsersService).create(systemContext('test'), { username: name, displayName: name, password: PASSWORD, role, provinceCode });
      return login(name, PASSWORD);
    },
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** A supertest parser that keeps a response body as raw bytes (for CSV, XLSX, PDF). */
export function binaryParser(
  res: NodeJS.ReadableStream & { on: (e: string, cb: (chunk?: Buffer) => void) => void },
  cb: (err: Error | null, body: Buffer) => void,
): void {
  const chunks: Buffer[] = [];
  res.on('data', (c) => chunks.push(c as Buffer));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}
