import { Module } from '@nestjs/common';
import { UnitsModule } from '../../units/units.module';
import { PlansController, PlanUpdatesController } from './plans.controller';
import { PlansRepository } from './plans.repository';
import { PlansService } from './plans.service';

@Module({
  imports: [UnitsModule],
  controllers: [PlansController, PlanUpdatesController],
  providers: [PlansRepository, PlansService],
  exports: [PlansService, PlansRepository],
})
export class PlansModule {}
