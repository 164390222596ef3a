import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndexOptions } from 'typeorm';

// Portable column types only (integer, varchar, text, boolean): the same migration serves SQLite
// and PostgreSQL. Instants are ISO-8601 text; scores are whole hundredths plus exact text.
const id: TableColumnOptions = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };
const int = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'integer', isNullable: nullable });
const str = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
const json = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });
const instant = (name: string, nullable = false) => str(name, 40, nullable);
const unique = (...columnNames: string[]): TableIndexOptions => ({ columnNames, isUnique: true });
const index = (...columnNames: string[]): TableIndexOptions => ({ columnNames });

const tables: { name: string; columns: TableColumnOptions[]; indices?: TableIndexOptions[] }[] = [
  { name: 'commission', columns: [id, str('code', 64), str('name', 200), str('city', 100, true)], indices: [unique('code')] },
  {
    name: 'body',
    columns: [id, int('commissionId'), str('code', 64), str('name', 300), str('category', 64)],
    indices: [unique('commissionId', 'code')],
  },
  {
    name: 'user',
    columns: [id, str('username', 64), str('passwordHash', 255, true), str('role', 16), str('name', 200, true), int('commissionId', true), int('bodyId', true)],
    indices: [unique('username')],
  },
  {
    name: 'instrument',
    columns: [id, str('instrumentId', 100), int('version'), str('kind', 16), str('title', 300), json('content'), str('hash', 64)],
    indices: [unique('instrumentId', 'version')],
  },
  {
    name: 'edition',
    columns: [
      id, str('code', 64), int('commissionId'), int('year'), str('title', 300),
      { name: 'simulated', type: 'boolean' },
      json('categories'), json('bands'), json('certificate', true), instant('computedAt', true),
    ],
    indices: [unique('code')],
  },
  {
    name: 'stage',
    columns: [
      id, int('editionId'), str('code', 64), int('position'), str('kind', 16), str('instrumentId', 100), int('instrumentVersion'),
      str('weight', 20), json('gate', true), instant('opensAt', true), instant('closesAt', true),
      instant('verificationOpensAt', true), instant('verificationClosesAt', true), instant('objectionOpensAt', true), instant('objectionClosesAt', true),
      { name: 'minAssessors', type: 'integer', default: 1 }, { name: 'aggregate', type: 'varchar', length: '8', default: "'mean'" },
    ],
    indices: [unique('editionId', 'code')],
  },
  { name: 'participant', columns: [id, int('editionId'), int('bodyId')], indices: [unique('editionId', 'bodyId')] },
  {
    name: 'assignment',
    columns: [id, int('editionId'), int('stageId'), int('userId'), int('bodyId')],
    indices: [unique('stageId', 'userId', 'bodyId'), index('stageId', 'bodyId')],
  },
  {
    name: 'extension',
    columns: [id, int('stageId'), int('bodyId'), instant('until'), str('reason', 1000), str('grantedBy', 64), instant('grantedAt')],
    indices: [index('stageId', 'bodyId')],
  },
  {
    name: 'saq_response',
    columns: [id, int('editionId'), int('stageId'), int('bodyId'), instant('submittedAt', true), instant('verificationCompletedAt', true), str('verificationCompletedBy', 64, true)],
    indices: [unique('stageId', 'bodyId')],
  },
  {
    name: 'answer',
    columns: [id, int('responseId'), str('questionCode', 32), json('value'), json('evidence'), instant('updatedAt'), str('updatedBy', 64)],
    indices: [unique('responseId', 'questionCode')],
  },
  {
    name: 'verification_decision',
    columns: [id, int('responseId'), str('questionCode', 32), str('decision', 16), json('value', true), str('note', 2000, true), str('decidedBy', 64), instant('decidedAt')],
    indices: [unique('responseId', 'questionCode')],
  },
  {
    name: 'objection',
    columns: [
      id, int('responseId'), str('questionCode', 32), str('reason', 2000), { name: 'status', type: 'varchar', length: '16', default: "'pending'" },
      json('value', true), str('note', 2000, true), instant('createdAt'), str('createdBy', 64), instant('ruledAt', true), str('ruledBy', 64, true),
    ],
    indices: [index('responseId')],
  },
  {
    name: 'panel_sheet',
    columns: [id, int('editionId'), int('stageId'), int('bodyId'), int('userId'), str('status', 16), json('scores'), str('comment', 4000, true), instant('updatedAt'), instant('submittedAt', true)],
    indices: [unique('stageId', 'bodyId', 'userId')],
  },
  {
    name: 'absence',
    columns: [id, int('stageId'), int('bodyId'), str('reason', 1000, true), str('recordedBy', 64), instant('recordedAt')],
    indices: [unique('stageId', 'bodyId')],
  },
  {
    name: 'result',
    columns: [id, int('editionId'), int('bodyId'), str('category', 64), str('status', 16), int('finalHundredths', true), str('finalExact', 200, true), str('predicate', 64, true), int('rank', true), json('detail'), instant('computedAt')],
    indices: [unique('editionId', 'bodyId')],
  },
  {
    name: 'publication',
    columns: [id, int('editionId'), int('version'), str('decreeNumber', 200), str('decreeDate', 10), str('reason', 2000, true), instant('publishedAt'), str('publishedBy', 64), instant('supersededAt', true)],
    indices: [unique('editionId', 'version')],
  },
  {
    name: 'publication_result',
    columns: [id, int('publicationId'), int('bodyId'), str('category', 64), str('status', 16), int('finalHundredths', true), str('predicate', 64, true), int('rank', true), json('detail'), str('certificateCode', 20, true)],
    indices: [unique('publicationId', 'bodyId'), unique('certificateCode')],
  },
  {
    name: 'audit_entry',
    columns: [id, instant('at'), str('actor', 64), str('action', 64), int('editionId', true), str('bodyCode', 64, true), str('subject', 200), json('before', true), json('after', true)],
    indices: [index('editionId', 'bodyCode')],
  },
];

export class InitialSchema1764300000000 implements MigrationInterface {
  name = 'InitialSchema1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const t of tables) {
      await queryRunner.createTable(
        new Table({
          name: t.name,
          columns: t.columns,
          indices: (t.indices ?? []).map((i) => ({ ...i, name: `IDX_${t.name}_${i.columnNames!.join('_')}` })),
        }),
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const t of [...tables].reverse()) await queryRunner.dropTable(t.name);
  }
}
