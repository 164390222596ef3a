import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A badan publik, registered once per commission and enrolled in editions as a participant. */
@Entity('body')
@Index('IDX_body_commissionId_code', ['commissionId', 'code'], { unique: true })
export class Body {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'integer' })
  commissionId!: number;

  @Column({ type: 'varchar', length: 64 })
  code!: string;

  @Column({ type: 'varchar', length: 300 })
  name!: string;

  @Column({ type: 'varchar', length: 64 })
  category!: string;
}
