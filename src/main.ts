import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from './app.setup';
import { type AppConfig, ConfigError, loadConfig } from './common/config';
import { handleShutdownSignals, shutdownGracefully, type ShutdownSignal } from './graceful-shutdown';
import { type PreparedDatabase, prepareDatabase } from './database/prepare';

const log = (m: string) => process.stdout.write(`${JSON.stringify({ level: 30, time: Date.now(), msg: m })}\n`);

/** Beyond the grace period, how long closing the app and the database may take before the process gives up on them. */
const CLOSE_TIMEOUT_MS = 15_000;

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nThe API was not started. See README.md, "Configuration".\n`);
      process.exit(2);
    }
    throw err;
  }

  // The one handler of SIGTERM/SIGINT, from the start: a signal during start-up stops what has been
  // started so far once the current step ends; afterwards it drains, closes and exits 0.
  const started: { db?: PreparedDatabase; app?: NestFastifyApplication } = {};
  let stopDuringStart: ((code: number) => void) | undefined;
  const shutdown = async (signal: ShutdownSignal): Promise<number> => {
    const { app, db } = started;
    if (!app || !db) {
      log(`${signal} received during start-up: stopping once the current step ends`);
      return new Promise<number>((resolve) => (stopDuringStart = resolve));
    }
    log(`${signal} received: finishing the requests in flight (at most ${config.shutdownGraceMs} ms), then closing`);
    setTimeout(() => {
      log(`Shutdown did not finish within ${config.shutdownGraceMs + CLOSE_TIMEOUT_MS} ms: exiting`);
      process.exit(1);
    }, config.shutdownGraceMs + CLOSE_TIMEOUT_MS).unref();
    const outcome = await shutdownGracefully(app, { graceMs: config.shutdownGraceMs, log, stopDatabase: () => db.stop() });
    log(`Closed in ${outcome.ms} ms${outcome.drained ? '' : ` (${outcome.cut} request(s) cut at the end of the grace period)`}`);
    return 0;
  };
  handleShutdownSignals(shutdown, log);
  const stopIfAsked = async (): Promise<boolean> => {
    if (!stopDuringStart) return false;
    await started.db?.stop().catch(() => undefined);
    stopDuringStart(0);
    return true;
  };

  const db = await prepareDatabase(config, log);
  started.db = db;
  if (process.argv.includes('--migrate-only')) {
    await db.stop();
    return;
  }
  if (await stopIfAsked()) return;
  const created = await createApp({ ...config, databaseUrl: db.url });
  const closeCreated = async () => {
    await created.close().catch(() => undefined);
    return stopIfAsked();
  };
  if (stopDuringStart) {
    await closeCreated();
    return;
  }
  await created.listen({ port: config.port, host: config.host });
  if (stopDuringStart) {
    await closeCreated();
    return;
  }
  started.app = created;
  log(`API listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port} (docs at /api/docs)`);
}

main().catch((err: unknown) => {
  process.stderr.write(`Start-up failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
