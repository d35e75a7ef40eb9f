import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/agencies.module';
import { UnitsModule } from '../units/units.module';
import { AssetsController } from './assets.controller';
import { AssetsRepository } from './assets.repository';
import { AssetsService } from './assets.service';

@Module({ imports: [UnitsModule, AgenciesModule], controllers: [AssetsController], providers: [AssetsRepository, AssetsService], exports: [AssetsService, AssetsRepository] })
export class AssetsModule {}
