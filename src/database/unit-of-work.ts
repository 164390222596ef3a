import { DataSource, EntityManager, ObjectLiteral } from 'typeorm';
import { execute, insertHead } from '../common/raw-sql';

/**
 * Bound values per INSERT: SQLite (3.32+, as bundled with sqlite3 5) allows 32,766 and PostgreSQL
 * 65,535; the number of rows per statement follows from the number of columns.
 */
const MAX_BOUND_VALUES = 30000;
const MAX_ROWS_PER_INSERT = 1000;

/**
 * Many rows of one entity, as multi-row INSERTs built from its metadata and run as plain SQL
 * (inside the caller's transaction). TypeORM's insert builder re-reads generated ids and handles
 * parameters one by one, which dominated an import of a million answers; values still go through
 * the driver's own conversion (simple-json, booleans). Every row must have the same keys.
 */
export async function insertMany<T extends ObjectLiteral>(
  manager: EntityManager,
  target: new () => T,
  rows: Partial<T>[],
  onChunk?: (done: number) => void,
  maxRowsPerStatement = MAX_ROWS_PER_INSERT,
): Promise<void> {
  if (rows.length === 0) return;
  const metadata = manager.connection.getMetadata(target);
  const driver = manager.connection.driver;
  const columns = metadata.columns.filter((c) => !c.isGenerated && rows[0][c.propertyName] !== undefined);
  const numbered = manager.connection.options.type === 'postgres';
  const perStatement = Math.max(1, Math.min(maxRowsPerStatement, Math.floor(MAX_BOUND_VALUES / columns.length)));
  const head = insertHead(manager, metadata, columns);
  // One statement runs in the database while the next one is built (values converted, JSON
  // written); at most one is ever waiting, and a failure stops the loop at the next step.
  let running: Promise<unknown> | null = null;
  for (let i = 0; i < rows.length; i += perStatement) {
    const params: unknown[] = [];
    const tuples = rows.slice(i, i + perStatement).map((row) => {
      const marks = columns.map((c) => {
        const value = row[c.propertyName];
        params.push(value === undefined ? null : driver.preparePersistentValue(value, c));
        return numbered ? `$${params.length}` : '?';
      });
      return `(${marks.join(', ')})`;
    });
    if (running) await running;
    const done = Math.min(i + perStatement, rows.length);
    running = manager.query(head + tuples.join(', '), params).then(() => onChunk?.(done));
    running.catch(() => undefined); // awaited above or below; not unhandled if building the next one throws
  }
  await running;
}

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
   * - BEGIN, COMMIT and ROLLBACK run as prepared statements (raw-sql.ts): one trip to the
   *   driver's thread each, instead of prepare, run and finalize through the query runner.
   * The runner is marked as TypeORM's startTransaction marks it (a transaction at depth 1), so
   * its manager's statements run on the write connection and a nested transaction is a
   * SAVEPOINT. No transaction subscribers are registered in this app.
   */
  private async sqliteTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    const state = runner as unknown as { isTransactionActive: boolean; transactionDepth: number };
    const manager = runner.manager;
    try {
      await execute(manager, 'BEGIN IMMEDIATE', []);
      state.isTransactionActive = true;
      state.transactionDepth = 1;
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
      state.isTransactionActive = false;
      state.transactionDepth = 0;
      await runner.release();
    }
  }
}
