import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { AnswerValue } from '../scoring';

@Entity('answer')
@Index('IDX_answer_responseId_questionCode', ['responseId', 'questionCode'], { unique: true })
export class AnswerRow {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'integer' })
  responseId!: number;

  @Column({ type: 'varchar', length: 64 })
  questionCode!: string;

  @Column({ type: 'simple-json' })
  value!: AnswerValue;

  @Column({ type: 'simple-json' })
  evidence!: string[];

  @Column({ type: 'varchar', length: 40 })
  updatedAt!: string;

  @Column({ type: 'varchar', length: 64 })
  updatedBy!: string;
}
