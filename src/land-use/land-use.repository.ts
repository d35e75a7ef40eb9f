import { Injectable } from '@nestjs/common';
import { Db } from '../database/transaction';
import type { NewUse } from '../schema/vocabulary';

export interface CategoryRow {
  code: string;
  name_vi: string;
  name_en: string;
  version: number;
  created_at: Date;
}

export interface PurposeRow {
  code: string;
  name_vi: string;
  name_en: string;
  priority_rank: number;
  is_priority: boolean;
  default_land_use_category: string | null;
  new_use: NewUse;
  version: number;
  created_at: Date;
}

export interface PurposeValues {
  nameVi: string;
  nameEn: string;
  priorityRank: number;
  isPriority: boolean;
  defaultLandUseCategory: string | null;
  newUse: NewUse;
}

const CATEGORY_COLUMNS = `code, name_vi, name_en, version, created_at`;
const PURPOSE_COLUMNS = `code, name_vi, name_en, priority_rank, is_priority, default_land_use_category, new_use, version, created_at`;

/** All SQL about the land-use reference lists: categories and repurposing purposes (national data, no scope). */
@Injectable()
export class LandUseRepository {
  constructor(private readonly db: Db) {}

  async listCategories(): Promise<CategoryRow[]> {
    return this.db.query(`SELECT ${CATEGORY_COLUMNS} FROM land_use_category ORDER BY code`);
  }

  async findCategory(code: string): Promise<CategoryRow | null> {
    const rows: CategoryRow[] = await this.db.query(`SELECT ${CATEGORY_COLUMNS} FROM land_use_category WHERE code = $1`, [code]);
    return rows[0] ?? null;
  }

  async lockCategory(code: string): Promise<CategoryRow | null> {
    const rows: CategoryRow[] = await this.db.query(`SELECT ${CATEGORY_COLUMNS} FROM land_use_category WHERE code = $1 FOR UPDATE`, [code]);
    return rows[0] ?? null;
  }

  /** Inserts unless the code is taken; false when it was. */
  async insertCategory(c: { code: string; nameVi: string; nameEn: string }): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `INSERT INTO land_use_category (code, name_vi, name_en) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING RETURNING code`,
      [c.code, c.nameVi, c.nameEn],
    );
    return rows.length === 1;
  }

  /** Writes the names if the version is still `version` (the row is locked); false when it is not. */
  async updateCategory(code: string, version: number, names: { nameVi: string; nameEn: string }): Promise<boolean> {
    const [, count] = (await this.db.query(`UPDATE land_use_category SET name_vi = $3, name_en = $4, version = version + 1 WHERE code = $1 AND version = $2`, [
      code,
      version,
      names.nameVi,
      names.nameEn,
    ])) as [unknown, number];
    return count === 1;
  }

  async listPurposes(): Promise<PurposeRow[]> {
    return this.db.query(`SELECT ${PURPOSE_COLUMNS} FROM repurpose_purpose ORDER BY priority_rank, code`);
  }

  async findPurpose(code: string): Promise<PurposeRow | null> {
    const rows: PurposeRow[] = await this.db.query(`SELECT ${PURPOSE_COLUMNS} FROM repurpose_purpose WHERE code = $1`, [code]);
    return rows[0] ?? null;
  }

  async lockPurpose(code: string): Promise<PurposeRow | null> {
    const rows: PurposeRow[] = await this.db.query(`SELECT ${PURPOSE_COLUMNS} FROM repurpose_purpose WHERE code = $1 FOR UPDATE`, [code]);
    return rows[0] ?? null;
  }

  /** Inserts unless the code is taken; false when it was. */
  async insertPurpose(code: string, v: PurposeValues): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `INSERT INTO repurpose_purpose (code, name_vi, name_en, priority_rank, is_priority, default_land_use_category, new_use) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (code) DO NOTHING RETURNING code`,
      [code, v.nameVi, v.nameEn, v.priorityRank, v.isPriority, v.defaultLandUseCategory, v.newUse],
    );
    return rows.length === 1;
  }

  /** Writes the values if the version is still `version` (the row is locked); false when it is not. */
  async updatePurpose(code: string, version: number, v: PurposeValues): Promise<boolean> {
    const [, count] = (await this.db.query(
      `UPDATE repurpose_purpose SET name_vi = $3, name_en = $4, priority_rank = $5, is_priority = $6, default_land_use_category = $7, new_use = $8, version = version + 1
        WHERE code = $1 AND version = $2`,
      [code, version, v.nameVi, v.nameEn, v.priorityRank, v.isPriority, v.defaultLandUseCategory, v.newUse],
    )) as [unknown, number];
    return count === 1;
  }
}
