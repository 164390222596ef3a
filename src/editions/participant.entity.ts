import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('participant')
@Index('IDX_participant_editionId_bodyId', ['editionId', 'bodyId'], { unique: true })
export class Participant {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'integer' })
  editionId!: number;

  @Column({ type: 'integer' })
  bodyId!: number;
}
