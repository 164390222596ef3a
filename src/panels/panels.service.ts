import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Body } from '../bodies/body.entity';
import { AccessService } from '../access/access.service';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { ConflictError, InvalidInputError, NotFoundError } from '../common/errors';
import { angka, waktuIndonesia } from '../common/indonesian';
import { UnitOfWork } from '../database/unit-of-work';
import { Edition } from '../editions/edition.entity';
import { Stage } from '../editions/stage.entity';
import { EditionsRepository } from '../editions/editions.repository';
import { requireNotClosed, requireOpen } from '../editions/windows';
import { checkAspectScores } from '../instruments/answer-rules';
import { InstrumentsService } from '../instruments/instruments.service';
import { ResultsRepository } from '../results/results.repository';
import { assessorTotal, hundredthsToNumber, RubricDef, toScore } from '../scoring';
import { UsersRepository } from '../users/users.repository';
import { DraftSheetDto, ReasonDto } from './dto/sheet.dto';
import { PanelSheetRow } from './panel-sheet.entity';
import { PanelAssignmentRow, PanelsRepository } from './panels.repository';

export interface SheetView {
  body: string;
  stage: string;
  assessor: string;
  status: PanelSheetRow['status'];
  scores: Record<string, number>;
  comment: string | null;
  total: number | null;
  updatedAt: string;
  submittedAt: string | null;
}

export interface SheetReopened extends SheetView {
  reopenedBy: string;
  reopenedAt: string;
  reason: string;
}

export interface BodySheets {
  body: string;
  stage: string;
  absent: boolean;
  sheets: SheetView[];
}

export type PanelAssignmentView = PanelAssignmentRow;

export interface AbsenceView {
  body: string;
  stage: string;
  reason: string | null;
  recordedBy: string;
  recordedAt: string;
}

