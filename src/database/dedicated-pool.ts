import { Injectable, OnApplicationShutdown } from '@nestjs/common';
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
  private pool?: Pool;

  constructor(private readonly ds: DataSource) {}

  connect(): Promise<PoolClient> {
    const { url, extra } = this.ds.options as { url?: string; extra?: { connectionTimeoutMillis?: number; application_name?: string } };
    this.pool ??= new Pool({
      connectionString: url,
      max: DEDICATED_MAX,
      connectionTimeoutMillis: extra?.connectionTimeoutMillis ?? 10_000,
      application_name: `${extra?.application_name ?? 'vn-public-assets'}:dedicated`,
    });
    return this.pool.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool?.end();
  }
}
