import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A file attached to a body's answer as evidence (SPEC §13); its content is stored by SHA-256 (evidence-storage.ts). */
@Entity('evidence_file')
@Index('IDX_evidence_file_stageId_bodyId_questionCode', ['stageId', 'bodyId', 'questionCode'])
export class EvidenceFile {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'integer' })
  editionId!: number;

  @Column({ type: 'integer' })
  stageId!: number;

  @Column({ type: 'integer' })
  bodyId!: number;

  @Column({ type: 'varchar', length: 64 })
  questionCode!: string;

  /** the name the operator's file had (shown and offered on download; never decides the type) */
  @Column({ type: 'varchar', length: 300 })
  name!: string;

  @Column({ type: 'integer' })
  size!: number;

  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  @Column({ type: 'varchar', length: 100 })
  contentType!: string;

  @Column({ type: 'varchar', length: 64 })
  uploadedBy!: string;

  @Column({ type: 'varchar', length: 40 })
  uploadedAt!: string;
}

/** The reference an answer's evidence carries for a file, in the facts that scoring and breakdowns read (its download route). */
export const evidenceFileRef = (id: number): string => `/api/files/${id}`;
