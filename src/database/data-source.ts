import { mkdirSync } from 'fs';
import { dirname } from 'path';
import { DataSource, DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { InitialSchema1764300000000 } from './migrations/1764300000000-initial-schema';

export const MIGRATIONS = [InitialSchema1764300000000];
export const DEFAULT_DB_PATH = 'data/monev.sqlite';

/** The embedded SQLite file: WAL so readers never wait on the writer, a busy timeout for other processes. */
export function sqliteOptions(path: string): DataSourceOptions {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  return {
    type: 'sqlite',
    database: path,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    enableWAL: true,
    busyTimeout: 10000,
  };
}

/** Opens the database and applies any pending migrations. */
export async function openDatabase(path: string = process.env.MONEV_DB_PATH || DEFAULT_DB_PATH): Promise<DataSource> {
  const dataSource = new DataSource(sqliteOptions(path));
  await dataSource.initialize();
  await dataSource.query('PRAGMA foreign_keys = ON');
  await dataSource.runMigrations({ transaction: 'all' });
  return dataSource;
}
