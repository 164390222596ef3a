import { applyDecorators } from '@nestjs/common';
import { IsString, Matches, MaxLength, ValidationOptions } from 'class-validator';

/** Codes address entities in URLs: letters, digits, `.`, `_`, `-`, starting with a letter or digit. */
export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function IsCode(maxLength = 64, options: ValidationOptions = {}) {
  return applyDecorators(
    IsString(options),
    MaxLength(maxLength, options),
    Matches(CODE_PATTERN, { ...options, message: '$property must be a code: letters, digits, ".", "_" or "-", starting with a letter or digit' }),
  );
}
