import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * The open transaction of the current asynchronous context (a request's use case, a job, a CLI
 * command). Set only by Transactions.run; read only by Db.
 */
const ambient = new AsyncLocalStorage<EntityManager>();

/**
 * Where every repository sends its SQL: the transaction the use case has open in this asynchronous
 * context, or else the pool (one statement, one connection, given back at once). There is no
 * transaction parameter to pass or to forget, so a statement issued inside a use case's transaction
 * can never wait for a second connection of the pool while the first one is held.
 */
@Injectable()
export class Db {
  constructor(private readonly ds: DataSource) {}

  /** The entity manager of the open transaction, or the pool's. */
  get manager(): EntityManager {
    return ambient.getStore() ?? this.ds.manager;
  }

  /** Whether a transaction is open in this context. */
  get inTransaction(): boolean {
    return ambient.getStore() !== undefined;
  }

  /** Runs one statement on the open transaction's connection, or on one from the pool. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeORM's query() is typed `any`; callers annotate their rows.
  query<T = any>(sql: string, params?: unknown[]): Promise<T> {
    return this.manager.query(sql, params) as Promise<T>;
  }
}

/**
 * The one transaction mechanism. A use case (a service method) opens the transaction with run();
 * every repository call made while `work` runs, however deep, goes through it (see Db), and so does
 * the event row that records the change. A run() inside another joins the open transaction: the
 * outermost one commits or rolls back.
 */
@Injectable()
export class Transactions {
  constructor(private readonly ds: DataSource) {}

  run<T>(work: () => Promise<T>): Promise<T> {
    if (ambient.getStore()) return work();
    return this.ds.transaction('READ COMMITTED', (manager) => ambient.run(manager, work));
  }

  /**
   * Runs `work` outside any open transaction, on the pool: for the rare statement that must commit
   * on its own whatever becomes of the surrounding transaction. Never call it while waiting on the
   * surrounding transaction's result.
   */
  detached<T>(work: () => Promise<T>): Promise<T> {
    return ambient.exit(work);
  }
}
