import type { AuthUser } from '../auth/auth-user';
import { DomainError } from './errors';

/**
 * Province scope: the new-era province code a caller is limited to, or null for national.
 * Repositories add it to their WHERE clauses, so a resource outside it is simply not found.
 */
export type ProvinceScope = string | null;

export const scopeOf = (user: AuthUser): ProvinceScope => user.provinceCode;

/** Writing into a province needs an admin, or an officer of that province. */
export function assertMayWriteIn(user: AuthUser, provinceCode: string): void {
  if (user.role === 'admin') return;
  if (user.role === 'officer' && user.provinceCode === provinceCode) return;
  throw new DomainError('outside-scope', 403, 'Forbidden', `You may not write into province ${provinceCode} (your scope is ${user.provinceCode ?? 'national, read-only'})`);
}
