import { DataSource } from 'typeorm';
import { SqliteDriver } from 'typeorm/driver/sqlite/SqliteDriver';
import { SqliteQueryRunner } from 'typeorm/driver/sqlite/SqliteQueryRunner';

/**
 * A second SQLite connection for the reads that run outside a transaction.
 *
 * TypeORM's sqlite driver has one connection. Writes are queued one transaction at a time
 * (UnitOfWork), but a read that arrived while a transaction was open ran on that same
 * connection and saw its uncommitted rows — half-replaced results during a compute, a half-
 * imported edition, rows a rollback then took back. In WAL mode a second connection reads the
 * last committed state instead, and readers and the writer do not wait for each other.
 *
 * Routing: a query runner's SELECT goes to the read connection unless the runner has a
 * transaction open; everything else (writes, PRAGMA, DDL, migrations, all statements inside a
 * transaction) stays on TypeORM's connection. The read connection is `query_only`, so a write
 * sent to it by mistake fails loudly instead of slipping past the write queue. PostgreSQL, with
 * its pool of connections, needs none of this; an in-memory database (one per connection) keeps
 * the single connection.
 */

/** The parts of a node-sqlite3 Database used here. */
interface SqliteDatabase {
  run(sql: string, callback: (error: Error | null) => void): unknown;
  close(callback?: (error: Error | null) => void): unknown;
}

interface SqliteModule {
  Database: new (path: string, callback: (error: Error | null) => void) => SqliteDatabase;
}

interface SqliteDriverInternals {
  sqlite: SqliteModule;
  databaseConnection: SqliteDatabase;
  createQueryRunner(mode?: string): QueryRunnerInternals;
  disconnect(): Promise<void>;
}

interface QueryRunnerInternals {
  isTransactionActive: boolean;
  query(...args: unknown[]): Promise<unknown>;
  connect(): Promise<SqliteDatabase>;
}

const readers = new WeakMap<object, SqliteDatabase>();

/** Statements that only read: sent to the read connection when no transaction is open. */
const READ = /^\s*SELECT\b/i;

/** The read connection of a data source's driver, if it has one. */
export function readConnectionOf(driver: object): SqliteDatabase | undefined {
  return readers.get(driver);
}

function run(db: SqliteDatabase, sql: string): Promise<void> {
  return new Promise((resolve, reject) => db.run(sql, (error) => (error ? reject(error) : resolve())));
}

/** Opens the read connection of a file-backed SQLite data source (once) and routes reads to it. */
export async function attachReadConnection(dataSource: DataSource): Promise<void> {
  const options = dataSource.options;
  if (options.type !== 'sqlite' || options.database === ':memory:' || !dataSource.isInitialized) return;
  const driver = dataSource.driver as unknown as SqliteDriverInternals;
  if (readers.has(driver)) return;
  const reader = await new Promise<SqliteDatabase>((resolve, reject) => {
    const db: SqliteDatabase = new driver.sqlite.Database(options.database, (error) => (error ? reject(error) : resolve(db)));
  });
  try {
    await run(reader, `PRAGMA busy_timeout = ${Number(options.busyTimeout ?? 10000)}`);
    await run(reader, 'PRAGMA query_only = ON');
  } catch (error) {
    reader.close();
    throw error;
  }
  readers.set(driver, reader);

  // TypeORM's sqlite driver hands every caller one shared query runner, so "a transaction is
  // open" would be true for every read while any transaction runs. Each caller gets a runner of
  // its own instead (a runner holds no connection: release() only clears its table cache); a
  // transaction is then the runner that started it, and reads elsewhere go to the read connection.
  driver.createQueryRunner = () => {
    const runner = new SqliteQueryRunner(driver as unknown as SqliteDriver) as unknown as QueryRunnerInternals;
    const query = runner.query;
    let read = false;
    // SqliteQueryRunner.query calls connect() synchronously, before its first await: the flag
    // set here is the one connect() sees, and it is cleared before anything else can run.
    runner.query = function (this: QueryRunnerInternals, ...args: unknown[]) {
      read = !this.isTransactionActive && typeof args[0] === 'string' && READ.test(args[0]);
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
