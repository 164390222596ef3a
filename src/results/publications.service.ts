import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEntry } from '../audit/audit-entry.entity';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../common/config';
import { ConflictError, InvalidInputError, NotFoundError } from '../common/errors';
import { insertMany, UnitOfWork } from '../database/unit-of-work';
import { certificateCode, normalizeCode } from '../documents/verification-code';
import { Body } from '../bodies/body.entity';
import { Edition } from '../editions/edition.entity';
import { BodyResult } from '../scoring';
import { loadEdition } from './edition-facts';
import { PublicationResult } from './publication-result.entity';
import { Publication } from './publication.entity';
import { ResultRow } from './result.entity';

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

const CODES_PER_UPDATE = 500;

/** Bound parameters as the driver writes them: `?` for SQLite, `$n` for PostgreSQL. */
function placeholders(manager: EntityManager): (n: number) => string {
  return manager.connection.options.type === 'postgres' ? (n) => `$${n}` : () => '?';
}

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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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
      // The results are copied inside the database: their breakdowns (tens of kilobytes each)
      // never pass through JavaScript, which kept a 20,000-body publication in memory twice.
      const rows: { bodyId: number; body: string; status: string; finalHundredths: number | null; predicate: string | null }[] = (
        await manager
          .createQueryBuilder(ResultRow, 'r')
          .innerJoin(Body, 'b', 'b.id = r.bodyId')
          .select(['r.bodyId AS "bodyId"', 'b.code AS body', 'r.status AS status', 'r.finalHundredths AS "finalHundredths"', 'r.predicate AS predicate'])
          .where('r.editionId = :id', { id: edition.id })
          .orderBy('r.id', 'ASC')
          .getRawMany()
      ).map((r) => ({ ...r, bodyId: Number(r.bodyId), finalHundredths: r.finalHundredths === null ? null : Number(r.finalHundredths) }));
      if (rows.length === 0) throw new ConflictError(`edition ${edition.code} has no computed results yet: compute first`);
      const incomplete = rows.filter((r) => r.status === 'incomplete').map((r) => r.body);
      if (incomplete.length) {
        throw new ConflictError(`results are incomplete for ${incomplete.length} bodies (${incomplete.slice(0, 10).join(', ')}): no publication while one remains`);
      }
      const latest = await manager.findOne(Publication, { where: { editionId: edition.id }, order: { version: 'DESC' } });
      if (latest) {
        if (!request.reason?.trim()) {
          throw new InvalidInputError([{ field: 'reason', message: `required: version ${latest.version} is already published, a correction must say why` }]);
        }
        const current = await manager.find(ResultRow, { where: { editionId: edition.id }, order: { id: 'ASC' } });
        const before = await this.resultsOf(manager, latest.id);
        const same = before.length === current.length && before.every((r, i) => published(r) === published(current[i].detail));
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
      const mark = placeholders(manager);
      await manager.query(
        'INSERT INTO publication_result ("publicationId", "bodyId", category, status, "finalHundredths", predicate, rank, detail, "certificateCode") ' +
          `SELECT ${mark(1)}, "bodyId", category, status, "finalHundredths", predicate, rank, detail, NULL FROM result WHERE "editionId" = ${mark(2)} ORDER BY id`,
        [publication.id, edition.id],
      );
      const awarded = new Set(edition.certificate?.predicates ?? []);
      const codes = rows
        .filter((r) => r.predicate && awarded.has(r.predicate) && r.finalHundredths !== null)
        .map((r) => ({
          bodyId: r.bodyId,
          code: certificateCode(this.config.certificateSecret, {
            edition: edition.code,
            body: r.body,
            version,
            final: hundredthsText(r.finalHundredths!),
            predicate: r.predicate!,
          }),
        }));
      for (let i = 0; i < codes.length; i += CODES_PER_UPDATE) {
        const chunk = codes.slice(i, i + CODES_PER_UPDATE);
        const params: unknown[] = [];
        const next = () => mark(params.length);
        const cases = chunk.map((c) => (params.push(c.bodyId), `WHEN ${next()} `) + (params.push(c.code), `THEN ${next()}`)).join(' ');
        params.push(publication.id);
        const pub = next();
        const ids = chunk.map((c) => (params.push(c.bodyId), next())).join(', ');
        await manager.query(`UPDATE publication_result SET "certificateCode" = CASE "bodyId" ${cases} END WHERE "publicationId" = ${pub} AND "bodyId" IN (${ids})`, params);
      }
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

  /** The latest publication (or a given version) with its frozen results; 404 before the first one. */
  async published(editionCode: string, version?: number): Promise<{ edition: Edition; publication: Publication; results: BodyResult[]; codes: Map<string, string> }> {
    const edition = await this.edition(editionCode);
    const publication = await this.dataSource.manager.findOne(Publication, {
      where: { editionId: edition.id, ...(version ? { version } : {}) },
      order: { version: 'DESC' },
    });
    if (!publication) throw new NotFoundError(`publication of edition`, version ? `${editionCode} v${version}` : editionCode);
    const rows = await this.dataSource.manager.find(PublicationResult, { where: { publicationId: publication.id }, order: { id: 'ASC' } });
    const codes = new Map<string, string>();
    for (const r of rows) if (r.certificateCode) codes.set(r.detail.body, r.certificateCode);
    return { edition, publication, results: rows.map((r) => r.detail), codes };
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
