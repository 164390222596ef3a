import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../common/config';
import { SecretKeys } from '../secrets/secret-keys';
import { SessionsService, StartedSession } from '../sessions/sessions.service';
import { clearedCookieHeader, cookieHeader, csrfTokenOf, LOGIN_CSRF_COOKIE, newLoginCsrf, safeNext, SESSION_COOKIE } from './web-session';

/** The cookies the pages set: the session's (12 hours at most, as the session) and the login form's CSRF double. */
@Injectable()
export class WebCookies {
  private readonly secure: boolean;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly keys: SecretKeys,
    private readonly sessions: SessionsService,
  ) {
    this.secure = config.publicBaseUrl.startsWith('https://');
  }

  session(session: StartedSession): string {
    // the cookie outlives a browser restart, never the session (the server ends it earlier when idle)
    const seconds = Math.floor(this.sessions.limits('web').lifetimeMs / 1000);
    return cookieHeader(SESSION_COOKIE, session.secret, { maxAgeSeconds: seconds, secure: this.secure });
  }

  clearSession(): string {
    return clearedCookieHeader(SESSION_COOKIE, this.secure);
  }

  loginCsrf(): string {
    return newLoginCsrf();
  }

  login(token: string): string {
    return cookieHeader(LOGIN_CSRF_COOKIE, token, { maxAgeSeconds: 3600, secure: this.secure });
  }

  clearLogin(): string {
    return clearedCookieHeader(LOGIN_CSRF_COOKIE, this.secure);
  }

  csrfOf(sessionId: string): string {
    return csrfTokenOf(this.keys.jwt, sessionId);
  }

  next(next: unknown): string | null {
    return safeNext(next);
  }
}
