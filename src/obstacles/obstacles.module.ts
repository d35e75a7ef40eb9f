import { Module } from '@nestjs/common';
import { ObstaclesController } from './obstacles.controller';
import { ObstaclesRepository } from './obstacles.repository';
import { ObstaclesService } from './obstacles.service';

/** Obstacles and recommendations a province reports to a ministry or the centre, and their answers (Conclusion 221). */
@Module({ controllers: [ObstaclesController], providers: [ObstaclesRepository, ObstaclesService] })
export class ObstaclesModule {}
