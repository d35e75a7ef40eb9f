import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RequestContext } from '../common/auth-user';
import { ALL_ROLES, Ctx, Roles } from '../common/decorators';
import { Etag, type EtagSetter, IfMatch, optionalVersion, versionFromIfMatch } from '../common/etag';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { ChecksService } from './checks.service';
import {
  ChecksQueryDto,
  ChecksResultDto,
  CreateFindingDto,
  DismissFindingDto,
  FindingDto,
  FindingPageDto,
  ListFindingsQueryDto,
  ResolveFindingDto,
  RunChecksResultDto,
  UpdateFindingDto,
} from './findings.dto';
import { FindingsService } from './findings.service';

const ID = new ParseUUIDPipe();

@ApiTags('inspections')
@ApiBearerAuth()
@Controller()
export class FindingsController {
  constructor(
    private readonly findings: FindingsService,
    private readonly checks: ChecksService,
  ) {}

  @Post('inspections/:id/findings')
  @Roles('admin', 'inspector')
  @Idempotent()
  @ApiOperation({ summary: 'Record a finding (status open); evidence must be documents of the inspection or of its subject' })
  @ApiCreatedResponse({ type: FindingDto })
  async create(@Ctx() ctx: RequestContext, @Param('id', ID) id: string, @Body() dto: CreateFindingDto, @Etag() etag: EtagSetter): Promise<FindingDto> {
    return etag(await this.findings.create(ctx, id, dto));
  }

  @Get('inspections/:id/findings')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: "The inspection's findings, oldest first (filters: status, severity, category)" })
  @ApiOkResponse({ type: FindingPageDto })
  list(@Ctx() ctx: RequestContext, @Param('id', ID) id: string, @Query() q: ListFindingsQueryDto): Promise<FindingPageDto> {
    return this.findings.list(ctx, id, q);
  }

  @Get('inspections/:id/findings/:fid')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'One finding' })
  @ApiOkResponse({ type: FindingDto })
  async get(@Ctx() ctx: RequestContext, @Param('id', ID) id: string, @Param('fid', ID) fid: string, @Etag() etag: EtagSetter): Promise<FindingDto> {
    return etag(await this.findings.get(ctx, id, fid));
  }

  @Patch('inspections/:id/findings/:fid')
  @Roles('admin', 'inspector')
  @ApiOperation({
    summary:
      'Edit a suggested or open finding (category, severity, description, recommendation, evidence); needs If-Match. Status moves through accept, dismiss, resolve.',
  })
  @ApiOkResponse({ type: FindingDto })
  async update(
    @Ctx() ctx: RequestContext,
    @Param('id', ID) id: string,
    @Param('fid', ID) fid: string,
    @IfMatch() ifMatch: string | undefined,
    @Body() dto: UpdateFindingDto,
    @Etag() etag: EtagSetter,
  ): Promise<FindingDto> {
    return etag(await this.findings.update(ctx, id, fid, versionFromIfMatch(ifMatch), dto));
  }

  @Post('inspections/:id/findings/:fid/accept')
  @Roles('admin', 'inspector')
  @HttpCode(200)
  @ApiOperation({ summary: 'Accept a suggested finding: it becomes open' })
  @ApiOkResponse({ type: FindingDto })
  async accept(
    @Ctx() ctx: RequestContext,
    @Param('id', ID) id: string,
    @Param('fid', ID) fid: string,
    @IfMatch(false) ifMatch: string | undefined,
    @Etag() etag: EtagSetter,
  ): Promise<FindingDto> {
    return etag(await this.findings.accept(ctx, id, fid, optionalVersion(ifMatch)));
  }

  @Post('inspections/:id/findings/:fid/dismiss')
  @Roles('admin', 'inspector')
  @HttpCode(200)
  @ApiOperation({ summary: 'Dismiss a suggested or open finding, with the reason' })
  @ApiOkResponse({ type: FindingDto })
  async dismiss(
    @Ctx() ctx: RequestContext,
    @Param('id', ID) id: string,
    @Param('fid', ID) fid: string,
    @IfMatch(false) ifMatch: string | undefined,
    @Body() dto: DismissFindingDto,
    @Etag() etag: EtagSetter,
  ): Promise<FindingDto> {
    return etag(await this.findings.dismiss(ctx, id, fid, optionalVersion(ifMatch), dto));
  }

  @Post('inspections/:id/findings/:fid/resolve')
  @Roles('admin', 'inspector')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record how an open finding was resolved: who, when, how' })
  @ApiOkResponse({ type: FindingDto })
  async resolve(
    @Ctx() ctx: RequestContext,
    @Param('id', ID) id: string,
    @Param('fid', ID) fid: string,
    @IfMatch(false) ifMatch: string | undefined,
    @Body() dto: ResolveFindingDto,
    @Etag() etag: EtagSetter,
  ): Promise<FindingDto> {
    return etag(await this.findings.resolve(ctx, id, fid, optionalVersion(ifMatch), dto));
  }

  @Post('inspections/:id/run-checks')
  @Roles('admin', 'inspector')
  @HttpCode(200)
  @ApiOperation({
    summary: "Run the automatic checks on the inspection's subject; new suggestions are stored as findings with status suggested (a re-run adds nothing twice)",
  })
  @ApiOkResponse({ type: RunChecksResultDto })
  runChecks(@Ctx() ctx: RequestContext, @Param('id', ID) id: string): Promise<RunChecksResultDto> {
    return this.checks.runForInspection(ctx, id);
  }

  @Get('checks')
  @Roles('admin', 'inspector')
  @ApiOperation({ summary: 'Run the automatic checks on a province (optionally a period) and list what they suggest, storing nothing' })
  @ApiOkResponse({ type: ChecksResultDto })
  dryRun(@Ctx() ctx: RequestContext, @Query() q: ChecksQueryDto): Promise<ChecksResultDto> {
    return this.checks.dryRun(ctx, q);
  }
}
