import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsCode } from '../../common/codes';
import { IsName } from '../../common/text';

export class RegisterBodyDto {
  @ApiProperty({ example: 'pemprov-kaltim' })
  @IsCode()
  code!: string;

  @ApiProperty({ example: 'Pemerintah Provinsi Kalimantan Timur' })
  @IsName()
  name!: string;

  @ApiProperty({ example: 'pemprov', description: 'category code (ranking group); editions declare the categories they rank' })
  @IsCode()
  category!: string;
}

export class UpdateBodyDto {
  @ApiPropertyOptional({ example: 'Pemerintah Provinsi Kalimantan Timur', description: 'publications keep the name they froze' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name?: string;

  @ApiPropertyOptional({ example: 'pemprov', description: 'only until the body is first published; ranked by every edition it takes part in' })
  @IsOptional()
  @IsCode()
  category?: string;
}

export class BodyDto {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty() category!: string;
}
