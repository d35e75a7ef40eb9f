import { Global, Module } from '@nestjs/common';
import { AuditReadsService } from './audit-reads.service';
import { EventsController } from './events.controller';
import { EventsReadRepository } from './events-read.repository';
import { EventsRepository } from './events.repository';
import { EventsService } from './events.service';

/** The event log every feature module appends to, inside its own transactions; its reading, verification and audited reads. */
@Global()
@Module({
  controllers: [EventsController],
  providers: [EventsRepository, EventsReadRepository, EventsService, AuditReadsService],
  exports: [EventsRepository, AuditReadsService],
})
export class EventsModule {}
