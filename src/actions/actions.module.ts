import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/agencies.module';
import { AssetsModule } from '../assets/assets.module';
import { UnitsModule } from '../units/units.module';
import { ActionsController } from './actions.controller';
import { ActionsRepository } from './actions.repository';
import { ActionsService } from './actions.service';

@Module({ imports: [UnitsModule, AgenciesModule, AssetsModule], controllers: [ActionsController], providers: [ActionsRepository, ActionsService] })
export class ActionsModule {}
