import { Injectable } from '@nestjs/common';
import { Db } from '../database/transaction';
import { User } from '../schema/user.entity';
import { type Role } from '../schema/vocabulary';

export interface UserPatch {
  displayName?: string;
  passwordHash?: string;
  role?: Role;
  provinceCode?: string | null;
  disabledAt?: Date | null;
  /** Bumps the token version: every token the user holds stops working. */
  revokeTokens?: boolean;
  /** Removes the second factor (and any enrolment in progress). */
  removeTotp?: boolean;
}

export interface AuthenticationRow {
  id: string;
  username: string;
  role: Role;
  provinceCode: string | null;
  disabledAt: Date | null;
  tokenVersion: number;
}

/** All SQL about users. */
@Injectable()
export class UsersRepository {
  constructor(private readonly db: Db) {}

  findById(id: string): Promise<User | null> {
    return this.db.manager.getRepository(User).findOneBy({ id });
  }

  /**
   * What every authenticated request needs of its user, by primary key in one plain statement (no
   * query builder or entity hydration: this runs once per request).
   */
  async findForAuthentication(id: string): Promise<AuthenticationRow | null> {
    const rows: AuthenticationRow[] = await this.db.query(
      `SELECT id, username, role, province_code AS "provinceCode", disabled_at AS "disabledAt", token_version AS "tokenVersion" FROM app_user WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  findByUsername(username: string): Promise<User | null> {
    return this.db.manager.getRepository(User).findOneBy({ username });
  }

  async listAfter(afterUsername: string | undefined, limit: number, filter: { role?: Role; q?: string }): Promise<User[]> {
    const qb = this.db.manager
      .getRepository(User)
      .createQueryBuilder('u')
      .orderBy('u.username', 'ASC')
      .limit(limit + 1);
    if (afterUsername !== undefined) qb.andWhere('u.username > :after', { after: afterUsername });
    if (filter.role) qb.andWhere('u.role = :role', { role: filter.role });
    if (filter.q)
      qb.andWhere(`(search_norm(u.username) LIKE '%' || search_norm(:q) || '%' OR search_norm(u.display_name) LIKE '%' || search_norm(:q) || '%')`, {
        q: filter.q,
      });
    return qb.getMany();
  }

  async insert(u: Pick<User, 'username' | 'displayName' | 'passwordHash' | 'role' | 'provinceCode'>): Promise<User> {
    const res = await this.db.manager.getRepository(User).insert(u);
    return this.db.manager.getRepository(User).findOneByOrFail({ id: res.identifiers[0].id as string });
  }

  /** Row lock, for a use case that reads then writes. */
  lockForUpdate(id: string): Promise<User | null> {
    return this.db.manager.getRepository(User).createQueryBuilder('u').setLock('pessimistic_write').where('u.id = :id', { id }).getOne();
  }

  /**
   * Optimistic update: applies only if the row still has `version`. Returns the new row, or null when
   * the version was stale (nothing changed).
   */
  async updateIfVersion(id: string, version: number, { revokeTokens, removeTotp, ...fields }: UserPatch): Promise<User | null> {
    const res = await this.db.manager
      .createQueryBuilder()
      .update(User)
      .set({
        ...fields,
        ...(revokeTokens ? { tokenVersion: () => 'token_version + 1' } : {}),
        ...(removeTotp ? { totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastStep: null } : {}),
        version: () => 'version + 1',
        updatedAt: () => 'now()',
      })
      .where('id = :id AND version = :version', { id, version })
      .execute();
    if (!res.affected) return null;
    return this.db.manager.getRepository(User).findOneByOrFail({ id });
  }

  /** Keeps a sealed TOTP secret being enrolled (replacing any earlier one), while the second factor is off. */
  async setTotpPending(id: string, sealed: string): Promise<boolean> {
    const [, count] = (await this.db.query(`UPDATE app_user SET totp_pending_secret = $2 WHERE id = $1 AND totp_enabled_at IS NULL`, [id, sealed])) as [
      unknown,
      number,
    ];
    return count === 1;
  }

  /**
   * Turns the second factor on with the enrolled secret `pending` (if it is still the one enrolled),
   * `step` as the last one used, and revokes the user's tokens. The new row, or null.
   */
  async enableTotp(id: string, pending: string, step: number): Promise<User | null> {
    const [, count] = (await this.db.query(
      `UPDATE app_user SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, totp_enabled_at = now(), totp_last_step = $3,
              token_version = token_version + 1, version = version + 1, updated_at = now()
        WHERE id = $1 AND totp_enabled_at IS NULL AND totp_pending_secret = $2`,
      [id, pending, step],
    )) as [unknown, number];
    return count === 1 ? this.findById(id) : null;
  }

  /**
   * Records `step` as used if it is later than the last one used with the secret `sealed` (two
   * requests with the same code: one wins). Whether it was.
   */
  async useTotpStep(id: string, sealed: string, step: number): Promise<boolean> {
    const [, count] = (await this.db.query(
      `UPDATE app_user SET totp_last_step = $3 WHERE id = $1 AND totp_secret = $2 AND (totp_last_step IS NULL OR totp_last_step < $3)`,
      [id, sealed, step],
    )) as [unknown, number];
    return count === 1;
  }

  /** Turns the second factor off (the secret `sealed`, at a step later than the last one used). The new row, or null. */
  async disableTotp(id: string, sealed: string, step: number): Promise<User | null> {
    const [, count] = (await this.db.query(
      `UPDATE app_user SET totp_secret = NULL, totp_pending_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL, version = version + 1, updated_at = now()
        WHERE id = $1 AND totp_secret = $2 AND (totp_last_step IS NULL OR totp_last_step < $3)`,
      [id, sealed, step],
    )) as [unknown, number];
    return count === 1 ? this.findById(id) : null;
  }
}
