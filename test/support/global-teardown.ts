import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import type { EmbeddedPostgresHandle } from '../../src/database/embedded-postgres';
import { undeclaredStatuses } from './contract';

/**
 * The contract check: every status an operation answered during this run, and every ETag,
 * Idempotency-Replayed and Retry-After header it sent, must be declared for it in the committed
 * openapi.json (which http.e2e-spec checks equals the generated document).
 */
function checkContract(): void {
  const dir = process.env.TEST_CONTRACT_DIR;
  if (!dir) return;
  const openapi = JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8'));
  const missing = undeclaredStatuses(dir, openapi);
  rmSync(dir, { recursive: true, force: true });
  if (missing.length) {
    throw new Error(
      `The API answered with statuses or headers its OpenAPI document does not declare (src/common/openapi-contract.ts):\n  ${missing.join('\n  ')}`,
    );
  }
}

export default async function globalTeardown(): Promise<void> {
  try {
    checkContract();
  } finally {
    await dropDatabases();
  }
}

async function dropDatabases(): Promise<void> {
  const serverUrl = process.env.TEST_PG_SERVER_URL;
  const template = process.env.TEST_PG_TEMPLATE;
  if (serverUrl && template) {
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    // Databases cloned for this run carry the template's name as prefix; drop any a crashed file left.
    const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${template.replace('tpl', 't')}%`]);
    for (const r of rows) await admin.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
    await admin.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
    await admin.end();
  }
  const handle = (globalThis as Record<string, unknown>).__EMBEDDED_PG__ as EmbeddedPostgresHandle | undefined;
  if (handle) {
    await handle.stop();
    rmSync(dirname(handle.dataDir), { recursive: true, force: true });
  }
}
