import { Injectable } from '@nestjs/common';
import { createHash } from 'crypto';
import { readFileSync } from 'fs';
import { dirname, join } from 'path';
import { PassThrough } from 'stream';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { UnitOfWork } from '../database/unit-of-work';
import { renderCertificates } from './certificate';
import { PublicationHead, PublicationViews } from './publication-views';
import { writeRankingWorkbook } from './ranking-workbook';
import { withEntryTimes } from './zip-times';
import { DocumentKey, KeptRow, RenderedDocumentsRepository } from './rendered-documents.repository';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PDF = 'application/pdf';

/** A download as HTTP serves it: what a conditional request needs, and the bytes on demand. */
export interface KeptDocument {
  fileName: string;
  contentType: string;
  /** the strong entity tag, quoted: `"<sha256 of the bytes, base64url>"` */
  etag: string;
  size: number;
  /** certificates in a PDF; null for a workbook */
  pages: number | null;
  /** the bytes, read from the database only when they are sent, with their tag (another process may have replaced them since) */
  body(): Promise<{ bytes: Buffer; etag: string }>;
}

type Kind = 'ranking.xlsx' | 'ranking-juri.xlsx' | 'certificates.pdf' | 'certificate.pdf';

/** What one document is, before it is known whether it is kept: its key, how to tell it is current, how to render it. */
interface Wanted {
  key: DocumentKey;
  fingerprint: string;
  /** a superseded version's document: once kept, it is served as it was, whatever changed since (SPEC §15: a version stays byte-for-byte what it was) */
  frozen: boolean;
  contentType: string;
  render(): Promise<{ bytes: Buffer; fileName: string; pages: number | null }>;
}

/**
 * The renderers' own code and the libraries that draw the bytes: a document kept by an older
 * renderer (an upgrade that changes the layout or the fonts) no longer matches, and is rendered
 * again on its next download. Read once per process.
 */
let rendererHash: string | undefined;
function renderers(): string {
  if (!rendererHash) {
    const hash = createHash('sha256');
    for (const module of ['./certificate', './ranking-workbook', './zip-times', '../common/indonesian', '../results/result-view']) hash.update(readFileSync(require.resolve(module)));
    for (const name of ['pdfkit', 'exceljs', 'qrcode', 'dejavu-fonts-ttf/package.json']) hash.update(`${name}@${packageVersion(name)}`);
    rendererHash = hash.digest('hex');
  }
  return rendererHash;
}

/** The installed version of a package: the package.json found above the file it resolves to. */
function packageVersion(name: string): string {
  const wanted = name.replace(/\/package\.json$/, '');
  for (let dir = dirname(require.resolve(name)), i = 0; i < 6; dir = dirname(dir), i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === wanted) return pkg.version ?? '?';
    } catch {
      // no package.json in this folder
    }
  }
  return '?';
}

async function collect(write: (stream: NodeJS.WritableStream) => Promise<void>): Promise<Buffer> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  await write(stream);
  return Buffer.concat(chunks);
}

const etagOf = (bytes: Buffer) => createHash('sha256').update(bytes).digest('base64url');

/**
 * Downloads of a published version (SPEC §16 "Public downloads"): the public and the admin's
 * ranking workbook, one body's certificate and the bundle of certificates, each rendered once per
 * version and kept in the database (rendered_document), so that every API process serves the
 * same bytes with the same strong ETag.
 *
 * A document is rendered on its first download, not at publication: the publication stays a
 * short transaction, and of a national edition's thousands of certificates only those someone
 * asks for are ever drawn. Concurrent first downloads in one process wait for one rendering.
 * Processes that race both render and the last store wins: the same inputs give the same bytes (a
 * certificate is dated by its decree, a workbook's zip entries by the publication's instant), so
 * rendering again — in another process, or after an upgrade of the renderers that leaves a
 * version's pages as they were — keeps its bytes and its ETag. What a kept
 * document was made from besides the frozen results — the edition's texts, the commission's name,
 * the public address in the QR codes, the renderers themselves — is its fingerprint: when any of
 * it changes the document is rendered again.
 *
 * Every method that serves a logged-in caller takes the actor first and begins with its access
 * check; `publicRankingWorkbook` is anonymous and reads only what the latest publication made
 * public, without the jurors' names.
 */
