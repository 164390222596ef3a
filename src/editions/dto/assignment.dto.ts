import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { IsCode } from '../../common/codes';

export class AssignmentDto {
  @ApiProperty({ example: 'saq', description: 'stage code: a verifier for a questionnaire stage, a juror for a panel stage' })
  @IsCode()
  stage!: string;

  @ApiProperty({ example: 'verifikator1' })
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/, { message: '$property must be a username' })
  username!: string;

  @ApiProperty({ example: 'a', description: 'body code (a participant of the edition)' })
  @IsCode()
  body!: string;
}

export class AssignmentViewDto {
  @ApiProperty() stage!: string;
  @ApiProperty({ enum: ['questionnaire', 'panel'] }) kind!: string;
  @ApiProperty() username!: string;
  @ApiProperty({ enum: ['verifier', 'juror'] }) role!: string;
  @ApiProperty() body!: string;
  @ApiProperty() bodyName!: string;
}
