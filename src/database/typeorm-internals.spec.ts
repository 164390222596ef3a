import { DataSource } from 'typeorm';
import { SqliteDriver } from 'typeorm/driver/sqlite/SqliteDriver';
import { SqliteQueryRunner } from 'typeorm/driver/sqlite/SqliteQueryRunner';
import { tempSqlite, TempSqlite } from '../../test/support/database';
import { Commission } from '../commissions/commission.entity';
import { markTransaction, openSqliteConnection, readConnectionOf, SqliteHandle, sqliteConnection } from './typeorm-internals';

/**
 * The TypeORM 0.3 internals monev-kip relies on (typeorm-internals.ts), each checked on a real
 * SQLite file: a TypeORM upgrade that changes one of them fails here by name.
 */
describe('TypeORM internals that monev-kip relies on', () => {
  let db: TempSqlite;
  let dataSource: DataSource;

  beforeEach(async () => {
    db = tempSqlite('typeorm-internals');
    dataSource = await db.open();
  });

  afterEach(() => db.close());

  /** Runs one statement on a node-sqlite3 connection, finalizing it (a connection closes only without open statements). */
  const all = (handle: SqliteHandle, sql: string) =>
    new Promise<unknown[]>((resolve, reject) => {
      const statement = handle.prepare(sql);
      statement.all([], (error, rows) => statement.finalize(() => (error ? reject(error) : resolve(rows))));
    });

  it('the sqlite driver exposes its node-sqlite3 connection (databaseConnection) with prepared statements', async () => {
    const handle = sqliteConnection(dataSource.manager, false);
    expect(handle).toBe((dataSource.driver as unknown as { databaseConnection: unknown }).databaseConnection);
    expect(typeof handle?.prepare).toBe('function');
    expect(await all(handle!, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it("the driver's node-sqlite3 module (driver.sqlite) opens a second connection to the same file", async () => {
    await dataSource.manager.insert(Commission, { code: 'ki-a', name: 'KI A', city: null });
    const other = await openSqliteConnection(dataSource, db.path);
    try {
      expect(await all(other, 'SELECT code FROM commission')).toEqual([{ code: 'ki-a' }]);
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });

  it('reads outside a transaction are routed to the read connection (createQueryRunner replaced per caller)', async () => {
    const reader = readConnectionOf(dataSource.driver);
    expect(reader).toBeDefined();
    expect(sqliteConnection(dataSource.manager, true)).toBe(reader);
    expect(dataSource.createQueryRunner()).not.toBe(dataSource.createQueryRunner());
  });

  it('SqliteQueryRunner.query calls connect() before its first await (the read routing sets a flag connect() reads)', async () => {
    const runner = new SqliteQueryRunner(dataSource.driver as SqliteDriver);
    const connect = runner.connect.bind(runner);
    let connectedSynchronously = false;
    let insideQueryCall = false;
    runner.connect = () => {
      connectedSynchronously = insideQueryCall;
      return connect();
    };
    insideQueryCall = true;
    const result = runner.query('SELECT 1 AS one');
    insideQueryCall = false;
    expect(await result).toEqual([{ one: 1 }]);
    expect(connectedSynchronously).toBe(true);
    await runner.release();
  });

  it('a query runner marked as in a transaction (isTransactionActive, transactionDepth) saves without opening one of its own', async () => {
    const runner = dataSource.createQueryRunner();
    const state = runner as unknown as { isTransactionActive: unknown; transactionDepth: unknown };
    expect(typeof state.isTransactionActive).toBe('boolean');
    expect(typeof state.transactionDepth).toBe('number');
    const started = jest.spyOn(runner, 'startTransaction');
    try {
      await runner.manager.save(Commission, { code: 'ki-plain', name: 'KI', city: null });
      expect(started).toHaveBeenCalledTimes(1); // unmarked: TypeORM wraps the save in its own transaction

      started.mockClear();
      await runner.query('BEGIN IMMEDIATE');
      markTransaction(runner, true);
      expect(runner.isTransactionActive).toBe(true);
      expect(state.transactionDepth).toBe(1);
      await runner.manager.save(Commission, { code: 'ki-marked', name: 'KI', city: null });
      expect(started).not.toHaveBeenCalled();
      await runner.query('COMMIT');
      markTransaction(runner, false);
      expect(runner.isTransactionActive).toBe(false);
      expect(state.transactionDepth).toBe(0);
    } finally {
      await runner.release();
    }
    expect((await dataSource.manager.find(Commission)).map((c) => c.code).sort()).toEqual(['ki-marked', 'ki-plain']);
  });
});
