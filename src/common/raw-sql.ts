import { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral, QueryFailedError } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { readConnectionOf } from '../database/read-connection';

/**
 * Small helpers for the few hot paths (the answer save) that run plain SQL instead of TypeORM's
 * query builder: the same statement text on SQLite and PostgreSQL, values bound by the driver.
 */

/** Bound values in the driver's style: `?` on SQLite, `$1, $2 …` on PostgreSQL, in the order they are added. */
export class Params {
  readonly values: unknown[] = [];
  private readonly numbered: boolean;

  constructor(manager: EntityManager) {
    this.numbered = manager.connection.options.type === 'postgres';
  }

  /** The placeholder of `value`, which is bound at this position of the statement. */
  add(value: unknown): string {
    this.values.push(value);
    return this.numbered ? `$${this.values.length}` : '?';
  }
}

/** `FOR UPDATE` where the database has row locks (PostgreSQL), as `forUpdate` in locking.ts. */
export function lockClause(manager: EntityManager): string {
  return manager.connection.options.type === 'postgres' ? ' FOR UPDATE' : '';
}

const selectLists = new WeakMap<EntityMetadata, Map<string, string>>();

/** `alias."column" AS "alias_column", …` for every column of an entity, for `hydrate` to read back. */
export function selectColumns(manager: EntityManager, target: EntityTarget<ObjectLiteral>, alias: string): string {
  const metadata = manager.connection.getMetadata(target);
  let byAlias = selectLists.get(metadata);
  if (!byAlias) selectLists.set(metadata, (byAlias = new Map()));
  let list = byAlias.get(alias);
  if (!list) {
    const escape = (name: string) => manager.connection.driver.escape(name);
    list = metadata.columns.map((c) => `${alias}.${escape(c.databaseName)} AS ${escape(`${alias}_${c.databaseName}`)}`).join(', ');
    byAlias.set(alias, list);
  }
  return list;
}

/**
 * The entity selected with `selectColumns(…, alias)` from a raw row, its values converted by the
 * driver as TypeORM's find would (simple-json parsed, SQLite booleans); null when its primary
 * key is null (an outer join that found nothing).
 */
export function hydrate<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, row: Record<string, unknown>, alias: string): T | null {
  const metadata = manager.connection.getMetadata(target);
  const driver = manager.connection.driver;
  if (metadata.primaryColumns.some((c) => row[`${alias}_${c.databaseName}`] === null || row[`${alias}_${c.databaseName}`] === undefined)) return null;
  const entity = metadata.create() as T;
  for (const column of metadata.columns) {
    const value = row[`${alias}_${column.databaseName}`];
    if (value === undefined) continue;
    column.setEntityValue(entity, driver.prepareHydratedValue(value, column));
  }
  return entity;
}

/** A 0/1 (SQLite) or true/false or '1' (PostgreSQL) flag from a raw row. */
export function flag(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 't';
}

/** The parts of node-sqlite3's Database and Statement used here. */
interface SqliteStatement {
  all(params: unknown[], callback: (error: Error | null, rows: Record<string, unknown>[]) => void): unknown;
  run(params: unknown[], callback: (error: Error | null) => void): unknown;
  finalize(callback?: (error: Error | null) => void): unknown;
}

interface SqliteHandle {
  prepare(sql: string, callback?: (error: Error | null) => void): SqliteStatement;
  close(callback?: (error: Error | null) => void): unknown;
}

const statementCaches = new WeakMap<SqliteHandle, Map<string, Promise<SqliteStatement>>>();

/**
 * The SQLite connection a statement runs on, as TypeORM's own queries would (read-connection.ts):
 * a read outside a transaction on the read connection, when there is one; anything else on
 * TypeORM's connection, where the transaction of a transactional manager runs. null on PostgreSQL.
 */
function sqliteHandle(manager: EntityManager, read: boolean): SqliteHandle | null {
  if (manager.connection.options.type !== 'sqlite') return null;
  const driver = manager.connection.driver;
  const reader = read && !manager.queryRunner?.isTransactionActive ? readConnectionOf(driver) : undefined;
  return (reader as SqliteHandle | undefined) ?? (driver as unknown as { databaseConnection?: SqliteHandle }).databaseConnection ?? null;
}

/**
 * Prepared statements of one SQLite connection, by SQL text (a handful of fixed statements).
 * node-sqlite3 prepares, runs and finalizes a statement in three trips to its thread pool for
 * every `db.all`; a prepared one runs in one. sqlite3_close refuses a connection with statements
 * still open, so closing the connection finalizes them first.
 */
