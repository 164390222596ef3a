import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { openDatabase } from '../../src/database/data-source';

/**
 * A fresh, empty database for one test file: a SQLite file in a temp folder, or — when
 * MONEV_TEST_POSTGRES_URL names a PostgreSQL server (as .ci/run sets it for its second pass) —
 * a new PostgreSQL database on it. `env` is what the app reads: MONEV_DB_PATH or DATABASE_URL.
 */
export interface TestDatabase {
  kind: 'sqlite' | 'postgres';
  env: { MONEV_DB_PATH: string; DATABASE_URL?: string };
  dbPath: string;
  databaseUrl?: string;
  drop(): Promise<void>;
}

let counter = 0;

export async function testDatabase(label = 'test'): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), `monev-${label}-`));
  const dbPath = join(dir, 'monev.sqlite');
  const server = process.env.MONEV_TEST_POSTGRES_URL;
  if (!server) {
    return { kind: 'sqlite', env: { MONEV_DB_PATH: dbPath }, dbPath, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `monev_${label.replace(/\W/g, '_')}_${process.pid}_${++counter}`.toLowerCase();
  const admin = new Client({ connectionString: server });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  return {
    kind: 'postgres',
    env: { MONEV_DB_PATH: dbPath, DATABASE_URL: databaseUrl },
    dbPath,
    databaseUrl,
    drop: async () => {
      const c = new Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A migrated SQLite file in a temp folder, for a spec that works on the database layer itself. */
export interface TempSqlite {
  path: string;
  /** opens (or reopens) the file: migrations applied, connections tuned as in service */
  open(): Promise<DataSource>;
  /** closes what is still open and removes the folder */
  close(): Promise<void>;
}

export function tempSqlite(label: string): TempSqlite {
  const dir = mkdtempSync(join(tmpdir(), `monev-${label}-`));
  const path = join(dir, 'monev.sqlite');
  const opened: DataSource[] = [];
  return {
    path,
    async open() {
      const dataSource = await openDatabase(path, undefined);
      opened.push(dataSource);
      return dataSource;
    },
    async close() {
      for (const dataSource of opened) if (dataSource.isInitialized) await dataSource.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
