import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('commission')
@Index('IDX_commission_code', ['code'], { unique: true })
export class Commission {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  code!: string;

  @Column({ type: 'varchar', length: 300 })
  name!: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  city!: string | null;

  /** the IANA zone its deadlines are shown in (SPEC §10, §11): Asia/Jakarta (WIB), Asia/Makassar (WITA), Asia/Jayapura (WIT) */
  @Column({ type: 'varchar', length: 64, default: 'Asia/Jakarta' })
  timeZone!: string;
}