function statementsOf(handle: SqliteHandle): Map<string, Promise<SqliteStatement>> {
  let cache = statementCaches.get(handle);
  if (cache) return cache;
  const statements = (cache = new Map<string, Promise<SqliteStatement>>());
  statementCaches.set(handle, statements);
  const close = handle.close;
  handle.close = function (callback?: (error: Error | null) => void) {
    const open = [...statements.values()];
    statements.clear();
    void Promise.allSettled(open)
      .then((settled) =>
        Promise.all(
          settled.map((s) => (s.status === 'fulfilled' ? new Promise<void>((done) => s.value.finalize(() => done())) : undefined)),
        ),
      )
      .then(() => close.call(handle, callback));
    return handle;
  };
  return statements;
}

/** The prepared statement of `sql`, prepared on first use; one that cannot be prepared is not kept. */
function prepared(handle: SqliteHandle, sql: string): Promise<SqliteStatement> {
  const statements = statementsOf(handle);
  let statement = statements.get(sql);
  if (!statement) {
    // node-sqlite3 reports a failed prepare only to this callback (calls queued on the statement are dropped)
    statement = new Promise<SqliteStatement>((resolve, reject) => {
      const made: SqliteStatement = handle.prepare(sql, (error) => (error ? reject(error) : resolve(made)));
    });
    statements.set(sql, statement);
    const kept = statement;
    kept.catch(() => {
      if (statements.get(sql) === kept) statements.delete(sql);
    });
  }
  return statement;
}

async function onSqlite<T>(handle: SqliteHandle, sql: string, values: unknown[], use: (statement: SqliteStatement, done: (error: Error | null, result?: T) => void) => void): Promise<T> {
  try {
    const statement = await prepared(handle, sql);
    return await new Promise<T>((resolve, reject) => use(statement, (error, result) => (error ? reject(error) : resolve(result as T))));
  } catch (error) {
    throw new QueryFailedError(sql, values, error as Error);
  }
}

/**
 * Rows of a SELECT in plain SQL (placeholders from Params): a prepared statement on SQLite,
 * `manager.query` on PostgreSQL. On SQLite it runs where `manager.query` would: inside a
 * transaction on the transaction's connection, otherwise on the read connection.
 */
export function select<T = Record<string, unknown>>(manager: EntityManager, sql: string, values: unknown[]): Promise<T[]> {
  const handle = sqliteHandle(manager, true);
  if (!handle) return manager.query(sql, values);
  return onSqlite<T[]>(handle, sql, values, (statement, done) => statement.all(values, (error, rows) => done(error, rows as T[])));
}

/** An INSERT, UPDATE or DELETE in plain SQL, as `select`. */
export async function execute(manager: EntityManager, sql: string, values: unknown[]): Promise<void> {
  const handle = sqliteHandle(manager, false);
  if (!handle) {
    await manager.query(sql, values);
    return;
  }
  await onSqlite<void>(handle, sql, values, (statement, done) => statement.run(values, (error) => done(error)));
}

/** `INSERT INTO "table" ("column", …) VALUES ` for the given columns of an entity (insertMany and insertRow). */
export function insertHead(manager: EntityManager, metadata: EntityMetadata, columns: ColumnMetadata[]): string {
  const driver = manager.connection.driver;
  return `INSERT INTO ${driver.escape(metadata.tableName)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) VALUES `;
}

const rowInserts = new WeakMap<EntityMetadata, { columns: ColumnMetadata[]; head: string }>();

/**
 * One row of an entity in a prepared INSERT of all its non-generated columns (a missing value is
 * NULL), values converted by the driver as TypeORM's insert would (simple-json), without its
 * query builder, which also reads the generated id back. For the writes of the answer save.
 */
export async function insertRow<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, row: Partial<T>): Promise<void> {
  const metadata = manager.connection.getMetadata(target);
  let insert = rowInserts.get(metadata);
  if (!insert) {
    const columns = metadata.columns.filter((c) => !c.isGenerated);
    rowInserts.set(metadata, (insert = { columns, head: insertHead(manager, metadata, columns) }));
  }
  const driver = manager.connection.driver;
  const p = new Params(manager);
  const marks = insert.columns.map((c) => {
    const value = (row as Record<string, unknown>)[c.propertyName];
    return p.add(value === undefined ? null : driver.preparePersistentValue(value, c));
  });
  await execute(manager, `${insert.head}(${marks.join(', ')})`, p.values);
}
