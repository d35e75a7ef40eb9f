import { Module } from '@nestjs/common';
import { UnitsModule } from '../../units/units.module';
import { FiguresRepository } from './figures.repository';
import { FiguresService } from './figures.service';
import { StatusReportController } from './status.controller';

/** The status report's figures, drill-down and GET endpoints; the snapshots import FiguresService. */
@Module({ imports: [UnitsModule], controllers: [StatusReportController], providers: [FiguresRepository, FiguresService], exports: [FiguresService] })
export class ReportFiguresModule {}
