import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

/** An ISO-8601 instant with its offset: 2025-08-31T23:59:59+07:00 or …Z. */
export const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const INSTANT_MESSAGE = '$property must be an ISO-8601 instant with an offset, e.g. 2025-08-31T23:59:59+07:00';

export function IsInstant() {
  return Matches(INSTANT_PATTERN, { message: INSTANT_MESSAGE });
}

export class WindowDto {
  @ApiProperty({ example: '2025-05-01T00:00:00+07:00' })
  @IsString()
  @IsInstant()
  opens!: string;

  @ApiProperty({ example: '2025-08-31T23:59:59+07:00' })
  @IsString()
  @IsInstant()
  closes!: string;
}
