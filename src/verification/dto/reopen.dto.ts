import { ApiProperty } from '@nestjs/swagger';
import { IsNote } from '../../common/text';

export class ReopenDto {
  @ApiProperty({ example: 'Keputusan rapat pleno 12 Desember 2025: koreksi atas keputusan verifikasi 1.3 yang keliru', description: 'why it is reopened (typically the plenary decision); audited' })
  @IsNote(3)
  reason!: string;
}

export class VerificationReopenedDto {
  @ApiProperty() body!: string;
  @ApiProperty() stage!: string;
  @ApiProperty({ description: 'when the verification had been completed, before this reopening' }) previouslyCompletedAt!: string;
  @ApiProperty({ nullable: true, type: String }) previouslyCompletedBy!: string | null;
  @ApiProperty() reopenedAt!: string;
  @ApiProperty() reopenedBy!: string;
  @ApiProperty() reason!: string;
}
