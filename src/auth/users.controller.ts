import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Etag, type EtagSetter, IfMatch, versionFromIfMatch } from '../common/etag';
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
  async create(@Ctx() ctx: RequestContext, @Body() dto: CreateUserDto, @Etag() etag: EtagSetter): Promise<UserDto> {
    return etag(await this.users.create(ctx, dto));
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
  async get(@Param('id', new ParseUUIDPipe()) id: string, @Etag() etag: EtagSetter): Promise<UserDto> {
    return etag(await this.users.get(id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a user: name, password, role, scope, disabled (admin); needs If-Match' })
  @ApiOkResponse({ type: UserDto })
  async update(
    @Ctx() ctx: RequestContext,
    @Param('id', new ParseUUIDPipe()) id: string,
    @IfMatch() ifMatch: string | undefined,
    @Body() dto: UpdateUserDto,
    @Etag() etag: EtagSetter,
  ): Promise<UserDto> {
    return etag(await this.users.update(ctx, id, versionFromIfMatch(ifMatch), dto));
  }
}
