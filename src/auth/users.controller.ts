import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { versionFromIfMatch, withEtag } from '../common/etag';
import type { RequestContext } from '../common/auth-user';
import { Ctx, Roles } from '../common/decorators';
import { CreateUserDto, ListUsersQueryDto, UpdateUserDto, UserDto, UserPageDto } from './users.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
@Roles('admin')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiOperation({ summary: 'Create a user (admin)' })
  @ApiCreatedResponse({ type: UserDto })
  async create(@Ctx() ctx: RequestContext, @Body() dto: CreateUserDto, @Res({ passthrough: true }) res: FastifyReply): Promise<UserDto> {
    return withEtag(res, await this.users.create(ctx, dto));
  }

  @Get()
  @ApiOperation({ summary: 'List users (admin)' })
  @ApiOkResponse({ type: UserPageDto })
  list(@Query() query: ListUsersQueryDto): Promise<UserPageDto> {
    return this.users.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One user (admin)' })
  @ApiOkResponse({ type: UserDto })
  async get(@Param('id', new ParseUUIDPipe()) id: string, @Res({ passthrough: true }) res: FastifyReply): Promise<UserDto> {
    return withEtag(res, await this.users.get(id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a user: name, password, role, scope, disabled (admin); needs If-Match' })
  @ApiHeader({ name: 'If-Match', required: true, description: 'The ETag from the last read' })
  @ApiOkResponse({ type: UserDto })
  async update(
    @Ctx() ctx: RequestContext,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: UpdateUserDto,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<UserDto> {
    return withEtag(res, await this.users.update(ctx, id, versionFromIfMatch(ifMatch), dto));
  }
}
