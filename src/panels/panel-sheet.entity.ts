import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One assessor's score sheet for one body in a panel stage: draft, submitted (locked) or recused. */
@Entity('panel_sheet')
@Index('IDX_panel_sheet_stageId_bodyId_userId', ['stageId', 'bodyId', 'userId'], { unique: true })
export class PanelSheetRow {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'integer' })
  editionId!: number;

  @Column({ type: 'integer' })
  stageId!: number;

  @Column({ type: 'integer' })
  bodyId!: number;

  @Column({ type: 'integer' })
  userId!: number;

  @Column({ type: 'varchar', length: 16 })
  status!: 'draft' | 'submitted' | 'recused';

  /** aspect code → score as given (decimal numbers, at most 2 places) */
  @Column({ type: 'simple-json' })
  scores!: Record<string, number>;

  @Column({ type: 'varchar', length: 4000, nullable: true })
  comment!: string | null;

  @Column({ type: 'varchar', length: 40 })
  updatedAt!: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  submittedAt!: string | null;
}
