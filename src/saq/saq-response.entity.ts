import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One body's questionnaire for one stage: submission and verification state. */
@Entity('saq_response')
@Index('IDX_saq_response_stageId_bodyId', ['stageId', 'bodyId'], { unique: true })
export class SaqResponse {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'integer' })
  editionId!: number;

  @Column({ type: 'integer' })
  stageId!: number;

  @Column({ type: 'integer' })
  bodyId!: number;

  @Column({ type: 'varchar', length: 40, nullable: true })
  submittedAt!: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  verificationCompletedAt!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  verificationCompletedBy!: string | null;
}
