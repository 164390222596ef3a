import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PublicationDto } from './publication.dto';

export class StandingDto {
  @ApiProperty({ nullable: true, type: Number, example: 98.31, description: 'final score rounded to 2 decimals' }) final!: number | null;
  @ApiProperty({ nullable: true, type: String, example: 'informatif' }) predicate!: string | null;
  @ApiProperty({ nullable: true, type: Number, example: 2 }) rank!: number | null;
}

export class PublicChangeDto {
  @ApiProperty({ example: 'kaltim' }) body!: string;
  @ApiProperty({ example: 'Pemerintah Provinsi Kalimantan Timur', description: 'the name the body was published under' }) bodyName!: string;
  @ApiProperty({ type: StandingDto, nullable: true, description: 'in the version before; null: the body was not in it' }) before!: StandingDto | null;
  @ApiProperty({ type: StandingDto, nullable: true, description: 'in this version; null: the body is no longer in it (withdrawn)' }) after!: StandingDto | null;
}

export class PublicationHistoryDto extends PublicationDto {
  @ApiPropertyOptional({
    type: PublicChangeDto,
    isArray: true,
    description:
      'version 2 and later only (version 1 has no such field: there is no version before it): the bodies whose final, predicate or rank differ from the version before; ' +
      'a body whose rank moved because another body moved is listed too; unchanged bodies are not',
  })
  changes?: PublicChangeDto[];
}

class VersionRefDto {
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty() decreeNumber!: string;
  @ApiProperty({ example: '2025-12-12' }) decreeDate!: string;
}

class AttributedDto {
  @ApiProperty({ nullable: true, type: String, description: 'who made the last change behind it (audit trail); null where the trail names none (an import)' }) by!: string | null;
  @ApiProperty({ nullable: true, type: String }) at!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'decision.save' }) action!: string | null;
}

class QuestionStateDto {
  @ApiProperty({ nullable: true, description: "the body's own answer" }) answer!: unknown;
  @ApiProperty({ type: String, isArray: true }) evidence!: string[];
  @ApiProperty({ nullable: true, type: String, enum: ['accept', 'reject', 'correct'] }) decision!: string | null;
  @ApiProperty({ nullable: true, type: String, enum: ['upheld', 'rejected'] }) objection!: string | null;
  @ApiProperty({ nullable: true, description: 'the value that counted in the verified score' }) value!: unknown;
  @ApiProperty({ example: '3', description: 'points earned there, exact' }) points!: string;
}

class QuestionChangeDto extends AttributedDto {
  @ApiProperty({ example: 'saq' }) stage!: string;
  @ApiProperty({ example: '1.3' }) question!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ type: QuestionStateDto }) before!: QuestionStateDto;
  @ApiProperty({ type: QuestionStateDto }) after!: QuestionStateDto;
}

class SheetStateDto {
  @ApiProperty({ enum: ['submitted', 'draft', 'recused'] }) status!: string;
  @ApiProperty({ nullable: true, type: Number }) total!: number | null;
  @ApiProperty() counted!: boolean;
}

class SheetChangeDto extends AttributedDto {
  @ApiProperty({ example: 'uji-publik' }) stage!: string;
  @ApiProperty({ example: 'juri1' }) juror!: string;
  @ApiProperty({ type: SheetStateDto, nullable: true }) before!: SheetStateDto | null;
  @ApiProperty({ type: SheetStateDto, nullable: true }) after!: SheetStateDto | null;
}

class AbsenceChangeDto extends AttributedDto {
  @ApiProperty({ example: 'uji-publik' }) stage!: string;
  @ApiProperty({ description: 'recorded absent in the version before' }) before!: boolean;
  @ApiProperty({ description: 'recorded absent in this version' }) after!: boolean;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
}

class ReopeningDto {
  @ApiProperty({ example: 'verification.reopen' }) action!: string;
  @ApiProperty({ example: 'verification saq' }) subject!: string;
  @ApiProperty() by!: string;
  @ApiProperty() at!: string;
  @ApiProperty({ nullable: true, type: String, example: 'Keputusan rapat pleno 12 Desember 2025' }) reason!: string | null;
}

class ChangeFactsDto {
  @ApiProperty({ type: QuestionChangeDto, isArray: true }) questions!: QuestionChangeDto[];
  @ApiProperty({ type: SheetChangeDto, isArray: true }) sheets!: SheetChangeDto[];
  @ApiProperty({ type: AbsenceChangeDto, isArray: true }) absences!: AbsenceChangeDto[];
  @ApiProperty({ type: ReopeningDto, isArray: true, description: 'the reopenings (SPEC §15) of this body between the two versions, with their reasons' }) reopenings!: ReopeningDto[];
}

class ChangeWithFactsDto extends PublicChangeDto {
  @ApiProperty({ example: 'pemprov' }) category!: string;
  @ApiProperty({ type: ChangeFactsDto }) facts!: ChangeFactsDto;
}

export class ChangeReportDto extends VersionRefDto {
  @ApiProperty({ example: 'contoh-2025' }) edition!: string;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty() publishedAt!: string;
  @ApiProperty({ type: VersionRefDto, nullable: true, description: 'the version this one replaces; null for version 1' }) replaces!: VersionRefDto | null;
  @ApiProperty({ type: ChangeWithFactsDto, isArray: true, description: 'empty for version 1' }) changes!: ChangeWithFactsDto[];
}
