import { Global, Module } from '@nestjs/common';
import { Transactions } from './transaction';

/** The transaction runner every feature module's use cases open their transactions with. */
@Global()
@Module({ providers: [Transactions], exports: [Transactions] })
export class DatabaseModule {}
