import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { SqliteDriver } from 'typeorm/driver/sqlite/SqliteDriver';
import { SqliteQueryRunner } from 'typeorm/driver/sqlite/SqliteQueryRunner';

/**
 * Every place monev-kip leans on TypeORM 0.3 internals, in one file. Each assumption below is
 * checked by typeorm-internals.spec.ts against a real SQLite data source, so an upgrade that
 * breaks one fails that spec by name instead of a save path at run time.
 *
 * 1. The sqlite driver's node-sqlite3 `Database` (`driver.databaseConnection`) and module
 *    (`driver.sqlite`): prepared statements for the hot path, a second read connection.
 * 2. `SqliteQueryRunner.query` calls `connect()` synchronously, before its first await: the read
 *    connection routes a statement by setting a flag that `connect()` reads.
 * 3. A query runner is "in a transaction" through `isTransactionActive` and `transactionDepth`:
 *    UnitOfWork begins and commits a transaction itself and marks the runner as TypeORM's
 *    `startTransaction` would, so the runner's manager does not open a transaction of its own.
 */

/** The parts of node-sqlite3's Database and Statement used by the plain-SQL helpers. */
export interface SqliteStatement {
  all(params: unknown[], callback: (error: Error | null, rows: Record<string, unknown>[]) => void): unknown;
  run(params: unknown[], callback: (error: Error | null) => void): unknown;
  finalize(callback?: (error: Error | null) => void): unknown;
}

export interface SqliteHandle {
  prepare(sql: string, callback?: (error: Error | null) => void): SqliteStatement;
  run(sql: string, callback: (error: Error | null) => void): unknown;
  close(callback?: (error: Error | null) => void): unknown;
}

interface SqliteModule {
  Database: new (path: string, callback: (error: Error | null) => void) => SqliteHandle;
}

interface SqliteDriverInternals {
  sqlite: SqliteModule;
  databaseConnection: SqliteHandle;
  createQueryRunner(mode?: string): QueryRunnerInternals;
  disconnect(): Promise<void>;
}

interface QueryRunnerInternals {
  isTransactionActive: boolean;
  transactionDepth: number;
  query(...args: unknown[]): Promise<unknown>;
  connect(): Promise<SqliteHandle>;
}

const readers = new WeakMap<object, SqliteHandle>();

/** The read connection attached to a data source's driver (read-connection.ts), if any. */
export function readConnectionOf(driver: object): SqliteHandle | undefined {
  return readers.get(driver);
}

/** Opens another node-sqlite3 connection to the same file, with the driver's own module. */
export function openSqliteConnection(dataSource: DataSource, path: string): Promise<SqliteHandle> {
  const driver = dataSource.driver as unknown as SqliteDriverInternals;
  return new Promise<SqliteHandle>((resolve, reject) => {
    const db: SqliteHandle = new driver.sqlite.Database(path, (error) => (error ? reject(error) : resolve(db)));
  });
}

/**
 * The SQLite connection a statement runs on, as TypeORM's own queries would: a read outside a
 * transaction on the read connection, when there is one; anything else on TypeORM's connection,
 * where the transaction of a transactional manager runs. null on PostgreSQL.
 */
export function sqliteConnection(manager: EntityManager, read: boolean): SqliteHandle | null {
  if (manager.connection.options.type !== 'sqlite') return null;
  const driver = manager.connection.driver as unknown as SqliteDriverInternals;
  const reader = read && !manager.queryRunner?.isTransactionActive ? readConnectionOf(driver) : undefined;
  return reader ?? driver.databaseConnection ?? null;
}

/** Whether a data source's driver has a read connection attached. */
export function hasReadConnection(dataSource: DataSource): boolean {
  return readers.has(dataSource.driver);
}

/**
 * Gives every caller of the sqlite driver a query runner of its own whose statements matching
 * `isRead` (outside a transaction) run on `reader`; closes `reader` when the driver disconnects.
 * TypeORM's sqlite driver hands every caller one shared runner, so "a transaction is open" would
 * be true for every read while any transaction runs. A runner holds no connection (release()
 * only clears its table cache); a transaction is then the runner that started it.
 */
export function routeReads(dataSource: DataSource, reader: SqliteHandle, isRead: (sql: string) => boolean): void {
  const driver = dataSource.driver as unknown as SqliteDriverInternals;
  readers.set(driver, reader);
  driver.createQueryRunner = () => {
    const runner = new SqliteQueryRunner(driver as unknown as SqliteDriver) as unknown as QueryRunnerInternals;
    const query = runner.query;
    let read = false;
    // SqliteQueryRunner.query calls connect() synchronously, before its first await: the flag
    // set here is the one connect() sees, and it is cleared before anything else can run.
    runner.query = function (this: QueryRunnerInternals, ...args: unknown[]) {
      read = !this.isTransactionActive && typeof args[0] === 'string' && isRead(args[0]);
      try {
        return query.apply(this, args);
      } finally {
        read = false;
      }
    };
    runner.connect = () => Promise.resolve(read ? reader : driver.databaseConnection);
    return runner;
  };
  const disconnect = driver.disconnect.bind(driver);
  driver.disconnect = async () => {
    readers.delete(driver);
    await new Promise<void>((resolve, reject) => reader.close((error) => (error ? reject(error) : resolve())));
    await disconnect();
  };
}

/**
 * Marks a query runner as inside (or outside) a transaction that the caller began itself, as
 * TypeORM's startTransaction marks it (depth 1): its manager's statements then run on the write
 * connection, and a nested transaction would be a SAVEPOINT.
 */
export function markTransaction(runner: QueryRunner, active: boolean): void {
  const state = runner as unknown as QueryRunnerInternals;
  state.isTransactionActive = active;
  state.transactionDepth = active ? 1 : 0;
}
