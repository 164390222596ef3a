import { ApiProperty } from '@nestjs/swagger';
import { IsInstant } from '../../common/instant';

const INSTANT_DESCRIPTION = 'RFC 3339 instant (SPEC §16): seconds, 0–9 fractional digits, Z or an offset ±hh:mm, on a real calendar date';

export class WindowDto {
  @ApiProperty({ example: '2025-05-01T00:00:00+07:00', description: INSTANT_DESCRIPTION })
  @IsInstant()
  opens!: string;

  @ApiProperty({ example: '2025-08-31T23:59:59+07:00', description: INSTANT_DESCRIPTION })
  @IsInstant()
  closes!: string;
}
