import { Module } from '@nestjs/common';
import { UnitsModule } from '../units/units.module';
import { DirectivesController } from './directives.controller';
import { DirectivesRepository } from './directives.repository';
import { DirectivesService } from './directives.service';

@Module({
  imports: [UnitsModule],
  controllers: [DirectivesController],
  providers: [DirectivesRepository, DirectivesService],
  exports: [DirectivesService, DirectivesRepository],
})
export class DirectivesModule {}
