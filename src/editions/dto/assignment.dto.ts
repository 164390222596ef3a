import { ApiProperty } from '@nestjs/swagger';
import { IsCode } from '../../common/codes';
import { IsUsername } from '../../common/text';

export class AssignmentDto {
  @ApiProperty({ example: 'saq', description: 'stage code: a verifier for a questionnaire stage, a juror for a panel stage' })
  @IsCode()
  stage!: string;

  @ApiProperty({ example: 'verifikator1' })
  @IsUsername()
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
