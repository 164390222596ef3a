import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional } from 'class-validator';
import { IsNote } from '../../common/text';

export class DraftSheetDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { K: 80, I: 70, S: 90 },
    description: 'aspect code → score on the rubric\'s scale, at most 2 decimals; a draft may leave aspects out',
  })
  @IsObject()
  scores!: Record<string, number>;

  @ApiPropertyOptional({ example: 'Paparan jelas, inovasi layanan kuat' })
  @IsOptional()
  @IsNote()
  comment?: string;
}

export class ReasonDto {
  @ApiProperty({ example: 'Konflik kepentingan: pernah bekerja di badan publik ini' })
  @IsNote(3)
  reason!: string;
}

export class SheetViewDto {
  @ApiProperty() body!: string;
  @ApiProperty() stage!: string;
  @ApiProperty({ description: 'the juror\'s username' }) assessor!: string;
  @ApiProperty({ enum: ['draft', 'submitted', 'recused'] }) status!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } }) scores!: Record<string, number>;
  @ApiProperty({ nullable: true, type: String }) comment!: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'assessor total (0..100) once every aspect is scored' }) total!: number | null;
  @ApiProperty() updatedAt!: string;
  @ApiProperty({ nullable: true, type: String }) submittedAt!: string | null;
}

export class BodySheetsDto {
  @ApiProperty() body!: string;
  @ApiProperty() stage!: string;
  @ApiProperty({ description: 'recorded absent: the body did not present' }) absent!: boolean;
  @ApiProperty({ type: SheetViewDto, isArray: true, description: 'a juror sees only its own sheet' }) sheets!: SheetViewDto[];
}

export class PanelAssignmentDto {
  @ApiProperty() body!: string;
  @ApiProperty() bodyName!: string;
  @ApiProperty() category!: string;
  @ApiProperty() assessor!: string;
  @ApiProperty({ nullable: true, enum: ['draft', 'submitted', 'recused'], description: 'status of this assessor\'s sheet; null before a draft' })
  sheetStatus!: string | null;
  @ApiProperty({ description: 'recorded absent by the admin' }) absent!: boolean;
}

export class AbsenceViewDto {
  @ApiProperty() body!: string;
  @ApiProperty() stage!: string;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty() recordedBy!: string;
  @ApiProperty() recordedAt!: string;
}

export class AbsenceWithdrawnDto extends AbsenceViewDto {
  @ApiProperty() withdrawnBy!: string;
  @ApiProperty() withdrawnAt!: string;
  @ApiProperty({ description: 'why the absence was withdrawn' }) withdrawReason!: string;
}

export class SheetReopenedDto extends SheetViewDto {
  @ApiProperty({ description: 'the admin who reopened the sheet' }) reopenedBy!: string;
  @ApiProperty() reopenedAt!: string;
  @ApiProperty({ description: 'why the sheet was reopened (typically the plenary decision)' }) reason!: string;
}
