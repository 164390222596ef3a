import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A numbered, immutable release of an edition's results by decree (SK). */
@Entity('publication')
@Index('IDX_publication_editionId_version', ['editionId', 'version'], { unique: true })
export class Publication {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'integer' })
  editionId!: number;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'varchar', length: 300 })
  decreeNumber!: string;

  /** YYYY-MM-DD */
  @Column({ type: 'varchar', length: 10 })
  decreeDate!: string;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  reason!: string | null;

  /**
   * true: some results were `unverified` and the admin accepted them, with the reason (SPEC §15);
   * false: none was; null: published before the rule (its documents carry no marks)
   */
  @Column({ type: 'boolean', nullable: true })
  acceptUnverified!: boolean | null;

  @Column({ type: 'varchar', length: 40 })
  publishedAt!: string;

  @Column({ type: 'varchar', length: 64 })
  publishedBy!: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  supersededAt!: string | null;
}
