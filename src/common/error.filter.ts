import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'http';
import { DomainError, ErrorCode } from './errors';

/** The part of Express's response the filter uses. */
interface HttpResponse {
  setHeader(name: string, value: string): unknown;
  status(code: number): { json(body: unknown): unknown };
}

/**
 * The body of every error response (SPEC §7): `message` in English, as it always was; `code`,
 * stable, for clients to branch on; `text`, the same refusal in Bahasa Indonesia.
 */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code: ErrorCode;
  text: string;
}

/** What the web layer needs of any error to show it on a page: the status, the code, the Indonesian text. */
export interface IndonesianMessage {
  status: number;
  code: ErrorCode;
  text: string;
}

/** An error as the API and the pages tell it. */
interface Told {
  status: number;
  message: string;
  code: ErrorCode;
  text: string;
}

function httpMessage(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}

/** Nest's own HTTP exceptions (an unknown route, malformed JSON: "Cannot GET /api/x", "Unexpected end of JSON input"), by status. */
function httpTold(status: number, message: string): Told {
  if (status === 404) {
    const route = /^Cannot (\S+) (.+)$/.exec(message);
    return { status, message, code: 'not_found', text: route ? `alamat ${route[1]} ${route[2]} tidak ditemukan` : 'tidak ditemukan' };
  }
  // Nest turns body-parser's SyntaxError (malformed JSON) and Express's URIError (a bad %-escape in the path) into 400s
  if (status === 400 && /JSON/.test(message)) return { status, message, code: 'request.invalid_body', text: 'isi permintaan: bukan JSON yang sah' };
  if (status === 400 && /decode param/.test(message)) return { status, message, code: 'request.invalid', text: 'alamat permintaan tidak dapat dibaca' };
  if (status === 400) return { status, message, code: 'request.invalid', text: 'permintaan tidak valid' };
  if (status === 401) return { status, message, code: 'auth.required', text: 'belum masuk' };
  if (status === 403) return { status, message, code: 'access.forbidden', text: 'tidak diizinkan' };
  if (status === 413) return { status, message, code: 'request.too_large', text: 'isi permintaan terlalu besar' };
  if (status >= 500) return { status, message, code: 'internal', text: 'terjadi galat di server' };
  return { status, message, code: 'request.failed', text: `permintaan ditolak (HTTP ${status})` };
}

/** The errors body parsing throws (body-parser's, and json-depth.ts's, which carry their own text), by type. */
const PARSER: Readonly<Record<string, { code: ErrorCode; text: string }>> = {
  'entity.parse.failed': { code: 'request.invalid_body', text: 'bukan JSON yang sah' },
  'entity.too.large': { code: 'request.too_large', text: 'terlalu besar' },
  'parameters.too.many': { code: 'request.too_large', text: 'memuat terlalu banyak parameter' },
  'entity.too.deep': { code: 'request.too_deep', text: 'JSON bersarang terlalu dalam' },
  'charset.unsupported': { code: 'request.unsupported_charset', text: 'JSON harus dikirim dalam UTF-8' },
  'encoding.unsupported': { code: 'request.unsupported_encoding', text: 'pemampatannya tidak didukung' },
};

/** Errors thrown by body parsing (malformed JSON, too large) carry their status on the error. */
function parserStatus(exception: unknown): number | null {
  const e = exception as { status?: unknown; type?: unknown };
  return typeof e?.type === 'string' && typeof e.status === 'number' && e.status >= 400 && e.status < 500 ? e.status : null;
}

function parserTold(exception: Error & { type: string; text?: unknown }, status: number): Told {
  const known = PARSER[exception.type] ?? { code: 'request.invalid_body', text: 'tidak dapat dibaca' };
  const text = typeof exception.text === 'string' ? exception.text : known.text;
  return { status, message: `request body: ${exception.message}`, code: known.code, text: `isi permintaan: ${text}` };
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

const BUSY: Told = {
  status: 503,
  message: 'the database is busy with another write (an import or a compute from the command line?); nothing was saved: try again in a moment',
  code: 'database.busy',
  text: 'basis data sedang sibuk dengan penulisan lain (impor atau perhitungan dari baris perintah?); tidak ada yang tersimpan: coba lagi sebentar lagi',
};

/** Anything else is a bug: its detail goes to the log, never to the client. */
const INTERNAL: Told = {
  status: 500,
  message: 'internal error',
  code: 'internal',
  text: 'terjadi galat yang tidak terduga di server; coba lagi, dan beri tahu pengelola bila terulang',
};

/** The one mapping of every error to its status, code and wording in both languages: the API's body and the pages' message. */
function tell(exception: unknown): Told {
  if (isDatabaseBusy(exception)) return BUSY;
  if (exception instanceof DomainError) return { status: exception.status, message: exception.message, code: exception.code, text: exception.text };
  if (exception instanceof HttpException) return httpTold(exception.getStatus(), httpMessage(exception));
  const parser = parserStatus(exception);
  if (parser !== null) return parserTold(exception as Error & { type: string }, parser);
  return INTERNAL;
}

export function errorBody(exception: unknown): ErrorBody {
  const { status, message, code, text } = tell(exception);
  return { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message, code, text };
}

/**
 * For the web layer: what a page shows for an error a service (or anything below it) threw —
 * the status the API would answer, the code and the Indonesian text, by the same mapping as the
 * API's error body.
 */
export function indonesianMessage(error: unknown): IndonesianMessage {
  const { status, code, text } = tell(error);
  return { status, code, text };
}

/** Maps domain errors, Nest's HTTP exceptions and validation failures to `{statusCode, error, message, code, text}`, once. */
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
