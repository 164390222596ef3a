import { applyDecorators, CanActivate, ExecutionContext, Injectable, SetMetadata, UseFilters, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthService, UnauthenticatedError } from '../auth/auth.service';
import { Actor, Public, RequestWithActor } from '../common/actor';
import { ForbiddenError } from '../common/errors';
import { SecretKeys } from '../secrets/secret-keys';
import { Role } from '../users/user.entity';
import { ROLE_LABEL } from './pages';
import { CsrfError, LoginRequiredError, PasswordChangeRequiredError, WebErrorFilter } from './web-errors';
import { CSRF_FIELD, CSRF_HEADER, csrfTokenOf, LOGIN_CSRF_COOKIE, parseCookies, sameToken, SESSION_COOKIE } from './web-session';

const ANYONE = 'monev:web-anyone';
const ACCOUNT_PAGE = 'monev:web-account';
const ROLES = 'monev:web-roles';

/** A page for visitors too (home, login, the public pages): the session is read when there is one. */
export const Anyone = () => SetMetadata(ANYONE, true);
/** A page of one's own account: the only pages open while a temporary password awaits its change. */
export const AccountPage = () => SetMetadata(ACCOUNT_PAGE, true);
/** The roles whose pages these are; others get the Indonesian 403 page (the services check again). */
export const ForRoles = (...roles: Role[]) => SetMetadata(ROLES, roles);

/**
 * A web controller: no bearer token (the API's guard lets it through), the session cookie
 * instead (WebGuard), and errors as Indonesian pages (WebErrorFilter).
 */
export const WebController = () => applyDecorators(Public(), UseGuards(WebGuard), UseFilters(WebErrorFilter));

/** The page's session as the guard found it. */
export interface WebSession {
  id: string;
  csrf: string;
}

export interface WebRequest extends RequestWithActor {
  method: string;
  originalUrl: string;
  body?: unknown;
  webSession?: WebSession;
}

const SAFE_METHODS = ['GET', 'HEAD', 'OPTIONS'];

/**
 * The browser's session (SPEC §11): the cookie names a session row of kind `web`, checked live
 * on every request like a bearer token's; every state-changing request carries the CSRF token
 * of its session (a form field or the X-CSRF-Token header), or, before login, the double of the
 * login cookie.
 */
@Injectable()
export class WebGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly keys: SecretKeys,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<WebRequest>();
    const cookies = parseCookies(request.headers.cookie as string | undefined);
    const anyone = this.reflector.getAllAndOverride<boolean>(ANYONE, targets) ?? false;
    let actor: Actor | null = null;
    let mustChangePassword = false;
    const secret = cookies[SESSION_COOKIE];
    if (secret) {
      try {
        const found = await this.auth.authenticateWeb(secret);
        actor = found.actor;
        mustChangePassword = found.mustChangePassword;
        request.webSession = { id: found.sessionId, csrf: csrfTokenOf(this.keys.jwt, found.sessionId) };
      } catch (error) {
        if (!(error instanceof UnauthenticatedError) || !anyone) throw new LoginRequiredError(error instanceof Error ? error.message : 'not logged in');
      }
    }
    if (!SAFE_METHODS.includes(request.method.toUpperCase())) this.checkCsrf(request, cookies, anyone);
    if (!actor) {
      if (anyone) return true;
      throw new LoginRequiredError('not logged in');
    }
    request.actor = actor;
    if (mustChangePassword && !this.reflector.getAllAndOverride<boolean>(ACCOUNT_PAGE, targets)) {
      throw new PasswordChangeRequiredError();
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(actor.role)) {
      throw new ForbiddenError('access.forbidden', {
        en: `these pages are for ${roles.join(', ')}, not ${actor.role}`,
        id: `Halaman ini untuk ${roles.map((r) => ROLE_LABEL[r]).join(' dan ')}; Anda masuk sebagai ${ROLE_LABEL[actor.role]}.`,
      });
    }
    return true;
  }

  /** A visitor's form (the login) carries the login cookie's double; every other form its session's token. */
  private checkCsrf(request: WebRequest, cookies: Record<string, string>, anyone: boolean): void {
    const header = request.headers[CSRF_HEADER];
    const field = (request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
    const sent = typeof header === 'string' ? header : typeof field === 'string' ? field : undefined;
    const expected = [request.webSession?.csrf, anyone ? cookies[LOGIN_CSRF_COOKIE] : undefined];
    if (!expected.some((token) => sameToken(sent, token))) throw new CsrfError();
  }
}
