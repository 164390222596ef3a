import { DataSource } from 'typeorm';
import { Commission } from '../src/commissions/commission.entity';
import { storedInstant } from '../src/common/instant';
import { databaseOptions, MIGRATIONS, openDatabase } from '../src/database/data-source';
import { rfc3339FromLegacy } from '../src/database/migrations/1764500000000-rfc3339-instants';
import { Extension } from '../src/editions/extension.entity';
import { Stage } from '../src/editions/stage.entity';
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

describe('instants stored by earlier versions (migration 1764500000000)', () => {
  // stored value → the RFC 3339 text of the instant the earlier version read it as (Date.parse)
  const LEGACY: [string, string][] = [
    ['2025-05-01T08:00+08:00', '2025-05-01T08:00:00+08:00'],
    ['2025-02-30T00:00:00+08:00', '2025-03-02T00:00:00+08:00'],
    ['2025-06-31T23:59:59.5+07:00', '2025-07-01T23:59:59.5+07:00'],
    ['2025-08-31T24:00:00+08:00', '2025-09-01T00:00:00+08:00'],
    ['2025-12-31T24:00Z', '2026-01-01T00:00:00Z'],
    ['2025-08-31T15:59:59.123456Z', '2025-08-31T15:59:59.123456Z'],
  ];
  let target: TestDatabase;

  beforeAll(async () => {
    target = await testDatabase('legacy-instants');
  });

  afterAll(() => target.drop());

  it('are rewritten as RFC 3339 texts of the same instants, so every window stays where it was', async () => {
    const before = new DataSource({ ...databaseOptions({ dbPath: target.dbPath, databaseUrl: target.databaseUrl }), migrations: MIGRATIONS.slice(0, 2) });
    await before.initialize();
    await before.runMigrations({ transaction: 'all' });
    for (const [i, [value]] of LEGACY.entries()) {
      await before.manager.insert(Stage, {
        editionId: 1, code: `s${i}`, position: i, kind: 'questionnaire', instrumentId: 'saq', instrumentVersion: 1, weight: '100', gate: null,
        opensAt: '2025-01-01T00:00:00Z', closesAt: value, verificationOpensAt: null, verificationClosesAt: null, objectionOpensAt: value, objectionClosesAt: '2026-12-31T23:59:59Z',
      });
      await before.manager.insert(Extension, { stageId: i + 1, bodyId: 1, until: value, reason: 'banjir', grantedBy: 'admin', grantedAt: '2025-01-01T00:00:00.000Z' });
    }
    await before.destroy();

    const db = await openDatabase(target.dbPath, target.databaseUrl);
    const stages = await db.manager.find(Stage, { order: { position: 'ASC' } });
    const extensions = await db.manager.find(Extension, { order: { id: 'ASC' } });
    await db.destroy();
    const expected = LEGACY.map(([, rewritten]) => rewritten);
    expect(stages.map((s) => s.closesAt)).toEqual(expected);
    expect(stages.map((s) => s.objectionOpensAt)).toEqual(expected);
    expect(stages.map((s) => [s.opensAt, s.verificationOpensAt, s.objectionClosesAt])).toEqual(LEGACY.map(() => ['2025-01-01T00:00:00Z', null, '2026-12-31T23:59:59Z']));
    expect(extensions.map((x) => x.until)).toEqual(expected);
    for (const [value, rewritten] of LEGACY) expect(storedInstant(rewritten).epochMs).toBe(Date.parse(value));
  });

  it('a stored value no version accepted stops the migration with a message naming it', () => {
    expect(rfc3339FromLegacy('2025-05-01T00:00:00Z')).toBeNull();
    expect(() => rfc3339FromLegacy('besok pagi')).toThrow('stored instant "besok pagi" is neither RFC 3339 nor an instant an earlier version accepted; correct it by hand');
  });
});

describe('commissions stored before time zones (migration 1764640000000)', () => {
  let target: TestDatabase;

  beforeAll(async () => {
    target = await testDatabase('commission-zones');
  });

  afterAll(() => target.drop());

  it('are in Asia/Jakarta (WIB), and a new one names its own', async () => {
    const before = new DataSource({ ...databaseOptions({ dbPath: target.dbPath, databaseUrl: target.databaseUrl }), entities: [], migrations: MIGRATIONS.slice(0, -1) });
    await before.initialize();
    await before.runMigrations({ transaction: 'all' });
    await before.query('INSERT INTO commission (code, name, city) VALUES (\'ki-lama\', \'Komisi Informasi Lama\', NULL)');
    await before.destroy();

    const db = await openDatabase(target.dbPath, target.databaseUrl);
    await db.manager.insert(Commission, { code: 'ki-kaltim', name: 'Komisi Informasi Provinsi Kalimantan Timur', city: 'Samarinda', timeZone: 'Asia/Makassar' });
    const stored = await db.manager.find(Commission, { order: { code: 'ASC' } });
    await db.destroy();
    expect(stored.map((c) => [c.code, c.timeZone])).toEqual([['ki-kaltim', 'Asia/Makassar'], ['ki-lama', 'Asia/Jakarta']]);
  });
});
