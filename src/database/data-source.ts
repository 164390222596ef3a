import { mkdirSync } from 'fs';
import { dirname } from 'path';
import sqlite3 from 'sqlite3';
import { DataSource, DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { attachReadConnection } from './read-connection';
import { InitialSchema1764300000000 } from './migrations/1764300000000-initial-schema';
import { StageFacts1764400000000 } from './migrations/1764400000000-stage-facts';
import { Rfc3339Instants1764500000000 } from './migrations/1764500000000-rfc3339-instants';
import { Secrets1764600000000 } from './migrations/1764600000000-secrets';
import { StageReach1764605000000 } from './migrations/1764605000000-stage-reach';
import { Accounts1764610000000 } from './migrations/1764610000000-accounts';
import { TextLengths1764620000000 } from './migrations/1764620000000-text-lengths';
import { RenderedDocuments1764630000000 } from './migrations/1764630000000-rendered-documents';
import { CommissionTimeZone1764640000000 } from './migrations/1764640000000-commission-time-zone';
import { PublicationAcceptUnverified1764670000000 } from './migrations/1764670000000-publication-accept-unverified';
import { EvidenceFiles1764680000000 } from './migrations/1764680000000-evidence-files';

export const MIGRATIONS = [
  InitialSchema1764300000000, StageFacts1764400000000, Rfc3339Instants1764500000000, Secrets1764600000000, StageReach1764605000000,
  Accounts1764610000000, TextLengths1764620000000, RenderedDocuments1764630000000, CommissionTimeZone1764640000000,
  PublicationAcceptUnverified1764670000000,
  EvidenceFiles1764680000000,
];
export const DEFAULT_DB_PATH = 'data/monev.sqlite';

/**
 * The plain node-sqlite3 module, for TypeORM, which calls `verbose()` on whatever it is given:
 * verbose mode wraps every database call to capture a stack trace and format its SQL and values
 * for a longer error stack (tens of µs per statement, on every request). Errors keep their
 * message, and TypeORM's QueryFailedError the failing SQL.
 */
const PLAIN_SQLITE = { verbose: () => sqlite3 };

/** The embedded SQLite file: WAL so readers never wait on the writer, a busy timeout for other processes. */
export function sqliteOptions(path: string): DataSourceOptions {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  return {
    type: 'sqlite',
    driver: PLAIN_SQLITE,
    database: path,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    enableWAL: true,
    busyTimeout: 10000,
  };
}

/** PostgreSQL for large deployments: the same entities and migrations. */
export function postgresOptions(url: string): DataSourceOptions {
  return { type: 'postgres', url, entities: ENTITIES, migrations: MIGRATIONS, migrationsRun: false, synchronize: false };
}

/** `DATABASE_URL` (postgres://…) when set, otherwise the SQLite file. */
export function databaseOptions(location: { dbPath: string; databaseUrl?: string }): DataSourceOptions {
  return location.databaseUrl ? postgresOptions(location.databaseUrl) : sqliteOptions(location.dbPath);
}

/**
 * In WAL mode, NORMAL sync still survives a crash of the process (not of the machine's power)
 * with every committed transaction, and makes each commit far cheaper under the deadline rush.
 * Reads outside a transaction get a connection of their own (read-connection.ts), so they see
 * committed data only.
 */
export async function tuneConnection(dataSource: DataSource): Promise<void> {
  if (dataSource.options.type !== 'sqlite') return;
  await dataSource.query('PRAGMA synchronous = NORMAL');
  await attachReadConnection(dataSource);
}

/** Opens the database and applies any pending migrations. */
export async function openDatabase(
  path: string = process.env.MONEV_DB_PATH || DEFAULT_DB_PATH,
  databaseUrl: string | undefined = process.env.DATABASE_URL,
): Promise<DataSource> {
  const dataSource = new DataSource(databaseOptions({ dbPath: path, databaseUrl }));
  await dataSource.initialize();
  await tuneConnection(dataSource);
  await dataSource.runMigrations({ transaction: 'all' });
  return dataSource;
}
