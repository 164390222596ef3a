import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { AnswerValue } from '../scoring';

@Entity('verification_decision')
@Index('IDX_verification_decision_responseId_questionCode', ['responseId', 'questionCode'], { unique: true })
export class VerificationDecisionRow {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'integer' })
  responseId!: number;

  @Column({ type: 'varchar', length: 64 })
  questionCode!: string;

  @Column({ type: 'varchar', length: 16 })
  decision!: 'accept' | 'reject' | 'correct';

  @Column({ type: 'simple-json', nullable: true })
  value!: AnswerValue | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  note!: string | null;

  @Column({ type: 'varchar', length: 64 })
  decidedBy!: string;

  @Column({ type: 'varchar', length: 40 })
  decidedAt!: string;
}
