import { Module } from '@nestjs/common';
import { LandUseCategoriesController, PurposesController } from './land-use.controller';
import { LandUseRepository } from './land-use.repository';
import { LandUseService } from './land-use.service';

@Module({
  controllers: [LandUseCategoriesController, PurposesController],
  providers: [LandUseRepository, LandUseService],
  exports: [LandUseService, LandUseRepository],
})
export class LandUseModule {}
