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

export function errorBody(exception: unknown): ErrorBody {
  let statusCode = 500;
  let message = 'internal error';
  if (exception instanceof DomainError) {
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

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<HttpResponse>();
    const body = errorBody(exception);
    if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
    const retryAfter = (exception as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
    if (typeof retryAfter === 'number') response.setHeader('Retry-After', String(retryAfter));
    response.status(body.statusCode).json(body);
  }
}
