import { Injectable } from '@nestjs/common';
import { normalizeIp, ThrottlerGuard } from '@nestjs/throttler';

/**
 * Login attempts are counted per (address, username): one noisy office cannot lock out a whole
 * province. The address is the client's as Fastify computes it: the peer of the connection, or what
 * X-Forwarded-For says only when that peer is a configured proxy (TRUST_PROXY); an IPv6 address
 * counts as its /64. Failures per username from any address are limited too (LoginFailures).
 */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const body = req.body as { username?: unknown } | undefined;
    const username = typeof body?.username === 'string' ? body.username.toLowerCase().slice(0, 64) : '';
    return `${normalizeIp(String(req.ip))}|${username}`;
  }
}
