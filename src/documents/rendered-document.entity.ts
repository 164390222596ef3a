import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A document of a published version as it was rendered for download (SPEC §16 "Public
 * downloads"): kept in the database, so that every API process of a deployment serves the same
 * bytes without rendering them again. One row per edition, version, kind and variant (a body
 * code, a category code, or empty).
 */
@Entity('rendered_document')
@Index('IDX_rendered_document_editionId_version_kind_variant', ['editionId', 'version', 'kind', 'variant'], { unique: true })
export class RenderedDocument {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'integer' })
  editionId!: number;

  @Column({ type: 'integer' })
  version!: number;

  /** `ranking.xlsx` (public), `ranking-juri.xlsx` (the admin's, with the jurors), `certificates.pdf`, `certificate.pdf` */
  @Column({ type: 'varchar', length: 32 })
  kind!: string;

  /** the body of one certificate, the category of a bundle, or empty */
  @Column({ type: 'varchar', length: 64 })
  variant!: string;

  /** sha256 of everything besides the frozen results that the document prints, and of the renderers: another value means render again */
  @Column({ type: 'varchar', length: 64 })
  fingerprint!: string;

  /** sha256 of the bytes, base64url: the strong ETag (quoted when sent) */
  @Column({ type: 'varchar', length: 64 })
  etag!: string;

  @Column({ type: 'varchar', length: 200 })
  fileName!: string;

  /** certificates in the document (PDFs) */
  @Column({ type: 'integer', nullable: true })
  pages!: number | null;

  /** bytes */
  @Column({ type: 'integer' })
  size!: number;

  /**
   * The bytes as base64 text: the two databases share no binary column type that TypeORM maps
   * alike (SQLite's blob, PostgreSQL's bytea), and a third more room is cheap beside rendering.
   */
  @Column({ type: 'text' })
  content!: string;

  @Column({ type: 'varchar', length: 40 })
  renderedAt!: string;
}
