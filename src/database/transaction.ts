import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * The one transaction mechanism. A service method that is a use case opens the transaction and
 * passes the EntityManager to each repository call; the event row is written through the same one.
 */
@Injectable()
export class Transactions {
  constructor(private readonly ds: DataSource) {}

  run<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction('READ COMMITTED', work);
  }
}

export type Tx = EntityManager;
