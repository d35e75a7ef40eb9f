import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { runMigrations } from '../../src/database/migrate';
import { freePort } from './net';

/** One PostgreSQL per run (DATABASE_URL if set, else embedded), migrated once into a template database. */

export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    // Under /tmp so the unprivileged postgres user can traverse it when tests run as root.
    const parent = mkdtempSync(join(tmpdir(), 'vpa-test-pg-'));
    chmodSync(parent, 0o755);
    const dataDir = join(parent, 'data');
    const handle = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    (globalThis as Record<string, unknown>).__EMBEDDED_PG__ = handle;
    serverUrl = handle.url;
  }
  const template = `vpa_tpl_${process.pid}_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${template}"`);
  await admin.end();
  const templateUrl = new URL(serverUrl);
  templateUrl.pathname = `/${template}`;
  await runMigrations(templateUrl.toString());
  // Where the e2e tests record each operation's statuses for the contract check (global-teardown.ts).
  const contractDir = mkdtempSync(join(tmpdir(), 'vpa-contract-'));
  process.env.TEST_CONTRACT_DIR = contractDir;
  process.env.TEST_PG_SERVER_URL = serverUrl;
  process.env.TEST_PG_TEMPLATE = template;
  delete process.env.DATABASE_URL;
}
