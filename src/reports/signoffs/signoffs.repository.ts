import { Injectable } from '@nestjs/common';
import { scopeSql, type ProvinceScope } from '../../common/scope';
import { Db } from '../../database/transaction';

export interface SignOffRow {
  id: string;
  snapshot_id: string;
  province_code: string;
  week: string;
  as_of: string;
  signed_by: string;
  signed_by_username: string | null;
  note: string | null;
  signed_at: string;
}

/** A new-era province, with its sign-off of the week when there is one. */
export interface ProvinceSignOffRow {
  province_code: string;
  province_name: string;
  signoff: SignOffRow | null;
}

const ISO = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const COLUMNS = `o.id, o.snapshot_id, o.province_code, o.week, to_char(o.as_of, 'YYYY-MM-DD') AS as_of, o.signed_by, u.username AS signed_by_username, o.note, ${ISO('o.signed_at')} AS signed_at`;

/** All SQL about report sign-offs; they are only ever inserted. */
@Injectable()
export class SignOffsRepository {
  constructor(private readonly db: Db) {}

  /**
   * Records the sign-off unless the province has one for that week already (the unique constraint
   * decides between two made at once): the new id, or null when the week was already signed off.
   */
  async insertIfFirst(v: {
    snapshotId: string;
    provinceCode: string;
    week: string;
    asOf: string;
    signedBy: string;
    note: string | null;
  }): Promise<string | null> {
    const rows: { id: string }[] = await this.db.query(
      `INSERT INTO report_signoff (snapshot_id, province_code, week, as_of, signed_by, note) VALUES ($1, $2, $3, $4::date, $5, $6)
       ON CONFLICT ON CONSTRAINT uq_report_signoff_province_week DO NOTHING RETURNING id`,
      [v.snapshotId, v.provinceCode, v.week, v.asOf, v.signedBy, v.note],
    );
    return rows[0]?.id ?? null;
  }

  async find(id: string): Promise<SignOffRow | null> {
    const rows: SignOffRow[] = await this.db.query(`SELECT ${COLUMNS} FROM report_signoff o JOIN app_user u ON u.id = o.signed_by WHERE o.id = $1`, [id]);
    return rows[0] ?? null;
  }

  async findOfWeek(provinceCode: string, week: string): Promise<SignOffRow | null> {
    const rows: SignOffRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM report_signoff o JOIN app_user u ON u.id = o.signed_by WHERE o.province_code = $1 AND o.week = $2`,
      [provinceCode, week],
    );
    return rows[0] ?? null;
  }

  /** Every new-era province in scope, by code, each with its sign-off of the week or null. */
  async weekInScope(scope: ProvinceScope, week: string): Promise<ProvinceSignOffRow[]> {
    const params: unknown[] = [week];
    return this.db.query(
      `SELECT p.code AS province_code, p.name AS province_name,
         (SELECT to_jsonb(x) FROM (SELECT ${COLUMNS} FROM report_signoff o JOIN app_user u ON u.id = o.signed_by WHERE o.province_code = p.code AND o.week = $1) x) AS signoff
       FROM admin_unit p WHERE p.era = 'new' AND p.level = 'province'${scopeSql(scope, 'p.code', params)}
       ORDER BY p.code`,
      params,
    );
  }
}
