import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEntry } from '../audit/audit-entry.entity';
import { Clock } from '../common/clock';
import { ConflictError, InvalidInputError, NotFoundError } from '../common/errors';
import { insertMany, placeholder } from '../database/sql';
import { UnitOfWork } from '../database/unit-of-work';
import { certificateCode, normalizeCode } from '../documents/verification-code';
import { Edition } from '../editions/edition.entity';
import { BodyResult, computeEdition } from '../scoring';
import { SecretKeys } from '../secrets/secret-keys';
import { loadEdition, loadEditionFacts } from './edition-facts';
import { stageFactsOf, withoutLines } from './question-lines';
import { PublicationFacts } from './stage-facts.entity';
import { PublicationResult } from './publication-result.entity';
import { Publication } from './publication.entity';
import { ResultRow } from './result.entity';
import { PublishedResult, toPublishedResult } from './result-view';

export interface PublishRequest {
  decreeNumber: string;
  decreeDate: string;
  reason?: string;
}

export interface PublicationInfo {
  version: number;
  decreeNumber: string;
  decreeDate: string;
  reason: string | null;
  publishedAt: string;
  superseded: boolean;
}

export interface CertificateCheck {
  valid: boolean;
  superseded: boolean;
  edition: string | null;
  body: string | null;
  bodyName: string | null;
  predicate: string | null;
  final: number | null;
  version: number | null;
}

/** a frozen result or a body's frozen facts are a few kilobytes: a hundred per statement */
const RESULTS_PER_INSERT = 100;

/** 6589 → "65.89": the rounded final score as printed, from whole hundredths. */
function hundredthsText(h: number): string {
  return `${Math.trunc(h / 100)}.${String(Math.abs(h) % 100).padStart(2, '0')}`;
}

/** What a published result says, for comparing versions: everything a reader of the SK sees. */
function published(r: BodyResult): string {
  return JSON.stringify([r.body, r.rank, r.final?.exact ?? null, r.predicate, r.status, r.stages]);
}

export function toPublicationInfo(p: Publication): PublicationInfo {
  return {
    version: p.version,
    decreeNumber: p.decreeNumber,
    decreeDate: p.decreeDate,
    reason: p.reason,
    publishedAt: p.publishedAt,
    superseded: p.supersededAt !== null,
  };
}

/**
 * Publications (penetapan): numbered, immutable copies of the computed results. A correction is a
 * new version with a reason; the earlier one stays readable, marked superseded.
 */
