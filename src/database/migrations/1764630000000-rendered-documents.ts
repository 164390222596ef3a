import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * Downloads rendered once (issue 12, SPEC §16 "Public downloads"): a published version's
 * workbook and certificates, kept with their ETag so that every API process serves them without
 * rendering them again.
 */
export class RenderedDocuments1764630000000 implements MigrationInterface {
  name = 'RenderedDocuments1764630000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'rendered_document',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'editionId', type: 'integer' },
          { name: 'version', type: 'integer' },
          { name: 'kind', type: 'varchar', length: '32' },
          { name: 'variant', type: 'varchar', length: '64' },
          { name: 'fingerprint', type: 'varchar', length: '64' },
          { name: 'etag', type: 'varchar', length: '64' },
          { name: 'fileName', type: 'varchar', length: '200' },
          { name: 'pages', type: 'integer', isNullable: true },
          { name: 'size', type: 'integer' },
          { name: 'content', type: 'text' },
          { name: 'renderedAt', type: 'varchar', length: '40' },
        ],
        indices: [{ name: 'IDX_rendered_document_editionId_version_kind_variant', columnNames: ['editionId', 'version', 'kind', 'variant'], isUnique: true }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('rendered_document');
  }
}
