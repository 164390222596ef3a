import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../common/config';
import { NotFoundError } from '../common/errors';
import { CommissionsRepository } from '../commissions/commissions.repository';
import { FactsReader } from '../facts/facts.reader';
import { PublicationsService } from '../results/publications.service';
import { ChangesService } from '../results/changes.service';
import { Standing } from '../results/changes';
import { EditionDef } from '../scoring';
import { CertificatePage, ChangeSide, ChangesView, PublicationView } from './document-types';

/** A publication as documents see it, before its results are read: what every document prints besides the results. */
export interface PublicationHead {
  editionId: number;
  /** the view with no results yet */
  view: PublicationView;
}

/** The head with the frozen results, and the certificate codes by body. */
export interface FullView {
  view: PublicationView;
  codes: Map<string, string>;
}

/**
 * Reads publications for the documents: the head (edition, commission, instruments, the
 * publication's decree) in a few small queries, the results (one row a body) only when a document
 * is rendered, and the pages of its certificates. It reads what the latest publication made
 * public and the edition's definition; the services that call it make the access checks.
 */
@Injectable()
export class PublicationViews {
  constructor(
    private readonly dataSource: DataSource,
    private readonly publications: PublicationsService,
    private readonly changes: ChangesService,
    private readonly facts: FactsReader,
    private readonly commissions: CommissionsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The latest publication of an edition, or a given version; "not found" before the first one.
   * With `changes` (what the ranking workbook prints), a version ≥ 2 comes with its change list.
   */
  async head(editionCode: string, version?: number, options: { changes?: boolean } = {}): Promise<PublicationHead> {
    const all = await this.publications.list(editionCode);
    const publication = version === undefined ? all[all.length - 1] : all.find((p) => p.version === version);
    if (!publication) throw new NotFoundError('publication', version ? `${editionCode} v${version}` : editionCode);
    const { edition, def } = await this.facts.editionDefinition(this.dataSource.manager, editionCode);
    const instrument = await this.facts.instruments(this.dataSource.manager, def);
    const commission = await this.commissions.byId(this.dataSource.manager, edition.commissionId);
    return {
      editionId: edition.id,
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
        superseded: publication.superseded,
        marking: publication.acceptUnverified === null ? null : { acceptUnverified: publication.acceptUnverified, reason: publication.reason },
        results: [],
        ...(options.changes && publication.version > 1 ? { changes: await this.changesView(editionCode, publication.version, def) } : {}),
      },
    };
  }

  /** A later version's change list, as the results room gives it, with the labels the documents print. */
  private async changesView(editionCode: string, version: number, def: EditionDef): Promise<ChangesView> {
    const list = await this.changes.changeList(editionCode, version);
    const label = new Map(def.bands.map((b) => [b.code, b.label]));
    const categoryName = new Map(def.categories.map((c) => [c.code, c.name]));
    const side = (s: Standing | null): ChangeSide | null => s && { final: s.final, predicateLabel: s.predicate === null ? null : label.get(s.predicate) ?? s.predicate, rank: s.rank };
    return {
      replaces: list.replaces!,
      reason: list.publication.reason,
      rows: list.changes.map((c) => ({ body: c.body, bodyName: c.bodyName, categoryName: categoryName.get(c.category) ?? c.category, before: side(c.before), after: side(c.after) })),
    };
  }

  /** The head's publication with its frozen results; `panels` adds the jurors' sheets. */
  async full(head: PublicationHead, options: { panels?: boolean } = {}): Promise<FullView> {
    const { results, codes } = await this.publications.published(head.view.edition.code, { version: head.view.version, ...options });
    return { view: { ...head.view, results }, codes };
  }

  /** The latest publication with its results, in one call; `changes` as `head`. */
  async latest(editionCode: string, options: { panels?: boolean; changes?: boolean } = {}): Promise<FullView> {
    return this.full(await this.head(editionCode, undefined, { changes: options.changes }), { panels: options.panels });
  }

  /** An unknown category is "not found". */
  requireCategory(view: PublicationView, category: string | undefined): void {
    if (category !== undefined && !view.edition.categories.some((c) => c.code === category)) throw new NotFoundError('category', category);
  }

  /**
   * One page per body that earned a certificate (the edition's `certificate.predicates`),
   * optionally of one body or one category; a body without one is "not found".
   */
  pages({ view, codes }: FullView, filter: { body?: string; category?: string } = {}): { pages: CertificatePage[]; bodies: string[] } {
    this.requireCategory(view, filter.category);
    const certificate = view.edition.certificate;
    const categoryName = new Map(view.edition.categories.map((c) => [c.code, c.name]));
    const awarded = view.results
      .filter((r) => codes.has(r.body) && r.final && r.predicateLabel)
      .filter((r) => (!filter.body || r.body === filter.body) && (!filter.category || r.category === filter.category));
    const stageTitle = new Map(view.edition.stages.map((s) => [s.code, s.title ?? s.code.toUpperCase()]));
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
      verifyUrl: this.verifyUrl(codes.get(r.body)!),
      simulated: view.edition.simulated,
      superseded: view.superseded,
      ...(view.marking && r.status === 'unverified' ? { unverified: true } : {}),
      ...(view.marking && r.absent?.length ? { absent: r.absent.map((s) => stageTitle.get(s) ?? s) } : {}),
    }));
    if (filter.body && pages.length === 0) throw new NotFoundError('certificate', filter.body);
    return { pages, bodies: awarded.map((r) => r.body) };
  }

  /** What a certificate's QR code opens. */
  verifyUrl(code: string): string {
    return `${this.config.publicBaseUrl}/api/public/certificates/${code}`;
  }

  /** PDF metadata of a publication's certificates. */
  pdfInfo(view: PublicationView) {
    return { title: `Piagam Penghargaan — ${view.edition.title}`, author: view.edition.commissionName, createdAt: new Date(view.publishedAt) };
  }
}
