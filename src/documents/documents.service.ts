import { Injectable } from '@nestjs/common';
import { join } from 'path';
import { AccessService } from '../access/access.service';
import { Actor } from '../common/actor';
import { renderCertificates } from './certificate';
import { CertificatePage, PublicationView } from './document-types';
import { PublicationViews } from './publication-views';
import { writeRankingWorkbook } from './ranking-workbook';

/**
 * Documents rendered straight to a file or a stream, for the CLI and the benchmark: the ranking
 * workbook of the latest publication and one PDF per certificate. HTTP downloads are rendered
 * once and kept (DownloadsService). Never computes a score.
 *
 * Every method takes the actor (the CLI's system actor) first and begins with its access check.
 */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly access: AccessService,
    private readonly views: PublicationViews,
  ) {}

  /**
   * The ranking workbook of the latest publication (read once), for the edition's admin; with
   * `assessors`, the jurors' sheet with their names (the CLI's export leaves it out, as the
   * public workbook does).
   */
  async rankingWorkbook(actor: Actor, editionCode: string, output: NodeJS.WritableStream | string, options: { assessors: boolean }): Promise<PublicationView> {
    const { edition } = await this.access.requireEdition(actor, 'results.manage', editionCode);
    const { view } = await this.views.latest(edition.code, { panels: options.assessors, changes: true });
    await writeRankingWorkbook(view, output, { includeAssessors: options.assessors });
    return view;
  }

  /** The pages of every certificate of the latest publication (optionally one category), unrendered, for the edition's admin (the benchmark renders a sample). */
  async certificatePages(actor: Actor, editionCode: string, filter: { category?: string } = {}): Promise<{ view: PublicationView; pages: CertificatePage[] }> {
    const { edition } = await this.access.requireEdition(actor, 'results.manage', editionCode);
    const full = await this.views.latest(edition.code);
    return { view: full.view, pages: this.views.pages(full, filter).pages };
  }

  /** One PDF per awarded body, `<dir>/<body>.pdf`, reading the publication once, for the edition's admin (the CLI's export). */
  async certificateFiles(actor: Actor, editionCode: string, dir: string, onFile?: (done: number, total: number) => void): Promise<number> {
    const { edition } = await this.access.requireEdition(actor, 'results.manage', editionCode);
    const full = await this.views.latest(edition.code);
    const { pages, bodies } = this.views.pages(full);
    for (let i = 0; i < pages.length; i++) {
      await renderCertificates([pages[i]], join(dir, `${bodies[i]}.pdf`), this.views.pdfInfo(full.view));
      onFile?.(i + 1, pages.length);
    }
    return pages.length;
  }
}
