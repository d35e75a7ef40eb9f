import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/agencies.module';
import { UnitsModule } from '../units/units.module';
import { AssetsController } from './assets.controller';
import { AssetsRepository } from './assets.repository';
import { AssetsService } from './assets.service';
import { AssetExportController } from './export/asset-export.controller';
import { AssetExportService } from './export/asset-export.service';

@Module({ imports: [UnitsModule, AgenciesModule], controllers: [AssetsController, AssetExportController], providers: [AssetsRepository, AssetsService, AssetExportService], exports: [AssetsService, AssetsRepository] })
export class AssetsModule {}
