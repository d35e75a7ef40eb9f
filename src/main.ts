import 'reflect-metadata';
import { createApp } from './app.setup';
import { ConfigError, loadConfig } from './common/config';
import { prepareDatabase } from './database/prepare';

const log = (m: string) => process.stdout.write(`${JSON.stringify({ level: 30, time: Date.now(), msg: m })}\n`);

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nThe API was not started. See README.md, "Configuration".\n`);
      process.exit(2);
    }
    throw err;
  }
  const db = await prepareDatabase(config, log);
  if (process.argv.includes('--migrate-only')) {
    await db.stop();
    return;
  }
  const app = await createApp({ ...config, databaseUrl: db.url });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log(`${signal} received: closing`);
    await app.close().catch(() => undefined);
    await db.stop().catch(() => undefined);
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  log(`API listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port} (docs at /api/docs)`);
}

main().catch((err: unknown) => {
  process.stderr.write(`Start-up failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
