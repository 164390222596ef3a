import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Body } from '../bodies/body.entity';
import { findOrCreateLocked, forUpdate, insertMany } from '../database/sql';
import { Assignment } from '../editions/assignment.entity';
import { User } from '../users/user.entity';
import { Absence } from './absence.entity';
import { PanelSheetRow } from './panel-sheet.entity';

/** A juror's assignment in a panel stage, with its sheet's status and the body's absence. */
export interface PanelAssignmentRow {
  body: string;
  bodyName: string;
  category: string;
  assessor: string;
  sheetStatus: PanelSheetRow['status'] | null;
  absent: boolean;
}

/** A sheet as scoring reads it: the assessor by username, the scores as given. */
export interface SheetFactsRow {
  bodyId: number;
  stageId: number;
  assessor: string;
  status: PanelSheetRow['status'];
  scores: Record<string, number>;
  comment: string | null;
}

/** Stage ids per IN list. */
const CHUNK = 100;

/**
 * The one owner of `panel_sheet` and `absence`. Every method takes the manager it runs on: the
 * write transaction's for writes (and for reads the write decides on), any for reads. Views join
 * `assignment`, `body` and `user` for codes and names.
 */
@Injectable()
export class PanelsRepository {
  /** A panel stage's assignments (only one juror's, when given), by body code and username. */
  async assignments(manager: EntityManager, stageId: number, userId?: number): Promise<PanelAssignmentRow[]> {
    const query = manager
      .createQueryBuilder(Assignment, 'a')
      .innerJoin(Body, 'b', 'b.id = a.bodyId')
      .innerJoin(User, 'u', 'u.id = a.userId')
      .leftJoin(PanelSheetRow, 's', 's.stageId = a.stageId AND s.bodyId = a.bodyId AND s.userId = a.userId')
      .leftJoin(Absence, 'x', 'x.stageId = a.stageId AND x.bodyId = a.bodyId')
      .select(['b.code AS body', 'b.name AS "bodyName"', 'b.category AS category', 'u.username AS assessor', 's.status AS "sheetStatus"', 'x.id AS "absenceId"'])
      .where('a.stageId = :s', { s: stageId });
    if (userId !== undefined) query.andWhere('a.userId = :me', { me: userId });
    const rows: (Omit<PanelAssignmentRow, 'absent'> & { absenceId: number | null })[] = await query.orderBy('b.code', 'ASC').addOrderBy('u.username', 'ASC').getRawMany();
    return rows.map(({ absenceId, ...r }) => ({ ...r, sheetStatus: r.sheetStatus ?? null, absent: absenceId !== null }));
  }

  /** The sheets for one body in a stage (only one juror's, when given), in the order they were opened. */
  sheetsOfBody(manager: EntityManager, stageId: number, bodyId: number, userId?: number): Promise<PanelSheetRow[]> {
    return manager.find(PanelSheetRow, { where: { stageId, bodyId, ...(userId !== undefined ? { userId } : {}) }, order: { id: 'ASC' } });
  }

  /**
   * The juror's sheet, created as an empty draft (`values`) when missing, and locked for the rest
   * of the transaction (two saves of one sheet at once end up with the one row).
   */
  openSheet(manager: EntityManager, values: Omit<PanelSheetRow, 'id'>): Promise<{ row: PanelSheetRow; created: boolean }> {
    return findOrCreateLocked(manager, PanelSheetRow, { stageId: values.stageId, bodyId: values.bodyId, userId: values.userId }, values);
  }

  /** The juror's sheet, locked for the rest of the transaction; null when there is none. */
  lockedSheet(manager: EntityManager, stageId: number, bodyId: number, userId: number): Promise<PanelSheetRow | null> {
    return manager.findOne(PanelSheetRow, { where: { stageId, bodyId, userId }, ...forUpdate(manager) });
  }

  saveSheet(manager: EntityManager, sheet: PanelSheetRow): Promise<PanelSheetRow> {
    return manager.save(PanelSheetRow, sheet);
  }

  /** The body's absence from a stage; `lock` keeps it locked for the rest of the write transaction (PostgreSQL). */
  absence(manager: EntityManager, stageId: number, bodyId: number, options: { lock?: boolean } = {}): Promise<Absence | null> {
    return manager.findOne(Absence, { where: { stageId, bodyId }, ...(options.lock ? forUpdate(manager) : {}) });
  }

  async deleteAbsence(manager: EntityManager, id: number): Promise<void> {
    await manager.delete(Absence, { id });
  }

  /** The usernames of the jurors who submitted a sheet for the body in the stage, sorted. */
  async submittedAssessors(manager: EntityManager, stageId: number, bodyId: number): Promise<string[]> {
    const rows: { username: string }[] = await manager
      .createQueryBuilder(PanelSheetRow, 's')
      .innerJoin(User, 'u', 'u.id = s.userId')
      .select('u.username', 'username')
      .where('s.stageId = :stageId AND s.bodyId = :bodyId AND s.status = :status', { stageId, bodyId, status: 'submitted' })
      .orderBy('u.username', 'ASC')
      .getRawMany();
    return rows.map((r) => r.username);
  }

  isAbsent(manager: EntityManager, stageId: number, bodyId: number): Promise<boolean> {
    return manager.exists(Absence, { where: { stageId, bodyId } });
  }

  async insertAbsence(manager: EntityManager, row: Omit<Absence, 'id'>): Promise<void> {
    await manager.insert(Absence, row);
  }

  /**
   * Every sheet of an edition (or of one body in it), ordered by username, for the facts
   * scoring reads: one query for the whole edition, scores parsed.
   */
  async sheetsOfEdition(manager: EntityManager, editionId: number, bodyId?: number): Promise<SheetFactsRow[]> {
    const rows: { bodyId: number; stageId: number; assessor: string; status: PanelSheetRow['status']; scores: string; comment: string | null }[] = await manager
      .createQueryBuilder(PanelSheetRow, 's')
      .innerJoin(User, 'u', 'u.id = s.userId')
      .select(['s.bodyId AS "bodyId"', 's.stageId AS "stageId"', 'u.username AS assessor', 's.status AS status', 's.scores AS scores', 's.comment AS comment'])
      .where('s.editionId = :id', { id: editionId })
      .andWhere(bodyId !== undefined ? 's.bodyId = :only' : '1 = 1', { only: bodyId })
      .orderBy('u.username', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .getRawMany();
    return rows.map((r) => ({
      bodyId: Number(r.bodyId),
      stageId: Number(r.stageId),
      assessor: r.assessor,
      status: r.status,
      scores: JSON.parse(r.scores) as Record<string, number>,
      comment: r.comment ?? null,
    }));
  }

  /** The absences recorded in these stages (none for none). */
  async absencesOfStages(manager: EntityManager, stageIds: readonly number[]): Promise<Absence[]> {
    const found: Absence[] = [];
    for (let i = 0; i < stageIds.length; i += CHUNK) found.push(...(await manager.find(Absence, { where: { stageId: In(stageIds.slice(i, i + CHUNK)) } })));
    return found;
  }

  /** Many sheets at once (an import), as multi-row INSERTs inside the caller's transaction. */
  insertSheets(manager: EntityManager, rows: Omit<PanelSheetRow, 'id'>[]): Promise<void> {
    return insertMany(manager, PanelSheetRow, rows);
  }

  /** Many absences at once (an import), as multi-row INSERTs inside the caller's transaction. */
  insertAbsences(manager: EntityManager, rows: Omit<Absence, 'id'>[]): Promise<void> {
    return insertMany(manager, Absence, rows);
  }
}
