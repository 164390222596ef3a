import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The questionnaire facts a published result was computed from, frozen with the publication:
 * one row per body and stage, the `QuestionnaireFacts` (answers with evidence, verification
 * decisions, objection rulings) as JSON. A published breakdown's per-question lines are rebuilt
 * from them with the pinned instrument, so they stay what they were when the decree was signed.
 */
@Entity('publication_facts')
@Index('IDX_publication_facts_publicationId_bodyId_stage', ['publicationId', 'bodyId', 'stage'], { unique: true })
export class PublicationFacts {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'integer' })
  publicationId!: number;

  @Column({ type: 'integer' })
  bodyId!: number;

  @Column({ type: 'varchar', length: 64 })
  stage!: string;

  /** JSON text of `QuestionnaireFacts` */
  @Column({ type: 'text' })
  facts!: string;
}
