import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { UnitsModule } from '../units/units.module';
import { FiguresService } from './figures/figures.service';
import { ReportFiguresModule } from './figures/figures.module';
import { ReportJobsRepository } from './jobs/report-jobs.repository';
import { ReportWorker } from './jobs/report-worker';
import { SchedulesController } from './schedules/schedules.controller';
import { SchedulesRepository } from './schedules/schedules.repository';
import { SchedulesService } from './schedules/schedules.service';
import { SignOffsController } from './signoffs/signoffs.controller';
import { SignOffsRepository } from './signoffs/signoffs.repository';
import { SignOffsService } from './signoffs/signoffs.service';
import { ReportFiguresPort } from './snapshots/figures.port';
import { ReportGenerator } from './snapshots/report-generator';
import { ReportsController } from './snapshots/reports.controller';
import { ReportsService } from './snapshots/reports.service';
import { SnapshotsRepository } from './snapshots/snapshots.repository';

/** Report snapshots, jobs, schedules and weekly sign-offs, on top of the figures (FiguresModule). */
@Module({
  imports: [ReportFiguresModule, EventsModule, UnitsModule],
  // Schedules and sign-offs first: their static paths must not be taken for GET /reports/:id.
  controllers: [SchedulesController, SignOffsController, ReportsController],
  providers: [
    { provide: ReportFiguresPort, useExisting: FiguresService },
    SnapshotsRepository,
    ReportGenerator,
    ReportsService,
    ReportJobsRepository,
    SchedulesRepository,
    SchedulesService,
    ReportWorker,
    SignOffsRepository,
    SignOffsService,
  ],
  exports: [ReportsService, ReportWorker],
})
export class ReportsModule {}
