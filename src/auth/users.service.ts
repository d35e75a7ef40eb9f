import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../common/config';
import { DomainError, FIELD, notFound, preconditionFailed } from '../common/errors';
import { uniqueViolation } from '../common/db-errors';
import { decodeCursor, DEFAULT_LIMIT, type Page, toPage } from '../common/pagination';
import { Transactions } from '../database/transaction';
import { changedFields, EventsRepository } from '../events/events.repository';
import { UnitsRepository } from '../units/units.repository';
import { type RequestContext, systemContext } from '../common/auth-user';
import { hashPassword, verifyPassword } from './passwords';
import type { User } from '../schema/user.entity';
import type { Role } from '../schema/vocabulary';
import { CreateUserDto, ListUsersQueryDto, UpdateUserDto, UserDto } from './users.dto';
import { type UserPatch, UsersRepository } from './users.repository';

/** Fields of a user that events record (never the password hash). */
const audited = (u: User) => ({
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  provinceCode: u.provinceCode,
  disabled: u.disabledAt !== null,
});

@Injectable()
export class UsersService {
  private readonly logger = new Logger('Users');

  constructor(
    private readonly users: UsersRepository,
    private readonly units: UnitsRepository,
    private readonly events: EventsRepository,
    private readonly tx: Transactions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(ctx: RequestContext, dto: CreateUserDto): Promise<UserDto> {
    const provinceCode = dto.provinceCode ?? null;
    await this.checkScope(dto.role, provinceCode);
    const passwordHash = await hashPassword(dto.password);
    return this.tx.run(async () => {
      if (await this.users.findByUsername(dto.username)) throw uniqueViolation('uq_app_user_username', dto.username);
      const user = await this.users.insert({ username: dto.username, displayName: dto.displayName, passwordHash, role: dto.role, provinceCode });
      await this.events.append(ctx, { entityType: 'user', entityId: user.id, action: 'created', after: audited(user) });
      return UserDto.from(user);
    });
  }

  async list(query: ListUsersQueryDto): Promise<Page<UserDto>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(query.cursor, ['string'])?.[0] as string | undefined;
    const rows = await this.users.listAfter(after, limit, { role: query.role, q: query.q });
    return toPage(rows, limit, (u) => [u.username], UserDto.from);
  }

  async get(id: string): Promise<UserDto> {
    const user = await this.users.findById(id);
    if (!user) throw notFound('user', id);
    return UserDto.from(user);
  }

  async update(ctx: RequestContext, id: string, version: number, dto: UpdateUserDto): Promise<UserDto> {
    const passwordHash = dto.password !== undefined ? await hashPassword(dto.password) : undefined;
    return this.tx.run(async () => {
      const current = await this.users.lockForUpdate(id);
      if (!current) throw notFound('user', id);
      if (current.version !== version) throw preconditionFailed(current.version);
      const role = dto.role ?? current.role;
      const provinceCode = dto.provinceCode !== undefined ? dto.provinceCode : role === 'admin' ? null : current.provinceCode;
      if (current.id === ctx.user.id && (dto.disabled === true || (dto.role !== undefined && dto.role !== 'admin'))) {
        throw new DomainError('cannot-lock-out-self', {
          vi: 'Bạn không thể tự vô hiệu hoá tài khoản của mình hoặc tự bỏ vai trò quản trị của mình',
          en: 'You cannot disable your own account or take away your own admin role',
        });
      }
      await this.checkScope(role, provinceCode);
      const patch: UserPatch = { role, provinceCode };
      if (dto.displayName !== undefined) patch.displayName = dto.displayName;
      if (passwordHash !== undefined) patch.passwordHash = passwordHash;
      if (dto.disabled !== undefined) patch.disabledAt = dto.disabled ? (current.disabledAt ?? new Date()) : null;
      const removeTotp = dto.totpEnabled === false && (current.totpEnabledAt !== null || current.totpPendingSecret !== null);
      if (removeTotp) patch.removeTotp = true;
      // Every token the user holds stops working when what it stood for changes: the password, the
      // role or scope, the account disabled or enabled again (no old token revives), the second factor removed.
      patch.revokeTokens =
        passwordHash !== undefined ||
        removeTotp ||
        role !== current.role ||
        provinceCode !== current.provinceCode ||
        (dto.disabled !== undefined && dto.disabled !== (current.disabledAt !== null));
      const updated = await this.users.updateIfVersion(id, version, patch);
      if (!updated) throw preconditionFailed(current.version);
      const diff = changedFields(audited(current), audited(updated));
      if (passwordHash !== undefined) Object.assign(diff.after, { passwordChanged: true });
      if (removeTotp) {
        Object.assign(diff.before, { totpEnabled: current.totpEnabledAt !== null });
        Object.assign(diff.after, { totpEnabled: false });
      }
      await this.events.append(ctx, { entityType: 'user', entityId: id, action: 'updated', ...diff });
      return UserDto.from(updated);
    });
  }

