import { DataSource } from 'typeorm';
import { MIGRATIONS, openDatabase } from '../src/database/data-source';
import { TestDatabase, testDatabase } from './support/database';

describe('database schema', () => {
  let target: TestDatabase;
  let db: DataSource;

  beforeAll(async () => {
    target = await testDatabase('schema');
    db = await openDatabase(target.dbPath, target.databaseUrl);
  });

  afterAll(async () => {
    await db.destroy();
    await target.drop();
  });

  it('is built by the migrations exactly as the entities describe it (no pending change)', async () => {
    const pending = await db.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('runs SQLite in WAL mode', async () => {
    if (target.kind !== 'sqlite') return expect(db.options.type).toBe('postgres');
    const [row] = await db.query('PRAGMA journal_mode');
    expect(row.journal_mode).toBe('wal');
  });

  it('applies the migrations once: opening again changes nothing', async () => {
    const again = await openDatabase(target.dbPath, target.databaseUrl);
    const applied = await again.query('SELECT COUNT(*) AS n FROM migrations');
    await again.destroy();
    expect(Number(applied[0].n)).toBe(MIGRATIONS.length);
  });
});
