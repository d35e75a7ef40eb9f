import { Global, Module } from '@nestjs/common';
import { DedicatedConnections } from './dedicated-pool';
import { Db, Transactions } from './transaction';

/**
 * The transaction runner every use case opens its transactions with, the Db every repository sends
 * its SQL through, and the small separate pool for dedicated connections.
 */
@Global()
@Module({ providers: [Transactions, Db, DedicatedConnections], exports: [Transactions, Db, DedicatedConnections] })
export class DatabaseModule {}
