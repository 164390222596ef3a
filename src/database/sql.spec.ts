import { DataSource, QueryFailedError } from 'typeorm';
import { tempSqlite, TempSqlite } from '../../test/support/database';
import { AuditEntry } from '../audit/audit-entry.entity';
import { Edition } from '../editions/edition.entity';
import { execute, flag, hydrate, insertRow, Params, select, selectColumns } from './sql';

describe('plain SQL on the hot path (SQLite, prepared statements)', () => {
  let db: TempSqlite;
  let dataSource: DataSource;

  beforeEach(async () => {
    db = tempSqlite('sql');
    dataSource = await db.open();
  });

  afterEach(() => db.close());

  it('binds values by position, reuses the statement, and sees the writes of its own transaction', async () => {
    const manager = dataSource.manager;
    const insert = (code: string, id: number) => {
      const p = new Params(manager);
      return execute(manager, `INSERT INTO commission (id, code, name, city) VALUES (${p.add(id)}, ${p.add(code)}, ${p.add(`KI ${code}`)}, NULL)`, p.values);
    };
    await insert('ki-a', 1);
    await insert('ki-b', 2);
    const byCode = (code: string, m = manager) => {
      const p = new Params(m);
      return select<{ id: number; name: string }>(m, `SELECT id AS "id", name AS "name" FROM commission WHERE code = ${p.add(code)}`, p.values);
    };
    expect(await byCode('ki-b')).toEqual([{ id: 2, name: 'KI ki-b' }]);
    expect(await byCode('ki-a')).toEqual([{ id: 1, name: 'KI ki-a' }]);
    expect(await byCode('nope')).toEqual([]);
    await expect(
      dataSource.transaction(async (m) => {
        await insert('ki-c', 3);
        expect(await byCode('ki-c', m)).toEqual([{ id: 3, name: 'KI ki-c' }]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await byCode('ki-c')).toEqual([]);
  });

  it('a statement that cannot be prepared or fails rejects with QueryFailedError (never hangs), and the next one works', async () => {
    const manager = dataSource.manager;
    await expect(select(manager, 'SELECT missing_column FROM no_such_table', [])).rejects.toBeInstanceOf(QueryFailedError);
    await expect(select(manager, 'SELECT missing_column FROM no_such_table', [])).rejects.toThrow(/no such table/);
    await execute(manager, "INSERT INTO commission (id, code, name, city) VALUES (1, 'ki-a', 'KI A', NULL)", []);
    await expect(execute(manager, "INSERT INTO commission (id, code, name, city) VALUES (1, 'ki-a', 'KI A', NULL)", [])).rejects.toBeInstanceOf(QueryFailedError);
    expect(await select(manager, 'SELECT COUNT(*) AS "n" FROM commission', [])).toEqual([{ n: 1 }]);
  });

  it('the connection still closes with prepared statements open (they are finalized first), and reopens', async () => {
    await select(dataSource.manager, 'SELECT COUNT(*) AS "n" FROM commission', []);
    await select(dataSource.manager, 'SELECT COUNT(*) AS "n" FROM edition', []);
    await dataSource.destroy();
    expect(dataSource.isInitialized).toBe(false);
    dataSource = await db.open();
    expect(await select(dataSource.manager, 'SELECT COUNT(*) AS "n" FROM commission', [])).toEqual([{ n: 0 }]);
  });

  it('hydrates an entity from aliased columns as find does (JSON and booleans converted), null for a missing row', async () => {
    const manager = dataSource.manager;
    await execute(manager, "INSERT INTO commission (id, code, name, city) VALUES (1, 'ki-a', 'KI A', NULL)", []);
    await manager.insert(Edition, {
      code: 'e-2025', commissionId: 1, year: 2025, title: 'E', simulated: true,
      categories: [{ code: 'opd', name: 'OPD' }], bands: [], certificate: null, computedAt: null,
    });
    const row = (await select(manager, `SELECT ${selectColumns(manager, Edition, 'e')} FROM edition e`, []))[0];
    const found = await manager.findOneOrFail(Edition, { where: { code: 'e-2025' } });
    expect(hydrate(manager, Edition, row, 'e')).toEqual(found);
    expect(hydrate(manager, Edition, row, 'e')).toBeInstanceOf(Edition);
    const missing = (await select(manager, `SELECT ${selectColumns(manager, Edition, 'e')} FROM commission c LEFT JOIN edition e ON e.id = -1`, []))[0];
    expect(hydrate(manager, Edition, missing, 'e')).toBeNull();
    expect([flag(1), flag(0), flag(true), flag(false), flag(null)]).toEqual([true, false, true, false, false]);
  });

  it('insertRow writes one row as insert would: JSON converted, a missing value NULL, NOT NULL enforced', async () => {
    const manager = dataSource.manager;
    const row = { at: '2025-09-01T00:00:00.000Z', actor: 'ppid-a', action: 'answer.save', subject: 'answer saq 1.1', before: null, after: { value: true, evidence: ['https://x.example/b.pdf'] } };
    await insertRow(manager, AuditEntry, row);
    await insertRow(manager, AuditEntry, { ...row, editionId: 7, bodyCode: 'a', before: { value: false } });
    const stored = await manager.find(AuditEntry, { order: { id: 'ASC' } });
    expect(stored.map(({ id: _id, ...rest }) => rest)).toEqual([
      { ...row, editionId: null, commissionId: null, bodyCode: null },
      { ...row, editionId: 7, commissionId: null, bodyCode: 'a', before: { value: false } },
    ]);
    await expect(insertRow(manager, AuditEntry, { ...row, actor: undefined })).rejects.toBeInstanceOf(QueryFailedError); // NOT NULL
    expect(await manager.count(AuditEntry)).toBe(2);
  });
});
