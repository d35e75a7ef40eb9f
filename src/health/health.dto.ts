import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';

/** One check of the readiness probe (the database). */
export class HealthIndicatorDto {
  @ApiProperty({ example: 'up', description: 'up: it answered' }) status!: string;
}

const BY_NAME = (description: string) =>
  ({ type: 'object', additionalProperties: { $ref: getSchemaPath(HealthIndicatorDto) }, description, example: { database: { status: 'up' } } }) as const;

export class LivenessDto {
  @ApiProperty({ example: 'ok' }) status!: string;
}

/** The readiness answer when every check passes; a failing one is a 503 problem instead. */
@ApiExtraModels(HealthIndicatorDto)
export class ReadinessDto {
  @ApiProperty({ example: 'ok', description: 'ok: every check passed' }) status!: string;
  @ApiProperty({ ...BY_NAME('The checks that passed, by name') }) info!: Record<string, HealthIndicatorDto>;
  @ApiProperty({ ...BY_NAME('The checks that failed, by name (empty here)'), example: {} }) error!: Record<string, HealthIndicatorDto>;
  @ApiProperty({ ...BY_NAME('Every check, by name') }) details!: Record<string, HealthIndicatorDto>;
}
