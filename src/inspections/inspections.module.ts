import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { UnitsModule } from '../units/units.module';
import { ChecksRepository } from './checks.repository';
import { ChecksService } from './checks.service';
import { InspectionExportRepository } from './export/inspection-export.repository';
import { InspectionExportService } from './export/inspection-export.service';
import { FindingsController } from './findings.controller';
import { FindingsRepository } from './findings.repository';
import { FindingsService } from './findings.service';
import { InspectionDocumentsService } from './inspection-documents.service';
import { InspectionsController } from './inspections.controller';
import { InspectionsRepository } from './inspections.repository';
import { InspectionsService } from './inspections.service';

@Module({
  imports: [DocumentsModule, UnitsModule],
  controllers: [InspectionsController, FindingsController],
  providers: [
    InspectionsRepository,
    FindingsRepository,
    ChecksRepository,
    InspectionsService,
    FindingsService,
    ChecksService,
    InspectionDocumentsService,
    InspectionExportService,
    InspectionExportRepository,
  ],
})
export class InspectionsModule {}
