import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A verifier (questionnaire stage) or juror (panel stage) assigned to one body. */
@Entity('assignment')
@Index('IDX_assignment_stageId_userId_bodyId', ['stageId', 'userId', 'bodyId'], { unique: true })
@Index('IDX_assignment_stageId_bodyId', ['stageId', 'bodyId'])
export class Assignment {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'integer' })
  editionId!: number;

  @Column({ type: 'integer' })
  stageId!: number;

  @Column({ type: 'integer' })
  userId!: number;

  @Column({ type: 'integer' })
  bodyId!: number;
}
