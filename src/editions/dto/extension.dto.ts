import { ApiProperty } from '@nestjs/swagger';
import { IsCode } from '../../common/codes';
import { IsInstant } from '../../common/instant';
import { IsNote } from '../../common/text';

export class GrantExtensionDto {
  @ApiProperty({ example: 'saq' })
  @IsCode()
  stage!: string;

  @ApiProperty({ example: 'b' })
  @IsCode()
  body!: string;

  @ApiProperty({ example: '2025-09-07T23:59:59+07:00', description: 'the body\'s new deadline (an RFC 3339 instant, SPEC §16); after the window\'s closing' })
  @IsInstant()
  until!: string;

  @ApiProperty({ example: 'Server PPID terdampak banjir' })
  @IsNote(3)
  reason!: string;
}

export class ExtensionViewDto {
  @ApiProperty() stage!: string;
  @ApiProperty() body!: string;
  @ApiProperty() until!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() grantedBy!: string;
  @ApiProperty() grantedAt!: string;
}
