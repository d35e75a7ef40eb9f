import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { RequestContext } from './auth-user';
import { AuthService } from './auth.service';
import { ALL_ROLES, Ctx, Public, Roles } from './decorators';
import { LoginThrottlerGuard } from './login-throttler.guard';
import { LoginDto, TokenDto, UserDto } from './users.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @UseGuards(LoginThrottlerGuard)
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in; returns a bearer token' })
  @ApiOkResponse({ type: TokenDto })
  @ApiUnauthorizedResponse({ description: 'Wrong username or password, or the account is disabled' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts for this username from this address' })
  login(@Body() dto: LoginDto): Promise<TokenDto> {
    return this.auth.login(dto);
  }

  @Get('me')
  @Roles(...ALL_ROLES)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiOkResponse({ type: UserDto })
  me(@Ctx() ctx: RequestContext): Promise<UserDto> {
    return this.auth.me(ctx.user);
  }
}
