import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { BodyResult, ResultStatus } from '../scoring';
import { PublishedResult } from './result-view';

/** A body's result frozen in a publication; never changed after it is written. */
@Entity('publication_result')
@Index('IDX_publication_result_certificateCode', ['certificateCode'], { unique: true })
@Index('IDX_publication_result_publicationId_bodyId', ['publicationId', 'bodyId'], { unique: true })
export class PublicationResult {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'integer' })
  publicationId!: number;

  @Column({ type: 'integer' })
  bodyId!: number;

  @Column({ type: 'varchar', length: 64 })
  category!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: ResultStatus;

  @Column({ type: 'integer', nullable: true })
  finalHundredths!: number | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  predicate!: string | null;

  @Column({ type: 'integer', nullable: true })
  rank!: number | null;

  @Column({ type: 'simple-json' })
  detail!: BodyResult;

  /** what documents and the public list read (`toPublishedResult`); null in rows published before it existed */
  @Column({ type: 'simple-json', nullable: true })
  summary!: PublishedResult | null;

  /** printed on the certificate; null for bodies whose predicate earns none */
  @Column({ type: 'varchar', length: 20, nullable: true })
  certificateCode!: string | null;
}
