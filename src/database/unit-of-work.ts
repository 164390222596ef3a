import { DataSource, EntityManager } from 'typeorm';
import { execute } from './sql';
import { markTransaction } from './typeorm-internals';

/**
 * Writes that belong together, in one transaction. TypeORM's sqlite driver shares one connection,
 * so two transactions at once would interleave on it ("cannot start a transaction within a
 * transaction"); writes are therefore queued one after another here. Reads do not queue: outside
 * a transaction they run on a second connection that sees committed data only
 * (read-connection.ts). PostgreSQL has a pool of connections and its own locking: there
 * transactions run side by side.
 */
export class UnitOfWork {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(readonly dataSource: DataSource) {}

  write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.dataSource.options.type !== 'sqlite') return this.dataSource.transaction(work);
    const run = this.tail.then(() => this.sqliteTransaction(work));
    this.tail = run.catch(() => undefined);
    return run;
  }

  /**
   * One write transaction on SQLite, as TypeORM's `transaction` would run it, with two changes:
   * - `BEGIN IMMEDIATE` takes the database's write lock at once. Another process writing to the
   *   same file (a CLI import beside the server) then makes this transaction wait, up to the busy
   *   timeout, before it has read anything; a deferred BEGIN took the lock only at its first
   *   write, and failed at once (SQLITE_BUSY) if the other process had committed since its reads.
   * - BEGIN, COMMIT and ROLLBACK run as prepared statements (sql.ts): one trip to the
   *   driver's thread each, instead of prepare, run and finalize through the query runner.
   * The runner is marked as in a transaction (markTransaction), so its manager's statements run
   * on the write connection. No transaction subscribers are registered in this app.
   */
  private async sqliteTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    const manager = runner.manager;
    try {
      await execute(manager, 'BEGIN IMMEDIATE', []);
      markTransaction(runner, true);
      try {
        const result = await work(manager);
        await execute(manager, 'COMMIT', []);
        return result;
      } catch (error) {
        // after the work or a COMMIT failed: end the transaction so the next write can begin; the
        // first error is the one reported (as TypeORM does; SQLite may have rolled back already)
        await execute(manager, 'ROLLBACK', []).catch(() => undefined);
        throw error;
      }
    } finally {
      markTransaction(runner, false);
      await runner.release();
    }
  }
}
