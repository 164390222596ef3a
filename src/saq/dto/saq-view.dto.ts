import { ApiProperty } from '@nestjs/swagger';
import { ObjectionViewDto } from '../../verification/dto/objection.dto';
import { ANSWER_VALUE_SCHEMA, AnswerViewDto } from './answer.dto';

export class WindowViewDto {
  @ApiProperty({ nullable: true, type: String }) opens!: string | null;
  @ApiProperty({ nullable: true, type: String }) closes!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'this body\'s extended deadline, if granted' }) extendedUntil!: string | null;
  @ApiProperty({ description: 'whether the window is open now (for this body)' }) open!: boolean;
}

class BodyRefDto {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty() category!: string;
}

export class DecisionViewDto {
  @ApiProperty({ enum: ['accept', 'reject', 'correct'] }) decision!: string;
  @ApiProperty({ ...ANSWER_VALUE_SCHEMA, required: false, description: 'the corrected value (correct)' }) value?: unknown;
  @ApiProperty({ required: false }) note?: string;
  @ApiProperty() decidedBy!: string;
  @ApiProperty() decidedAt!: string;
}

export class IndicatorScoreViewDto {
  @ApiProperty({ example: '1' }) code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 60 }) weight!: number;
  @ApiProperty({ example: 40, description: 'the claimed share of the stage score (0..weight)' }) claimed!: number;
  @ApiProperty({ nullable: true, type: Number, example: 36, description: 'the verified share; shown as verifiedScore is' }) verified!: number | null;
}

export class SaqViewDto {
  @ApiProperty() edition!: string;
  @ApiProperty() stage!: string;
  @ApiProperty({ type: BodyRefDto }) body!: BodyRefDto;
  @ApiProperty({ enum: ['not_started', 'draft', 'submitted', 'verified'] }) status!: string;
  @ApiProperty({ type: WindowViewDto }) window!: WindowViewDto;
  @ApiProperty({ type: WindowViewDto }) verificationWindow!: WindowViewDto;
  @ApiProperty({ type: WindowViewDto }) objectionWindow!: WindowViewDto;
  @ApiProperty({ nullable: true, type: String }) submittedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) verificationCompletedAt!: string | null;
  @ApiProperty({ type: Object, description: 'the questionnaire definition (SPEC §3)' }) questionnaire!: object;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/AnswerViewDto' }, description: 'by question code' })
  answers!: Record<string, AnswerViewDto>;
  @ApiProperty({ example: 80 }) claimedScore!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'a body sees it once verification is complete' }) verifiedScore!: number | null;
  @ApiProperty({ type: IndicatorScoreViewDto, isArray: true }) indicators!: IndicatorScoreViewDto[];
  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/DecisionViewDto' }, description: 'by question code; a body sees them once verification is complete' })
  decisions!: Record<string, DecisionViewDto>;
  @ApiProperty({ type: ObjectionViewDto, isArray: true }) objections!: ObjectionViewDto[];
}

export class SubmittedSaqDto {
  @ApiProperty() body!: string;
  @ApiProperty() stage!: string;
  @ApiProperty({ enum: ['submitted'] }) status!: string;
  @ApiProperty() submittedAt!: string;
  @ApiProperty() claimedScore!: number;
}
