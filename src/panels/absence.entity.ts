import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** The body did not present at a panel stage: it scores 0 there. */
@Entity('absence')
@Index('IDX_absence_stageId_bodyId', ['stageId', 'bodyId'], { unique: true })
export class Absence {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'integer' })
  stageId!: number;

  @Column({ type: 'integer' })
  bodyId!: number;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  reason!: string | null;

  @Column({ type: 'varchar', length: 64 })
  recordedBy!: string;

  @Column({ type: 'varchar', length: 40 })
  recordedAt!: string;
}
