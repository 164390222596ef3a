import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { AnswerValue } from '../scoring';

/** A body's sanggah against a verification decision, and the verifier's ruling on it. */
@Entity('objection')
@Index('IDX_objection_responseId', ['responseId'])
export class ObjectionRow {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'integer' })
  responseId!: number;

  @Column({ type: 'varchar', length: 64 })
  questionCode!: string;

  @Column({ type: 'varchar', length: 2000 })
  reason!: string;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status!: 'pending' | 'upheld' | 'rejected';

  @Column({ type: 'simple-json', nullable: true })
  value!: AnswerValue | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  note!: string | null;

  @Column({ type: 'varchar', length: 40 })
  createdAt!: string;

  @Column({ type: 'varchar', length: 64 })
  createdBy!: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  ruledAt!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ruledBy!: string | null;
}
