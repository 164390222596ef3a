import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessService, EditionScope } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { ConflictError, NotFoundError } from '../common/errors';
import { waktuIndonesia } from '../common/indonesian';
import { UnitOfWork } from '../database/unit-of-work';
import { EditionsRepository } from '../editions/editions.repository';
import { FactsReader } from '../facts/facts.reader';
import { BodyResult, computeEdition, EditionDef, QuestionnaireFacts } from '../scoring';
import { withLines, withoutLines } from './question-lines';
import { ResultsRepository } from './results.repository';
import { StageReach } from './stage-reach.entity';

/** What a body may see of its own published result: the breakdown, without the jurors' names. */
function withoutAssessorNames(result: BodyResult): BodyResult {
  return {
    ...result,
    trace: {
      ...result.trace,
      stages: result.trace.stages.map((stage) =>
        stage.kind === 'panel' ? { ...stage, assessors: stage.assessors.map((a, i) => ({ ...a, assessor: `Juri ${i + 1}` })) } : stage,
      ),
    },
  };
}

/**
 * Who reached each stage after the first, with the gate facts a refusal names: the rows of
 * `stage_reach`. The first stage has none: every participant may take it (requireReached), and
 * half the rows of a two-stage edition are not written on every compute.
 */
function reachOf(results: BodyResult[], editionId: number, bodyIds: Map<string, number>, stageIds: Map<string, number>, computedAt: string): Omit<StageReach, 'id'>[] {
  return results.flatMap((r) =>
    r.trace.stages.slice(1).map((t) => ({
      editionId,
      stageId: stageIds.get(t.stage)!,
      bodyId: bodyIds.get(r.body)!,
      reached: t.reached,
      gateRule: t.gate?.rule ?? null,
      gateThreshold: t.gate ? String(t.gate.threshold) : null,
      gateEarlierHundredths: t.gate?.earlierScore?.hundredths ?? null,
      gateRank: t.gate?.rank ?? null,
      computedAt,
    })),
  );
}

/**
 * Computes an edition's draft results with src/scoring and stores them, with who reached each
 * stage; reads them back, and one body's breakdown — the draft's for an admin, with its
 * per-question lines rebuilt from the facts as they stand, the last published one for the body
 * itself.
 */
@Injectable()
export class ComputeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly repository: ResultsRepository,
    private readonly facts: FactsReader,
    private readonly editions: EditionsRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * The results as computed, without per-question lines (`breakdown` gives one body's lines).
   * The facts are read inside the transaction that stores the results (SPEC §16), with every
   * other audited change held off until it commits, so what is stored — results and who reached
   * each stage — is computed from the facts as they stand when it commits.
   */
  async compute(actor: Actor, editionCode: string): Promise<BodyResult[]> {
    const { edition, commission } = await this.access.requireEdition(actor, 'results.manage', editionCode);
    return this.uow.write(async (manager) => {
      // every audited change (an answer, a decision, a sheet…) commits before these reads or after this transaction
      await this.audit.holdAuditedChanges(manager);
      const def = await this.facts.definition(manager, edition, commission);
      // evidence presence is all the scores need; per-question lines are rebuilt by `breakdown`
      const { input, bodyIds, stageIds } = await this.facts.editionFacts(manager, edition, def, { evidence: 'presence' });
      const results = computeEdition({ ...input, questionLines: false });
      const computedAt = this.clock.now().toISOString();
      const rows = results.map((r) => ({
        editionId: edition.id,
        bodyId: bodyIds.get(r.body)!,
        category: r.category,
        status: r.status,
        finalHundredths: r.final?.hundredths ?? null,
        finalExact: r.final?.exact ?? null,
        predicate: r.predicate,
        rank: r.rank,
        detail: withoutLines(r),
        computedAt,
      }));
      await this.repository.replaceResults(manager, edition.id, rows, reachOf(results, edition.id, bodyIds, stageIds, computedAt));
      await this.editions.markComputed(manager, edition.id, computedAt);
      await this.audit.record(manager, {
        actor: actor.username, action: 'compute', editionId: edition.id, bodyCode: null, subject: `results of ${edition.code}`,
        before: null, after: { bodies: rows.length, incomplete: results.filter((r) => r.status === 'incomplete').length },
      });
      return results;
    });
  }

  /** Stored draft results in ranking order, optionally of one category. */
  async results(actor: Actor, editionCode: string, category?: string): Promise<BodyResult[]> {
    const { edition } = await this.access.requireEdition(actor, 'results.manage', editionCode);
    return (await this.repository.results(this.dataSource.manager, edition.id, category)).map((r) => r.detail);
  }

  /** One body's full breakdown: an admin reads the draft, the body itself its result as last published (jurors unnamed). */
  async breakdown(actor: Actor, editionCode: string, bodyCode: string): Promise<BodyResult> {
    const scope = await this.access.requireParticipant(actor, 'result.read', editionCode, bodyCode);
    return actor.role === 'admin' ? this.draftBreakdown(scope) : withoutAssessorNames(await this.publishedBreakdown(scope));
  }

  /** The edition's definition, as the CLI prints its ranking. */
  async definition(actor: Actor, editionCode: string): Promise<EditionDef> {
    const { edition, commission } = await this.access.requireEdition(actor, 'edition.read', editionCode);
    return this.facts.definition(this.dataSource.manager, edition, commission);
  }

  private async draftBreakdown({ edition, commission, body }: EditionScope & { body: { id: number; code: string } }): Promise<BodyResult> {
    const manager = this.dataSource.manager;
    const row = await this.repository.result(manager, edition.id, body.id);
    if (!row) throw new NotFoundError('result', body.code);
    const def = await this.facts.definition(manager, edition, commission);
    const { input } = await this.facts.editionFacts(manager, edition, def, { bodyId: body.id });
    const facts = input.bodies[0]?.stages ?? {};
    const full = withLines(def, input.instrument, row.detail, facts as Record<string, QuestionnaireFacts | undefined>);
    if (!full) {
      throw new ConflictError('results.stale', {
        en: `the answers or verification of body "${body.code}" changed after the results were computed (${row.computedAt}): compute again to see its breakdown`,
        id: `jawaban atau verifikasi badan publik "${body.code}" berubah sesudah hasil dihitung (${waktuIndonesia(row.computedAt, commission.timeZone)}): hitung ulang untuk melihat rinciannya`,
      });
    }
    return full;
  }

  private async publishedBreakdown({ edition, commission, body }: EditionScope & { body: { id: number; code: string } }): Promise<BodyResult> {
    const manager = this.dataSource.manager;
    const publication = await this.repository.publication(manager, edition.id);
    const result = publication ? await this.repository.publishedResult(manager, publication.id, body.id) : null;
    if (!publication || !result) throw new NotFoundError('publishedResult', body.code);
    const def = await this.facts.definition(manager, edition, commission);
    const facts = await this.facts.publishedFacts(manager, publication.id, body.id);
    const full = withLines(def, await this.facts.instruments(manager, def), result, facts);
    // publish checks that the frozen facts reproduce every result, so this cannot happen unless the database was edited by hand
    if (!full) throw new Error(`publication ${publication.id}: the frozen facts of body ${body.code} do not reproduce its published scores`);
    return full;
  }
}
