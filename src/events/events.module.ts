import { Global, Module } from '@nestjs/common';
import { AuditReadsService } from './audit-reads.service';
import { EventAnchorFile } from './event-anchor-file';
import { EventAnchoring } from './event-anchoring';
import { EventAnchorsRepository } from './event-anchors.repository';
import { EventsController } from './events.controller';
import { EventsReadRepository } from './events-read.repository';
import { EventsRepository } from './events.repository';
import { EventsService } from './events.service';

/** The event log every feature module appends to, inside its own transactions; its reading, verification, anchors and audited reads. */
@Global()
@Module({
  controllers: [EventsController],
  providers: [EventsRepository, EventsReadRepository, EventsService, AuditReadsService, EventAnchorsRepository, EventAnchorFile, EventAnchoring],
  exports: [EventsRepository, AuditReadsService, EventAnchorsRepository],
})
export class EventsModule {}
