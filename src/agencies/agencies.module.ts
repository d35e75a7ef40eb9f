import { Module } from '@nestjs/common';
import { UnitsModule } from '../units/units.module';
import { AgenciesController } from './agencies.controller';
import { AgenciesRepository } from './agencies.repository';
import { AgenciesService } from './agencies.service';

@Module({
  imports: [UnitsModule],
  controllers: [AgenciesController],
  providers: [AgenciesRepository, AgenciesService],
  exports: [AgenciesService, AgenciesRepository],
})
export class AgenciesModule {}
