import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '../common/config';
import { unauthorized } from '../common/errors';
import type { AuthUser } from './auth-user';
import { verifyPassword } from './passwords';
import { LoginDto, TokenDto, UserDto } from './users.dto';
import { UsersRepository } from './users.repository';
import { type TokenClaims, VerifiedTokens } from './verified-tokens';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class AuthService {
  /** Signatures already checked (a client sends the same token on every request until it expires). */
  private readonly verified = new VerifiedTokens();

  constructor(
    private readonly users: UsersRepository,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(dto: LoginDto): Promise<TokenDto> {
    const user = await this.users.findByUsername(dto.username.toLowerCase());
    const ok = await verifyPassword(user?.passwordHash, dto.password);
    if (!user || !ok || user.disabledAt !== null) throw unauthorized('Wrong username or password, or the account is disabled');
    const accessToken = await this.jwt.signAsync({ sub: user.id });
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.jwtTtlSeconds, user: UserDto.from(user) };
  }

  /** Resolves a bearer token to an active user; a disabled user or a revoked token is refused. */
  async authenticate(token: string): Promise<AuthUser> {
    let payload = this.verified.get(token, Date.now());
    if (payload === undefined) {
      try {
        payload = await this.jwt.verifyAsync<TokenClaims>(token);
      } catch {
        throw unauthorized('The access token is invalid or has expired; sign in again');
      }
      this.verified.remember(token, payload);
    }
    const user = typeof payload.sub === 'string' && UUID.test(payload.sub) ? await this.users.findForAuthentication(payload.sub) : null;
    if (!user || user.disabledAt !== null) throw unauthorized('The account no longer exists or is disabled');
    if (payload.iat * 1000 < Math.floor(user.tokensValidAfter.getTime() / 1000) * 1000) {
      throw unauthorized('The access token was revoked (password changed); sign in again');
    }
    return { id: user.id, username: user.username, role: user.role, provinceCode: user.provinceCode };
  }

  async me(user: AuthUser): Promise<UserDto> {
    const row = await this.users.findById(user.id);
    if (!row) throw unauthorized('The account no longer exists');
    return UserDto.from(row);
  }
}
