import { DataSource, QueryFailedError } from 'typeorm';
import { Commission } from '../commissions/commission.entity';
import { Params, select } from './sql';
import { tempSqlite, TempSqlite } from '../../test/support/database';
import { readConnectionOf } from './typeorm-internals';
import { UnitOfWork } from './unit-of-work';

/** A promise and the function that settles it, to hold a transaction open at a chosen point. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('reads outside a transaction see committed data only (SQLite read connection)', () => {
  let db: TempSqlite;
  let dataSource: DataSource;

  beforeEach(async () => {
    db = tempSqlite('read-conn');
    dataSource = await db.open();
  });

  afterEach(() => db.close());

  const codes = async (): Promise<string[]> => (await dataSource.manager.find(Commission, { order: { code: 'ASC' } })).map((c) => c.code);
  const rawCodes = async (): Promise<string[]> => {
    const manager = dataSource.manager;
    const rows = await select<{ code: string }>(manager, 'SELECT code AS "code" FROM commission ORDER BY code', new Params(manager).values);
    return rows.map((r) => r.code);
  };
  const commission = (code: string) => ({ code, name: `KI ${code}`, city: null });

  it('a read while a write transaction is open sees neither its rows nor, after a rollback, anything of it', async () => {
    await dataSource.manager.insert(Commission, commission('ki-a'));
    const uow = new UnitOfWork(dataSource);
    const written = gate();
    const release = gate();
    const writing = uow.write(async (manager) => {
      await manager.insert(Commission, commission('ki-b'));
      // inside the transaction its own row is there
      expect((await manager.find(Commission)).map((c) => c.code).sort()).toEqual(['ki-a', 'ki-b']);
      expect(await select<{ code: string }>(manager, 'SELECT code AS "code" FROM commission WHERE code = ?', ['ki-b'])).toEqual([{ code: 'ki-b' }]);
      written.open();
      await release.opened;
      throw new Error('rolled back on purpose');
    });
    await written.opened;
    // outside it, through TypeORM and through the prepared-statement path alike, only what is committed
    expect(await codes()).toEqual(['ki-a']);
    expect(await rawCodes()).toEqual(['ki-a']);
    expect(await dataSource.manager.count(Commission)).toBe(1);
    release.open();
    await expect(writing).rejects.toThrow('rolled back on purpose');
    expect(await codes()).toEqual(['ki-a']);
  });

  it('a committed write is seen by the very next read; writes outside a transaction still work', async () => {
    const uow = new UnitOfWork(dataSource);
    await uow.write((manager) => manager.insert(Commission, commission('ki-c')));
    expect(await codes()).toEqual(['ki-c']);
    await dataSource.manager.insert(Commission, commission('ki-d'));
    expect(await rawCodes()).toEqual(['ki-c', 'ki-d']);
    await dataSource.manager.update(Commission, { code: 'ki-d' }, { name: 'KI D' });
    expect((await dataSource.manager.findOneByOrFail(Commission, { code: 'ki-d' })).name).toBe('KI D');
    await dataSource.manager.delete(Commission, { code: 'ki-c' });
    expect(await codes()).toEqual(['ki-d']);
  });

  it('the read connection refuses writes (query_only), so none can bypass the write queue', async () => {
    const reader = readConnectionOf(dataSource.driver) as unknown as { run: (sql: string, cb: (e: Error | null) => void) => void };
    expect(reader).toBeDefined();
    const error = await new Promise<Error | null>((resolve) => reader.run("INSERT INTO commission (code, name) VALUES ('x', 'x')", resolve));
    expect(String(error)).toMatch(/readonly|query_only|read-only/i);
    // a statement TypeORM sends that is not a SELECT goes to the writing connection
    await expect(dataSource.query("INSERT INTO commission (code, name) VALUES ('ki-e', 'KI E')")).resolves.toBeDefined();
    await expect(dataSource.query('SELECT nope FROM commission')).rejects.toBeInstanceOf(QueryFailedError);
    expect(await codes()).toEqual(['ki-e']);
  });

  it('closing the data source closes both connections; the file opens again', async () => {
    const driver = dataSource.driver;
    await dataSource.destroy();
    expect(readConnectionOf(driver)).toBeUndefined();
    dataSource = await db.open();
    await dataSource.manager.insert(Commission, commission('ki-f'));
    expect(await codes()).toEqual(['ki-f']);
  });
});
