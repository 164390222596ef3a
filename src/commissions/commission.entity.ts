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
}
