import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service';
import { Actor } from '../common/actor';
import { NotFoundError } from '../common/errors';
import { BodyResult, QuestionnaireFacts } from '../scoring';
import { ComputeService } from './compute.service';
import { loadEdition, loadInstruments } from './edition-facts';
import { withLines } from './question-lines';
import { PublicationFacts } from './stage-facts.entity';
import { PublicationResult } from './publication-result.entity';
import { Publication } from './publication.entity';
import { ResultSummary, toResultSummary } from './result-view';

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

/** The HTTP side of results: access checks around the compute service (draft) and the latest publication (a body's own). */
@Injectable()
export class ResultsAccessService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly compute: ComputeService,
  ) {}

  async computeDraft(actor: Actor, editionCode: string): Promise<ResultSummary[]> {
    const { edition } = await this.access.requireEdition(actor, 'results.manage', editionCode);
    return (await this.compute.compute(edition.code, actor.username)).map(toResultSummary);
  }

  async list(actor: Actor, editionCode: string, category?: string): Promise<ResultSummary[]> {
    const { edition } = await this.access.requireEdition(actor, 'results.manage', editionCode);
    return (await this.compute.results(edition.code, category)).map(toResultSummary);
  }

  /** Admins read the draft breakdown; a body reads its own as last published. */
  async breakdown(actor: Actor, editionCode: string, bodyCode: string): Promise<BodyResult> {
    const { edition, body } = await this.access.requireParticipant(actor, 'result.read', editionCode, bodyCode);
    if (actor.role === 'admin') return this.compute.result(edition.code, body.code);
    const publication = await this.dataSource.manager.findOne(Publication, { where: { editionId: edition.id }, order: { version: 'DESC' } });
    const row = publication ? await this.dataSource.manager.findOne(PublicationResult, { where: { publicationId: publication.id, bodyId: body.id } }) : null;
    if (!row) throw new NotFoundError('published result of body', body.code);
    const { def } = await loadEdition(this.dataSource.manager, edition.code);
    const frozen = await this.dataSource.manager.find(PublicationFacts, { where: { publicationId: row.publicationId, bodyId: body.id } });
    const facts = Object.fromEntries(frozen.map((f) => [f.stage, JSON.parse(f.facts) as QuestionnaireFacts]));
    const full = withLines(def, await loadInstruments(this.dataSource.manager, def), row.detail, facts);
    // publish checks that the frozen facts reproduce every result, so this cannot happen unless the database was edited by hand
    if (!full) throw new Error(`publication ${row.publicationId}: the frozen facts of body ${body.code} do not reproduce its published scores`);
    return withoutAssessorNames(full);
  }
}
