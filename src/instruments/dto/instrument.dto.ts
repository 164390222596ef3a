import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// OpenAPI description of instrument definitions (SPEC §3). Requests are validated by the
// instrument definition parser, which names the path of every error.

class ChoiceOptionDto {
  @ApiProperty({ example: 'situs' }) value!: string;
  @ApiProperty({ example: 'Situs web saja' }) label!: string;
  @ApiProperty({ example: 0.5, description: '0..1: share of the question\'s points' }) score!: number;
}

class ChecklistItemDto {
  @ApiProperty({ example: 'laporan-keuangan' }) value!: string;
  @ApiProperty({ example: 'Laporan keuangan' }) label!: string;
  @ApiProperty({ example: 2, description: 'item points sum to the question\'s points' }) points!: number;
}

class QuestionDefinitionDto {
  @ApiProperty({ example: '1.3' }) code!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ enum: ['yes_no', 'choice', 'checklist'] }) type!: string;
  @ApiProperty({ example: 5 }) points!: number;
  @ApiPropertyOptional({ enum: ['required', 'optional', 'none'], default: 'none' }) evidence?: string;
  @ApiPropertyOptional() guidance?: string;
  @ApiPropertyOptional({ type: ChoiceOptionDto, isArray: true, description: 'choice questions' }) options?: ChoiceOptionDto[];
  @ApiPropertyOptional({ type: ChecklistItemDto, isArray: true, description: 'checklist questions' }) items?: ChecklistItemDto[];
}

class IndicatorDefinitionDto {
  @ApiProperty({ example: '1' }) code!: string;
  @ApiProperty({ example: 'Jenis Informasi' }) name!: string;
  @ApiProperty({ example: 60, description: 'indicator weights sum to 100' }) weight!: number;
  @ApiProperty({ type: QuestionDefinitionDto, isArray: true }) questions!: QuestionDefinitionDto[];
}

class ScaleDto {
  @ApiProperty({ example: 0 }) min!: number;
  @ApiProperty({ example: 100 }) max!: number;
}

class AspectDefinitionDto {
  @ApiProperty({ example: 'K' }) code!: string;
  @ApiProperty({ example: 'Komitmen pimpinan' }) name!: string;
  @ApiProperty({ example: 40, description: 'aspect weights sum to 100' }) weight!: number;
  @ApiPropertyOptional() guidance?: string;
}

export class InstrumentDefinitionDto {
  @ApiProperty({ enum: ['questionnaire', 'rubric'] }) kind!: string;
  @ApiProperty({ example: 'saq-contoh' }) id!: string;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty() title!: string;
  @ApiPropertyOptional({ type: String, isArray: true, description: 'questionnaires: body categories it is meant for' }) categories?: string[];
  @ApiPropertyOptional({ type: IndicatorDefinitionDto, isArray: true, description: 'questionnaires' }) indicators?: IndicatorDefinitionDto[];
  @ApiPropertyOptional({ type: ScaleDto, description: 'rubrics: per-aspect scale' }) scale?: ScaleDto;
  @ApiPropertyOptional({ type: AspectDefinitionDto, isArray: true, description: 'rubrics' }) aspects?: AspectDefinitionDto[];
}

export class InstrumentSummaryDto {
  @ApiProperty({ example: 'saq-contoh' }) id!: string;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ enum: ['questionnaire', 'rubric'] }) kind!: string;
  @ApiProperty() title!: string;
}

export class StoredInstrumentDto extends InstrumentSummaryDto {
  @ApiProperty({ description: 'false when the same id, version and content were stored before' }) created!: boolean;
}
