import busboy from 'busboy';
import { IncomingMessage, ServerResponse } from 'http';
import { InvalidInputError } from '../common/errors';
import { ReceivedFile, UploadSource } from './upload-source';

const noFile = () =>
  new InvalidInputError([{ field: 'file', message: 'required: send the evidence file as the multipart field "file"', text: 'wajib: kirim berkas bukti dukung sebagai bagian multipart "file"' }]);

/**
 * The multipart request of an upload (field `file`) as an UploadSource, read with busboy (the
 * multipart parser of multer, which @nestjs/platform-express brings). Nothing is read until the
 * service calls `receive`; `abandon` unhooks the parser, leaves the rest of the request unread
 * and marks the answer `Connection: close`, so Node closes the connection once it is sent.
 */
export function multipartUpload(request: IncomingMessage, response: ServerResponse, field = 'file'): UploadSource {
  const length = Number(request.headers['content-length']);
  let parser: busboy.Busboy | null = null;
  return {
    declaredBytes: Number.isSafeInteger(length) && length >= 0 ? length : null,
    receive(maxBytes: number): Promise<ReceivedFile> {
      return new Promise((resolve, reject) => {
        try {
          // one more byte than the limit: enough for the service's guard to see that the file is over it
          parser = busboy({ headers: request.headers, defParamCharset: 'utf8', limits: { files: 1, fileSize: maxBytes + 1, fields: 20, parts: 21 } });
        } catch {
          return reject(noFile()); // not multipart/form-data, or no boundary
        }
        let found = false;
        parser.on('file', (name, stream, info) => {
          if (name !== field || found) {
            stream.resume();
            return;
          }
          found = true;
          resolve({ name: info.filename ?? '', stream });
        });
        parser.on("error", () => reject(noFile()));
        parser.on('close', () => {
          if (!found) reject(noFile());
        });
        request.pipe(parser);
      });
    },
    abandon(): void {
      if (parser) request.unpipe(parser);
      request.pause();
      if (!response.headersSent) response.setHeader('Connection', 'close');
    },
  };
}
