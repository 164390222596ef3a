import { ArgumentsHost, Catch, ExceptionFilter, Injectable, Logger } from '@nestjs/common';
import { indonesianMessage, isDatabaseBusy } from '../common/error.filter';
import { UnauthenticatedError } from '../auth/auth.service';
import { DomainError, ForbiddenError } from '../common/errors';
import { Pages } from './pages';
import type { WebRequest } from './web.guard';

/** No live session on a page that needs one: a GET goes to the login page, anything else answers 401. */
export class LoginRequiredError extends UnauthenticatedError {
  constructor(why: string) {
    super('auth.login_required', { en: why, id: 'Anda belum masuk, atau sesi Anda sudah berakhir. Silakan masuk lagi.' });
  }
}

/** A temporary password must be changed first (SPEC §12): pages send the user to /akun/kata-sandi. */
export class PasswordChangeRequiredError extends ForbiddenError {
  constructor() {
    super('auth.must_change_password', {
      en: 'this account has a temporary password: change it first',
      id: 'Akun ini memakai kata sandi sementara: ubah kata sandi dulu.',
    });
  }
}

/** A state-changing request without the session's CSRF token. */
export class CsrfError extends ForbiddenError {
  constructor() {
    super('web.csrf', {
      en: 'the form is out of date or came from another site (CSRF token missing or wrong); reload the page and try again',
      id: 'Formulir ini sudah kedaluwarsa atau datang dari situs lain. Muat ulang halaman, lalu coba lagi.',
    });
  }
}

interface WebResponse {
  status(code: number): WebResponse;
  setHeader(name: string, value: string): unknown;
  type(value: string): WebResponse;
  send(body: string): unknown;
  json(body: unknown): unknown;
  redirect(status: number, url: string): unknown;
}

/** What a page says of a refusal: the status, a stable code and the text in Bahasa Indonesia. */
export interface PageError {
  status: number;
  code: string;
  text: string;
}

/** The Indonesian text and code of an error: the same mapping as the API's error body. */
export function pageError(exception: unknown): PageError {
  return indonesianMessage(exception);
}

/** A request from a page's script (fetch with Accept: application/json) or from htmx. */
function wantsJson(request: WebRequest): boolean {
  return String(request.headers.accept ?? '').includes('application/json');
}

function isHtmx(request: WebRequest): boolean {
  return request.headers['hx-request'] === 'true';
}

/**
 * Errors of the web pages, in Bahasa Indonesia: a full page for a browser's navigation, an
 * `role="alert"` fragment for htmx, `{statusCode, code, text}` for the page scripts. A page
 * that needs a login sends a GET to /masuk (and back afterwards); a temporary password sends
 * every page to /akun/kata-sandi.
 */
@Catch()
@Injectable()
export class WebErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Web');

  constructor(private readonly pages: Pages) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<WebRequest>();
    const response = host.switchToHttp().getResponse<WebResponse>();
    const error = pageError(exception);
    if (error.status >= 500) this.logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
    const navigation = request.method === 'GET' && !wantsJson(request) && !isHtmx(request);
    if (navigation && exception instanceof LoginRequiredError) {
      response.redirect(303, `/masuk?lanjut=${encodeURIComponent(request.originalUrl)}`);
      return;
    }
    if (navigation && exception instanceof PasswordChangeRequiredError) {
      response.redirect(303, '/akun/kata-sandi');
      return;
    }
    const retryAfter = (exception as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
    if (typeof retryAfter === 'number') response.setHeader('Retry-After', String(retryAfter));
    if (isDatabaseBusy(exception)) response.setHeader('Retry-After', '5');
    if (wantsJson(request)) {
      response.status(error.status).json({ statusCode: error.status, code: error.code, text: error.text });
    } else if (isHtmx(request)) {
      if (exception instanceof LoginRequiredError) response.setHeader('HX-Redirect', `/masuk?lanjut=${encodeURIComponent(String(request.headers['hx-current-url'] ?? '/'))}`);
      response.status(error.status).type('html').send(this.pages.render('/error-fragment', { title: '', actor: null, csrf: null }, { error }));
    } else {
      const actor = exception instanceof LoginRequiredError ? null : request.actor ?? null;
      response.status(error.status).type('html').send(this.pages.render('/error', { title: 'Tidak dapat dilanjutkan', actor, csrf: request.webSession?.csrf ?? null }, { error }));
    }
  }
}

/** Whether a thrown value is a domain refusal a form shows beside itself (not a server fault). */
export function isRefusal(exception: unknown): exception is DomainError {
  return exception instanceof DomainError && exception.status < 500;
}
