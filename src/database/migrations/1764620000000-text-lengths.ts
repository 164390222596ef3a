import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * The lengths of SPEC §16 "Texts" (issue 12): names and titles up to 300 characters, notes and
 * reasons up to 2,000, codes up to 64. These columns were narrower than the rule (PostgreSQL
 * enforces a varchar's length, so a 250-character commission name passed validation and then
 * failed to insert); each is widened, never narrowed, so every stored text stays as it is.
 */
const WIDENED: { table: string; column: string; from: number; to: number; nullable: boolean }[] = [
  { table: 'commission', column: 'name', from: 200, to: 300, nullable: false },
  { table: 'commission', column: 'city', from: 100, to: 300, nullable: true },
  { table: 'user', column: 'name', from: 200, to: 300, nullable: true },
  { table: 'publication', column: 'decreeNumber', from: 200, to: 300, nullable: false },
  { table: 'extension', column: 'reason', from: 1000, to: 2000, nullable: false },
  { table: 'absence', column: 'reason', from: 1000, to: 2000, nullable: true },
  { table: 'answer', column: 'questionCode', from: 32, to: 64, nullable: false },
  { table: 'verification_decision', column: 'questionCode', from: 32, to: 64, nullable: false },
  { table: 'objection', column: 'questionCode', from: 32, to: 64, nullable: false },
];

const column = (name: string, length: number, nullable: boolean) => new TableColumn({ name, type: 'varchar', length: String(length), isNullable: nullable });

export class TextLengths1764620000000 implements MigrationInterface {
  name = 'TextLengths1764620000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await this.change(queryRunner, 'to');
  }

  /** Back to the old lengths: refused by PostgreSQL while a longer text is stored. */
  async down(queryRunner: QueryRunner): Promise<void> {
    await this.change(queryRunner, 'from');
  }

  /**
   * PostgreSQL changes a column's type in place (its indices stay); SQLite, which does not check
   * lengths but records them, rebuilds each table once for all its columns.
   */
  private async change(queryRunner: QueryRunner, length: 'from' | 'to'): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      for (const w of WIDENED) await queryRunner.query(`ALTER TABLE "${w.table}" ALTER COLUMN "${w.column}" TYPE varchar(${w[length]})`);
      return;
    }
    for (const table of [...new Set(WIDENED.map((w) => w.table))]) {
      const columns = WIDENED.filter((w) => w.table === table);
      await queryRunner.changeColumns(
        table,
        columns.map((w) => ({ oldColumn: column(w.column, length === 'to' ? w.from : w.to, w.nullable), newColumn: column(w.column, w[length], w.nullable) })),
      );
    }
  }
}
