import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { ConflictError, FieldIssue, InvalidInputError, NotFoundError } from '../common/errors';
import { UnitOfWork } from '../database/unit-of-work';
import { certificateCode, normalizeCode } from '../documents/verification-code';
import { Edition } from '../editions/edition.entity';
import { FactsReader } from '../facts/facts.reader';
import { BodyResult, computeEdition } from '../scoring';
import { VerificationRepository } from '../verification/verification.repository';
import { stageFactsOf, withoutLines } from './question-lines';
import { lineChanged, PublishedLine, standingOf } from './changes';
import { PublicationResult } from './publication-result.entity';
import { Publication } from './publication.entity';
import { absentStages, marksOf, PublicResult, PublishedResult, ResultMark, toPublicResult, toPublishedResult } from './result-view';
import { SecretKeys } from '../secrets/secret-keys';
import { ResultsRepository } from './results.repository';

export interface PublishRequest {
  decreeNumber: string;
  decreeDate: string;
  reason?: string;
  /** publish although some results are `unverified` (SPEC §15): needs a reason */
  acceptUnverified?: boolean;
}

export interface PublicationInfo {
  version: number;
  decreeNumber: string;
  decreeDate: string;
  reason: string | null;
  /** true: published with `unverified` results the admin accepted, for `reason`; false: none was unverified; null: published before the rule */
  acceptUnverified: boolean | null;
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
  /** what the publication says beside the score: `belum_diverifikasi`, `tidak_hadir` */
  marks: ResultMark[];
  /**
   * the latest version, when a later one replaced the certificate's: its decree, this body's
   * final and predicate there (null when the body is not in it), and whether the body's final,
   * predicate or rank differs from the certificate's (a body missing from it has changed); null
   * for a current certificate (and for an invalid code)
   */
  supersededBy: SupersededBy | null;
}

