import { Readable } from 'stream';

/** What a completely written file is named by. */
export interface StoredContent {
  sha256: string;
  size: number;
}

/**
 * Where the contents of evidence files live, by SHA-256 (SPEC §13). `put` writes a stream
 * completely and durably before it resolves — a process killed on the way leaves nothing under
 * the name — and rejects with the stream's own error if the stream fails (the upload's limits
 * fail it), leaving nothing behind. `get` streams a content back, never whole in memory.
 * Contents are never removed by a deletion of a file row: the same content may be named by
 * other rows (or by an upload under way).
 */
export interface EvidenceStorage {
  readonly kind: 'folder' | 'database';
  put(source: Readable): Promise<StoredContent>;
  /** null when no complete content has that name */
  get(sha256: string): Promise<Readable | null>;
}

export const EVIDENCE_STORAGE = Symbol('EVIDENCE_STORAGE');

export const SHA256_NAME = /^[0-9a-f]{64}$/;
