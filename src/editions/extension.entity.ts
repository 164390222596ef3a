import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One body's extended deadline for a stage's window, with the reason it was granted. */
@Entity('extension')
@Index('IDX_extension_stageId_bodyId', ['stageId', 'bodyId'])
export class Extension {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'integer' })
  stageId!: number;

  @Column({ type: 'integer' })
  bodyId!: number;

  @Column({ type: 'varchar', length: 40 })
  until!: string;

  @Column({ type: 'varchar', length: 2000 })
  reason!: string;

  @Column({ type: 'varchar', length: 64 })
  grantedBy!: string;

  @Column({ type: 'varchar', length: 40 })
  grantedAt!: string;
}
