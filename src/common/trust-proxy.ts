import { isIP } from 'node:net';

/** TRUST_PROXY, parsed: no proxy (false), how many proxies are in front, or their addresses and ranges. */
export type TrustProxy = false | number | string[];

/** Names proxy-addr (Fastify's trustProxy) knows for ranges of addresses. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * TRUST_PROXY: unset, "false", "none" or "0": no proxy header is believed (the client is the peer of
 * the connection). A whole number: that many proxies in front. Otherwise a comma-separated list of
 * addresses, CIDR ranges and the names loopback, linklocal, uniquelocal. "true" (anyone) is refused.
 */
export function parseTrustProxy(raw: string | undefined, problems: string[]): TrustProxy {
  if (raw === undefined || ['false', 'none', '0'].includes(raw.toLowerCase())) return false;
  if (/^\d+$/.test(raw)) {
    if (Number(raw) > 16) problems.push(`TRUST_PROXY as a number of proxies must be from 0 to 16 (got "${raw}")`);
    return Number(raw);
  }
  if (['true', '*'].includes(raw.toLowerCase())) {
    problems.push(
      'TRUST_PROXY=true would believe X-Forwarded-For from anyone: give the addresses of your proxies (e.g. 10.0.0.5 or 10.0.0.0/24) or how many there are (e.g. 1)',
    );
    return false;
  }
  const list = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = list.filter((entry) => {
    if (PROXY_RANGE_NAMES.includes(entry)) return false;
    const [addr, prefix, ...rest] = entry.split('/');
    const family = isIP(addr);
    if (family === 0 || rest.length) return true;
    return prefix !== undefined && (!/^\d{1,3}$/.test(prefix) || Number(prefix) > (family === 4 ? 32 : 128));
  });
  if (bad.length || list.length === 0) {
    problems.push(
      `TRUST_PROXY must be a number of proxies, or a comma-separated list of addresses and CIDR ranges like 10.0.0.5,10.1.0.0/16 (or loopback, linklocal, uniquelocal)${bad.length ? ` (bad: ${bad.join(', ')})` : ''}`,
    );
  }
  return list;
}

/**
 * Fastify's trustProxy for the setting. A number becomes "the first n hops" (Fastify 5 ignores a
 * plain number: it cannot check who the nearest peer is): it believes X-Forwarded-For from anyone who
 * can reach the API directly, so use it only when nothing but the proxies can.
 */
export function fastifyTrustProxy(setting: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof setting === 'number') {
    const hops = setting;
    return hops === 0 ? false : (_address: string, hop: number) => hop < hops;
  }
  return setting;
}
