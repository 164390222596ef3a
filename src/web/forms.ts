import { Type } from '@nestjs/common';
import { createValidationPipe } from '../common/validation-options';

/** A form's value as a string ('' when absent or repeated oddly). */
export function field(form: unknown, name: string): string {
  const value = (form as Record<string, unknown> | null | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

/** Every value of a repeated form field (checkboxes): none, one or many. */
export function fields(form: unknown, name: string): string[] {
  const value = (form as Record<string, unknown> | null | undefined)?.[name];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? [value] : [];
}

/**
 * A form turned into the API's DTO and validated by the API's one validation behaviour, so a
 * page refuses exactly what the API refuses (400, naming the field).
 */
export function validated<T extends object>(dto: Type<T>, plain: Record<string, unknown>): Promise<T> {
  return createValidationPipe().transform(plain, { type: 'body', metatype: dto });
}

/** What a page handler's response needs to answer a redirect itself. */
export interface PageResponse {
  status(code: number): unknown;
  setHeader(name: string, value: string | string[]): unknown;
}

/** 303 See Other to `url` (after a form, or to the login page): the handler then returns ''. */
export function seeOther(response: PageResponse, url: string): '' {
  response.status(303);
  response.setHeader('Location', url);
  return '';
}
