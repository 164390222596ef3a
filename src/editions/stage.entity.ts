import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Gate } from '../scoring';

/** A scored step of an edition; windows are RFC 3339 instants (SPEC §16), stored as given, and may be moved by the admin. */
@Entity('stage')
@Index('IDX_stage_editionId_code', ['editionId', 'code'], { unique: true })
export class Stage {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'integer' })
  editionId!: number;

  @Column({ type: 'varchar', length: 64 })
  code!: string;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'varchar', length: 16 })
  kind!: 'questionnaire' | 'panel';

  @Column({ type: 'varchar', length: 100 })
  instrumentId!: string;

  @Column({ type: 'integer' })
  instrumentVersion!: number;

  /** decimal text, as written in the definition */
  @Column({ type: 'varchar', length: 20 })
  weight!: string;

  @Column({ type: 'simple-json', nullable: true })
  gate!: Gate | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  opensAt!: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  closesAt!: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  verificationOpensAt!: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  verificationClosesAt!: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  objectionOpensAt!: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  objectionClosesAt!: string | null;

  @Column({ type: 'integer', default: 1 })
  minAssessors!: number;

  @Column({ type: 'varchar', length: 8, default: 'mean' })
  aggregate!: 'mean' | 'median';
}
