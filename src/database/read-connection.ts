import { DataSource } from 'typeorm';
import { hasReadConnection, openSqliteConnection, routeReads, SqliteHandle } from './typeorm-internals';

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
 * the single connection. The TypeORM internals this needs are in typeorm-internals.ts.
 */

/** Statements that only read: sent to the read connection when no transaction is open. */
const READ = /^\s*SELECT\b/i;

function run(db: SqliteHandle, sql: string): Promise<void> {
  return new Promise((resolve, reject) => db.run(sql, (error) => (error ? reject(error) : resolve())));
}

/** Opens the read connection of a file-backed SQLite data source (once) and routes reads to it. */
export async function attachReadConnection(dataSource: DataSource): Promise<void> {
  const options = dataSource.options;
  if (options.type !== 'sqlite' || options.database === ':memory:' || !dataSource.isInitialized) return;
  if (hasReadConnection(dataSource)) return;
  const reader = await openSqliteConnection(dataSource, options.database);
  try {
    await run(reader, `PRAGMA busy_timeout = ${Number(options.busyTimeout ?? 10000)}`);
    await run(reader, 'PRAGMA query_only = ON');
  } catch (error) {
    reader.close();
    throw error;
  }
  routeReads(dataSource, reader, (sql) => READ.test(sql));
}
