import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../common/config';
import { DomainError } from '../common/errors';
import type { Localized } from '../common/localized';
import { Transactions } from '../database/transaction';
import { EventsRepository } from '../events/events.repository';
import type { RequestContext } from '../common/auth-user';
import { LoginFailures } from './throttle/login-failures';
import { base32Encode, matchTotp, otpauthUri, TOTP_DIGITS, TOTP_PERIOD_SECONDS } from './totp';
import { TotpSecretBox } from './totp-secrets';
import type { User } from '../schema/user.entity';
import { TotpEnrolmentDto, UserDto } from './users.dto';
import { UsersRepository } from './users.repository';

/** The issuer an authenticator app shows beside the code. */
export const TOTP_ISSUER = 'VN Public Assets';
/** 160 bits, the HMAC-SHA-1 block RFC 4226 recommends. */
const SECRET_BYTES = 20;

/**
 * The TOTP second factor: enrolment (a secret shown once, kept sealed until a code confirms it),
 * the check at sign-in, and turning it off with a current code. A code is good once: its time step
 * must be later than the last one accepted. A wrong code counts as a failed sign-in of the username
 * (LoginFailures), on these routes too, so codes cannot be guessed through them either.
 */
@Injectable()
export class TotpService {
  private readonly logger = new Logger('Totp');

