import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiResponse } from '@nestjs/swagger';
import { ERROR_CODES } from './errors';

export class ErrorResponseDto {
  @ApiProperty({ example: 409 }) statusCode!: number;
  @ApiProperty({ example: 'Conflict' }) error!: string;
  @ApiProperty({ example: 'the window of stage "saq" is closed: it closed at 2025-08-31T23:59:59+08:00', description: 'English, naming the field, file, window or state at fault' })
  message!: string;
  @ApiProperty({ example: 'window.closed', enum: Object.keys(ERROR_CODES), description: 'stable code of the refusal, for clients to branch on' })
  code!: string;
  @ApiProperty({
    example: 'jendela pengisian tahap "saq" sudah ditutup pada 31 Agustus 2025 pukul 23.59 WITA',
    description: "the same refusal in Bahasa Indonesia, instants in the commission's time zone",
  })
  text!: string;
}

const MEANING: Record<number, string> = {
  400: 'invalid input; the message names each bad field',
  401: 'not logged in (no, invalid or expired bearer token)',
  403: 'this role, or this user, may not do this',
  404: 'unknown code, or not visible to the caller',
  409: 'state conflict: window closed, already submitted, locked, duplicate code',
  413: "the uploaded file is larger than the limit the message names; the rest was not read",
  415: "the file's content is not of a type the edition accepts",
  429: 'too many attempts (failed logins, anonymous downloads from one address); retry after the Retry-After seconds',
};

/** Documents the error responses of an endpoint, all shaped `{statusCode, error, message, code, text}`. */
export function ApiErrors(...statuses: (keyof typeof MEANING)[]) {
  return applyDecorators(...statuses.map((status) => ApiResponse({ status, description: MEANING[status], type: ErrorResponseDto })));
}
