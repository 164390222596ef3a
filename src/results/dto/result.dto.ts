import { ApiProperty } from '@nestjs/swagger';

export class ResultSummaryDto {
  @ApiProperty({ nullable: true, type: Number, description: 'competition rank within the category; null while incomplete' }) rank!: number | null;
  @ApiProperty() body!: string;
  @ApiProperty() bodyName!: string;
  @ApiProperty() category!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number', nullable: true },
    example: { saq: 60, 'uji-publik': 79.63 },
    description: 'rounded stage scores; null for a stage the body did not reach',
  })
  stages!: Record<string, number | null>;
  @ApiProperty({ nullable: true, type: Number, example: 65.89 }) final!: number | null;
  @ApiProperty({ nullable: true, type: String, example: 'cukup_informatif' }) predicate!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Cukup Informatif' }) predicateLabel!: string | null;
  @ApiProperty({ enum: ['complete', 'unverified', 'incomplete', 'not_submitted'] }) status!: string;
}

export class PublicResultDto extends ResultSummaryDto {
  @ApiProperty({ example: 'Belum diverifikasi', description: 'the status as the documents print it; "Tidak hadir" for a body recorded absent, never "Lengkap"' }) statusLabel!: string;
  @ApiProperty({ type: String, isArray: true, example: ['uji-publik'], description: 'panel stages the body was recorded absent from: their 0 in stages is no jury\'s score' }) absent!: string[];
  @ApiProperty({ enum: ['belum_diverifikasi', 'tidak_hadir'], isArray: true }) marks!: string[];
}

class ScoreDto {
  @ApiProperty({ example: '65.8875', description: 'exact value: a terminating decimal or a fraction' }) exact!: string;
  @ApiProperty({ example: 65.89, description: 'half-up to 2 decimals' }) rounded!: number;
  @ApiProperty({ example: 6589, description: 'the rounded score as whole hundredths' }) hundredths!: number;
  @ApiProperty({ example: '65.89', description: 'the rounded score as printed, two decimals' }) text!: string;
}

class TraceDto {
  @ApiProperty({ type: Object, isArray: true, description: 'per stage: questions, indicators, assessors, gate' }) stages!: object[];
  @ApiProperty({ type: Object, description: 'the final formula, e.g. "(70 × 60 + 30 × 79.625) ÷ 100 = 65.8875 → 65.89"' }) final!: object;
}

export class BodyResultDto {
  @ApiProperty() body!: string;
  @ApiProperty() bodyName!: string;
  @ApiProperty() category!: string;
  @ApiProperty({ enum: ['complete', 'unverified', 'incomplete', 'not_submitted'] }) status!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number', nullable: true } }) stages!: Record<string, number | null>;
  @ApiProperty({ type: ScoreDto, nullable: true }) final!: ScoreDto | null;
  @ApiProperty({ nullable: true, type: String }) predicate!: string | null;
  @ApiProperty({ nullable: true, type: String }) predicateLabel!: string | null;
  @ApiProperty({ nullable: true, type: Number }) rank!: number | null;
  @ApiProperty({ type: TraceDto }) trace!: TraceDto;
}
