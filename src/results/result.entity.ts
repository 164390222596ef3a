import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { BodyResult, ResultStatus } from '../scoring';

/** The latest computed (draft) result of a body; scores as whole hundredths plus the exact text. */
@Entity('result')
@Index('IDX_result_editionId_bodyId', ['editionId', 'bodyId'], { unique: true })
export class ResultRow {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'integer' })
  editionId!: number;

  @Column({ type: 'integer' })
  bodyId!: number;

  @Column({ type: 'varchar', length: 64 })
  category!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: ResultStatus;

  @Column({ type: 'integer', nullable: true })
  finalHundredths!: number | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  finalExact!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  predicate!: string | null;

  @Column({ type: 'integer', nullable: true })
  rank!: number | null;

  /** the whole BodyResult, breakdown trace included */
  @Column({ type: 'simple-json' })
  detail!: BodyResult;

  @Column({ type: 'varchar', length: 40 })
  computedAt!: string;
}
