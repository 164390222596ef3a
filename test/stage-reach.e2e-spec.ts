import { DataSource } from 'typeorm';
import { databaseOptions, MIGRATIONS, openDatabase } from '../src/database/data-source';
import { StageReach1764605000000 } from '../src/database/migrations/1764605000000-stage-reach';
import { TestDatabase, testDatabase } from './support/database';

/** A result's trace as an earlier version stored it: scores with exact and rounded only, who reached each stage inside. */
function olderResult(body: string, panel: { reached: boolean; gate: object }): string {
  const score = (exact: string, rounded: number) => ({ exact, rounded });
  return JSON.stringify({
    body, bodyName: `Badan Publik ${body.toUpperCase()}`, category: 'pemprov', status: 'complete', stages: { saq: 60, 'uji-publik': null },
    final: score('60', 60), predicate: 'cukup_informatif', predicateLabel: 'Cukup Informatif', rank: 1,
    trace: {
      stages: [
        { kind: 'questionnaire', stage: 'saq', weight: 70, reached: true, submitted: true, verificationComplete: true, claimed: score('80', 80), score: score('60', 60), indicators: [], questions: [], gate: null },
        { kind: 'panel', stage: 'uji-publik', weight: 30, reached: panel.reached, absent: false, aggregate: 'mean', minAssessors: 1, countedSheets: 0, complete: false, assessors: [], score: null, gate: panel.gate },
      ],
      final: { formula: '(70 × 60) ÷ 70 = 60 → 60.00', terms: [], score: score('60', 60) },
    },
  });
}

describe('who reached each stage, for results computed before it was stored as data (migration 1764600000000)', () => {
  let target: TestDatabase;

  beforeAll(async () => {
    target = await testDatabase('stage-reach');
  });

  afterAll(() => target.drop());

  it('is copied from the stored results’ traces, gate facts included, so jurors need no new compute', async () => {
    const before = new DataSource({ ...databaseOptions({ dbPath: target.dbPath, databaseUrl: target.databaseUrl }), migrations: MIGRATIONS.filter((m) => m !== StageReach1764605000000) });
    await before.initialize();
    await before.runMigrations({ transaction: 'all' });
    const insert = (sql: string, values: unknown[]) => before.query(target.kind === 'postgres' ? sql.replace(/\?/g, (_, i: number, s: string) => `$${s.slice(0, i).split('?').length}`) : sql, values);
    for (const [i, code] of ['saq', 'uji-publik'].entries()) {
      await insert('INSERT INTO stage ("editionId", code, position, kind, "instrumentId", "instrumentVersion", weight, "minAssessors", aggregate) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', [
        7, code, i, i === 0 ? 'questionnaire' : 'panel', 'x', 1, '50', 1, 'mean',
      ]);
    }
    const at = '2025-10-20T00:00:00.000Z';
    const results: [number, string][] = [
      [11, olderResult('a', { reached: true, gate: { rule: 'minScore', threshold: 60, earlierScore: { exact: '60', rounded: 60 }, rank: null, passed: true } })],
      [12, olderResult('b', { reached: false, gate: { rule: 'minScore', threshold: 60, earlierScore: { exact: '52.005', rounded: 52.01 }, rank: null, passed: false } })],
      [13, olderResult('c', { reached: false, gate: { rule: 'topPerCategory', threshold: 2, earlierScore: { exact: '40', rounded: 40 }, rank: 3, passed: false } })],
    ];
    for (const [bodyId, detail] of results) {
      await insert('INSERT INTO result ("editionId", "bodyId", category, status, detail, "computedAt") VALUES (?, ?, ?, ?, ?, ?)', [7, bodyId, 'pemprov', 'complete', detail, at]);
    }
    await before.destroy();

    const db = await openDatabase(target.dbPath, target.databaseUrl);
    const rows = await db.query(
      'SELECT x."editionId", x."bodyId", s.code AS stage, x.reached, x."gateRule", x."gateThreshold", x."gateEarlierHundredths", x."gateRank", x."computedAt"' +
        ' FROM stage_reach x JOIN stage s ON s.id = x."stageId" ORDER BY x."bodyId", s.position',
    );
    await db.destroy();
    const row = (bodyId: number, stage: string, reached: boolean, gate: [string, string, number, number | null] | null) => ({
      editionId: 7, bodyId, stage, reached,
      gateRule: gate?.[0] ?? null, gateThreshold: gate?.[1] ?? null, gateEarlierHundredths: gate?.[2] ?? null, gateRank: gate?.[3] ?? null, computedAt: at,
    });
    expect(rows.map((r: Record<string, unknown>) => ({ ...r, editionId: Number(r.editionId), bodyId: Number(r.bodyId), reached: r.reached === true || r.reached === 1 }))).toEqual([
      row(11, 'uji-publik', true, ['minScore', '60', 6000, null]),
      row(12, 'uji-publik', false, ['minScore', '60', 5201, null]),
      row(13, 'uji-publik', false, ['topPerCategory', '2', 4000, 3]),
    ]);
  });
});
