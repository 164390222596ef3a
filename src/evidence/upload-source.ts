import { Readable } from 'stream';

/** The one file of an upload, as it streams in. */
export interface ReceivedFile {
  /** the name the operator's file had (as sent; checked by the service) */
  name: string;
  stream: Readable;
}

/**
 * An upload as the evidence service reads it, whoever carries it (the API's multipart request,
 * a page's form): nothing of the file is read before the service asks for it — so a refused
 * caller's file is never read — and `abandon` stops reading there, the rest never read.
 */
export interface UploadSource {
  /** the size the request declares (Content-Length), if it does: a file that cannot fit is refused before a byte is read */
  readonly declaredBytes: number | null;
  /** the file part; the source may stop reading it after `maxBytes` + 1 bytes (the service's guard refuses it there) */
  receive(maxBytes: number): Promise<ReceivedFile>;
  abandon(): void;
}

/** Multipart framing around one file (boundaries, part headers, a name of up to 300 characters): a request larger than the file limit by more than this cannot fit. */
export const MULTIPART_SLACK = 16 * 1024;
