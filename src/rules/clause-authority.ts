/**
 * What a directive clause authorises: action types and, where its text says so, only some of their
 * methods (a clause that allows transfers does not allow sales). An empty method list means every
 * method of the authorised types. Pure functions.
 */
import { type ActionType, METHODS } from '../schema/vocabulary';
import type { FieldError } from '../common/errors';

export interface ClauseAuthority {
  authorisedTypes: readonly string[];
  /** Empty or absent: every method of the authorised types. */
  authorisedMethods?: readonly string[];
}

/** Does the clause authorise this type, and this method of it? */
export function authorises(c: ClauseAuthority, type: ActionType, method: string): boolean {
  if (!c.authorisedTypes.includes(type)) return false;
  const methods = c.authorisedMethods ?? [];
  return methods.length === 0 || methods.includes(method);
}

/** A clause lists methods of the types it authorises only: the problems with the rest (field authorisedMethods). */
export function clauseMethodErrors(types: readonly ActionType[], methods: readonly string[]): FieldError[] {
  const allowed = new Set(types.flatMap((t) => METHODS[t]));
  const stray = methods.filter((m) => !allowed.has(m));
  if (stray.length === 0) return [];
  const list = stray.join(', ');
  const typesVi = types.length ? types.join(', ') : 'không loại nào';
  const typesEn = types.length ? types.join(', ') : 'none';
  return [
    {
      field: 'authorisedMethods',
      message: {
        vi: `${list} không phải hình thức của loại phương án mà điều khoản cho phép (${typesVi})`,
        en: `${list}: not a method of the action types the clause authorises (${typesEn})`,
      },
    },
  ];
}

/** The methods in their vocabulary order (as stored), without repeats. */
export function canonicalMethods(methods: readonly string[]): string[] {
  return Object.values(METHODS)
    .flat()
    .filter((m, i, all) => all.indexOf(m) === i && methods.includes(m));
}
