import { Inject, Injectable } from '@nestjs/common';
import { join } from 'path';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../common/config';
import { NotFoundError } from '../common/errors';
import { Commission } from '../commissions/commission.entity';
import { FactsReader } from '../facts/facts.reader';
import { PublicationsService } from '../results/publications.service';
import { renderCertificates } from './certificate';
import { CertificatePage, PublicationView } from './document-types';
import { writeRankingWorkbook } from './ranking-workbook';

export interface CertificateFilter {
  body?: string;
  category?: string;
}

/** Builds what documents render from a publication; never computes a score. */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly publications: PublicationsService,
    private readonly facts: FactsReader,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The latest publication of an edition (or a given version) as documents see it; `panels` adds the jurors' sheets. */
  async view(editionCode: string, options: { version?: number; panels?: boolean } = {}): Promise<{ view: PublicationView; codes: Map<string, string> }> {
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

  /** The ranking workbook of the latest publication (read once); with the jurors' sheet for the admin. */
  async rankingWorkbook(
    editionCode: string,
    output: NodeJS.WritableStream | string | ((view: PublicationView) => NodeJS.WritableStream),
    includeAssessors: boolean,
  ): Promise<PublicationView> {
    const { view } = await this.view(editionCode, { panels: includeAssessors });
    await writeRankingWorkbook(view, typeof output === 'function' ? output(view) : output, { includeAssessors });
    return view;
  }

  /** One page per body that earned a certificate (the edition's `certificate.predicates`). */
  async certificatePages(
    editionCode: string,
    filter: CertificateFilter = {},
  ): Promise<{ view: PublicationView; pages: CertificatePage[]; bodies: string[] }> {
    const { view, codes } = await this.view(editionCode);
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

  /** One PDF per awarded body, `<dir>/<body>.pdf`, reading the publication once. */
  async certificateFiles(editionCode: string, dir: string, onFile?: (done: number, total: number) => void): Promise<number> {
    const { view, pages, bodies } = await this.certificatePages(editionCode);
    for (let i = 0; i < pages.length; i++) {
      await renderCertificates([pages[i]], join(dir, `${bodies[i]}.pdf`), this.pdfInfo(view));
      onFile?.(i + 1, pages.length);
    }
    return pages.length;
  }

  private pdfInfo(view: PublicationView) {
    return { title: `Piagam Penghargaan — ${view.edition.title}`, author: view.edition.commissionName, createdAt: new Date(view.publishedAt) };
  }

  async certificates(
    editionCode: string,
    output: NodeJS.WritableStream | string,
    filter: CertificateFilter = {},
    onPage?: (done: number, total: number) => void,
  ): Promise<number> {
    const { view, pages } = await this.certificatePages(editionCode, filter);
    await renderCertificates(pages, output, { ...this.pdfInfo(view), onPage });
    return pages.length;
  }
}
