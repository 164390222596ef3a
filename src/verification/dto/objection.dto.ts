import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsCode } from '../../common/codes';
import { IsNote } from '../../common/text';
import type { AnswerValue } from '../../scoring';

const VALUE_SCHEMA = {
  oneOf: [{ type: 'boolean' }, { type: 'string' }, { type: 'array', items: { type: 'string' } }],
  description: 'true/false for yes_no, an option value for choice, an array of item values for checklist',
};

export class CreateObjectionDto {
  @ApiProperty({ example: 'a', description: 'the objecting body (one\'s own)' })
  @IsCode()
  body!: string;

  @ApiProperty({ example: '1.3' })
  @IsCode()
  question!: string;

  @ApiProperty({ example: 'Profil pimpinan ada di https://ppid.example.go.id/profil' })
  @IsNote(3)
  reason!: string;

  @ApiPropertyOptional({ description: 'questionnaire stage code; default: the first questionnaire stage' })
  @IsOptional()
  @IsCode()
  stage?: string;
}

export class RuleObjectionDto {
  @ApiProperty({ enum: ['upheld', 'rejected'], description: 'upheld restores the body\'s answer (or takes `value`); rejected leaves the decision standing' })
  @IsIn(['upheld', 'rejected'])
  decision!: 'upheld' | 'rejected';

  @ApiPropertyOptional({ ...VALUE_SCHEMA, description: 'with upheld (only): the value that counts instead of the body\'s own answer' })
  @IsOptional()
  value?: AnswerValue;

  @ApiProperty({ example: 'Bukti profil pimpinan diterima' })
  @IsNote()
  note!: string;
}

export class ObjectionViewDto {
  @ApiProperty() id!: number;
  @ApiProperty() body!: string;
  @ApiProperty() stage!: string;
  @ApiProperty() question!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ enum: ['pending', 'upheld', 'rejected'] }) status!: string;
  @ApiProperty({ ...VALUE_SCHEMA, nullable: true }) value!: AnswerValue | null;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() createdBy!: string;
  @ApiProperty({ nullable: true, type: String }) ruledAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) ruledBy!: string | null;
}
