import { existsSync, linkSync, mkdirSync, rmSync, statSync } from 'fs';
import { dirname, resolve } from 'path';
import { DataSource } from 'typeorm';
import { ConflictError } from '../common/errors';
import { sqliteOptions } from './data-source';

export interface BackupSummary {
  file: string;
  bytes: number;
}

/**
 * A consistent online copy of the SQLite file: `VACUUM INTO` reads one snapshot (in WAL mode the
 * API keeps writing meanwhile) and writes a compact copy. The copy goes to a temporary name first
 * and is then linked to `target`, which never overwrites an existing file and never leaves a
 * half-written one under the requested name.
 */
export async function backupSqlite(dbPath: string, target: string): Promise<BackupSummary> {
  const file = resolve(target);
  if (existsSync(file)) {
    throw new ConflictError('backup.exists', { en: `${file}: the file exists already; a backup never overwrites a file`, id: `${file}: berkas sudah ada; cadangan tidak menimpa berkas` });
  }
  if (dbPath === ':memory:' || !existsSync(dbPath)) {
    throw new ConflictError('backup.no_database', { en: `${dbPath}: SQLite database not found (MONEV_DB_PATH)`, id: `${dbPath}: basis data SQLite tidak ditemukan (MONEV_DB_PATH)` });
  }
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.sebagian`;
  const dataSource = new DataSource(sqliteOptions(dbPath));
  await dataSource.initialize();
  try {
    await dataSource.query('VACUUM INTO ?', [partial]);
    linkSync(partial, file);
  } finally {
    rmSync(partial, { force: true });
    await dataSource.destroy();
  }
  return { file, bytes: statSync(file).size };
}
