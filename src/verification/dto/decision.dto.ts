import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsNote } from '../../common/text';
import type { AnswerValue } from '../../scoring';
import { ANSWER_VALUE_SCHEMA } from '../../saq/dto/answer.dto';

export class DecideDto {
  @ApiProperty({ enum: ['accept', 'reject', 'correct'], description: 'accept keeps the answer, reject earns 0, correct replaces the value' })
  @IsIn(['accept', 'reject', 'correct'])
  decision!: 'accept' | 'reject' | 'correct';

  @ApiPropertyOptional({ ...ANSWER_VALUE_SCHEMA, description: 'with correct (only): the corrected value, of the question\'s type' })
  @IsOptional()
  value?: AnswerValue;

  @ApiPropertyOptional({ example: 'Profil pimpinan tidak ditemukan' })
  @IsOptional()
  @IsNote()
  note?: string;
}

export class DecisionResultDto {
  @ApiProperty() body!: string;
  @ApiProperty() stage!: string;
  @ApiProperty() question!: string;
  @ApiProperty({ enum: ['accept', 'reject', 'correct'] }) decision!: string;
  @ApiProperty({ ...ANSWER_VALUE_SCHEMA, nullable: true }) value!: AnswerValue | null;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty() decidedBy!: string;
  @ApiProperty() decidedAt!: string;
}

export class VerificationCompleteDto {
  @ApiProperty() body!: string;
  @ApiProperty() stage!: string;
  @ApiProperty() completedAt!: string;
  @ApiProperty({ example: 80 }) claimedScore!: number;
  @ApiProperty({ example: 60, description: 'the verified stage score' }) verifiedScore!: number;
}
