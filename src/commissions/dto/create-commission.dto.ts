import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsCode } from '../../common/codes';

export class CreateCommissionDto {
  @ApiProperty({ example: 'ki-kaltim' })
  @IsCode()
  code!: string;

  @ApiProperty({ example: 'Komisi Informasi Provinsi Kalimantan Timur' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ example: 'Samarinda' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  city?: string;
}

export class CommissionDto {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) city!: string | null;
}
