import { ApiProperty } from '@nestjs/swagger';

// OpenAPI description of the evidence routes (SPEC §13). The upload is read by the evidence
// service as a stream, never by class-validator.

export class UploadEvidenceDto {
  @ApiProperty({ type: 'string', format: 'binary', description: "the file (PDF); its type is decided from its content; at most the edition's evidenceFiles.maxBytes" })
  file!: unknown;
}

export class EvidenceFileViewDto {
  @ApiProperty({ example: 12 }) id!: number;
  @ApiProperty({ example: 'DIP 2025.pdf' }) name!: string;
  @ApiProperty({ example: 183204, description: 'bytes' }) size!: number;
  @ApiProperty({ example: '85e1b9f6aa987f230f243b8f5e4927811146687a2d19432baa890cc331e9f149' }) sha256!: string;
  @ApiProperty({ example: 'application/pdf' }) contentType!: string;
  @ApiProperty({ example: '1.1' }) question!: string;
  @ApiProperty({ example: 'ppid-a' }) uploadedBy!: string;
  @ApiProperty({ example: '2025-06-01T01:00:00.000Z' }) uploadedAt!: string;
}
