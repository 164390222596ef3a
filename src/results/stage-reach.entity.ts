import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { GateTrace } from '../scoring';

/**
 * Who reached each stage, as the last compute decided it: one row per participant and stage
 * after the first (which every participant may take), written in the compute's transaction
 * beside the results, with the gate facts a refusal names (rule, threshold, the earlier score or
 * the rank). Panels read it to know whom jurors may score.
 */
@Entity('stage_reach')
@Index('IDX_stage_reach_editionId_stageId_bodyId', ['editionId', 'stageId', 'bodyId'], { unique: true })
export class StageReach {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'integer' })
  editionId!: number;

  @Column({ type: 'integer' })
  stageId!: number;

  @Column({ type: 'integer' })
  bodyId!: number;

  @Column({ type: 'boolean' })
  reached!: boolean;

  /** the stage's gate as decided for this body; null for a stage without one */
  @Column({ type: 'varchar', length: 16, nullable: true })
  gateRule!: GateTrace['rule'] | null;

  /** the gate's threshold as the definition writes it ("60", "62.5"; top N: "3") */
  @Column({ type: 'varchar', length: 20, nullable: true })
  gateThreshold!: string | null;

  /** the weighted score over the earlier stages, rounded, as whole hundredths; null when there is none */
  @Column({ type: 'integer', nullable: true })
  gateEarlierHundredths!: number | null;

  /** the body's rank on that score in its category (topPerCategory gates) */
  @Column({ type: 'integer', nullable: true })
  gateRank!: number | null;

  @Column({ type: 'varchar', length: 40 })
  computedAt!: string;
}
