import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * Keys the service generates for itself when MONEV_JWT_SECRET or MONEV_CERTIFICATE_SECRET is not
 * set (issue 12, SPEC §16): kept in the database so every process of a deployment shares them.
 */
export class Secrets1764600000000 implements MigrationInterface {
  name = 'Secrets1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'secret',
        columns: [
          { name: 'name', type: 'varchar', length: '64', isPrimary: true },
          { name: 'value', type: 'varchar', length: '128' },
          { name: 'createdAt', type: 'varchar', length: '40' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('secret');
  }
}
