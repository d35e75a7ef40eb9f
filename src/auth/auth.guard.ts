import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../common/errors';
import { AuthService } from './auth.service';
import { IS_PUBLIC, ROLES_KEY, TOTP_ENROLMENT_ROUTE } from '../common/decorators';
import type { Role } from '../schema/vocabulary';

/**
 * The global guard: every route is signed-in only unless @Public(), and must declare its roles with
 * @Roles() (a route that forgets is refused, not opened).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    const header = req.headers.authorization;
    const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!m)
      throw new DomainError('unauthorized', {
        vi: 'Hãy đăng nhập và gửi mã truy cập dưới dạng "Authorization: Bearer <token>"',
        en: 'Sign in and send the token as "Authorization: Bearer <token>"',
      });
    const { user, enrolmentOnly } = await this.auth.authenticate(m[1]);
    if (enrolmentOnly && !this.reflector.getAllAndOverride<boolean>(TOTP_ENROLMENT_ROUTE, targets)) {
      throw new DomainError('totp-enrolment-required', {
        vi: 'Quản trị viên cần xác thực hai lớp tại đây: hãy đăng ký (POST /api/v1/auth/totp/enrol, rồi /confirm với một mã) và dùng mã truy cập nhận được',
        en: 'Admins need a second factor here: enrol one (POST /api/v1/auth/totp/enrol, then /confirm with a code) and use the token that answers',
      });
    }
    req.auth = user;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles || roles.length === 0)
      throw new DomainError('forbidden', { vi: 'Đường dẫn này không khai báo vai trò nào nên bị đóng', en: 'This route declares no roles and is closed' });
    if (!roles.includes(user.role)) {
      throw new DomainError('forbidden', {
        vi: `Việc này cần một trong các vai trò: ${roles.join(', ')} (vai trò của bạn: ${user.role})`,
        en: `This needs one of the roles: ${roles.join(', ')} (you are ${user.role})`,
      });
    }
    return true;
  }
}
