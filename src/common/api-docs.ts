import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiResponse } from '@nestjs/swagger';

export class ErrorResponseDto {
  @ApiProperty({ example: 409 }) statusCode!: number;
  @ApiProperty({ example: 'Conflict' }) error!: string;
  @ApiProperty({ example: 'the window of stage "saq" is closed: it closed at 2025-08-31T23:59:59+08:00' }) message!: string;
}

const MEANING: Record<number, string> = {
  400: 'invalid input; the message names each bad field',
  401: 'not logged in (no, invalid or expired bearer token)',
  403: 'this role, or this user, may not do this',
  404: 'unknown code, or not visible to the caller',
  409: 'state conflict: window closed, already submitted, locked, duplicate code',
  429: 'too many attempts (failed logins, anonymous downloads from one address); retry after the Retry-After seconds',
};

/** Documents the error responses of an endpoint, all shaped `{statusCode, error, message}`. */
export function ApiErrors(...statuses: (keyof typeof MEANING)[]) {
  return applyDecorators(...statuses.map((status) => ApiResponse({ status, description: MEANING[status], type: ErrorResponseDto })));
}