/** Uji publik / visitasi: jurors score the bodies assigned to them; sheets lock on submit; a juror may recuse. */
@Injectable()
export class PanelsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly instruments: InstrumentsService,
    private readonly results: ResultsRepository,
    private readonly clock: Clock,
    private readonly repository: PanelsRepository,
    private readonly users: UsersRepository,
    private readonly editions: EditionsRepository,
  ) {}

  /** Admins see every assignment of the stage; a juror only its own. */
  async assignments(actor: Actor, editionCode: string, stageCode: string): Promise<PanelAssignmentView[]> {
    const { stage } = await this.access.requireStage(actor, 'panel.read', editionCode, { kind: 'panel', code: stageCode });
    return this.repository.assignments(this.dataSource.manager, stage.id, actor.role === 'admin' ? undefined : actor.id);
  }

  /** The sheets of one body: all of them for an admin, only its own for a juror (never another juror's). */
  async sheets(actor: Actor, editionCode: string, stageCode: string, bodyCode: string): Promise<BodySheets> {
    const { stage, body } = await this.access.requireBody(actor, 'panel.read', editionCode, bodyCode, { kind: 'panel', code: stageCode });
    const manager = this.dataSource.manager;
    const rubric = await this.rubric(stage, manager);
    const rows = await this.repository.sheetsOfBody(manager, stage.id, body.id, actor.role === 'admin' ? undefined : actor.id);
    const users = new Map((await this.users.byIds(manager, rows.map((r) => r.userId))).map((u) => [u.id, u.username]));
    return {
      body: body.code,
      stage: stage.code,
      absent: await this.repository.isAbsent(manager, stage.id, body.id),
      sheets: rows.map((r) => this.sheetView(r, rubric, body, stage, users.get(r.userId) ?? '?')),
    };
  }

  /** Saves the juror's draft (the whole sheet: scores and comment), inside the panel window, for a body that reached the stage. */
  async draft(actor: Actor, editionCode: string, stageCode: string, bodyCode: string, dto: DraftSheetDto): Promise<SheetView> {
    const { edition, commission, stage, body } = await this.access.requireBody(actor, 'panel.score', editionCode, bodyCode, { kind: 'panel', code: stageCode });
    const rubric = await this.rubric(stage);
    const issues = checkAspectScores(rubric, dto.scores, false);
    if (issues.length) throw new InvalidInputError(issues);
    return this.uow.write(async (manager) => {
      await this.requireScorable(manager, edition, stage, body, commission.timeZone);
      const now = this.clock.now().toISOString();
      const { sheet, before } = await this.openSheet(manager, edition, stage, body, actor, now, commission.timeZone);
      Object.assign(sheet, { status: 'draft', scores: dto.scores, comment: dto.comment ?? null, updatedAt: now });
      const saved = await this.repository.saveSheet(manager, sheet);
      await this.audit.record(manager, {
        actor: actor.username, action: 'sheet.draft', editionId: edition.id, bodyCode: body.code, subject: `sheet ${stage.code} ${actor.username}`,
        before: before ? { status: before.status, scores: before.scores, comment: before.comment } : null,
        after: { status: 'draft', scores: saved.scores, comment: saved.comment },
      });
      return this.sheetView(saved, rubric, body, stage, actor.username);
    });
  }

  /** Submits the draft: every aspect scored; the sheet is locked afterwards. */
  async submit(actor: Actor, editionCode: string, stageCode: string, bodyCode: string): Promise<SheetView> {
    const { edition, commission, stage, body } = await this.access.requireBody(actor, 'panel.score', editionCode, bodyCode, { kind: 'panel', code: stageCode });
    const rubric = await this.rubric(stage);
    return this.uow.write(async (manager) => {
      await this.requireScorable(manager, edition, stage, body, commission.timeZone);
      const sheet = await this.repository.lockedSheet(manager, stage.id, body.id, actor.id);
      if (!sheet) {
        throw new ConflictError('sheet.no_draft', {
          en: `there is no draft sheet for body "${body.code}" to submit; save a draft of the scores first`,
          id: `belum ada draf lembar nilai untuk badan publik "${body.code}" yang bisa dikirim; simpan dulu draf nilainya`,
        });
      }
      this.requireDraft(sheet, stage, body, actor, commission.timeZone);
      const missing = checkAspectScores(rubric, sheet.scores, true);
      if (missing.length) {
        throw new ConflictError('sheet.incomplete', {
          en: `the sheet is incomplete: ${missing.map((i) => `${i.field}: ${i.message}`).join('; ')}`,
          id: `lembar nilai belum lengkap: ${missing.map((i) => `${i.field}: ${i.text}`).join('; ')}`,
        });
      }
      const now = this.clock.now().toISOString();
      Object.assign(sheet, { status: 'submitted', submittedAt: now, updatedAt: now });
      await this.repository.saveSheet(manager, sheet);
      await this.audit.record(manager, {
        actor: actor.username, action: 'sheet.submit', editionId: edition.id, bodyCode: body.code, subject: `sheet ${stage.code} ${actor.username}`,
        before: { status: 'draft' }, after: { status: 'submitted', scores: sheet.scores, comment: sheet.comment },
      });
      return this.sheetView(sheet, rubric, body, stage, actor.username);
    });
  }

  /** The juror withdraws from this body (conflict of interest): any time until the panel window closes, unless already submitted. */
  async recuse(actor: Actor, editionCode: string, stageCode: string, bodyCode: string, dto: ReasonDto): Promise<SheetView> {
    const { edition, commission, stage, body } = await this.access.requireBody(actor, 'panel.score', editionCode, bodyCode, { kind: 'panel', code: stageCode });
    const rubric = await this.rubric(stage);
    return this.uow.write(async (manager) => {
      requireNotClosed(stage, 'window', commission.timeZone, this.clock.now(), await this.editions.extendedUntil(manager, stage.id, body.id));
      const now = this.clock.now().toISOString();
      const { sheet, before } = await this.openSheet(manager, edition, stage, body, actor, now, commission.timeZone);
      Object.assign(sheet, { status: 'recused', scores: {}, comment: dto.reason, updatedAt: now });
      const saved = await this.repository.saveSheet(manager, sheet);
      await this.audit.record(manager, {
        actor: actor.username, action: 'sheet.recuse', editionId: edition.id, bodyCode: body.code, subject: `sheet ${stage.code} ${actor.username}`,
        before: before ? { status: before.status, scores: before.scores, comment: before.comment } : null,
        after: { status: 'recused', reason: dto.reason },
      });
      return this.sheetView(saved, rubric, body, stage, actor.username);
    });
  }

  /**
   * SPEC §15: an admin reopens one submitted score sheet for its juror, with the reason (the
   * plenary decision, typically), audited as `panel.sheet.reopen`. The sheet becomes that juror's
   * draft again, its scores and comment kept; the juror changes and submits it under the normal
   * rules — inside the panel window or the body's extension (the admin moves the window or grants
   * an extension when it has closed). Until it is submitted again the sheet does not count (the
   * body's panel result may be incomplete, and no publication is made while it is). Nothing else
   * becomes editable: the other jurors' sheets stay as they are.
   */
  async reopenSheet(actor: Actor, editionCode: string, stageCode: string, bodyCode: string, username: string, dto: ReasonDto): Promise<SheetReopened> {
    const { edition, stage, body } = await this.access.requireBody(actor, 'correction.reopen', editionCode, bodyCode, { kind: 'panel', code: stageCode });
    const rubric = await this.rubric(stage);
    return this.uow.write(async (manager) => {
      const juror = await this.users.byUsername(manager, username);
      if (!juror || (juror.commissionId !== null && juror.commissionId !== edition.commissionId)) throw new NotFoundError('user', username);
      const sheet = await this.repository.lockedSheet(manager, stage.id, body.id, juror.id);
      if (sheet?.status !== 'submitted') {
        const why = !sheet
          ? { en: 'there is no sheet', id: 'belum ada lembar nilai' }
          : sheet.status === 'draft'
            ? { en: 'it is a draft', id: 'lembar itu masih draf' }
            : { en: `${username} recused from the body`, id: `${username} mundur dari penilaian badan publik itu` };
        throw new ConflictError('sheet.not_submitted', {
          en: `the sheet of ${username} for body "${body.code}" in stage "${stage.code}" is not submitted (${why.en}): there is nothing to reopen`,
          id: `lembar nilai ${username} untuk badan publik "${body.code}" pada tahap "${stage.code}" belum dikirim (${why.id}): tidak ada yang bisa dibuka kembali`,
        });
      }
      const before = { status: sheet.status, submittedAt: sheet.submittedAt, scores: sheet.scores, comment: sheet.comment };
      const now = this.clock.now().toISOString();
      Object.assign(sheet, { status: 'draft', submittedAt: null, updatedAt: now });
      const saved = await this.repository.saveSheet(manager, sheet);
      await this.audit.record(manager, {
        actor: actor.username, action: 'panel.sheet.reopen', editionId: edition.id, bodyCode: body.code, subject: `sheet ${stage.code} ${body.code} ${username}`,
        before, after: { status: 'draft', reason: dto.reason },
      });
      return { ...this.sheetView(saved, rubric, body, stage, username), reopenedBy: actor.username, reopenedAt: now, reason: dto.reason };
    });
  }

  /**
   * The admin records that a body which reached the stage did not present: it scores 0 there
   * (SPEC §16). Only inside the panel window (or the body's extension), never over a submitted
   * sheet of that body in the stage (its jurors scored a presentation), and not after the
   * edition's first publication — changing a published result is a correction (SPEC §15).
   */
  async absent(actor: Actor, editionCode: string, stageCode: string, bodyCode: string, dto: ReasonDto): Promise<AbsenceView> {
    const { edition, commission, stage, body } = await this.access.requireBody(actor, 'panel.absence', editionCode, bodyCode, { kind: 'panel', code: stageCode });
    const zone = commission.timeZone;
    return this.uow.write(async (manager) => {
      const published = await this.results.publication(manager, edition.id);
      if (published) {
        throw new ConflictError('absence.after_publication', {
          en: `edition ${edition.code} was published (version ${published.version}, ${published.publishedAt}): recording body "${body.code}" absent now changes a published result, which needs a correction`,
          id: `edisi ${edition.code} sudah ditetapkan (versi ${published.version}, ${waktuIndonesia(published.publishedAt, zone)}): mencatat badan publik "${body.code}" tidak hadir sekarang mengubah hasil yang sudah ditetapkan, dan itu perlu koreksi`,
        });
      }
      requireOpen(stage, 'window', zone, this.clock.now(), await this.editions.extendedUntil(manager, stage.id, body.id));
      await this.requireReached(manager, edition, stage, body, zone);
      const submitted = await this.repository.submittedAssessors(manager, stage.id, body.id);
      if (submitted.length) {
        throw new ConflictError('absence.presented', {
          en: `body "${body.code}" has ${submitted.length} submitted score sheets in stage "${stage.code}" (${submitted.join(', ')}): it presented, so it cannot be recorded absent`,
          id: `badan publik "${body.code}" punya ${submitted.length} lembar nilai terkirim pada tahap "${stage.code}" (${submitted.join(', ')}): badan publik itu sudah presentasi, jadi tidak bisa dicatat tidak hadir`,
        });
      }
      const existing = await this.repository.absence(manager, stage.id, body.id);
      if (existing) {
        throw new ConflictError('absence.exists', {
          en: `body "${body.code}" was already recorded absent from stage "${stage.code}" at ${existing.recordedAt}`,
          id: `badan publik "${body.code}" sudah dicatat tidak hadir pada tahap "${stage.code}" pada ${waktuIndonesia(existing.recordedAt, zone)}`,
        });
      }
      const absence = { stageId: stage.id, bodyId: body.id, reason: dto.reason, recordedBy: actor.username, recordedAt: this.clock.now().toISOString() };
      await this.repository.insertAbsence(manager, absence);
      await this.audit.record(manager, {
        actor: actor.username, action: 'absence.record', editionId: edition.id, bodyCode: body.code, subject: `absence ${stage.code}`,
        before: null, after: { reason: dto.reason },
      });
      return { body: body.code, stage: stage.code, reason: absence.reason, recordedBy: absence.recordedBy, recordedAt: absence.recordedAt };
    });
  }

  /**
   * The admin withdraws a recorded absence, with the reason (SPEC §15): the body's jurors may
   * score it again while the window (or its extension) is open, and the next compute no longer
   * scores it 0 (until its sheets are submitted its panel result is incomplete). This is the
   * correction route for an absence recorded by mistake, so it works after publication too (the
   * next publication, with its reason, carries the change). Audited as `panel.absence.withdraw`
   * with the absence as it was and the reason.
   */
  async withdrawAbsence(actor: Actor, editionCode: string, stageCode: string, bodyCode: string, dto: ReasonDto): Promise<AbsenceView & { withdrawnBy: string; withdrawnAt: string; withdrawReason: string }> {
    const { edition, stage, body } = await this.access.requireBody(actor, 'panel.absence', editionCode, bodyCode, { kind: 'panel', code: stageCode });
    return this.uow.write(async (manager) => {
      const existing = await this.repository.absence(manager, stage.id, body.id, { lock: true });
      if (!existing) {
        throw new ConflictError('absence.missing', {
          en: `body "${body.code}" is not recorded absent from stage "${stage.code}": there is no absence to withdraw`,
          id: `badan publik "${body.code}" tidak tercatat tidak hadir pada tahap "${stage.code}": tidak ada catatan tidak hadir yang bisa dicabut`,
        });
      }
      await this.repository.deleteAbsence(manager, existing.id);
      const withdrawnAt = this.clock.now().toISOString();
      await this.audit.record(manager, {
        actor: actor.username, action: 'panel.absence.withdraw', editionId: edition.id, bodyCode: body.code, subject: `absence ${stage.code} ${body.code}`,
        before: { reason: existing.reason, recordedBy: existing.recordedBy, recordedAt: existing.recordedAt },
        after: { reason: dto.reason },
      });
      return {
        body: body.code, stage: stage.code, reason: existing.reason, recordedBy: existing.recordedBy, recordedAt: existing.recordedAt,
        withdrawnBy: actor.username, withdrawnAt, withdrawReason: dto.reason,
      };
    });
  }

  private async rubric(stage: Stage, manager?: EntityManager): Promise<RubricDef> {
    return (await this.instruments.requireDef({ id: stage.instrumentId, version: stage.instrumentVersion }, manager)) as RubricDef;
  }

  /** The juror's sheet, created as an empty draft on first use and locked; 409 once it is submitted or recused. */
  private async openSheet(
    manager: EntityManager, edition: Edition, stage: Stage, body: Body, actor: Actor, now: string, timeZone: string,
  ): Promise<{ sheet: PanelSheetRow; before: PanelSheetRow | null }> {
    const { row, created } = await this.repository.openSheet(manager, {
      editionId: edition.id, stageId: stage.id, bodyId: body.id, userId: actor.id, status: 'draft', scores: {}, comment: null, updatedAt: now, submittedAt: null,
    });
    this.requireDraft(row, stage, body, actor, timeZone);
    return { sheet: row, before: created ? null : { ...row } };
  }

  private requireDraft(sheet: PanelSheetRow, stage: Stage, body: Body, actor: Actor, timeZone: string): void {
    if (sheet.status === 'submitted') {
      throw new ConflictError('sheet.submitted', {
        en: `the sheet of ${actor.username} for body "${body.code}" was submitted at ${sheet.submittedAt}; it is locked`,
        id: `lembar nilai ${actor.username} untuk badan publik "${body.code}" sudah dikirim pada ${sheet.submittedAt ? waktuIndonesia(sheet.submittedAt, timeZone) : '-'}; lembar terkunci`,
      });
    }
    if (sheet.status === 'recused') {
      throw new ConflictError('sheet.recused', {
        en: `${actor.username} recused from body "${body.code}" in stage "${stage.code}"`,
        id: `${actor.username} sudah mundur dari penilaian badan publik "${body.code}" pada tahap "${stage.code}"`,
      });
    }
  }

  /** Scoring happens inside the panel window (or the body's extension) and only for a body that reached the stage. */
  private async requireScorable(manager: EntityManager, edition: Edition, stage: Stage, body: Body, timeZone: string): Promise<void> {
    requireOpen(stage, 'window', timeZone, this.clock.now(), await this.editions.extendedUntil(manager, stage.id, body.id));
    await this.requireReached(manager, edition, stage, body, timeZone);
    if (await this.repository.isAbsent(manager, stage.id, body.id)) {
      throw new ConflictError('panel.absent', {
        en: `body "${body.code}" was recorded absent from stage "${stage.code}"`,
        id: `badan publik "${body.code}" tercatat tidak hadir pada tahap "${stage.code}"`,
      });
    }
  }

  /**
   * Who reaches a gated stage is what the commission announces from the computed results
   * (compute after verification and objections stores it, stage_reach); the first stage is
   * reached by every participant.
   */
  private async requireReached(manager: EntityManager, edition: Edition, stage: Stage, body: Body, timeZone: string): Promise<void> {
    if (stage.position === 0) return;
    const reach = await this.results.reach(manager, edition.id, stage.id, body.id);
    if (!reach) {
      throw new ConflictError('stage.reach_unknown', {
        en: `who reaches stage "${stage.code}" is not known yet for body "${body.code}": the admin computes the results first`,
        id: `belum diketahui siapa yang mencapai tahap "${stage.code}" untuk badan publik "${body.code}": admin menghitung hasilnya dulu`,
      });
    }
    if (!reach.reached) {
      const earlier = reach.gateEarlierHundredths === null ? null : hundredthsToNumber(BigInt(reach.gateEarlierHundredths));
      const why =
        reach.gateRule === 'minScore'
          ? { en: ` (score before it ${earlier ?? 'none'}, gate ${reach.gateThreshold})`, id: ` (nilai sebelumnya ${earlier === null ? 'tidak ada' : angka(earlier)}, ambang ${reach.gateThreshold})` }
          : reach.gateRule === 'topPerCategory'
            ? {
                en: ` (rank ${reach.gateRank ?? 'none'} in its category, gate top ${reach.gateThreshold})`,
                id: ` (peringkat ${reach.gateRank ?? 'tidak ada'} dalam kategorinya, ambang ${reach.gateThreshold} teratas)`,
              }
            : { en: '', id: '' };
      throw new ConflictError('stage.not_reached', {
        en: `body "${body.code}" did not reach stage "${stage.code}"${why.en}, as of the results computed at ${reach.computedAt}`,
        id: `badan publik "${body.code}" tidak mencapai tahap "${stage.code}"${why.id}, menurut hasil yang dihitung pada ${waktuIndonesia(reach.computedAt, timeZone)}`,
      });
    }
  }

  private sheetView(row: PanelSheetRow, rubric: RubricDef, body: Body, stage: Stage, assessor: string): SheetView {
    const complete = row.status !== 'recused' && rubric.aspects.every((a) => row.scores[a.code] !== undefined);
    return {
      body: body.code,
      stage: stage.code,
      assessor,
      status: row.status,
      scores: row.scores,
      comment: row.comment,
      total: complete ? toScore(assessorTotal(rubric, row.scores)).rounded : null,
      updatedAt: row.updatedAt,
      submittedAt: row.submittedAt,
    };
  }
}
