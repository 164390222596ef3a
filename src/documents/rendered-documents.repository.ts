import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { RenderedDocument } from './rendered-document.entity';

/** Which document of which published version. */
export interface DocumentKey {
  editionId: number;
  version: number;
  kind: string;
  variant: string;
}

/** A kept document without its bytes: enough to answer a conditional request. */
export type KeptRow = Omit<RenderedDocument, 'content'>;

const WITHOUT_CONTENT: (keyof KeptRow)[] = ['id', 'editionId', 'version', 'kind', 'variant', 'fingerprint', 'etag', 'fileName', 'pages', 'size', 'renderedAt'];

/**
 * The one owner of `rendered_document`. Reads leave the bytes out until they are sent; a store
 * replaces what another process may have stored for the same key meanwhile (rendered from the
 * same inputs). The documents of earlier versions stay: a superseded version is still downloaded,
 * byte-for-byte as it was (SPEC §15).
 */
@Injectable()
export class RenderedDocumentsRepository {
  find(manager: EntityManager, key: DocumentKey): Promise<KeptRow | null> {
    return manager.findOne(RenderedDocument, { select: WITHOUT_CONTENT, where: { ...key } });
  }

  /** The bytes of a kept document, with the tag of those bytes; null when it was dropped meanwhile. */
  async content(manager: EntityManager, id: number): Promise<{ bytes: Buffer; etag: string } | null> {
    const row = await manager.findOne(RenderedDocument, { select: ['id', 'etag', 'content'], where: { id } });
    return row ? { bytes: Buffer.from(row.content, 'base64'), etag: row.etag } : null;
  }

  async store(manager: EntityManager, row: Omit<RenderedDocument, 'id' | 'content'>, content: Buffer): Promise<void> {
    await manager.upsert(RenderedDocument, { ...row, content: content.toString('base64') }, ['editionId', 'version', 'kind', 'variant']);
  }
}
