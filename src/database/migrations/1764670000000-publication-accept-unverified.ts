import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * A publication tells the truth about what it publishes (issue 14 item 4, SPEC §15): whether the
 * admin accepted results whose verification was never completed (`true`, with the publication's
 * reason), or there were none to accept (`false`). Publications made before the rule have NULL:
 * nobody was asked, and their documents stay as they were rendered, without the marks.
 */
export class PublicationAcceptUnverified1764670000000 implements MigrationInterface {
  name = 'PublicationAcceptUnverified1764670000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('publication', new TableColumn({ name: 'acceptUnverified', type: 'boolean', isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('publication', 'acceptUnverified');
  }
}
