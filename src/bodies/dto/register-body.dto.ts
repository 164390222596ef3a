import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { IsCode } from '../../common/codes';

export class RegisterBodyDto {
  @ApiProperty({ example: 'pemprov-kaltim' })
  @IsCode()
  code!: string;

  @ApiProperty({ example: 'Pemerintah Provinsi Kalimantan Timur' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name!: string;

  @ApiProperty({ example: 'pemprov', description: 'category code (ranking group); editions declare the categories they rank' })
  @IsCode()
  category!: string;
}

export class BodyDto {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty() category!: string;
}
