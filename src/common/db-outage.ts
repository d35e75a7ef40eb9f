import { Logger } from '@nestjs/common';
import { isDatabaseUnavailable, pgErrorOf } from './db-errors';

/** Logging a database outage once (db-errors.ts says what an outage is). */

export interface OutageLogger {
  error(message: string): void;
  warn(message: string): void;
  log(message: string): void;
}

/**
 * Logs a database outage once, not once per request: the first failure at error level, then while it
 * lasts at most one line per `everyMs` with the count of failures since, and one line when a
 * connection succeeds again.
 */
export class DatabaseOutageLog {
  private downSince: number | null = null;
  private lostAt: number | null = null;
  private lastLogged = 0;
  private total = 0;
  private sinceLast = 0;

  constructor(
    private readonly logger: OutageLogger = new Logger('Database'),
    private readonly everyMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  get isDown(): boolean {
    return this.downSince !== null;
  }

  /** A failure to reach the database (a request's, or an idle pooled connection's). */
  failure(err: unknown, where = 'a request'): void {
    const t = this.now();
    const why = reasonOf(err);
    if (this.downSince === null) {
      this.downSince = t;
      this.lastLogged = t;
      this.total = 1;
      this.sinceLast = 0;
      this.logger.error(`Database unavailable (${why}, seen by ${where}); requests answer 503 database-unavailable until it is back`);
      return;
    }
    this.total++;
    this.sinceLast++;
    if (t - this.lastLogged >= this.everyMs) {
      this.logger.warn(
        `Database still unavailable after ${Math.round((t - this.downSince) / 1000)} s (${why}); ${this.sinceLast} failure(s) since the last message, ${this.total} in all`,
      );
      this.lastLogged = t;
      this.sinceLast = 0;
    }
  }

  /** A pooled connection failed while a request or job was using it (the pool's clients report it). */
  connectionLost(err: unknown): void {
    this.lostAt = this.now();
    if (isDatabaseUnavailable(err)) this.failure(err, 'a connection in use');
  }

  /** Whether a connection in use failed within the last `ms`. */
  lostConnectionWithin(ms: number): boolean {
    return this.lostAt !== null && this.now() - this.lostAt <= ms;
  }

  /** The database answered (a new connection was made, or the readiness check passed). */
  recovered(): void {
    if (this.downSince === null) return;
    const t = this.now();
    this.logger.log(`Database available again after ${Math.round((t - this.downSince) / 1000)} s; ${this.total} failure(s) while it was not`);
    this.downSince = null;
    this.total = 0;
    this.sinceLast = 0;
  }
}

function reasonOf(err: unknown): string {
  const pg = pgErrorOf(err);
  const message = (pg?.message || (err instanceof Error ? err.message : String(err))).split('\n')[0].slice(0, 200);
  if (!message) return pg?.code ?? 'unknown error';
  return pg?.code && !message.includes(pg.code) ? `${pg.code}: ${message}` : message;
}

/** The process's one outage log (the pool's error handler and the ProblemFilter both report to it). */
export const databaseOutage = new DatabaseOutageLog();
