import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Who changed what, when, from what to what. Never updated or deleted. */
@Entity('audit_entry')
@Index('IDX_audit_entry_editionId_bodyCode', ['editionId', 'bodyCode'])
@Index('IDX_audit_entry_commissionId', ['commissionId'])
export class AuditEntry {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 40 })
  at!: string;

  @Column({ type: 'varchar', length: 64 })
  actor!: string;

  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Column({ type: 'integer', nullable: true })
  editionId!: number | null;

  /**
   * the commission of a change outside editions (a user, a body, a login), so that its admin can
   * read it; null inside editions (the edition names it) and for what concerns no commission
   */
  @Column({ type: 'integer', nullable: true })
  commissionId!: number | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  bodyCode!: string | null;

  /** what was changed, e.g. "answer 1.3", "stage saq window" */
  @Column({ type: 'varchar', length: 200 })
  subject!: string;

  @Column({ type: 'simple-json', nullable: true })
  before!: object | null;

  @Column({ type: 'simple-json', nullable: true })
  after!: object | null;
}
