import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * The commission's time zone (issue 13, SPEC §10 and §11): the IANA zone its deadlines are shown
 * in, on the pages and in the Indonesian texts of refusals. Commissions stored before it are in
 * Asia/Jakarta (WIB), the default for one that names none.
 */
export class CommissionTimeZone1764640000000 implements MigrationInterface {
  name = 'CommissionTimeZone1764640000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('commission', new TableColumn({ name: 'timeZone', type: 'varchar', length: '64', default: "'Asia/Jakarta'" }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('commission', 'timeZone');
  }
}
