import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DomainError } from './errors';
import type { AuthUser, RequestContext } from './auth-user';
import type { Role } from '../schema/vocabulary';

declare module 'fastify' {
  interface FastifyRequest {
    auth?: AuthUser;
  }
}

export const IS_PUBLIC = 'vpa:public';
export const ROLES_KEY = 'vpa:roles';
export const ALL_ROLES: Role[] = ['admin', 'officer', 'inspector', 'viewer'];

/** No sign-in needed (login, health). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const TOTP_ENROLMENT_ROUTE = 'vpa:totp-enrolment-route';
/**
 * A route an enrolment-only token may call (GET /auth/me and the TOTP enrolment routes): see
 * sign-in.rules.ts. Every other route refuses such a token with 403 totp-enrolment-required.
 */
export const OpenToEnrolmentTokens = () => SetMetadata(TOTP_ENROLMENT_ROUTE, true);

/** The roles allowed on a route. Every non-public route must declare them; the guard refuses a route that does not. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** The request context (signed-in user and request id) for the use case. */
export const Ctx = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestContext => {
  const req = ctx.switchToHttp().getRequest<FastifyRequest>();
  if (!req.auth) throw new DomainError('unauthorized', { vi: 'Hãy đăng nhập trước', en: 'Sign in first' });
  return { user: req.auth, requestId: String(req.id) };
});
