import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';

/**
 * Accounts (issue 12, SPEC §12 and §16): disabled and temporary-password flags and the last login
 * on `user`; `session` (every bearer token names one, so it can be ended); `login_attempt` (the
 * login throttle's counters, shared by every API process); and the commission of audit entries
 * outside editions, so that a commission's admin reads the trail of its users and bodies. Entries
 * written before this version get the commission their subject names.
 */
const instant = (name: string, nullable = false) => ({ name, type: 'varchar', length: '40', isNullable: nullable });

export class Accounts1764610000000 implements MigrationInterface {
  name = 'Accounts1764610000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const no = queryRunner.connection.options.type === 'postgres' ? 'false' : '0';
    await queryRunner.addColumns('user', [
      new TableColumn({ name: 'disabled', type: 'boolean', default: no }),
      new TableColumn({ name: 'mustChangePassword', type: 'boolean', default: no }),
      new TableColumn(instant('lastLoginAt', true)),
    ]);
    await queryRunner.createTable(
      new Table({
        name: 'session',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'userId', type: 'integer' },
          { name: 'kind', type: 'varchar', length: '8' },
          instant('createdAt'),
          instant('lastSeenAt'),
          instant('expiresAt'),
          instant('endedAt', true),
          { name: 'endedBecause', type: 'varchar', length: '16', isNullable: true },
        ],
        indices: [{ name: 'IDX_session_userId', columnNames: ['userId'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'login_attempt',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          instant('at'),
          { name: 'username', type: 'varchar', length: '64' },
          { name: 'address', type: 'varchar', length: '64' },
          { name: 'outcome', type: 'varchar', length: '16' },
        ],
        indices: [
          { name: 'IDX_login_attempt_username_at', columnNames: ['username', 'at'] },
          { name: 'IDX_login_attempt_address_at', columnNames: ['address', 'at'] },
          { name: 'IDX_login_attempt_at', columnNames: ['at'] },
        ],
      }),
    );
    await queryRunner.addColumn('audit_entry', new TableColumn({ name: 'commissionId', type: 'integer', isNullable: true }));
    await queryRunner.createIndex('audit_entry', new TableIndex({ name: 'IDX_audit_entry_commissionId', columnNames: ['commissionId'] }));
    // the subjects earlier versions wrote outside editions: "user <username>", "bodies of commission <code>", "commission <code>"
    await queryRunner.query(
      'UPDATE audit_entry SET "commissionId" = (SELECT u."commissionId" FROM "user" u WHERE \'user \' || u.username = audit_entry.subject)' +
        " WHERE \"editionId\" IS NULL AND action LIKE 'user.%'",
    );
    await queryRunner.query(
      'UPDATE audit_entry SET "commissionId" = (SELECT c.id FROM commission c WHERE \'bodies of commission \' || c.code = audit_entry.subject OR \'commission \' || c.code = audit_entry.subject)' +
        " WHERE \"editionId\" IS NULL AND action IN ('body.register', 'commission.create')",
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('audit_entry', 'IDX_audit_entry_commissionId');
    await queryRunner.dropColumn('audit_entry', 'commissionId');
    await queryRunner.dropTable('login_attempt');
    await queryRunner.dropTable('session');
    for (const column of ['lastLoginAt', 'mustChangePassword', 'disabled']) await queryRunner.dropColumn('user', column);
  }
}
