import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { resolve } from 'node:path';
import { APP_CONFIG, type AppConfig } from '../common/config';
import { DomainError } from '../common/errors';
import type { AuthUser, RequestContext } from '../common/auth-user';
import { verifyPassword } from './passwords';
import { enrolmentOnly } from './sign-in.rules';
import { LoginFailures } from './throttle/login-failures';
import { ACCOUNT_GONE, TotpService } from './totp.service';
import type { User } from '../schema/user.entity';
import { LoginDto, TokenDto, UserDto } from './users.dto';
import { UsersRepository } from './users.repository';
import { type TokenClaims, tokenClaimsOf, VerifiedTokens } from './verified-tokens';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Who a token stands for, and whether it may only enrol a second factor (see enrolmentOnly()). */
export interface Authenticated {
  user: AuthUser;
  enrolmentOnly: boolean;
}

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');
  /** Signatures already checked (a client sends the same token on every request until it expires). */
  private readonly verified = new VerifiedTokens();

  constructor(
    private readonly users: UsersRepository,
    private readonly jwt: JwtService,
    private readonly failures: LoginFailures,
    private readonly totp: TotpService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const { jwtSecretSource: source, jwtSecretFile: file } = this.config;
    if (source === 'file' || source === 'file-created') {
      this.logger.warn(
        `JWT_SECRET is not set: tokens are signed with the random secret ${source === 'file-created' ? 'just written to' : 'kept in'} ${resolve(file)} (JWT_SECRET_FILE). ` +
          'Keep that file private; production needs JWT_SECRET.',
      );
    }
  }

  /**
   * Signs in: refused (429) while the username is blocked by failures, then the password, then the
   * second factor when the user has one. Every failure counts against the username.
   */
  async login(dto: LoginDto): Promise<TokenDto> {
    const username = dto.username.toLowerCase();
    await this.failures.assertOpen(username);
    const user = await this.users.findByUsername(username);
    const ok = await verifyPassword(user?.passwordHash, dto.password);
    if (!user || !ok || user.disabledAt !== null) {
      await this.failures.record(username);
      throw new DomainError('unauthorized', {
        vi: 'Sai tên đăng nhập hoặc mật khẩu, hoặc tài khoản đã bị vô hiệu hoá',
        en: 'Wrong username or password, or the account is disabled',
      });
    }
    return this.tokenFor(user, await this.totp.checkAtSignIn(user, dto.totp));
  }

  /** Confirms the caller's TOTP enrolment; their other tokens are revoked, and this answers a new one. */
  async confirmTotp(ctx: RequestContext, code: string): Promise<TokenDto> {
    return this.tokenFor(await this.totp.confirm(ctx, code), true);
  }

  /**
   * Resolves a bearer token to an active user. The signature is verified once per token (then
   * cached); the claims must include exp, iat and the token version; and on every request the user
   * must exist, be enabled and still have the token's version.
   */
  async authenticate(token: string): Promise<Authenticated> {
    let claims: TokenClaims | undefined = this.verified.get(token, Date.now());
    if (claims === undefined) {
      let payload: unknown;
      try {
        payload = await this.jwt.verifyAsync<object>(token);
      } catch {
        throw new DomainError('unauthorized', {
          vi: 'Mã truy cập không hợp lệ hoặc đã hết hạn; hãy đăng nhập lại',
          en: 'The access token is invalid or has expired; sign in again',
        });
      }
      claims = tokenClaimsOf(payload);
      if (claims === undefined) {
        throw new DomainError('unauthorized', {
          vi: 'Mã truy cập không do hệ thống này cấp (thiếu exp, iat hoặc tv); hãy đăng nhập lại',
          en: 'The access token is not one this API issues (it lacks exp, iat or tv); sign in again',
        });
      }
      this.verified.remember(token, claims);
    }
    const user = UUID.test(claims.sub) ? await this.users.findForAuthentication(claims.sub) : null;
    if (!user || user.disabledAt !== null)
      throw new DomainError('unauthorized', { vi: 'Tài khoản không còn tồn tại hoặc đã bị vô hiệu hoá', en: 'The account no longer exists or is disabled' });
    if (claims.tv !== user.tokenVersion) {
      throw new DomainError('unauthorized', {
        vi: 'Mã truy cập đã bị thu hồi (mật khẩu, vai trò, phạm vi, tài khoản hoặc xác thực hai lớp đã thay đổi); hãy đăng nhập lại',
        en: 'The access token was revoked (password, role, scope, account or second factor changed); sign in again',
      });
    }
    return {
      user: { id: user.id, username: user.username, role: user.role, provinceCode: user.provinceCode },
      enrolmentOnly: enrolmentOnly(this.config.totpRequiredForAdmins, user.role, claims.mfa === true),
    };
  }

  async me(user: AuthUser): Promise<UserDto> {
    const row = await this.users.findById(user.id);
    if (!row) throw new DomainError('unauthorized', ACCOUNT_GONE);
    return UserDto.from(row);
  }

  private async tokenFor(user: User, mfa: boolean): Promise<TokenDto> {
    const accessToken = await this.jwt.signAsync({ sub: user.id, tv: user.tokenVersion, ...(mfa ? { mfa: true } : {}) });
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: this.config.jwtTtlSeconds,
      user: UserDto.from(user),
      totpEnrolmentRequired: enrolmentOnly(this.config.totpRequiredForAdmins, user.role, mfa),
    };
  }
}
