import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { BandDef, CategoryDef, CertificateDef, EvidenceFilesDef } from '../scoring';

@Entity('edition')
@Index('IDX_edition_code', ['code'], { unique: true })
export class Edition {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  code!: string;

  @Column({ type: 'integer' })
  commissionId!: number;

  @Column({ type: 'integer' })
  year!: number;

  @Column({ type: 'varchar', length: 300 })
  title!: string;

  @Column({ type: 'boolean' })
  simulated!: boolean;

  @Column({ type: 'simple-json' })
  categories!: CategoryDef[];

  @Column({ type: 'simple-json' })
  bands!: BandDef[];

  @Column({ type: 'simple-json', nullable: true })
  certificate!: CertificateDef | null;

  /** the edition's limits on evidence files (SPEC §13); null: the defaults */
  @Column({ type: 'simple-json', nullable: true })
  evidenceFiles!: EvidenceFilesDef | null;

  /** when results were last computed (ISO instant) */
  @Column({ type: 'varchar', length: 40, nullable: true })
  computedAt!: string | null;
}