@Injectable()
export class DownloadsService {
  private readonly rendering = new Map<string, Promise<KeptDocument>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly views: PublicationViews,
    private readonly repository: RenderedDocumentsRepository,
    private readonly clock: Clock,
  ) {}

  /** Anonymous, no access check: the latest publication's workbook (or a given version's) as anyone may read it, published summaries only. */
  async publicRankingWorkbook(editionCode: string, version?: number): Promise<KeptDocument> {
    return this.workbook(await this.views.head(editionCode, version, { changes: true }), false);
  }

  /** The latest publication's workbook (or a given version's) with the jurors' sheet, for the edition's admin. */
  async rankingWorkbook(actor: Actor, editionCode: string, version?: number): Promise<KeptDocument> {
    const { edition } = await this.access.requireEdition(actor, 'results.manage', editionCode);
    return this.workbook(await this.views.head(edition.code, version, { changes: true }), true);
  }

  /** Every certificate of the latest publication (or a given version) in one PDF, one page each (optionally one category), for the edition's admin. */
  async certificates(actor: Actor, editionCode: string, filter: { category?: string; version?: number } = {}): Promise<KeptDocument> {
    const { edition } = await this.access.requireEdition(actor, 'results.manage', editionCode);
    const head = await this.views.head(edition.code, filter.version);
    this.views.requireCategory(head.view, filter.category);
    const category = filter.category ?? '';
    return this.kept(this.wanted(head, 'certificates.pdf', category, PDF, async () => {
      const full = await this.views.full(head);
      const { pages } = this.views.pages(full, filter);
      const bytes = await collect((stream) => renderCertificates(pages, stream, this.views.pdfInfo(full.view)));
      return { bytes, fileName: `sertifikat-${head.view.edition.code}${category ? `-${category}` : ''}.pdf`, pages: pages.length };
    }));
  }

  /** One body's certificate of the latest publication (or a given version), for the edition's admin and the body itself; "not found" when it earned none. */
  async bodyCertificate(actor: Actor, editionCode: string, bodyCode: string, version?: number): Promise<KeptDocument> {
    const { edition, body } = await this.access.requireParticipant(actor, 'result.read', editionCode, bodyCode);
    const head = await this.views.head(edition.code, version);
    return this.kept(this.wanted(head, 'certificate.pdf', body.code, PDF, async () => {
      const full = await this.views.full(head);
      const { pages } = this.views.pages(full, { body: body.code });
      const bytes = await collect((stream) => renderCertificates(pages, stream, this.views.pdfInfo(full.view)));
      return { bytes, fileName: `sertifikat-${head.view.edition.code}-${body.code}.pdf`, pages: pages.length };
    }));
  }

  private workbook(head: PublicationHead, assessors: boolean): Promise<KeptDocument> {
    return this.kept(this.wanted(head, assessors ? 'ranking-juri.xlsx' : 'ranking.xlsx', '', XLSX, async () => {
      const { view } = await this.views.full(head, { panels: assessors });
      const bytes = withEntryTimes(await collect((stream) => writeRankingWorkbook(view, stream, { includeAssessors: assessors })), new Date(view.publishedAt));
      return { bytes, fileName: `peringkat-${view.edition.code}-v${view.version}.xlsx`, pages: null };
    }));
  }

  private wanted(head: PublicationHead, kind: Kind, variant: string, contentType: string, render: Wanted['render']): Wanted {
    const inputs = [renderers(), kind, variant, head.view, kind.endsWith('.pdf') ? this.views.verifyUrl('') : null];
    const fingerprint = createHash('sha256').update(JSON.stringify(inputs)).digest('hex');
    return { key: { editionId: head.editionId, version: head.view.version, kind, variant }, fingerprint, frozen: head.view.superseded, contentType, render };
  }

  /**
   * The kept document when it is current, or when its version is superseded (kept as it was
   * downloaded: a later version, a renamed commission or a new renderer never changes it);
   * otherwise rendered (once per process at a time), stored, and served.
   */
  private async kept(wanted: Wanted): Promise<KeptDocument> {
    const row = await this.repository.find(this.dataSource.manager, wanted.key);
    if (row && (row.fingerprint === wanted.fingerprint || wanted.frozen)) return this.served(row, wanted);
    const flight = `${JSON.stringify(wanted.key)}/${wanted.fingerprint}`;
    let pending = this.rendering.get(flight);
    if (!pending) {
      pending = this.render(wanted).finally(() => this.rendering.delete(flight));
      this.rendering.set(flight, pending);
    }
    return pending;
  }

  private async render(wanted: Wanted): Promise<KeptDocument> {
    const { bytes, fileName, pages } = await wanted.render();
    const row = { ...wanted.key, fingerprint: wanted.fingerprint, etag: etagOf(bytes), fileName, pages, size: bytes.length, renderedAt: this.clock.now().toISOString() };
    await this.uow.write((manager) => this.repository.store(manager, row, bytes));
    const etag = `"${row.etag}"`;
    return { fileName, contentType: wanted.contentType, etag, size: bytes.length, pages, body: async () => ({ bytes, etag }) };
  }

  private served(row: KeptRow, wanted: Wanted): KeptDocument {
    return {
      fileName: row.fileName,
      contentType: wanted.contentType,
      etag: `"${row.etag}"`,
      size: row.size,
      pages: row.pages,
      body: async () => {
        const kept = await this.repository.content(this.dataSource.manager, row.id);
        if (kept) return { bytes: kept.bytes, etag: `"${kept.etag}"` };
        // gone since it was looked up (removed by hand): render it again
        return (await this.render(wanted)).body();
      },
    };
  }
}
