import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RequestContext } from '../../common/auth-user';
import { Ctx, Roles } from '../../common/decorators';
import { Etag, type EtagSetter, IfMatch, versionFromIfMatch } from '../../common/etag';
import { Idempotent } from '../../idempotency/idempotent.decorator';
import { CreateScheduleDto, ListSchedulesQueryDto, ScheduleDto, SchedulePageDto, UpdateScheduleDto } from './schedules.dto';
import { SchedulesService } from './schedules.service';

const ID = new ParseUUIDPipe();

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports/schedules')
export class SchedulesController {
  constructor(private readonly schedules: SchedulesService) {}

  @Post()
  @Roles('admin')
  @Idempotent()
  @ApiOperation({
    summary: 'Schedule a report: weekly (weekday) or monthly (day of month; the last day in shorter months) at HH:MM Vietnam time, for a province or national',
  })
  @ApiCreatedResponse({ type: ScheduleDto })
  async create(@Ctx() ctx: RequestContext, @Body() body: CreateScheduleDto, @Etag() etag: EtagSetter): Promise<ScheduleDto> {
    return etag(await this.schedules.create(ctx, body));
  }

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Report schedules, oldest first' })
  @ApiOkResponse({ type: SchedulePageDto })
  list(@Query() q: ListSchedulesQueryDto): Promise<SchedulePageDto> {
    return this.schedules.list(q);
  }

  @Get(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'One report schedule, with its next run' })
  @ApiOkResponse({ type: ScheduleDto })
  async get(@Param('id', ID) id: string, @Etag() etag: EtagSetter): Promise<ScheduleDto> {
    return etag(await this.schedules.get(id));
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Change a report schedule (If-Match required); the next run is recomputed' })
  @ApiOkResponse({ type: ScheduleDto })
  async update(
    @Ctx() ctx: RequestContext,
    @Param('id', ID) id: string,
    @IfMatch() ifMatch: string | undefined,
    @Body() body: UpdateScheduleDto,
    @Etag() etag: EtagSetter,
  ): Promise<ScheduleDto> {
    return etag(await this.schedules.update(ctx, id, versionFromIfMatch(ifMatch), body));
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a report schedule (its reports stay)' })
  @ApiNoContentResponse()
  remove(@Ctx() ctx: RequestContext, @Param('id', ID) id: string): Promise<void> {
    return this.schedules.remove(ctx, id);
  }
}
