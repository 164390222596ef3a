import { EntityManager, EntityMetadata, EntityTarget, FindOptionsWhere, ObjectLiteral, QueryFailedError } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { SqliteHandle, SqliteStatement, sqliteConnection } from './typeorm-internals';

/**
 * The one SQL helper module: plain SQL for the measured hot paths (the answer save, the edition
 * facts, bulk inserts) with the same statement text on SQLite and PostgreSQL, values bound by the
 * driver, and the row locks of both databases. Repositories use it; services never build SQL.
 */

/** The placeholder of the value bound at `position` (1-based): `?` on SQLite, `$n` on PostgreSQL. */
export function placeholder(manager: EntityManager, position: number): string {
  return manager.connection.options.type === 'postgres' ? `$${position}` : '?';
}

/** Bound values in the driver's style (see `placeholder`), in the order they are added. */
export class Params {
  readonly values: unknown[] = [];

  constructor(private readonly manager: EntityManager) {}

  /** The placeholder of `value`, which is bound at this position of the statement. */
  add(value: unknown): string {
    this.values.push(value);
    return placeholder(this.manager, this.values.length);
  }

  /** `(…, …)` of one placeholder per value, for `IN` lists and row tuples. */
  list(values: readonly unknown[]): string {
    return `(${values.map((v) => this.add(v)).join(', ')})`;
  }
}

/** `FOR UPDATE` where the database has row locks (PostgreSQL), as `forUpdate`. */
export function lockClause(manager: EntityManager): string {
  return manager.connection.options.type === 'postgres' ? ' FOR UPDATE' : '';
}

/**
 * Row locks where the database has them. On SQLite the UnitOfWork already runs one write
 * transaction at a time; on PostgreSQL transactions run side by side, so the writers of one
 * body's questionnaire or one juror's sheet queue on the row (SELECT … FOR UPDATE).
 */
export function forUpdate(manager: EntityManager): { lock?: { mode: 'pessimistic_write' } } {
  return manager.connection.options.type === 'postgres' ? { lock: { mode: 'pessimistic_write' } } : {};
}

/**
 * The row matching `where`, created from `values` when missing (two writers creating it at once
 * both end up with the one row), and locked for the rest of the transaction.
 */
export async function findOrCreateLocked<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  where: FindOptionsWhere<T>,
  values: Partial<T>,
): Promise<{ row: T; created: boolean }> {
  const existing = await manager.findOne(target, { where, ...forUpdate(manager) });
  if (existing) return { row: existing, created: false };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  await manager.createQueryBuilder().insert().into(target).values(values as any).orIgnore().execute();
  return { row: await manager.findOneOrFail(target, { where, ...forUpdate(manager) }), created: true };
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

const statementCaches = new WeakMap<SqliteHandle, Map<string, Promise<SqliteStatement>>>();

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
  const handle = sqliteConnection(manager, true);
  if (!handle) return manager.query(sql, values);
  return onSqlite<T[]>(handle, sql, values, (statement, done) => statement.all(values, (error, rows) => done(error, rows as T[])));
}

/** An INSERT, UPDATE or DELETE in plain SQL, as `select`. */
export async function execute(manager: EntityManager, sql: string, values: unknown[]): Promise<void> {
  const handle = sqliteConnection(manager, false);
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
  const perStatement = Math.max(1, Math.min(maxRowsPerStatement, Math.floor(MAX_BOUND_VALUES / columns.length)));
  const head = insertHead(manager, metadata, columns);
  // One statement runs in the database while the next one is built (values converted, JSON
  // written); at most one is ever waiting, and a failure stops the loop at the next step.
  let running: Promise<unknown> | null = null;
  for (let i = 0; i < rows.length; i += perStatement) {
    const params = new Params(manager);
    const tuples = rows
      .slice(i, i + perStatement)
      .map((row) => params.list(columns.map((c) => (row[c.propertyName] === undefined ? null : driver.preparePersistentValue(row[c.propertyName], c)))));
    if (running) await running;
    const done = Math.min(i + perStatement, rows.length);
    running = manager.query(head + tuples.join(', '), params.values).then(() => onChunk?.(done));
    running.catch(() => undefined); // awaited above or below; not unhandled if building the next one throws
  }
  await running;
}
