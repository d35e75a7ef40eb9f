import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { DatabaseWatch, HttpDrain } from './lifecycle';

@Module({ imports: [TerminusModule.forRoot({ logger: false })], controllers: [HealthController], providers: [HttpDrain, DatabaseWatch], exports: [HttpDrain] })
export class HealthModule {}
