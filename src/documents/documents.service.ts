import { Inject, Injectable } from '@nestjs/common';
import { join } from 'path';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service';
import { Actor } from '../common/actor';
import { APP_CONFIG, AppConfig } from '../common/config';
import { NotFoundError } from '../common/errors';
import { Commission } from '../commissions/commission.entity';
import { FactsReader } from '../facts/facts.reader';
import { PublicationsService } from '../results/publications.service';
import { renderCertificates } from './certificate';
import { CertificatePage, PublicationView } from './document-types';
import { writeRankingWorkbook } from './ranking-workbook';

/**
 * Where a document goes: a file, a stream, or a function that opens the stream once the
 * document is known to exist (an HTTP response sets its headers there: nothing is sent before
 * the access check and the publication read have passed).
 */
export type DocumentOutput<T> = NodeJS.WritableStream | string | ((document: T) => NodeJS.WritableStream);

/** What a certificate PDF holds, for the caller that names or counts it before it is written. */
export interface CertificateDocument {
  view: PublicationView;
  /** pages (one per awarded body) */
  count: number;
}

const streamOf = <T>(output: DocumentOutput<T>, document: T): NodeJS.WritableStream | string => (typeof output === 'function' ? output(document) : output);

/**
 * Builds what documents render from a publication; never computes a score.
 *
 * Every method that serves a logged-in caller — or the CLI, with its system actor — takes the
 * actor first and begins with its access check. The one anonymous method,
 * `publicRankingWorkbook`, has no actor: it reads only what the latest publication made public
 * (the frozen summaries, without assessor names) and the edition's definition.
 */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly publications: PublicationsService,
    private readonly facts: FactsReader,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The ranking workbook of the latest publication (read once), for the edition's admin; with
   * `assessors`, the jurors' sheet with their names (the admin's download; the CLI's export
   * leaves it out, as the public workbook does).
   */
  async rankingWorkbook(actor: Actor, editionCode: string, output: DocumentOutput<PublicationView>, options: { assessors: boolean }): Promise<PublicationView> {
    const { edition } = await this.access.requireEdition(actor, 'results.manage', editionCode);
    return this.writeWorkbook(edition.code, output, options.assessors);
  }

  /**
   * Anonymous, no access check: the ranking workbook of the latest publication as anyone may
   * read it — published summaries only, never the jurors' names; "not found" before the first
   * publication.
   */
  async publicRankingWorkbook(editionCode: string, output: DocumentOutput<PublicationView>): Promise<PublicationView> {
    return this.writeWorkbook(editionCode, output, false);
  }

  /** Every certificate of the latest publication in one PDF, one page each (optionally one category), for the edition's admin. */
  async certificates(
    actor: Actor,
    editionCode: string,
    output: DocumentOutput<CertificateDocument>,
    filter: { category?: string } = {},
    onPage?: (done: number, total: number) => void,
  ): Promise<number> {
    const { edition } = await this.access.requireEdition(actor, 'results.manage', editionCode);
    const { view, pages } = await this.pagesOf(edition.code, filter);
    await renderCertificates(pages, streamOf(output, { view, count: pages.length }), { ...this.pdfInfo(view), onPage });
    return pages.length;
  }

  /** One body's certificate of the latest publication: for the edition's admin and for the body itself; "not found" when it earned none. */
  async bodyCertificate(actor: Actor, editionCode: string, bodyCode: string, output: DocumentOutput<CertificateDocument>): Promise<number> {
    const { edition, body } = await this.access.requireParticipant(actor, 'result.read', editionCode, bodyCode);
    const { view, pages } = await this.pagesOf(edition.code, { body: body.code });
    await renderCertificates(pages, streamOf(output, { view, count: pages.length }), this.pdfInfo(view));
    return pages.length;
  }

  /** The pages of every certificate of the latest publication (optionally one category), unrendered, for the edition's admin (the benchmark renders a sample). */
  async certificatePages(actor: Actor, editionCode: string, filter: { category?: string } = {}): Promise<{ view: PublicationView; pages: CertificatePage[] }> {
    const { edition } = await this.access.requireEdition(actor, 'results.manage', editionCode);
    const { view, pages } = await this.pagesOf(edition.code, filter);
    return { view, pages };
  }

  /** One PDF per awarded body, `<dir>/<body>.pdf`, reading the publication once, for the edition's admin (the CLI's export). */
  async certificateFiles(actor: Actor, editionCode: string, dir: string, onFile?: (done: number, total: number) => void): Promise<number> {
    const { edition } = await this.access.requireEdition(actor, 'results.manage', editionCode);
    const { view, pages, bodies } = await this.pagesOf(edition.code);
    for (let i = 0; i < pages.length; i++) {
      await renderCertificates([pages[i]], join(dir, `${bodies[i]}.pdf`), this.pdfInfo(view));
      onFile?.(i + 1, pages.length);
    }
    return pages.length;
  }

  private async writeWorkbook(editionCode: string, output: DocumentOutput<PublicationView>, includeAssessors: boolean): Promise<PublicationView> {
    const { view } = await this.view(editionCode, { panels: includeAssessors });
    await writeRankingWorkbook(view, streamOf(output, view), { includeAssessors });
    return view;
  }

  /** The latest publication of an edition as documents see it; `panels` adds the jurors' sheets. */
  private async view(editionCode: string, options: { panels?: boolean } = {}): Promise<{ view: PublicationView; codes: Map<string, string> }> {
    const { publication, results, codes } = await this.publications.published(editionCode, options);
    const { edition, def } = await this.facts.editionDefinition(this.dataSource.manager, editionCode);
    const instrument = await this.facts.instruments(this.dataSource.manager, def);
    const commission = await this.dataSource.manager.findOneOrFail(Commission, { where: { id: edition.commissionId } });
    return {
      view: {
        edition: {
          code: def.code,
          year: def.year,
          title: def.title,
          simulated: def.simulated,
          commissionName: commission.name,
          categories: def.categories,
          stages: def.stages.map((s) => {
            const content = instrument(s.instrument);
            return {
              code: s.code,
              kind: s.kind,
              weight: s.weight,
              ...(content.kind === 'questionnaire' ? { indicators: content.indicators.map((i) => ({ code: i.code, name: i.name, weight: i.weight })) } : {}),
            };
          }),
          bands: def.bands,
          ...(def.certificate ? { certificate: def.certificate } : {}),
        },
        version: publication.version,
        decreeNumber: publication.decreeNumber,
        decreeDate: publication.decreeDate,
        publishedAt: publication.publishedAt,
        superseded: publication.supersededAt !== null,
        results,
      },
      codes,
    };
  }

  /** One page per body that earned a certificate (the edition's `certificate.predicates`); an unknown category is "not found". */
  private async pagesOf(
    editionCode: string,
    filter: { body?: string; category?: string } = {},
  ): Promise<{ view: PublicationView; pages: CertificatePage[]; bodies: string[] }> {
    const { view, codes } = await this.view(editionCode);
    if (filter.category !== undefined && !view.edition.categories.some((c) => c.code === filter.category)) throw new NotFoundError('category', filter.category);
    const certificate = view.edition.certificate;
    const categoryName = new Map(view.edition.categories.map((c) => [c.code, c.name]));
    const awarded = view.results
      .filter((r) => codes.has(r.body) && r.final && r.predicateLabel)
      .filter((r) => (!filter.body || r.body === filter.body) && (!filter.category || r.category === filter.category));
    const pages = awarded.map((r): CertificatePage => ({
        bodyName: r.bodyName,
        categoryName: categoryName.get(r.category) ?? r.category,
        rank: r.rank,
        final: r.final!,
        predicateLabel: r.predicateLabel!,
        editionTitle: view.edition.title,
        year: view.edition.year,
        commissionName: view.edition.commissionName,
        decreeNumber: view.decreeNumber,
        decreeDate: view.decreeDate,
        city: certificate?.city ?? '',
        signatory: certificate?.signatory ?? { name: '', title: '' },
        code: codes.get(r.body)!,
        verifyUrl: `${this.config.publicBaseUrl}/api/public/certificates/${codes.get(r.body)}`,
        simulated: view.edition.simulated,
        superseded: view.superseded,
      }));
    if (filter.body && pages.length === 0) throw new NotFoundError('certificate of body', filter.body);
    return { view, pages, bodies: awarded.map((r) => r.body) };
  }

  private pdfInfo(view: PublicationView) {
    return { title: `Piagam Penghargaan — ${view.edition.title}`, author: view.edition.commissionName, createdAt: new Date(view.publishedAt) };
  }
}
