import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { WORKBOOK_MAX_BYTES } from '../../saq/saq.controller';

/** What the upload middleware leaves on the request of the SAQ page's workbook form. */
export interface WorkbookUploadRequest {
  file?: { buffer: Buffer };
  /** the file was larger than WORKBOOK_MAX_BYTES: multer stopped reading it there */
  workbookTooLarge?: boolean;
}

/** The part of multer (a dependency of @nestjs/platform-express, without its own types here) this file uses. */
interface Multer {
  (options: { storage: unknown; limits: { fileSize: number; files: number; fields: number } }): { single(field: string): (req: Request, res: Response, done: (error: unknown) => void) => void };
  memoryStorage(): unknown;
  MulterError: new (...args: never[]) => Error & { code: string };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const multer = require('multer') as Multer;

const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: WORKBOOK_MAX_BYTES, files: 1, fields: 10 } }).single('file');

/**
 * Reads the multipart form of `Unggah kuesioner (Excel)` before the web guard runs, so the guard
 * finds the form's `_csrf` field (an interceptor would read the body only after the guard). The
 * form puts `_csrf` before the file, so a file over the limit still leaves the token read; the
 * page then says what the limit is instead of an HTTP error page.
 */
@Injectable()
export class WorkbookUploadMiddleware implements NestMiddleware {
  use(request: Request, response: Response, next: NextFunction): void {
    upload(request, response, (error: unknown) => {
      if (error instanceof multer.MulterError && error.code === 'LIMIT_FILE_SIZE') {
        (request as Request & WorkbookUploadRequest).workbookTooLarge = true;
        next();
        return;
      }
      next(error);
    });
  }
}
