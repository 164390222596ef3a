import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';

/**
 * Evidence files (issue 15, SPEC §13): `evidence_file`, one row per file attached to a body's
 * answer, naming its content by SHA-256; `evidence_chunk`, the contents themselves on a PostgreSQL
 * deployment that keeps them in the database (a file in pieces of 256 KiB, so that neither
 * writing nor reading one holds it whole in memory); and the edition's optional `evidenceFiles`
 * limits (types, maxBytes, maxPerQuestion; NULL: the defaults).
 */
export class EvidenceFiles1764680000000 implements MigrationInterface {
  name = 'EvidenceFiles1764680000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'evidence_file',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'editionId', type: 'integer' },
          { name: 'stageId', type: 'integer' },
          { name: 'bodyId', type: 'integer' },
          { name: 'questionCode', type: 'varchar', length: '64' },
          { name: 'name', type: 'varchar', length: '300' },
          { name: 'size', type: 'integer' },
          { name: 'sha256', type: 'varchar', length: '64' },
          { name: 'contentType', type: 'varchar', length: '100' },
          { name: 'uploadedBy', type: 'varchar', length: '64' },
          { name: 'uploadedAt', type: 'varchar', length: '40' },
        ],
        indices: [{ name: 'IDX_evidence_file_stageId_bodyId_questionCode', columnNames: ['stageId', 'bodyId', 'questionCode'] }],
      }),
    );
    // no entity: read and written in plain SQL by EvidenceRepository only (bytea and blob differ by database)
    const postgres = queryRunner.connection.options.type === 'postgres';
    await queryRunner.createTable(
      new Table({
        name: 'evidence_chunk',
        columns: [
          { name: 'key', type: 'varchar', length: '80', isPrimary: true },
          { name: 'seq', type: 'integer', isPrimary: true },
          { name: 'data', type: postgres ? 'bytea' : 'blob' },
        ],
      }),
    );
    await queryRunner.addColumn('edition', new TableColumn({ name: 'evidenceFiles', type: 'text', isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('edition', 'evidenceFiles');
    await queryRunner.dropTable('evidence_chunk');
    await queryRunner.dropTable('evidence_file');
  }
}
