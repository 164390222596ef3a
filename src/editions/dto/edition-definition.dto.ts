import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { WindowDto } from './window.dto';

// OpenAPI description of an edition definition (SPEC §4). The request is validated by the edition
// definition parser, which names the path of every error, not by class-validator.

class InstrumentRefDto {
  @ApiProperty({ example: 'saq-contoh' }) id!: string;
  @ApiProperty({ example: 1 }) version!: number;
}

class GateDto {
  @ApiPropertyOptional({ example: 60, description: 'on the weighted score of the earlier stages (inclusive)' }) minScore?: number;
  @ApiPropertyOptional({ example: 3, description: 'competition rank within the category; ties at N all pass' }) topPerCategory?: number;
}

class StageDefinitionDto {
  @ApiProperty({ example: 'saq' }) code!: string;
  @ApiProperty({ enum: ['questionnaire', 'panel'] }) kind!: string;
  @ApiProperty({ type: InstrumentRefDto }) instrument!: InstrumentRefDto;
  @ApiProperty({ example: 70, description: 'stage weights sum to 100' }) weight!: number;
  @ApiPropertyOptional({ type: GateDto }) gate?: GateDto;
  @ApiPropertyOptional({ type: WindowDto }) window?: WindowDto;
  @ApiPropertyOptional({ type: WindowDto, description: 'questionnaire stages' }) verificationWindow?: WindowDto;
  @ApiPropertyOptional({ type: WindowDto, description: 'questionnaire stages' }) objectionWindow?: WindowDto;
  @ApiPropertyOptional({ example: 2, description: 'panel stages: submitted sheets needed for a result' }) minAssessors?: number;
  @ApiPropertyOptional({ enum: ['mean', 'median'], description: 'panel stages' }) aggregate?: string;
}

class CategoryDto {
  @ApiProperty({ example: 'pemprov' }) code!: string;
  @ApiProperty({ example: 'Pemerintah Provinsi' }) name!: string;
}

class BandDto {
  @ApiProperty({ example: 'cukup_informatif' }) code!: string;
  @ApiProperty({ example: 'Cukup Informatif' }) label!: string;
  @ApiProperty({ example: 60 }) min!: number;
}

class SignatoryDto {
  @ApiProperty() name!: string;
  @ApiProperty() title!: string;
}

class CertificateDefinitionDto {
  @ApiProperty({ type: String, isArray: true, example: ['informatif', 'menuju_informatif'] }) predicates!: string[];
  @ApiProperty({ example: 'Jakarta' }) city!: string;
  @ApiProperty({ type: SignatoryDto }) signatory!: SignatoryDto;
}

class EvidenceFilesDto {
  @ApiPropertyOptional({ type: String, isArray: true, example: ['pdf'], description: 'decided from the content (%PDF-), never from the name' }) types?: string[];
  @ApiPropertyOptional({ example: 2097152, description: 'bytes per file; a larger one is refused with 413' }) maxBytes?: number;
  @ApiPropertyOptional({ example: 3 }) maxPerQuestion?: number;
}

export class EditionDefinitionDto {
  @ApiProperty({ example: 'contoh-2025' }) code!: string;
  @ApiProperty({ example: 'ki-contoh', description: 'commission code' }) commission!: string;
  @ApiProperty({ example: 2025 }) year!: number;
  @ApiProperty() title!: string;
  @ApiPropertyOptional({ default: false, description: 'true: every export and certificate is marked SIMULASI' }) simulated?: boolean;
  @ApiProperty({ type: CategoryDto, isArray: true }) categories!: CategoryDto[];
  @ApiProperty({ type: StageDefinitionDto, isArray: true }) stages!: StageDefinitionDto[];
  @ApiPropertyOptional({ type: BandDto, isArray: true, description: 'predicate bands; SPEC §4 default when absent' }) bands?: BandDto[];
  @ApiPropertyOptional({ type: CertificateDefinitionDto }) certificate?: CertificateDefinitionDto;
  @ApiPropertyOptional({ type: EvidenceFilesDto, description: 'limits on evidence files; default { types: [pdf], maxBytes: 2097152, maxPerQuestion: 3 }' }) evidenceFiles?: EvidenceFilesDto;
}

export class StageViewDto extends StageDefinitionDto {}

export class EditionViewDto extends EditionDefinitionDto {
  @ApiProperty({ nullable: true, type: String, description: 'when results were last computed' }) computedAt!: string | null;
  @ApiProperty({ description: 'number of participating bodies' }) participants!: number;
  @ApiProperty({ example: 'Asia/Makassar', description: "the commission's IANA time zone, in which its deadlines are shown (WIB, WITA, WIT)" }) timeZone!: string;
}
