import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { DataSource } from 'typeorm';
import { openDatabase } from '../src/database/data-source';

describe('database schema', () => {
  let dir: string;
  let db: DataSource;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'monev-schema-'));
    db = await openDatabase(join(dir, 'monev.sqlite'));
  });

  afterAll(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is built by the migrations exactly as the entities describe it (no pending change)', async () => {
    const pending = await db.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('runs in WAL mode', async () => {
    const [row] = await db.query('PRAGMA journal_mode');
    expect(row.journal_mode).toBe('wal');
  });

  it('applies the migrations once: opening again changes nothing', async () => {
    const again = await openDatabase(join(dir, 'monev.sqlite'));
    const applied = await again.query('SELECT COUNT(*) AS n FROM migrations');
    await again.destroy();
    expect(Number(applied[0].n)).toBe(1);
  });
});
