import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray } from 'class-validator';
import { IsCode } from '../../common/codes';

export class EnrolParticipantsDto {
  @ApiProperty({ type: String, isArray: true, example: ['a', 'b', 'c'], description: 'codes of bodies registered in the edition\'s commission' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5000)
  @IsCode({ each: true })
  bodies!: string[];
}

export class ParticipantsResultDto {
  @ApiProperty({ type: String, isArray: true, description: 'newly enrolled' }) enrolled!: string[];
  @ApiProperty({ type: String, isArray: true, description: 'enrolled before; left as they were' }) alreadyEnrolled!: string[];
}

export class ParticipantDto {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty() category!: string;
}
