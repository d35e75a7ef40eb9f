import type { AuthUser } from './auth-user';
import { DomainError, notFound, type Thing } from './errors';

/**
 * The province wall, in one place. A caller's scope is NATIONAL or one new-era province; a resource
 * outside it does not exist for them (404), whether it is named in the path, the query or the body.
 *
 * A provincial scope is a branded string, so a bare province code, a null or an "undefined means
 * national" cannot be passed where a scope is expected: each one is made here, from the user or
 * explicitly. Repositories add the wall to their SQL with scopeSql(), never with their own fragment.
 */
declare const provinceScopeBrand: unique symbol;
export type ProvinceOnlyScope = string & { readonly [provinceScopeBrand]: true };
export type ProvinceScope = typeof NATIONAL | ProvinceOnlyScope;

/** Every province: national users, and the system's own reads of a row it has already found in scope. */
export const NATIONAL = 'national' as const;

export const provinceScope = (provinceCode: string): ProvinceScope => provinceCode as ProvinceOnlyScope;

export const scopeOf = (user: Pick<AuthUser, 'provinceCode'>): ProvinceScope => (user.provinceCode === null ? NATIONAL : provinceScope(user.provinceCode));

/** The province a scope is limited to, or null for national (for SQL that takes it as a parameter). */
export const provinceOf = (scope: ProvinceScope): string | null => (scope === NATIONAL ? null : scope);

/** Whether a resource of `provinceCode` is visible in `scope`. */
export const inScope = (scope: ProvinceScope, provinceCode: string): boolean => scope === NATIONAL || scope === provinceCode;

/**
 * The SQL of the wall: ` AND <column> = $n` (the province pushed onto `params`) for a provincial
 * scope, nothing for national.
 */
export function scopeSql(scope: ProvinceScope, column: string, params: unknown[]): string {
  if (scope === NATIONAL) return '';
  params.push(scope);
  return ` AND ${column} = $${params.length}`;
}

/**
 * The wall for a row two provinces share (a hand-over between provinces): ` AND (<column> = $n OR
 * <shared> = $n)` for a provincial scope, nothing for national. `shared` is an SQL expression naming
 * the second province, null while that province may not see the row.
 */
export function sharedScopeSql(scope: ProvinceScope, column: string, shared: string, params: unknown[]): string {
  if (scope === NATIONAL) return '';
  params.push(scope);
  return ` AND (${column} = $${params.length} OR ${shared} = $${params.length})`;
}

/** 404 unless `provinceCode` is in the caller's scope (`field`: where the request named it). */
export function assertVisible(user: Pick<AuthUser, 'provinceCode'>, provinceCode: string, what: Thing, id: string, field?: string): void {
  if (inScope(scopeOf(user), provinceCode)) return;
  throw outsideScope(what, id, field);
}

/** The refusal of a resource outside the caller's scope: not found, as if it did not exist. */
export const outsideScope = (what: Thing, id: string, field?: string): DomainError => notFound(what, id, field);

/**
 * Writing into a province needs an admin or an officer of that province. Another province is
 * outside an officer's scope (404, naming `field` when the request body chose it); other roles
 * read only (403).
 */
export function assertMayWriteIn(user: AuthUser, provinceCode: string, field?: string): void {
  if (user.role === 'admin') return;
  if (user.role === 'officer') {
    if (user.provinceCode === provinceCode) return;
    throw outsideScope('province', provinceCode, field);
  }
  throw new DomainError('read-only-role', {
    vi: `Vai trò của bạn (${user.role}) chỉ được xem; ghi dữ liệu vào tỉnh ${provinceCode} cần cán bộ của tỉnh đó hoặc quản trị viên`,
    en: `Your role (${user.role}) reads only; writing into province ${provinceCode} needs an officer of that province or an admin`,
  });
}

/** A province named in a query must be in the caller's scope (404 otherwise), as one named in the path. */
export function assertQueryProvince(user: Pick<AuthUser, 'provinceCode'>, province: string | null | undefined, field = 'province'): void {
  if (province !== undefined && province !== null && province !== '') assertVisible(user, province, 'province', province, field);
}
