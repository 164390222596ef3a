import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';

/**
 * Breakdowns as facts (issue 5): results keep their stage, indicator and final traces; the
 * per-question lines are rebuilt from facts — the live ones for a draft, the ones frozen here
 * for a publication. Older results, whose `detail` still holds the lines, stay readable as is.
 * A publication's result also keeps a small `summary` (what documents and the public list read).
 */
const tables = [{ name: 'publication_facts', owner: 'publicationId' }];

export class StageFacts1764400000000 implements MigrationInterface {
  name = 'StageFacts1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const t of tables) {
      await queryRunner.createTable(
        new Table({
          name: t.name,
          columns: [
            { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
            { name: t.owner, type: 'integer' },
            { name: 'bodyId', type: 'integer' },
            { name: 'stage', type: 'varchar', length: '64' },
            { name: 'facts', type: 'text' },
          ],
          indices: [{ name: `IDX_${t.name}_${t.owner}_bodyId_stage`, columnNames: [t.owner, 'bodyId', 'stage'], isUnique: true }],
        }),
      );
    }
    await queryRunner.addColumn('publication_result', new TableColumn({ name: 'summary', type: 'text', isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('publication_result', 'summary');
    for (const t of [...tables].reverse()) await queryRunner.dropTable(t.name);
  }
}
