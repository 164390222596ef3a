import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, Matches } from 'class-validator';
import { IsName, IsNote } from '../../common/text';
import { inIndonesian } from '../../common/validation-options';

export class PublishDto {
  @ApiProperty({ example: '53/KEP/KIP/XII/2025', description: 'number of the decree (SK) that fixes the results' })
  @IsName()
  decreeNumber!: string;

  @ApiProperty({ example: '2025-12-12', description: 'date of the decree, YYYY-MM-DD' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'decreeDate must be a date YYYY-MM-DD', ...inIndonesian('harus berupa tanggal YYYY-MM-DD') })
  decreeDate!: string;

  @ApiPropertyOptional({ example: 'Koreksi perhitungan nilai Provinsi X', description: 'required for every version after the first' })
  @IsOptional()
  @IsNote()
  reason?: string;

  @ApiPropertyOptional({
    example: true,
    description: 'publish although some results are unverified (their verification was never completed); needs a reason, recorded with the publication (SPEC §15)',
  })
  @IsOptional()
  @IsBoolean({ message: 'acceptUnverified must be true or false', ...inIndonesian('harus bernilai true atau false') })
  acceptUnverified?: boolean;
}

export class PublicationDto {
  @ApiProperty({ example: 2 }) version!: number;
  @ApiProperty() decreeNumber!: string;
  @ApiProperty({ example: '2025-12-12' }) decreeDate!: string;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({
    nullable: true,
    type: Boolean,
    description: 'true: published with unverified results the admin accepted, for the reason; false: none was unverified; null: published before the rule',
  })
  acceptUnverified!: boolean | null;
  @ApiProperty() publishedAt!: string;
  @ApiProperty({ description: 'a later version replaced this one' }) superseded!: boolean;
}

export class SupersededByDto {
  @ApiProperty({ example: 2, description: 'the latest version' }) version!: number;
  @ApiProperty() decreeNumber!: string;
  @ApiProperty({ example: '2025-12-20' }) decreeDate!: string;
  @ApiProperty({ nullable: true, type: Number, description: "this body's final in the latest version; null: the body is not in it" }) final!: number | null;
  @ApiProperty({ nullable: true, type: String }) predicate!: string | null;
  @ApiProperty({ nullable: true, type: Number, description: "this body's rank in the latest version (it may have moved by another body's correction while this body's result did not change)" }) rank!: number | null;
  @ApiProperty({ description: "whether this body's result — final or predicate — differs between the certificate's version and the latest (true for a body not in the latest)" })
  changed!: boolean;
}

export class CertificateCheckDto {
  @ApiProperty() valid!: boolean;
  @ApiProperty({ description: 'issued under a publication that a later version replaced' }) superseded!: boolean;
  @ApiProperty({ nullable: true, type: String }) edition!: string | null;
  @ApiProperty({ nullable: true, type: String }) body!: string | null;
  @ApiProperty({ nullable: true, type: String }) bodyName!: string | null;
  @ApiProperty({ nullable: true, type: String }) predicate!: string | null;
  @ApiProperty({ nullable: true, type: Number }) final!: number | null;
  @ApiProperty({ nullable: true, type: Number }) version!: number | null;
  @ApiProperty({ enum: ['belum_diverifikasi', 'tidak_hadir'], isArray: true, description: 'what the publication says beside the score' }) marks!: string[];
  @ApiProperty({ type: SupersededByDto, nullable: true, description: 'for a superseded certificate: the latest version and whether this body\'s result changed there; null for a current one' })
  supersededBy!: SupersededByDto | null;
}
