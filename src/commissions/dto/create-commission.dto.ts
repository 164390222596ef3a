import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsCode } from '../../common/codes';
import { IsName } from '../../common/text';
import { DEFAULT_TIME_ZONE, IsTimeZone } from '../../common/time-zone';

export class CreateCommissionDto {
  @ApiProperty({ example: 'ki-kaltim' })
  @IsCode()
  code!: string;

  @ApiProperty({ example: 'Komisi Informasi Provinsi Kalimantan Timur' })
  @IsName()
  name!: string;

  @ApiPropertyOptional({ example: 'Samarinda' })
  @IsOptional()
  @IsName()
  city?: string;

  @ApiPropertyOptional({
    example: 'Asia/Makassar',
    default: DEFAULT_TIME_ZONE,
    description: 'IANA time zone its deadlines are shown in: Asia/Jakarta (WIB), Asia/Makassar (WITA), Asia/Jayapura (WIT)',
  })
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;
}

export class CommissionDto {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) city!: string | null;
  @ApiProperty({ example: 'Asia/Makassar' }) timeZone!: string;
}
