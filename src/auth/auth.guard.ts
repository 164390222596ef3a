import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC, RequestWithActor } from '../common/actor';
import { ForbiddenError } from '../common/errors';
import { AuthService, UnauthenticatedError } from './auth.service';

const ACCOUNT_ROUTE = 'monev:account-route';

/** The routes of one's own account (auth/*): the only ones open while a temporary password awaits its change. */
export const AccountRoute = () => SetMetadata(ACCOUNT_ROUTE, true);

export interface AuthenticatedRequest extends RequestWithActor {
  /** the stored id of the bearer token's session */
  sessionId?: string;
}

/**
 * Every route needs `Authorization: Bearer <token>` of a live session unless marked @Public();
 * 401 otherwise. An account with a temporary password gets 403 everywhere but auth/*.
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
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) {
      throw new UnauthenticatedError('auth.required', {
        en: 'not logged in: send Authorization: Bearer <token> (POST /api/auth/login)',
        id: 'belum masuk: kirim Authorization: Bearer <token> (POST /api/auth/login)',
      });
    }
    const { actor, sessionId, mustChangePassword } = await this.auth.authenticate(match[1]);
    if (mustChangePassword && !this.reflector.getAllAndOverride<boolean>(ACCOUNT_ROUTE, targets)) {
      throw new ForbiddenError('auth.must_change_password', {
        en: 'this account has a temporary password: change it first (POST /api/auth/password)',
        id: 'akun ini memakai kata sandi sementara: ganti dulu kata sandinya (POST /api/auth/password)',
      });
    }
    request.actor = actor;
    request.sessionId = sessionId;
    return true;
  }
}