  constructor(
    private readonly users: UsersRepository,
    private readonly events: EventsRepository,
    private readonly tx: Transactions,
    private readonly box: TotpSecretBox,
    private readonly failures: LoginFailures,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A new secret for the caller, kept until confirmed (a second enrolment replaces the first). */
  async enrol(ctx: RequestContext): Promise<TotpEnrolmentDto> {
    const secret = randomBytes(SECRET_BYTES);
    const user = await this.current(ctx);
    if (user.totpEnabledAt !== null) throw alreadyEnabled();
    if (!(await this.users.setTotpPending(user.id, this.box.seal(secret, user.id)))) throw alreadyEnabled();
    const b32 = base32Encode(secret);
    return {
      secret: b32,
      otpauthUri: otpauthUri({ issuer: TOTP_ISSUER, account: user.username, secret: b32 }),
      algorithm: 'SHA1',
      digits: TOTP_DIGITS,
      period: TOTP_PERIOD_SECONDS,
    };
  }

  /** Turns the enrolled secret on with a code of it; revokes the caller's tokens (the caller gets a new one). The user. */
  async confirm(ctx: RequestContext, code: string): Promise<User> {
    const user = await this.current(ctx);
    if (user.totpEnabledAt !== null) throw alreadyEnabled();
    const pending = user.totpPendingSecret;
    if (pending === null)
      throw new DomainError('totp-not-pending', {
        vi: 'Không có đăng ký nào để xác nhận: hãy gọi POST /auth/totp/enrol trước',
        en: 'There is no enrolment to confirm: POST /auth/totp/enrol first',
      });
    const wrong = () =>
      new DomainError(
        'totp-invalid',
        {
          vi: 'Đây không phải mã hiện tại của khoá bí mật vừa đăng ký; hãy kiểm tra ứng dụng xác thực và đồng hồ của thiết bị',
          en: 'That is not the current code of the enrolled secret; check the authenticator app and its clock',
        },
        { status: 422 },
      );
    const step = await this.match(user, pending, code, wrong);
    return this.tx.run(async () => {
      const enabled = await this.users.enableTotp(user.id, pending, step);
      if (!enabled) {
        throw new DomainError('totp-not-pending', {
          vi: 'Đăng ký đã thay đổi trong lúc này (có đăng ký khác, hoặc đã được xác nhận); hãy đăng ký lại',
          en: 'The enrolment changed meanwhile (another enrolment, or already confirmed); enrol again',
        });
      }
      await this.events.append(ctx, { entityType: 'user', entityId: user.id, action: 'totp-enabled', after: { totpEnabled: true } });
      return enabled;
    });
  }

  /** Turns the caller's second factor off with a current code (refused to admins when TOTP_REQUIRED_FOR_ADMINS). */
  async disable(ctx: RequestContext, code: string): Promise<UserDto> {
    const user = await this.current(ctx);
    const secret = user.totpSecret;
    if (user.totpEnabledAt === null || secret === null)
      throw new DomainError('totp-not-enabled', { vi: 'Xác thực hai lớp chưa được bật', en: 'The second factor is not on' });
    if (user.role === 'admin' && this.config.totpRequiredForAdmins) {
      throw new DomainError('totp-required-for-admins', {
        vi: 'Quản trị viên phải giữ xác thực hai lớp trên hệ thống này (TOTP_REQUIRED_FOR_ADMINS)',
        en: 'Admins must keep a second factor here (TOTP_REQUIRED_FOR_ADMINS)',
      });
    }
    const invalid = () =>
      new DomainError(
        'totp-invalid',
        {
          vi: 'Đây không phải mã hiện hành hoặc mã đã được dùng; hãy kiểm tra ứng dụng xác thực và đồng hồ của thiết bị',
          en: 'That is not a current, unused code; check the authenticator app and its clock',
        },
        { status: 422 },
      );
    const step = await this.match(user, secret, code, invalid, user.totpLastStep);
    return this.tx.run(async () => {
      const disabled = await this.users.disableTotp(user.id, secret, step);
      if (!disabled) throw invalid(); // the code was used meanwhile, or the factor changed
      await this.events.append(ctx, {
        entityType: 'user',
        entityId: user.id,
        action: 'totp-disabled',
        before: { totpEnabled: true },
        after: { totpEnabled: false },
      });
      return UserDto.from(disabled);
    });
  }

  /**
   * At sign-in, once the password is right: nothing to check (false) when the user has no second
   * factor; else the code must be there (401 totp-required) and current and unused (401
   * totp-invalid), and then its step is used up (true).
   */
  async checkAtSignIn(user: User, code: string | undefined): Promise<boolean> {
    const secret = user.totpSecret;
    if (user.totpEnabledAt === null || secret === null) return false;
    if (code === undefined) {
      throw new DomainError('totp-required', {
        vi: 'Tài khoản này có xác thực hai lớp: hãy gửi mã hiện tại của ứng dụng xác thực trong trường "totp"',
        en: 'This account has a second factor: send the current code of your authenticator app as "totp"',
      });
    }
    const invalid = () =>
      new DomainError('totp-invalid', {
        vi: 'Mã TOTP sai hoặc đã được dùng; hãy chờ mã tiếp theo',
        en: 'Wrong or already used TOTP code; wait for the next one',
      });
    const step = await this.match(user, secret, code, invalid, user.totpLastStep);
    if (!(await this.users.useTotpStep(user.id, secret, step))) {
      await this.failures.record(user.username);
      throw invalid();
    }
    return true;
  }

  /**
   * The step of `code` for the sealed secret, later than `lastStep`; otherwise the failure is counted
   * (before anything is compared, a username already blocked is refused) and `invalid()` thrown.
   */
  private async match(user: User, sealed: string, code: string, invalid: () => DomainError, lastStep: number | null = null): Promise<number> {
    await this.failures.assertOpen(user.username);
    const step = matchTotp(this.openSecret(sealed, user), code, Date.now());
    if (step === null || (lastStep !== null && step <= lastStep)) {
      await this.failures.record(user.username);
      throw invalid();
    }
    return step;
  }

  /**
   * The user's secret. One that no longer opens means the server's key changed (TOTP_SECRET_KEY, or
   * JWT_SECRET when that is unset): a configuration fault, not the user's, answered 503 (and logged)
   * until the old key is restored or an admin resets the user's second factor.
   */
  private openSecret(sealed: string, user: User): Buffer {
    try {
      return this.box.open(sealed, user.id);
    } catch (err) {
      this.logger.error(
        { err, userId: user.id },
        "A stored TOTP secret cannot be opened: restore the TOTP_SECRET_KEY it was sealed with, or reset the user's second factor",
      );
      throw new DomainError('totp-unavailable', {
        vi: 'Hiện không kiểm tra được xác thực hai lớp của bạn: khoá của máy chủ cho nó đã thay đổi. Hãy báo quản trị viên (khôi phục TOTP_SECRET_KEY, hoặc đặt lại xác thực hai lớp của bạn)',
        en: "Your second factor cannot be checked now: the server's key for it changed. Ask an administrator (restore TOTP_SECRET_KEY, or reset your second factor)",
      });
    }
  }

  private async current(ctx: RequestContext): Promise<User> {
    const user = await this.users.findById(ctx.user.id);
    if (!user) throw new DomainError('unauthorized', ACCOUNT_GONE);
    return user;
  }
}

const alreadyEnabled = () =>
  new DomainError('totp-already-enabled', {
    vi: 'Xác thực hai lớp đã được bật; hãy tắt nó (POST /auth/totp/disable) trước khi đăng ký khoá khác',
    en: 'The second factor is already on; turn it off (POST /auth/totp/disable) before enrolling another',
  });

/** A token of an account that was deleted meanwhile. */
export const ACCOUNT_GONE: Localized = { vi: 'Tài khoản không còn tồn tại', en: 'The account no longer exists' };
