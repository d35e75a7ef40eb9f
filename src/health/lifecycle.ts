import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyInstance } from 'fastify';
import type { Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { databaseOutage } from '../common/db-outage';
import { APP_CONFIG, type AppConfig } from '../common/config';
import { DomainError } from '../common/errors';
import { problemLanguage, sendProblem } from '../common/problem.filter';

/** Seconds a client refused during shutdown is asked to wait (another instance can take it at once). */
const DRAIN_RETRY_AFTER_SECONDS = 1;

const SHUTTING_DOWN = new DomainError('service-unavailable', {
  vi: 'Máy chủ đang dừng; hãy gửi lại yêu cầu (một máy chủ khác sẽ trả lời)',
  en: 'The server is shutting down; retry (another instance will answer)',
});

/**
 * The HTTP side of a graceful shutdown: counts the requests in flight, and once draining has begun
 * answers every new request (on a connection that was already open) with a 503 problem and
 * `Connection: close`, and closes each connection after its response. /health/ready is refused the
 * same way, so a balancer stops sending here (/health/live is not: the process is alive). See
 * src/graceful-shutdown.ts for the sequence.
 */
@Injectable()
export class HttpDrain {
  private inFlight = 0;
  private draining = false;
  private idleWaiters: (() => void)[] = [];

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Adds the hooks to the application's Fastify instance (createApp does, once). */
  attach(fastify: FastifyInstance): void {
    fastify.addHook('onRequest', (req, reply, done) => {
      // Liveness stays true while draining: the process is up, only no longer taking work.
      if (this.draining && req.url !== '/health/live') {
        const lang = problemLanguage(req, this.config.defaultLanguage);
        void reply.header('connection', 'close').header('retry-after', String(DRAIN_RETRY_AFTER_SECONDS));
        sendProblem(reply, { ...SHUTTING_DOWN.toProblem(lang, req.url.split('?')[0]), requestId: req.id }, lang);
        return;
      }
      this.inFlight++;
      reply.raw.once('close', () => this.finished());
      done();
    });
    // A request that was running when draining began gets its answer, and then its connection closes.
    fastify.addHook('onSend', (_req, reply, payload, done) => {
      if (this.draining) void reply.header('connection', 'close');
      done(null, payload);
    });
  }

  get isDraining(): boolean {
    return this.draining;
  }

  get requestsInFlight(): number {
    return this.inFlight;
  }

  /** From now on new requests are refused and every response closes its connection. */
  startDraining(): void {
    this.draining = true;
  }

  /** Resolves true once no request is in flight, or false when `timeoutMs` passed first. */
  whenIdle(timeoutMs: number): Promise<boolean> {
    if (this.inFlight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.idleWaiters = this.idleWaiters.filter((w) => w !== onIdle);
        resolve(false);
      }, timeoutMs);
      const onIdle = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.idleWaiters.push(onIdle);
    });
  }

  private finished(): void {
    this.inFlight--;
    if (this.inFlight === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }
}

/**
 * Keeps the outage log informed from the pool itself: each new connection the pool makes (after an
 * outage, the first one that succeeds) ends the outage; a connection that fails while in use (the
 * server went away mid-request) starts one, and lets the ProblemFilter tell TypeORM's "query runner
 * already released" that follows from a bug.
 *
 * It also knows which connections are still open. pg's Pool.end() calls back once it has *asked*
 * each connection to end, not once the sockets have closed; the graceful shutdown waits here for
 * them to close before it stops the embedded server, whose fast shutdown would otherwise end them
 * itself (an error 57P01 on a connection that was already leaving, not an outage).
 */
@Injectable()
export class DatabaseWatch implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly watched = new WeakSet<PoolClient>();
  private readonly open = new Set<PoolClient>();
  private closing = false;
  private closedWaiters: (() => void)[] = [];

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  onApplicationBootstrap(): void {
    const pool = (this.ds.driver as unknown as { master?: Pool }).master;
    if (!pool) return;
    pool.on('connect', (client) => {
      databaseOutage.recovered();
      this.watch(client);
    });
    // The connections made before this hook (TypeORM's first) are watched when first lent; an idle
    // one never lent is ended by Pool.end() without being watched (it was never used).
    pool.on('acquire', (client) => this.watch(client));
  }

  /** The application is closing: a connection's error from now on is the pool's own ending. */
  beforeApplicationShutdown(): void {
    this.closing = true;
  }

  /** Connections of the pool whose socket is still open (that this watch has seen). */
  get openConnections(): number {
    return this.open.size;
  }

  /** Resolves true once every watched connection has closed, or false after `timeoutMs`. */
  whenAllClosed(timeoutMs: number): Promise<boolean> {
    if (this.open.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const onClosed = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.closedWaiters = this.closedWaiters.filter((w) => w !== onClosed);
        resolve(false);
      }, timeoutMs);
      this.closedWaiters.push(onClosed);
    });
  }

  private watch(client: PoolClient): void {
    if (this.watched.has(client)) return;
    this.watched.add(client);
    this.open.add(client);
    client.on('error', (err) => {
      if (!this.closing) databaseOutage.connectionLost(err);
    });
    client.once('end', () => {
      this.open.delete(client);
      if (this.open.size > 0) return;
      const waiters = this.closedWaiters;
      this.closedWaiters = [];
      for (const w of waiters) w();
    });
  }
}
