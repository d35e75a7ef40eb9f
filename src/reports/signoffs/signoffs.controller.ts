import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { RequestContext } from '../../common/auth-user';
import { ALL_ROLES, Ctx, Roles } from '../../common/decorators';
import { Idempotent } from '../../idempotency/idempotent.decorator';
import { SignOffDto, SignOffReportDto, SignOffsQueryDto, WeekSignOffsDto } from './signoffs.dto';
import { SignOffsService } from './signoffs.service';

const ID = new ParseUUIDPipe();

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class SignOffsController {
  constructor(private readonly signOffs: SignOffsService) {}

  @Get('sign-offs')
  @Roles(...ALL_ROLES)
  @ApiOperation({
    summary: 'For an ISO week, every new-era province in your scope: signed off or not, and if so which snapshot, who signed and when',
    description: 'National users get all 34 provinces; a provincial user gets their own province.',
  })
  @ApiOkResponse({ type: WeekSignOffsDto })
  week(@Ctx() ctx: RequestContext, @Query() q: SignOffsQueryDto): Promise<WeekSignOffsDto> {
    return this.signOffs.week(ctx, q);
  }

  @Post(':id/sign-off')
  @Roles('officer')
  @Idempotent()
  @ApiOperation({
    summary: "Sign off your province's weekly report snapshot for its week (officers of the province only; once per province and ISO week)",
    description:
      "The week is the ISO week of the snapshot's as-of date. A sign-off is the province's own act: an admin may not sign for a province (403). " +
      'A week already signed off is 409 week-already-signed-off (with the sign-off that stands); a monthly report is 422 sign-off-needs-weekly-province-report.',
  })
  @ApiCreatedResponse({ type: SignOffDto })
  @ApiNotFoundResponse({ description: 'No such report in your scope (another province, or the national report)' })
  @ApiConflictResponse({ description: 'week-already-signed-off' })
  @ApiUnprocessableEntityResponse({ description: 'sign-off-needs-weekly-province-report' })
  signOff(@Ctx() ctx: RequestContext, @Param('id', ID) id: string, @Body() body: SignOffReportDto): Promise<SignOffDto> {
    return this.signOffs.signOff(ctx, id, body);
  }
}
