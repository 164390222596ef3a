import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsDefined, IsOptional } from 'class-validator';
import { inIndonesian } from '../../common/validation-options';
import { MAX_EVIDENCE_LINKS, evidenceCount } from '../../instruments/answer-rules';
import type { AnswerValue } from '../../scoring';

const ANSWER_VALUE_SCHEMA = {
  oneOf: [{ type: 'boolean' }, { type: 'string' }, { type: 'array', items: { type: 'string' } }],
  description: 'true/false for yes_no, an option value for choice, an array of item values for checklist',
  example: ['laporan-keuangan', 'profil'],
};

export class SaveAnswerDto {
  @ApiProperty(ANSWER_VALUE_SCHEMA)
  @IsDefined()
  value!: AnswerValue;

  @ApiPropertyOptional({
    type: String,
    isArray: true,
    example: ['https://ppid.example.go.id/dip'],
    maxItems: MAX_EVIDENCE_LINKS,
    description: `evidence links (bukti dukung): at most ${MAX_EVIDENCE_LINKS} http(s) URLs of at most 2,048 characters, each checked by the evidence rule (messages name evidence[i])`,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_EVIDENCE_LINKS, {
    message: (args) => evidenceCount(Array.isArray(args.value) ? args.value.length : 0).en,
    ...inIndonesian((value) => evidenceCount(Array.isArray(value) ? value.length : 0).id),
  })
  evidence?: string[];
}

export class AnswerViewDto {
  @ApiProperty(ANSWER_VALUE_SCHEMA) value!: AnswerValue;
  @ApiProperty({ type: String, isArray: true }) evidence!: string[];
  @ApiProperty() updatedAt!: string;
  @ApiProperty() updatedBy!: string;
}

export class SavedAnswerDto extends AnswerViewDto {
  @ApiProperty({ example: '1.3' }) question!: string;
  @ApiProperty({ description: 'claimed score of the whole questionnaire so far', example: 80 }) claimedScore!: number;
}

export { ANSWER_VALUE_SCHEMA };
