import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/agencies.module';
import { UnitsModule } from '../units/units.module';
import { AssetsController } from './assets.controller';
import { AssetsRepository } from './assets.repository';
import { AssetsService } from './assets.service';
import { AssetExportController } from './export/asset-export.controller';
import { AssetExportService } from './export/asset-export.service';
import { AssetImportController } from './import/asset-import.controller';
import { AssetImportRepository } from './import/asset-import.repository';
import { AssetImportService } from './import/asset-import.service';
import { SearchIndexMerge } from './import/search-index-merge';

@Module({
  imports: [UnitsModule, AgenciesModule],
  controllers: [AssetsController, AssetExportController, AssetImportController],
  providers: [AssetsRepository, AssetsService, AssetExportService, AssetImportRepository, AssetImportService, SearchIndexMerge],
  exports: [AssetsService, AssetsRepository],
})
export class AssetsModule {}
