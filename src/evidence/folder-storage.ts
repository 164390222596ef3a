import { createHash, randomBytes } from 'crypto';
import { createReadStream, createWriteStream, mkdirSync, readdirSync, rmSync, statSync } from 'fs';
import { open, rename, rm, stat } from 'fs/promises';
import { join } from 'path';
import { Readable, Transform } from 'stream';
import { pipeline } from 'stream/promises';
import { EvidenceStorage, SHA256_NAME, StoredContent } from './evidence-storage';

/** Temporary files begin so; a content's own name is 64 hex digits, so the two never meet. */
export const TEMP_PREFIX = '.upload-';

/** A temporary file untouched this long belongs to an upload whose process died: no upload takes an hour to send 100 MB at most. */
export const STALE_TEMP_MS = 60 * 60 * 1000;

/**
 * Evidence contents as files of one folder (MONEV_FILES_PATH), each named by its SHA-256. A
 * content is written to a temporary file in the same folder, fsync'd, renamed to its name (atomic
 * on one file system) and the folder fsync'd, so the name appears only for a complete file; a
 * process killed mid-upload leaves at most a temporary file, which nothing names and `get`
 * never serves. The folder may be shared by several API processes (the same name is the same
 * content, so two writers of it agree).
 */
export class FolderStorage implements EvidenceStorage {
  readonly kind = 'folder';

  constructor(
    readonly path: string,
    now = Date.now(),
  ) {
    mkdirSync(path, { recursive: true });
    // what killed processes left; a younger one may be another process's upload under way
    for (const name of readdirSync(path)) {
      if (!name.startsWith(TEMP_PREFIX)) continue;
      const file = join(path, name);
      if (now - statSync(file).mtimeMs > STALE_TEMP_MS) rmSync(file, { force: true });
    }
  }

  async put(source: Readable): Promise<StoredContent> {
    const temp = join(this.path, `${TEMP_PREFIX}${randomBytes(12).toString('hex')}`);
    const hash = createHash('sha256');
    let size = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    try {
      const out = createWriteStream(temp, { flags: 'wx' });
      await pipeline(source, measure, out);
      const handle = await open(temp, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      const sha256 = hash.digest('hex');
      await rename(temp, join(this.path, sha256));
      await this.syncFolder();
      return { sha256, size };
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async get(sha256: string): Promise<Readable | null> {
    if (!SHA256_NAME.test(sha256)) return null;
    const file = join(this.path, sha256);
    const found = await stat(file).catch(() => null);
    return found?.isFile() ? createReadStream(file) : null;
  }

  /** The rename is durable once the folder's entry is on disk. */
  private async syncFolder(): Promise<void> {
    const handle = await open(this.path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}
