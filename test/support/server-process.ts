/**
 * The API in a process of its own, for tests about the process itself (does it stay alive, how much
 * memory does it take): createApp, exactly as src/main.ts builds it, on the migrated database in
 * DATABASE_URL, listening on 127.0.0.1:PORT. Run with `node --max-old-space-size=256 -r
 * test/support/ts-register.js test/support/server-process.ts`, the heap `npm start` gives the API.
 * Prints one line `listening <port>` once it answers.
 */
import 'reflect-metadata';
import { createApp } from '../../src/app.setup';
import { loadConfig } from '../../src/common/config';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('DATABASE_URL is required');
  const app = await createApp({ ...config, databaseUrl: config.databaseUrl });
  await app.listen({ port: config.port, host: '127.0.0.1' });
  process.stdout.write(`listening ${config.port}\n`);
  const stop = () => {
    void app.close().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop).once('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`Start-up failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
