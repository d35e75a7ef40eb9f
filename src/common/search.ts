/**
 * SQL for accent- and case-insensitive "contains" search: both sides go through search_norm()
 * (unaccent + lower + NFC, IMMUTABLE so trigram indexes on the same expression serve it), and the
 * user's text has LIKE wildcards escaped so `%` or `_` match themselves.
 */
export function containsSql(normalizedColumnExpr: string, param: string): string {
  return `${normalizedColumnExpr} LIKE '%' || replace(replace(replace(search_norm(${param}), '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'`;
}
