import { DataSource } from 'typeorm';
import { tempSqlite, TempSqlite } from '../../test/support/database';
import { User } from '../users/user.entity';
import { PanelsRepository } from './panels.repository';

describe('PanelsRepository: what scoring and an import read and write', () => {
  let db: TempSqlite;
  let dataSource: DataSource;
  const panels = new PanelsRepository();

  beforeAll(async () => {
    db = tempSqlite('panels-repository');
    dataSource = await db.open();
    const manager = dataSource.manager;
    await manager.insert(User, [
      { username: 'juri-b', passwordHash: null, role: 'juror', name: null, commissionId: null, bodyId: null },
      { username: 'juri-a', passwordHash: null, role: 'juror', name: null, commissionId: null, bodyId: null },
    ]);
    const sheet = { status: 'submitted' as const, updatedAt: '2025-11-10T09:00:00Z', submittedAt: '2025-11-10T09:00:00Z' };
    await dataSource.transaction((m) =>
      panels.insertSheets(m, [
        { ...sheet, editionId: 1, stageId: 10, bodyId: 100, userId: 1, scores: { K: 80, I: 70.5 }, comment: 'baik' },
        { ...sheet, editionId: 1, stageId: 10, bodyId: 100, userId: 2, scores: { K: 90 }, comment: null },
        { ...sheet, editionId: 1, stageId: 10, bodyId: 101, userId: 2, scores: {}, comment: 'konflik', status: 'recused' },
        { ...sheet, editionId: 2, stageId: 20, bodyId: 100, userId: 1, scores: { K: 1 }, comment: null },
      ]),
    );
    await dataSource.transaction((m) =>
      panels.insertAbsences(m, [
        { stageId: 10, bodyId: 102, reason: 'tidak hadir', recordedBy: 'import', recordedAt: '2025-11-10T09:00:00Z' },
        { stageId: 20, bodyId: 100, reason: null, recordedBy: 'import', recordedAt: '2025-11-10T09:00:00Z' },
      ]),
    );
  });

  afterAll(() => db.close());

  it('the sheets of an edition, scores parsed, by assessor username; or of one body', async () => {
    expect(await panels.sheetsOfEdition(dataSource.manager, 1)).toEqual([
      { bodyId: 100, stageId: 10, assessor: 'juri-a', status: 'submitted', scores: { K: 90 }, comment: null },
      { bodyId: 101, stageId: 10, assessor: 'juri-a', status: 'recused', scores: {}, comment: 'konflik' },
      { bodyId: 100, stageId: 10, assessor: 'juri-b', status: 'submitted', scores: { K: 80, I: 70.5 }, comment: 'baik' },
    ]);
    expect((await panels.sheetsOfEdition(dataSource.manager, 1, 101)).map((s) => s.assessor)).toEqual(['juri-a']);
  });

  it('the absences of the given stages only, none for no stage', async () => {
    expect((await panels.absencesOfStages(dataSource.manager, [10])).map((a) => [a.stageId, a.bodyId, a.reason])).toEqual([[10, 102, 'tidak hadir']]);
    expect(await panels.absencesOfStages(dataSource.manager, [])).toEqual([]);
    expect(await panels.isAbsent(dataSource.manager, 20, 100)).toBe(true);
    expect(await panels.isAbsent(dataSource.manager, 10, 100)).toBe(false);
  });
});
