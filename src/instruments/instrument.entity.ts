import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InstrumentDef } from '../scoring';

/** A questionnaire or rubric, immutable once stored: `hash` guards id + version. */
@Entity('instrument')
@Index('IDX_instrument_instrumentId_version', ['instrumentId', 'version'], { unique: true })
export class Instrument {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 100 })
  instrumentId!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'varchar', length: 16 })
  kind!: 'questionnaire' | 'rubric';

  @Column({ type: 'varchar', length: 300 })
  title!: string;

  @Column({ type: 'simple-json' })
  content!: InstrumentDef;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;
}