export interface SupersededBy {
  version: number;
  decreeNumber: string;
  decreeDate: string;
  final: number | null;
  predicate: string | null;
  /** this body's rank there (a certificate prints its rank: it may have moved by another's correction) */
  rank: number | null;
  changed: boolean;
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
    acceptUnverified: p.acceptUnverified,
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
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly repository: ResultsRepository,
    private readonly facts: FactsReader,
    private readonly objections: VerificationRepository,
    private readonly clock: Clock,
    private readonly keys: SecretKeys,
  ) {}

  async publish(actor: Actor, editionCode: string, request: PublishRequest): Promise<PublicationInfo> {
    const { edition, commission } = await this.access.requireEdition(actor, 'results.manage', editionCode);
    const issues: FieldIssue[] = [];
    if (!request.decreeNumber?.trim()) issues.push({ field: 'decreeNumber', message: 'required', text: 'wajib diisi' });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(request.decreeDate ?? '') || Number.isNaN(Date.parse(request.decreeDate))) {
      issues.push({ field: 'decreeDate', message: 'must be a date YYYY-MM-DD', text: 'harus berupa tanggal YYYY-MM-DD' });
    }
    if (request.acceptUnverified === true && !request.reason?.trim()) {
      issues.push({
        field: 'reason',
        message: 'required with acceptUnverified: say why results whose verification was not completed are published',
        text: 'wajib diisi bila acceptUnverified: sebutkan mengapa hasil yang verifikasinya belum selesai ditetapkan',
      });
    }
    if (issues.length) throw new InvalidInputError(issues);

    return this.uow.write(async (manager) => {
      // the facts and objections read below stay as they are until the publication commits
      await this.audit.holdAuditedChanges(manager);
      const pending = await this.objections.pendingObjections(manager, edition.id);
      if (pending.length) {
        const shown = pending.slice(0, 10);
        throw new ConflictError('publication.objections_pending', {
          en: `${pending.length} objections wait for a ruling: ${shown.map((o) => `body "${o.body}" question ${o.question} (objection ${o.id})`).join(', ')}; no publication while one is pending`,
          id: `${pending.length} sanggah menunggu keputusan: ${shown.map((o) => `badan publik "${o.body}" pertanyaan ${o.question} (sanggah ${o.id})`).join(', ')}; tidak ada penetapan selama masih ada yang menunggu`,
        });
      }
      const stored = await this.repository.results(manager, edition.id);
      if (stored.length === 0) {
        throw new ConflictError('publication.not_computed', {
          en: `edition ${edition.code} has no computed results yet: the admin computes them first`,
          id: `edisi ${edition.code} belum punya hasil yang dihitung: admin menghitungnya dulu`,
        });
      }
      const incomplete = stored.filter((r) => r.status === 'incomplete').map((r) => r.detail.body);
      if (incomplete.length) {
        const shown = incomplete.slice(0, 10).join(', ');
        throw new ConflictError('publication.incomplete', {
          en: `results are incomplete for ${incomplete.length} bodies (${shown}): no publication while one remains`,
          id: `hasil belum lengkap untuk ${incomplete.length} badan publik (${shown}): tidak ada penetapan selama masih ada yang belum lengkap`,
        });
      }
      const latest = await this.repository.publication(manager, edition.id);
      if (latest && !request.reason?.trim()) {
        throw new InvalidInputError([{
          field: 'reason',
          message: `required: version ${latest.version} is already published, a correction must say why`,
          text: `wajib diisi: versi ${latest.version} sudah ditetapkan, koreksi harus menyebut alasannya`,
        }]);
      }
      // The facts are frozen with the publication (they explain each question line later), so
      // they must be the facts the draft was computed from: score them again and compare. The
      // publication keeps the indicator scores that the draft leaves out (the workbook's Rincian).
      const def = await this.facts.definition(manager, edition, commission);
      const { input, bodyIds } = await this.facts.editionFacts(manager, edition, def, { evidence: 'full' });
      const again = new Map(computeEdition({ ...input, questionLines: false }).map((r) => [r.body, r]));
      const changed = stored.filter((r) => {
        const now = again.get(r.detail.body);
        return !now || JSON.stringify(withoutLines(now)) !== JSON.stringify(r.detail);
      });
      if (changed.length || again.size !== stored.length) {
        const bodies = changed.map((r) => r.detail.body);
        const shown = bodies.slice(0, 10).join(', ');
        throw new ConflictError('results.stale', {
          en: `answers, verification or scores changed after the last compute (${bodies.length} bodies: ${shown}): compute again, then publish`,
          id: `jawaban, verifikasi atau nilai berubah sesudah perhitungan terakhir (${bodies.length} badan publik: ${shown}): hitung ulang, lalu tetapkan`,
        });
      }
      // after the staleness check: results computed before a correction are computed again first
      const unverified = stored.filter((r) => r.status === 'unverified').map((r) => r.detail.body);
      if (unverified.length && request.acceptUnverified !== true) {
        const shown = unverified.slice(0, 10).join(', ');
        throw new ConflictError('publication.unverified', {
          en: `${unverified.length} results are unverified, their verification was never completed (${shown}): complete it, or publish with acceptUnverified: true and a reason`,
          id: `${unverified.length} hasil belum diverifikasi, verifikasinya belum selesai (${shown}): selesaikan verifikasinya, atau tetapkan dengan acceptUnverified: true dan alasannya`,
        });
      }
      if (latest) {
        const before = await this.repository.publishedResults(manager, latest.id);
        const same = before.length === stored.length && before.every((r, i) => published(r) === published(stored[i].detail));
        if (same) throw new ConflictError('publication.unchanged', { en: `nothing changed since version ${latest.version}`, id: `tidak ada yang berubah sejak versi ${latest.version}` });
      }
      const now = this.clock.now().toISOString();
      const version = (latest?.version ?? 0) + 1;
      const publication = await this.repository.createPublication(manager, {
        editionId: edition.id,
        version,
        decreeNumber: request.decreeNumber.trim(),
        decreeDate: request.decreeDate,
        reason: request.reason?.trim() || null,
        // only what was accepted: a request that accepts unverified results when there are none accepted nothing
        acceptUnverified: unverified.length > 0,
        publishedAt: now,
        publishedBy: actor.username,
        supersededAt: null,
      });
      if (latest) await this.repository.supersede(manager, latest.id, now);
      const awarded = new Set(edition.certificate?.predicates ?? []);
      const frozenResults = stored.map((r) => {
        const detail = again.get(r.detail.body)!;
        return {
          publicationId: publication.id,
          bodyId: r.bodyId,
          category: r.category,
          status: r.status,
          finalHundredths: r.finalHundredths,
          predicate: r.predicate,
          rank: r.rank,
          detail,
          summary: toPublishedResult(detail),
          certificateCode:
            r.predicate && awarded.has(r.predicate) && detail.final
              ? certificateCode(this.keys.certificate, { edition: edition.code, body: detail.body, version, final: detail.final.text, predicate: r.predicate })
              : null,
        };
      });
      const frozenFacts = input.bodies.flatMap((b) => stageFactsOf(b, input.edition).map((f) => ({ publicationId: publication.id, bodyId: bodyIds.get(b.body)!, ...f })));
      await this.repository.freeze(manager, frozenResults, frozenFacts);
      await this.audit.record(manager, {
        actor: actor.username, action: 'publish', editionId: edition.id, bodyCode: null, subject: `publication ${version} of ${edition.code}`,
        before: latest ? toPublicationInfo(latest) : null,
        after: { ...toPublicationInfo(publication), ...(unverified.length ? { unverified: { count: unverified.length, bodies: unverified.slice(0, 10) } } : {}) },
      });
      return toPublicationInfo(publication);
    });
  }

  /** Public (anyone, no login; SPEC §6): an edition's publication history. */
  async list(editionCode: string): Promise<PublicationInfo[]> {
    const manager = this.dataSource.manager;
    const edition = await this.facts.edition(manager, editionCode);
    return (await this.repository.publications(manager, edition.id)).map(toPublicationInfo);
  }

  /** Public (anyone, no login; SPEC §6): the results of the latest publication, optionally of one category. */
  async publicResults(editionCode: string, category?: string): Promise<PublicResult[]> {
    const { results } = await this.published(editionCode);
    return results.filter((r) => !category || r.category === category).map(toPublicResult);
  }

  /**
   * The latest publication (or a given version) as documents and the public list read it: the
   * stored summaries (~300 bytes a body; a national workbook reads 20,000), and with `panels`
   * the jurors' sheets from the full breakdowns. Rows published before summaries were stored
   * are summarised from their breakdown. Not actor-facing: without `panels` it is what anyone
   * may read; `panels` (jurors named) is for the documents service, after its admin check.
   */
  async published(
    editionCode: string,
    options: { version?: number; panels?: boolean } = {},
  ): Promise<{ edition: Edition; publication: Publication; results: PublishedResult[]; codes: Map<string, string> }> {
    const manager = this.dataSource.manager;
    const edition = await this.facts.edition(manager, editionCode);
    const publication = await this.repository.publication(manager, edition.id, options.version);
    if (!publication) throw new NotFoundError('publication', options.version ? `${editionCode} v${options.version}` : editionCode);
    const codes = new Map<string, string>();
    // summaries stored before the rule of SPEC §15 do not say who was absent: their breakdowns do
    const details = options.panels === true || publication.acceptUnverified === null;
    const results = (await this.repository.publishedRows(manager, publication.id, details)).map((r) => {
      const summary = r.detail !== null ? toPublishedResult(r.detail, options.panels === true) : r.summary!;
      if (r.certificateCode) codes.set(summary.body, r.certificateCode);
      return summary;
    });
    return { edition, publication, results, codes };
  }

  /** Public (anyone, no login; SPEC §6): what a certificate's printed code stands for. */
  async verifyCertificate(code: string): Promise<CertificateCheck> {
    const normalized = normalizeCode(code);
    const found = normalized ? await this.repository.certificate(this.dataSource.manager, normalized) : null;
    if (!found) {
      return { valid: false, superseded: false, edition: null, body: null, bodyName: null, predicate: null, final: null, version: null, marks: [], supersededBy: null };
    }
    const { result, publication, editionCode } = found;
    const supersededBy = publication.supersededAt === null ? null : await this.supersededBy(result, publication);
    return {
      valid: true,
      superseded: publication.supersededAt !== null,
      edition: editionCode,
      body: result.detail.body,
      bodyName: result.detail.bodyName,
      predicate: result.predicate,
      final: result.detail.final?.rounded ?? null,
      version: publication.version,
      marks: marksOf({ status: result.status, absent: absentStages(result.detail) }),
      supersededBy,
    };
  }

  /** What replaced a superseded certificate: the edition's latest version and this body's line there. */
  private async supersededBy(result: PublicationResult, publication: Publication): Promise<SupersededBy> {
    const manager = this.dataSource.manager;
    const latest = (await this.repository.publication(manager, publication.editionId))!;
    const line = (await this.repository.publishedLines(manager, [latest.id], result.bodyId)).get(latest.id)![0] ?? null;
    const certified: PublishedLine = { body: result.detail.body, bodyName: result.detail.bodyName, category: result.category, finalHundredths: result.finalHundredths, predicate: result.predicate, rank: result.rank };
    const now = line && { ...line, bodyName: '' };
    const standing = now && standingOf(now);
    return {
      version: latest.version,
      decreeNumber: latest.decreeNumber,
      decreeDate: latest.decreeDate,
      final: standing?.final ?? null,
      predicate: standing?.predicate ?? null,
      rank: standing?.rank ?? null,
      changed: lineChanged(certified, now),
    };
  }
}
