import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { StoredSecret } from './secret.entity';

/** The only code reading or writing the `secret` table. */
@Injectable()
export class SecretsRepository {
  async read(manager: EntityManager, name: string): Promise<StoredSecret | null> {
    return manager.findOne(StoredSecret, { where: { name } });
  }

  /**
   * Stores `row` unless a key of that name exists (INSERT OR IGNORE on SQLite, ON CONFLICT DO
   * NOTHING on PostgreSQL): of two processes generating at once, the first to commit wins and
   * the other's insert does nothing. Read the row back to learn which key is the one.
   */
  async insertIfAbsent(manager: EntityManager, row: StoredSecret): Promise<void> {
    await manager.createQueryBuilder().insert().into(StoredSecret).values(row).orIgnore().execute();
  }
}
