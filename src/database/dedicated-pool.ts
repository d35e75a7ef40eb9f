import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Pool, type PoolClient } from 'pg';
import { DataSource } from 'typeorm';

/** At most this many dedicated connections at once (one import stages at a time; one spare). */
const DEDICATED_MAX = 2;

/**
 * A small pool of its own for the connections the design dedicates to a task beside its transaction
 * (the spreadsheet import's stage). Taking them from the main pool would let a transaction wait for a
 * second connection of the pool it holds one of: under load every connection could be held by a
 * transaction waiting for another, and nothing would ever answer.
 */
@Injectable()
export class DedicatedConnections implements OnApplicationShutdown {
  private readonly logger = new Logger('DedicatedConnections');
  private pool?: Pool;

  constructor(private readonly ds: DataSource) {}

  connect(): Promise<PoolClient> {
    if (!this.pool) {
      const { url, extra = {} } = this.ds.options as { url?: string; extra?: Record<string, unknown> };
      // The main pool's limits (connect timeout, statement and idle-in-transaction timeouts), not its size.
      const { max: _max, application_name: name, ...limits } = extra;
      this.pool = new Pool({
        ...limits,
        connectionString: url,
        max: DEDICATED_MAX,
        application_name: `${typeof name === 'string' ? name : 'vn-public-assets'}:dedicated`,
      });
      // An idle connection the server drops must not take the process down (pg emits 'error' on the pool).
      this.pool.on('error', (err) => this.logger.warn({ err }, 'A dedicated database connection was lost while idle'));
    }
    return this.pool.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool?.end();
  }
}
