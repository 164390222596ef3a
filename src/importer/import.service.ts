import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditEntry } from '../audit/audit-entry.entity';
import { Body } from '../bodies/body.entity';
import { Clock } from '../common/clock';
import { ConflictError } from '../common/errors';
import { Commission } from '../commissions/commission.entity';
import { insertMany } from '../database/sql';
import { UnitOfWork } from '../database/unit-of-work';
import { Assignment } from '../editions/assignment.entity';
import { Edition } from '../editions/edition.entity';
import { createEdition } from '../editions/edition-store';
import { Participant } from '../editions/participant.entity';
import { Stage } from '../editions/stage.entity';
import { FixtureBundle, readFixture } from '../instruments/fixture-reader';
import { InstrumentRegistry } from '../instruments/registry';
import { InstrumentsService } from '../instruments/instruments.service';
import { Absence } from '../panels/absence.entity';
import { PanelSheetRow } from '../panels/panel-sheet.entity';
import { AnswerRow } from '../saq/answer.entity';
import { SaqResponse } from '../saq/saq-response.entity';
import { EditionDef } from '../scoring';
import { User } from '../users/user.entity';
import { ObjectionRow } from '../verification/objection.entity';
import { VerificationDecisionRow } from '../verification/verification-decision.entity';

export interface ImportSummary {
  edition: EditionDef;
  bodies: number;
  answers: number;
  decisions: number;
  objections: number;
  sheets: number;
}

const ACTOR = 'import';

const insertChunked = insertMany;

/**
 * Loads one fixture folder (SPEC §10) in one transaction: everything or nothing. It records the
 * facts as the files give them — windows govern the HTTP API, not an import of prepared data.
 */
