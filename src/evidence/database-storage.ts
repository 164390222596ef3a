import { createHash, randomBytes } from 'crypto';
import { DataSource } from 'typeorm';
import { Readable } from 'stream';
import { UnitOfWork } from '../database/unit-of-work';
import { EvidenceStorage, SHA256_NAME, StoredContent } from './evidence-storage';
import { EvidenceRepository } from './evidence.repository';

/** The size of one stored piece: what a write or a read holds in memory at a time. */
export const CHUNK_BYTES = 256 * 1024;

const TEMP_PREFIX = 'upload-';
/** Temporary pieces this old belong to an upload whose process died (as FolderStorage's STALE_TEMP_MS). */
const STALE_TEMP_MS = 60 * 60 * 1000;
/** `upload-<start, 13-digit ms>-<random>`: temporary keys sort by their start time. */
const tempKey = (at: number) => `${TEMP_PREFIX}${String(at).padStart(13, '0')}-${randomBytes(12).toString('hex')}`;

/**
 * Evidence contents in the database (`evidence_chunk`), for a PostgreSQL deployment whose API
 * processes share no folder. A content is written as numbered pieces under a temporary key, one
 * short transaction each, then given its SHA-256 as key in one statement: readers see a content
 * whole or not at all. A process killed mid-upload leaves pieces under a temporary key, which no
 * file row names and `get` never serves; the first upload of each process removes such pieces
 * once they are an hour old.
 */
export class DatabaseStorage implements EvidenceStorage {
  readonly kind = 'database';
  private swept: Promise<void> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly repository: EvidenceRepository,
  ) {}

  async put(source: Readable): Promise<StoredContent> {
    const now = Date.now();
    this.swept ??= this.uow.write((manager) => this.repository.removeChunksBefore(manager, TEMP_PREFIX, tempKey(now - STALE_TEMP_MS).slice(0, TEMP_PREFIX.length + 13))).catch(() => undefined);
    await this.swept;
    const temp = tempKey(now);
    const hash = createHash('sha256');
    let size = 0;
    let seq = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      const data = Buffer.concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
      const at = seq++;
      await this.uow.write((manager) => this.repository.writeChunk(manager, temp, at, data));
    };
    try {
      for await (const chunk of source) {
        const piece = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
        hash.update(piece);
        size += piece.length;
        let offset = 0;
        while (offset < piece.length) {
          const take = Math.min(CHUNK_BYTES - pendingBytes, piece.length - offset);
          pending.push(piece.subarray(offset, offset + take));
          pendingBytes += take;
          offset += take;
          if (pendingBytes === CHUNK_BYTES) await flush();
        }
      }
      if (pendingBytes > 0 || seq === 0) await flush();
      const sha256 = hash.digest('hex');
      const renamed = await this.uow
        .write(async (manager) => {
          if (await this.repository.hasChunks(manager, sha256)) return false;
          await this.repository.renameChunks(manager, temp, sha256);
          return true;
        })
        // another process stored the same content at the same moment: its copy serves (else the failure stands)
        .catch(async (error: unknown) => {
          if (await this.repository.hasChunks(this.dataSource.manager, sha256)) return false;
          throw error;
        });
      if (!renamed) await this.removeTemp(temp);
      return { sha256, size };
    } catch (error) {
      await this.removeTemp(temp).catch(() => undefined);
      throw error;
    }
  }

  async get(sha256: string): Promise<Readable | null> {
    if (!SHA256_NAME.test(sha256)) return null;
    const manager = this.dataSource.manager;
    const first = await this.repository.readChunk(manager, sha256, 0);
    if (!first) return null;
    const repository = this.repository;
    let seq = 0;
    async function* pieces(): AsyncGenerator<Buffer> {
      let piece: Buffer | null = first;
      while (piece) {
        yield piece;
        piece = await repository.readChunk(manager, sha256, ++seq);
      }
    }
    return Readable.from(pieces());
  }

  private removeTemp(temp: string): Promise<void> {
    return this.uow.write((manager) => this.repository.removeChunks(manager, temp));
  }
}
