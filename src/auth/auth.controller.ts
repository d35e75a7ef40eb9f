import { Body, Controller, Get, Header, HttpCode, Post, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { RequestContext } from '../common/auth-user';
import { AuthService } from './auth.service';
import { ALL_ROLES, Ctx, OpenToEnrolmentTokens, Public, Roles } from '../common/decorators';
import { LoginThrottlerGuard } from './login-throttler.guard';
import { TotpService } from './totp.service';
import { LoginDto, TokenDto, TotpCodeDto, TotpEnrolmentDto, UserDto } from './users.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly totp: TotpService,
  ) {}

  @Post('login')
  @Public()
  @UseGuards(LoginThrottlerGuard)
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Sign in; returns a bearer token (send `totp` too when the account has a second factor)' })
  @ApiOkResponse({ type: TokenDto })
  @ApiUnauthorizedResponse({
    description:
      'Wrong username or password, or the account is disabled (unauthorized); the TOTP code is missing (totp-required), wrong or already used (totp-invalid)',
  })
  @ApiTooManyRequestsResponse({
    description: 'Too many attempts for this username from this address, or too many failures for this username from anywhere; see Retry-After',
  })
  login(@Body() dto: LoginDto): Promise<TokenDto> {
    return this.auth.login(dto);
  }

  @Get('me')
  @Roles(...ALL_ROLES)
  @OpenToEnrolmentTokens()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiOkResponse({ type: UserDto })
  me(@Ctx() ctx: RequestContext): Promise<UserDto> {
    return this.auth.me(ctx.user);
  }

  @Post('totp/enrol')
  @Roles(...ALL_ROLES)
  @OpenToEnrolmentTokens()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Start enrolling a TOTP second factor: a new secret, shown this once; confirm it with a code' })
  @ApiOkResponse({ type: TotpEnrolmentDto })
  @ApiConflictResponse({ description: 'The second factor is already on (totp-already-enabled)' })
  enrol(@Ctx() ctx: RequestContext): Promise<TotpEnrolmentDto> {
    return this.totp.enrol(ctx);
  }

  @Post('totp/confirm')
  @Roles(...ALL_ROLES)
  @OpenToEnrolmentTokens()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Turn the enrolled TOTP second factor on with a code of it; revokes your other tokens and returns a new one' })
  @ApiOkResponse({ type: TokenDto })
  @ApiUnprocessableEntityResponse({ description: 'Not a current code of the enrolled secret (totp-invalid)' })
  @ApiConflictResponse({ description: 'Nothing enrolled (totp-not-pending) or already on (totp-already-enabled)' })
  @ApiTooManyRequestsResponse({ description: 'Too many failures for this username; see Retry-After' })
  confirm(@Ctx() ctx: RequestContext, @Body() dto: TotpCodeDto): Promise<TokenDto> {
    return this.auth.confirmTotp(ctx, dto.code);
  }

  @Post('totp/disable')
  @Roles(...ALL_ROLES)
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Turn your TOTP second factor off with a current code' })
  @ApiOkResponse({ type: UserDto })
  @ApiUnprocessableEntityResponse({ description: 'Not a current, unused code (totp-invalid)' })
  @ApiConflictResponse({ description: 'The second factor is not on (totp-not-enabled), or admins must keep one (totp-required-for-admins)' })
  @ApiTooManyRequestsResponse({ description: 'Too many failures for this username; see Retry-After' })
  disable(@Ctx() ctx: RequestContext, @Body() dto: TotpCodeDto): Promise<UserDto> {
    return this.totp.disable(ctx, dto.code);
  }
}
