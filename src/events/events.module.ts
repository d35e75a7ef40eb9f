import { Global, Module } from '@nestjs/common';
import { EventsRepository } from './events.repository';

/** The event log every feature module appends to, inside its own transactions. */
@Global()
@Module({ providers: [EventsRepository], exports: [EventsRepository] })
export class EventsModule {}
