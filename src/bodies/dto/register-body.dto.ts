import { ApiProperty } from '@nestjs/swagger';
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

export class BodyDto {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty() category!: string;
}