@Injectable()
export class ImportService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly instruments: InstrumentsService,
    private readonly clock: Clock,
  ) {}

  async importFixture(dir: string, registry: InstrumentRegistry, report: (message: string) => void = () => undefined): Promise<ImportSummary> {
    report(`Membaca ${dir} …`);
    const bundle = readFixture(dir, registry);
    report(`Berkas valid: ${bundle.bodies.length} badan publik. Menyimpan …`);
    return this.uow.write((manager) => this.store(manager, bundle, report));
  }

  private async store(manager: EntityManager, bundle: FixtureBundle, report: (message: string) => void): Promise<ImportSummary> {
    const now = this.clock.now().toISOString();
    const def = bundle.edition;
    if (await manager.findOne(Edition, { where: { code: def.code } })) {
      throw new ConflictError(`${bundle.dir}/edition.yaml: edition ${def.code} already exists in this database; an import never overwrites an edition`);
    }
    for (const { def: instrument, source } of bundle.instruments) await this.instruments.store(instrument, source, manager, ACTOR);

    let commission = await manager.findOne(Commission, { where: { code: bundle.commission.code } });
    commission ??= await manager.save(
      manager.create(Commission, { code: bundle.commission.code, name: bundle.commission.name, city: bundle.commission.city ?? null }),
    );
    const edition = await createEdition(manager, def, commission.id);
    const stages = new Map((await manager.find(Stage, { where: { editionId: edition.id } })).map((s) => [s.code, s]));

    // Bodies: registered once per commission; a body already registered keeps its row.
    const existing = await manager.find(Body, { where: { commissionId: commission.id } });
    const known = new Map(existing.map((b) => [b.code, b]));
    const fresh = bundle.bodies.filter((b) => !known.has(b.code)).map((b) => ({ commissionId: commission.id, code: b.code, name: b.name, category: b.category }));
    await insertChunked(manager, Body, fresh);
    const bodyId = new Map((await manager.find(Body, { where: { commissionId: commission.id } })).map((b) => [b.code, b.id]));
    await insertChunked(manager, Participant, bundle.bodies.map((b) => ({ editionId: edition.id, bodyId: bodyId.get(b.code)! })));

    // Questionnaires: one response per body and stage, then answers, decisions, objections.
    const responses: Partial<SaqResponse>[] = [];
    for (const q of bundle.questionnaires) {
      responses.push({
        editionId: edition.id,
        stageId: stages.get(q.stage)!.id,
        bodyId: bodyId.get(q.body)!,
        submittedAt: q.submitted ? now : null,
        verificationCompletedAt: q.verificationComplete ? now : null,
        verificationCompletedBy: q.verificationComplete ? ACTOR : null,
      });
    }
    await insertChunked(manager, SaqResponse, responses);
    const responseId = new Map(
      (await manager.find(SaqResponse, { where: { editionId: edition.id } })).map((r) => [`${r.stageId}/${r.bodyId}`, r.id]),
    );
    const answers: Partial<AnswerRow>[] = [];
    const decisions: Partial<VerificationDecisionRow>[] = [];
    const objections: Partial<ObjectionRow>[] = [];
    for (const q of bundle.questionnaires) {
      const id = responseId.get(`${stages.get(q.stage)!.id}/${bodyId.get(q.body)!}`)!;
      for (const [code, a] of Object.entries(q.answers)) {
        answers.push({ responseId: id, questionCode: code, value: a.value, evidence: a.evidence, updatedAt: now, updatedBy: ACTOR });
      }
      for (const [code, d] of Object.entries(q.decisions)) {
        decisions.push({
          responseId: id,
          questionCode: code,
          decision: d.decision,
          value: d.decision === 'correct' ? d.value : null,
          note: d.note ?? null,
          decidedBy: ACTOR,
          decidedAt: now,
        });
      }
      for (const o of q.objections) {
        objections.push({
          responseId: id,
          questionCode: o.question,
          reason: o.reason,
          status: o.decision,
          value: o.value ?? null,
          note: o.note ?? null,
          createdAt: now,
          createdBy: ACTOR,
          ruledAt: now,
          ruledBy: ACTOR,
        });
      }
    }
    const total = answers.length;
    let lastShown = 0;
    await insertChunked(manager, AnswerRow, answers, (done) => {
      if (done - lastShown >= total / 4 || done === total) {
        lastShown = done;
        report(`Jawaban: ${done}/${total}`);
      }
    });
    await insertChunked(manager, VerificationDecisionRow, decisions);
    await insertChunked(manager, ObjectionRow, objections);

    // Panels: jurors are users (created without a password when new), assigned to the bodies they scored.
    let sheets = 0;
    const assessors = [...new Set(bundle.panels.flatMap((p) => p.rows.map((r) => r.assessor)).filter((a): a is string => !!a))];
    const users = assessors.length ? await manager.find(User, { where: { username: In(assessors) } }) : [];
    for (const u of users) {
      if (u.role !== 'juror') throw new ConflictError(`panels: assessor ${u.username} exists as a ${u.role}, not a juror`);
    }
    const missing = assessors.filter((a) => !users.some((u) => u.username === a));
    await insertChunked(manager, User, missing.map((username) => ({ username, passwordHash: null, role: 'juror' as const, name: null, commissionId: commission.id, bodyId: null })));
    const userId = new Map((assessors.length ? await manager.find(User, { where: { username: In(assessors) } }) : []).map((u) => [u.username, u.id]));
    for (const panel of bundle.panels) {
      const stage = stages.get(panel.stage)!;
      const sheetRows: Partial<PanelSheetRow>[] = [];
      const assignments = new Map<string, Partial<Assignment>>();
      const absences: Partial<Absence>[] = [];
      for (const row of panel.rows) {
        const body = bodyId.get(row.body)!;
        if (row.status === 'absent') {
          absences.push({ stageId: stage.id, bodyId: body, reason: row.comment ?? null, recordedBy: ACTOR, recordedAt: now });
          continue;
        }
        const user = userId.get(row.assessor!)!;
        assignments.set(`${user}/${body}`, { editionId: edition.id, stageId: stage.id, userId: user, bodyId: body });
        sheetRows.push({
          editionId: edition.id,
          stageId: stage.id,
          bodyId: body,
          userId: user,
          status: row.status,
          scores: row.scores,
          comment: row.comment ?? null,
          updatedAt: now,
          submittedAt: row.status === 'submitted' ? now : null,
        });
      }
      await insertChunked(manager, Assignment, [...assignments.values()]);
      await insertChunked(manager, PanelSheetRow, sheetRows);
      await insertChunked(manager, Absence, absences);
      sheets += sheetRows.length;
    }

    await manager.insert(AuditEntry, {
      at: now,
      actor: ACTOR,
      action: 'import',
      editionId: edition.id,
      bodyCode: null,
      subject: `fixture ${bundle.dir}`,
      before: null,
      after: { bodies: bundle.bodies.length, answers: answers.length, decisions: decisions.length, objections: objections.length, sheets },
    });
    report('Tersimpan.');
    return { edition: def, bodies: bundle.bodies.length, answers: answers.length, decisions: decisions.length, objections: objections.length, sheets };
  }
}
