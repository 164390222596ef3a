import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsCode } from '../../common/codes';
import { IsName } from '../../common/text';

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
}

export class CommissionDto {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) city!: string | null;
}
