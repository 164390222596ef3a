import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'http';
import { DomainError } from './errors';

/** The part of Express's response the filter uses. */
interface HttpResponse {
  setHeader(name: string, value: string): unknown;
  status(code: number): { json(body: unknown): unknown };
}

/** The body of every error response (SPEC §7). */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
}

function httpMessage(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}

/** Errors thrown by body parsing (malformed JSON, too large) carry their status on the error. */
function parserStatus(exception: unknown): number | null {
  const e = exception as { status?: unknown; type?: unknown };
  return typeof e?.type === 'string' && typeof e.status === 'number' && e.status >= 400 && e.status < 500 ? e.status : null;
}

/**
 * SQLite's "database is locked": another process (a CLI import or compute on the same file) held
 * the write lock longer than the busy timeout. TypeORM's QueryFailedError copies the driver's
 * `code`; database/sql.ts wraps its errors the same way.
 */
export function isDatabaseBusy(exception: unknown): boolean {
  const e = exception as { code?: unknown; driverError?: { code?: unknown } } | null;
  return e?.code === 'SQLITE_BUSY' || e?.driverError?.code === 'SQLITE_BUSY';
}

/** Seconds a client is asked to wait after a busy database (Retry-After). */
const BUSY_RETRY_SECONDS = 5;

export function errorBody(exception: unknown): ErrorBody {
  let statusCode = 500;
  let message = 'internal error';
  if (isDatabaseBusy(exception)) {
    statusCode = 503;
    message = 'the database is busy with another write (an import or a compute from the command line?); nothing was saved: try again in a moment';
  } else if (exception instanceof DomainError) {
    statusCode = exception.status;
    message = exception.message;
  } else if (exception instanceof HttpException) {
    statusCode = exception.getStatus();
    message = httpMessage(exception);
  } else if (parserStatus(exception) !== null) {
    statusCode = parserStatus(exception)!;
    message = `request body: ${(exception as Error).message}`;
  }
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
}

/** Maps domain errors, Nest's HTTP exceptions and validation failures to `{statusCode, error, message}`, once. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  /** `pages` answers the requests of web paths (an unknown page is an Indonesian 404 page, not JSON). */
  constructor(
    private readonly pages?: ExceptionFilter,
    private readonly isPage: (path: string) => boolean = () => false,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (this.pages && this.isPage(String(host.switchToHttp().getRequest<{ originalUrl?: string }>().originalUrl ?? '').split('?')[0])) {
      this.pages.catch(exception, host);
      return;
    }
    const response = host.switchToHttp().getResponse<HttpResponse>();
    const body = errorBody(exception);
    if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
    const retryAfter = isDatabaseBusy(exception) ? BUSY_RETRY_SECONDS : (exception as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
    if (typeof retryAfter === 'number') response.setHeader('Retry-After', String(retryAfter));
    response.status(body.statusCode).json(body);
  }
}
