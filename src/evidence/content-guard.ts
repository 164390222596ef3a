import { Transform } from 'stream';
import { PayloadTooLargeError, UnsupportedMediaTypeError } from '../common/errors';
import { EvidenceFilesDef, EvidenceFileType } from '../scoring';

/** How each accepted type is recognised: its first bytes (never the file's name). */
const SIGNATURES: Readonly<Record<EvidenceFileType, { magic: Buffer; contentType: string; label: string }>> = {
  pdf: { magic: Buffer.from('%PDF-', 'latin1'), contentType: 'application/pdf', label: 'PDF' },
};

const LONGEST_MAGIC = Math.max(...Object.values(SIGNATURES).map((s) => s.magic.length));

/** `2 MB` for 2097152 bytes: the limit as an operator reads it (binary megabytes, as KI Pusat's e-monev counts). */
export function sizeText(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return bytes % 1024 === 0 ? `${bytes / 1024} KB` : `${bytes} bytes`;
}

/** The 413 of a file over the edition's maxBytes, naming the limit. */
export function tooLarge(limits: EvidenceFilesDef, edition: string): PayloadTooLargeError {
  return new PayloadTooLargeError('evidence.too_large', {
    en: `file: an evidence file may have at most ${limits.maxBytes} bytes (${sizeText(limits.maxBytes)}; evidenceFiles.maxBytes of edition "${edition}"); the server read no further`,
    id: `berkas: berkas bukti dukung paling besar ${limits.maxBytes} bita (${sizeText(limits.maxBytes)}; evidenceFiles.maxBytes edisi "${edition}"); sisanya tidak dibaca`,
  });
}

function wrongType(limits: EvidenceFilesDef): UnsupportedMediaTypeError {
  const labels = limits.types.map((t) => SIGNATURES[t].label).join(', ');
  return new UnsupportedMediaTypeError('evidence.type', {
    en: `file: the content is not one of the accepted types (${labels}); the type is decided from the file's content, not its name`,
    id: `berkas: isinya bukan jenis yang diterima (${labels}); jenis berkas ditentukan dari isinya, bukan dari namanya`,
  });
}

/** The type whose signature the first bytes carry, or null. */
export function recognise(head: Buffer, types: readonly EvidenceFileType[]): { type: EvidenceFileType; contentType: string } | null {
  for (const type of types) {
    const { magic, contentType } = SIGNATURES[type];
    if (head.length >= magic.length && head.subarray(0, magic.length).equals(magic)) return { type, contentType };
  }
  return null;
}

/**
 * A pass-through stream that enforces an edition's limits on one file while it flows: it fails
 * with 415 as soon as the first bytes show a type the edition does not accept, and with 413 at
 * the first byte beyond maxBytes — so nothing past the limit is ever read on. `contentType()`
 * is known once the stream has ended.
 */
export class ContentGuard extends Transform {
  private seen = 0;
  private head: Buffer[] = [];
  private headBytes = 0;
  private decided: string | null = null;

  constructor(
    private readonly limits: EvidenceFilesDef,
    private readonly edition: string,
  ) {
    super();
  }

  contentType(): string {
    if (!this.decided) throw new Error('the content type is known once the file has been read');
    return this.decided;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null, data?: Buffer) => void): void {
    this.seen += chunk.length;
    if (this.seen > this.limits.maxBytes) return done(tooLarge(this.limits, this.edition));
    if (!this.decided) {
      this.head.push(chunk);
      this.headBytes += chunk.length;
      if (this.headBytes >= LONGEST_MAGIC) {
        const problem = this.decide();
        if (problem) return done(problem);
      }
    }
    done(null, chunk);
  }

  override _flush(done: (error?: Error | null) => void): void {
    done(this.decided ? null : this.decide());
  }

  private decide(): Error | null {
    const found = recognise(Buffer.concat(this.head, this.headBytes), this.limits.types);
    this.head = [];
    if (!found) return wrongType(this.limits);
    this.decided = found.contentType;
    return null;
  }
}
