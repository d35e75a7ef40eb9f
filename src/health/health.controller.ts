import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../common/decorators';
import { databaseOutage } from '../common/db-outage';
import { DomainError } from '../common/errors';
import { LivenessDto, ReadinessDto } from './health.dto';

@ApiTags('health')
@Controller('health')
@Public()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ type: LivenessDto, description: 'Alive' })
  live(): LivenessDto {
    return { status: 'ok' };
  }

  /**
   * Asks the database each time, through the same pool as the requests: it turns 200 again by itself
   * as soon as the database answers, without a restart. A failure is a 503 problem with Retry-After,
   * and is not logged per probe (the outage is logged once; see db-errors.ts).
   */
  @Get('ready')
  // Terminus's own schema of the answer is not used: it declares inline enums, and statuses this probe never answers with.
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOperation({ summary: 'Readiness: the database answers' })
  @ApiOkResponse({ type: ReadinessDto, description: 'The database answers' })
  @ApiServiceUnavailableResponse({ description: 'The database does not answer' })
  async ready(): Promise<HealthCheckResult> {
    let result: HealthCheckResult;
    try {
      result = await this.health.check([() => this.db.pingCheck('database', { timeout: 2000 })]);
    } catch {
      throw new DomainError('service-unavailable', { vi: 'Cơ sở dữ liệu không phản hồi', en: 'The database does not answer' });
    }
    databaseOutage.recovered();
    return result;
  }
}
