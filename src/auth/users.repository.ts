import { Injectable } from '@nestjs/common';
import { Db } from '../database/transaction';
import { User, type Role } from './user.entity';

export interface UserPatch {
  displayName?: string;
  passwordHash?: string;
  role?: Role;
  provinceCode?: string | null;
  disabledAt?: Date | null;
  tokensValidAfter?: Date;
}

export interface AuthenticationRow {
  id: string;
  username: string;
  role: Role;
  provinceCode: string | null;
  disabledAt: Date | null;
  tokensValidAfter: Date;
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
      `SELECT id, username, role, province_code AS "provinceCode", disabled_at AS "disabledAt", tokens_valid_after AS "tokensValidAfter" FROM app_user WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  findByUsername(username: string): Promise<User | null> {
    return this.db.manager.getRepository(User).findOneBy({ username });
  }

  async listAfter(afterUsername: string | undefined, limit: number, filter: { role?: Role; q?: string }): Promise<User[]> {
    const qb = this.db.manager.getRepository(User).createQueryBuilder('u').orderBy('u.username', 'ASC').limit(limit + 1);
    if (afterUsername !== undefined) qb.andWhere('u.username > :after', { after: afterUsername });
    if (filter.role) qb.andWhere('u.role = :role', { role: filter.role });
    if (filter.q) qb.andWhere(`(search_norm(u.username) LIKE '%' || search_norm(:q) || '%' OR search_norm(u.display_name) LIKE '%' || search_norm(:q) || '%')`, { q: filter.q });
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
  async updateIfVersion(id: string, version: number, patch: UserPatch): Promise<User | null> {
    const res = await this.db.manager
      .createQueryBuilder()
      .update(User)
      .set({ ...patch, version: () => 'version + 1', updatedAt: () => 'now()' })
      .where('id = :id AND version = :version', { id, version })
      .execute();
    if (!res.affected) return null;
    return this.db.manager.getRepository(User).findOneByOrFail({ id });
  }
}