@Injectable()
export class PublicationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly keys: SecretKeys,
  ) {}

  async publish(editionCode: string, request: PublishRequest, actor: string): Promise<PublicationInfo> {
    const issues = [];
    if (!request.decreeNumber?.trim()) issues.push({ field: 'decreeNumber', message: 'required' });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(request.decreeDate ?? '') || Number.isNaN(Date.parse(request.decreeDate))) {
      issues.push({ field: 'decreeDate', message: 'must be a date YYYY-MM-DD' });
    }
    if (issues.length) throw new InvalidInputError(issues);

    const { edition } = await loadEdition(this.dataSource.manager, editionCode);
    return this.uow.write(async (manager) => {
      const stored = await manager.find(ResultRow, { where: { editionId: edition.id }, order: { id: 'ASC' } });
      if (stored.length === 0) throw new ConflictError(`edition ${edition.code} has no computed results yet: compute first`);
      const incomplete = stored.filter((r) => r.status === 'incomplete').map((r) => r.detail.body);
      if (incomplete.length) {
        throw new ConflictError(`results are incomplete for ${incomplete.length} bodies (${incomplete.slice(0, 10).join(', ')}): no publication while one remains`);
      }
      const latest = await manager.findOne(Publication, { where: { editionId: edition.id }, order: { version: 'DESC' } });
      if (latest && !request.reason?.trim()) {
        throw new InvalidInputError([{ field: 'reason', message: `required: version ${latest.version} is already published, a correction must say why` }]);
      }
      // The facts are frozen with the publication (they explain each question line later), so
      // they must be the facts the draft was computed from: score them again and compare. The
      // publication keeps the indicator scores that the draft leaves out (the workbook's Rincian).
      const { input, bodyIds } = await loadEditionFacts(manager, edition.code, { evidence: 'full' });
      const again = new Map(computeEdition({ ...input, questionLines: false }).map((r) => [r.body, r]));
      const changed = stored.filter((r) => {
        const now = again.get(r.detail.body);
        return !now || JSON.stringify(withoutLines(now)) !== JSON.stringify(r.detail);
      });
      if (changed.length || again.size !== stored.length) {
        const bodies = changed.map((r) => r.detail.body);
        throw new ConflictError(`answers, verification or scores changed after the last compute (${bodies.length} bodies: ${bodies.slice(0, 10).join(', ')}): compute again, then publish`);
      }
      if (latest) {
        const before = await this.resultsOf(manager, latest.id);
        const same = before.length === stored.length && before.every((r, i) => published(r) === published(stored[i].detail));
        if (same) throw new ConflictError(`nothing changed since version ${latest.version}`);
      }
      const now = this.clock.now().toISOString();
      const version = (latest?.version ?? 0) + 1;
      const publication = await manager.save(
        manager.create(Publication, {
          editionId: edition.id,
          version,
          decreeNumber: request.decreeNumber.trim(),
          decreeDate: request.decreeDate,
          reason: request.reason?.trim() || null,
          publishedAt: now,
          publishedBy: actor,
          supersededAt: null,
        }),
      );
      if (latest) await manager.update(Publication, { id: latest.id }, { supersededAt: now });
      const awarded = new Set(edition.certificate?.predicates ?? []);
      const frozenResults = stored.map((r) => ({
        publicationId: publication.id,
        bodyId: r.bodyId,
        category: r.category,
        status: r.status,
        finalHundredths: r.finalHundredths,
        predicate: r.predicate,
        rank: r.rank,
        detail: again.get(r.detail.body)!,
        summary: toPublishedResult(again.get(r.detail.body)!),
        certificateCode:
          r.predicate && awarded.has(r.predicate) && r.finalHundredths !== null
            ? certificateCode(this.keys.certificate, { edition: edition.code, body: r.detail.body, version, final: hundredthsText(r.finalHundredths), predicate: r.predicate })
            : null,
      }));
      await insertMany(manager, PublicationResult, frozenResults, undefined, RESULTS_PER_INSERT);
      const frozenFacts = input.bodies.flatMap((b) => stageFactsOf(b, input.edition).map((f) => ({ publicationId: publication.id, bodyId: bodyIds.get(b.body)!, ...f })));
      await insertMany(manager, PublicationFacts, frozenFacts, undefined, RESULTS_PER_INSERT);
      await manager.insert(AuditEntry, {
        at: now,
        actor,
        action: 'publish',
        editionId: edition.id,
        bodyCode: null,
        subject: `publication ${version} of ${edition.code}`,
        before: latest ? toPublicationInfo(latest) : null,
        after: toPublicationInfo(publication),
      });
      return toPublicationInfo(publication);
    });
  }

  async list(editionCode: string): Promise<PublicationInfo[]> {
    const edition = await this.edition(editionCode);
    const all = await this.dataSource.manager.find(Publication, { where: { editionId: edition.id }, order: { version: 'ASC' } });
    return all.map(toPublicationInfo);
  }

  /** The latest publication of an edition, or a given version; 404 before the first one. */
  private async publication(editionCode: string, version?: number): Promise<{ edition: Edition; publication: Publication }> {
    const edition = await this.edition(editionCode);
    const publication = await this.dataSource.manager.findOne(Publication, {
      where: { editionId: edition.id, ...(version ? { version } : {}) },
      order: { version: 'DESC' },
    });
    if (!publication) throw new NotFoundError(`publication of edition`, version ? `${editionCode} v${version}` : editionCode);
    return { edition, publication };
  }

  /**
   * The latest publication (or a given version) as documents and the public list read it: the
   * stored summaries (~300 bytes a body; a national workbook reads 20,000), and with `panels`
   * the jurors' sheets from the full breakdowns. Rows published before summaries were stored
   * are summarised from their breakdown.
   */
  async published(
    editionCode: string,
    options: { version?: number; panels?: boolean } = {},
  ): Promise<{ edition: Edition; publication: Publication; results: PublishedResult[]; codes: Map<string, string> }> {
    const { edition, publication } = await this.publication(editionCode, options.version);
    const detail = options.panels ? 'detail' : 'CASE WHEN summary IS NULL THEN detail END';
    const rows: { summary: string | null; detail: string | null; certificateCode: string | null }[] = await this.dataSource.manager.query(
      `SELECT summary, ${detail} AS detail, "certificateCode" FROM publication_result WHERE "publicationId" = ${placeholder(this.dataSource.manager, 1)} ORDER BY id`,
      [publication.id],
    );
    const codes = new Map<string, string>();
    const results = rows.map((r) => {
      const summary =
        r.detail !== null ? toPublishedResult(JSON.parse(r.detail) as BodyResult, options.panels === true) : (JSON.parse(r.summary!) as PublishedResult);
      if (r.certificateCode) codes.set(summary.body, r.certificateCode);
      return summary;
    });
    return { edition, publication, results, codes };
  }

  async verifyCertificate(code: string): Promise<CertificateCheck> {
    const normalized = normalizeCode(code);
    const row = normalized ? await this.dataSource.manager.findOne(PublicationResult, { where: { certificateCode: normalized } }) : null;
    if (!row) {
      return { valid: false, superseded: false, edition: null, body: null, bodyName: null, predicate: null, final: null, version: null };
    }
    const publication = await this.dataSource.manager.findOneOrFail(Publication, { where: { id: row.publicationId } });
    const edition = await this.dataSource.manager.findOneOrFail(Edition, { where: { id: publication.editionId } });
    return {
      valid: true,
      superseded: publication.supersededAt !== null,
      edition: edition.code,
      body: row.detail.body,
      bodyName: row.detail.bodyName,
      predicate: row.predicate,
      final: row.detail.final?.rounded ?? null,
      version: publication.version,
    };
  }

  private async resultsOf(manager: EntityManager, publicationId: number): Promise<BodyResult[]> {
    const rows = await manager.find(PublicationResult, { where: { publicationId }, order: { id: 'ASC' } });
    return rows.map((r) => r.detail);
  }

  private async edition(code: string): Promise<Edition> {
    const edition = await this.dataSource.manager.findOne(Edition, { where: { code } });
    if (!edition) throw new NotFoundError('edition', code);
    return edition;
  }
}
