import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { Client } from 'pg';
import type { EmbeddedPostgresHandle } from '../../src/database/embedded-postgres';

export default async function globalTeardown(): Promise<void> {
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