  /**
   * At start: ADMIN_USERNAME/ADMIN_PASSWORD create that admin, or reset it (password, role, scope,
   * enabled, no second factor; its tokens revoked) when it no longer matches them. Without them, the first start
   * creates `admin` with a random password, printed once.
   */
  async ensureBootstrapAdmin(): Promise<void> {
    const ctx = systemContext('bootstrap');
    const username = this.config.adminUsername ?? 'admin';
    const existing = await this.users.findByUsername(username);
    if (this.config.adminPassword === undefined) {
      if (existing) return;
      const password = randomBytes(15).toString('base64url');
      await this.createAdmin(ctx, username, password);
      // Printed once, deliberately outside the structured log's redaction: this is the only way to learn it.
      process.stdout.write(
        `\n  Created the first admin account: username "${username}", password "${password}"\n  Change it after signing in (PATCH /api/v1/users/{id}).\n\n`,
      );
      return;
    }
    if (!existing) {
      await this.createAdmin(ctx, username, this.config.adminPassword);
      this.logger.log(`Created admin account "${username}" from ADMIN_USERNAME/ADMIN_PASSWORD`);
      return;
    }
    // Already an active national admin with this password: nothing to reset. (Resetting on every
    // start revoked the tokens of every other running instance each time one started.)
    const healthy = existing.role === 'admin' && existing.provinceCode === null && existing.disabledAt === null;
    if (healthy && (await verifyPassword(existing.passwordHash, this.config.adminPassword))) return;
    const passwordHash = await hashPassword(this.config.adminPassword);
    await this.tx.run(async () => {
      const current = await this.users.lockForUpdate(existing.id);
      if (!current) return;
      const updated = await this.users.updateIfVersion(current.id, current.version, {
        // Its second factor too: a reset is how an operator lets the admin back in (a lost phone).
        passwordHash,
        role: 'admin',
        provinceCode: null,
        disabledAt: null,
        revokeTokens: true,
        removeTotp: true,
      });
      if (updated)
        await this.events.append(ctx, {
          entityType: 'user',
          entityId: current.id,
          action: 'admin-reset',
          ...changedFields(audited(current), audited(updated)),
        });
    });
    this.logger.log(`Reset admin account "${username}" from ADMIN_USERNAME/ADMIN_PASSWORD`);
  }

  private async createAdmin(ctx: RequestContext, username: string, password: string): Promise<void> {
    const passwordHash = await hashPassword(password);
    await this.tx.run(async () => {
      const user = await this.users.insert({ username, displayName: 'Administrator', passwordHash, role: 'admin', provinceCode: null });
      await this.events.append(ctx, { entityType: 'user', entityId: user.id, action: 'created', after: audited(user) });
    });
  }

  private async checkScope(role: Role, provinceCode: string | null): Promise<void> {
    if (role === 'officer' && provinceCode === null) {
      throw new DomainError(
        'validation-failed',
        { vi: 'Cán bộ làm việc cho một tỉnh: provinceCode là bắt buộc', en: 'An officer works for one province: provinceCode is required' },
        {
          errors: [{ field: 'provinceCode', message: { vi: 'bắt buộc đối với cán bộ', en: 'required for officers' } }],
        },
      );
    }
    if (role === 'admin' && provinceCode !== null) {
      throw new DomainError(
        'validation-failed',
        { vi: 'Quản trị viên thuộc cấp trung ương: provinceCode phải là null', en: 'Admins are national: provinceCode must be null' },
        {
          errors: [{ field: 'provinceCode', message: { vi: 'phải là null đối với quản trị viên', en: 'must be null for admins' } }],
        },
      );
    }
    if (provinceCode !== null && !(await this.units.newProvinceExists(provinceCode))) {
      throw new DomainError(
        'validation-failed',
        {
          vi: `Không có tỉnh (sau sắp xếp) nào mang mã ${provinceCode} (hãy nhập danh mục đơn vị hành chính trước)`,
          en: `No new-era province has code ${provinceCode} (import the administrative units first)`,
        },
        { errors: [{ field: 'provinceCode', message: FIELD.unknown('new-era-province') }] },
      );
    }
  }
}
