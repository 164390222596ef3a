import { ArgumentsHost, BadRequestException, HttpException, Logger, NotFoundException } from '@nestjs/common';
import sqlite3 from 'sqlite3';
import { DataSource } from 'typeorm';
import { Commission } from '../commissions/commission.entity';
import { tempSqlite, TempSqlite } from '../../test/support/database';
import { UnitOfWork } from '../database/unit-of-work';
import { ErrorFilter, errorBody, indonesianMessage } from './error.filter';
import { ConflictError, ERROR_CODES, InvalidInputError, NotFoundError } from './errors';
import { refuseDeepJson } from './json-depth';

describe('errorBody', () => {
  it('keeps a domain error its status, code and both wordings, and hides anything unexpected as 500', () => {
    expect(errorBody(new NotFoundError('body', 'x'))).toEqual({
      statusCode: 404, error: 'Not Found', message: 'body "x" not found', code: 'not_found', text: 'badan publik "x" tidak ditemukan',
    });
    expect(errorBody(new ConflictError('saq.empty', { en: 'nothing to submit', id: 'belum ada yang bisa dikirim' }))).toEqual({
      statusCode: 409, error: 'Conflict', message: 'nothing to submit', code: 'saq.empty', text: 'belum ada yang bisa dikirim',
    });
    expect(errorBody(new Error('secret detail'))).toEqual({
      statusCode: 500, error: 'Internal Server Error', message: 'internal error', code: 'internal',
      text: 'terjadi galat yang tidak terduga di server; coba lagi, dan beri tahu pengelola bila terulang',
    });
  });

  it('names each bad field of a 400 in both languages', () => {
    const error = new InvalidInputError([
      { field: 'value', message: 'required', text: 'wajib diisi' },
      { field: '(body)', message: 'must be a JSON array', text: 'harus berupa daftar JSON' },
    ]);
    expect(errorBody(error)).toEqual({
      statusCode: 400, error: 'Bad Request', message: 'value: required; (body): must be a JSON array', code: 'input.invalid',
      text: 'kolom "value": wajib diisi; isi permintaan: harus berupa daftar JSON',
    });
  });

  it('gives a question its questionnaire in both languages', () => {
    expect(errorBody(new NotFoundError('question', '9.9', 'saq-contoh'))).toMatchObject({
      message: 'question of saq-contoh "9.9" not found', text: 'pertanyaan "9.9" pada saq-contoh tidak ditemukan',
    });
  });

  it('maps an unknown route, body parsing and other HTTP refusals too', () => {
    expect(errorBody(new NotFoundException('Cannot GET /api/tidak-ada'))).toEqual({
      statusCode: 404, error: 'Not Found', message: 'Cannot GET /api/tidak-ada', code: 'not_found', text: 'alamat GET /api/tidak-ada tidak ditemukan',
    });
    // Nest hands body-parser's SyntaxError on as a BadRequestException with its message
    expect(errorBody(new BadRequestException('Unexpected end of JSON input'))).toEqual({
      statusCode: 400, error: 'Bad Request', message: 'Unexpected end of JSON input', code: 'request.invalid_body', text: 'isi permintaan: bukan JSON yang sah',
    });
    expect(errorBody(new BadRequestException("Failed to decode param '%FF'"))).toMatchObject({ code: 'request.invalid', text: 'alamat permintaan tidak dapat dibaca' });
    const malformed = Object.assign(new SyntaxError('Unexpected token } in JSON at position 9'), { status: 400, type: 'entity.parse.failed' });
    expect(errorBody(malformed)).toEqual({
      statusCode: 400, error: 'Bad Request', message: 'request body: Unexpected token } in JSON at position 9', code: 'request.invalid_body', text: 'isi permintaan: bukan JSON yang sah',
    });
    const large = Object.assign(new Error('request entity too large'), { status: 413, type: 'entity.too.large' });
    expect(errorBody(large)).toMatchObject({ statusCode: 413, code: 'request.too_large', text: 'isi permintaan: terlalu besar' });
    let deep: unknown;
    try {
      refuseDeepJson(null, null, Buffer.from('['.repeat(40)), 'utf-8');
    } catch (error) {
      deep = error;
    }
    expect(errorBody(deep)).toMatchObject({
      statusCode: 400, message: 'request body: JSON nested deeper than 32 levels is refused', code: 'request.too_deep', text: 'isi permintaan: JSON yang bersarang lebih dari 32 tingkat ditolak',
    });
    expect(errorBody(new HttpException('gone', 410))).toMatchObject({ statusCode: 410, message: 'gone', code: 'request.failed', text: 'permintaan ditolak (HTTP 410)' });
  });

  it('gives the web layer the same status, code and Indonesian text (indonesianMessage)', () => {
    const errors: unknown[] = [
      new NotFoundError('edition', 'x'),
      new InvalidInputError([{ field: 'until', message: 'required', text: 'wajib diisi' }]),
      new NotFoundException('Cannot POST /x'),
      new Error('bug'),
      Object.assign(new Error('locked'), { code: 'SQLITE_BUSY' }),
    ];
    for (const error of errors) {
      const body = errorBody(error);
      expect(indonesianMessage(error)).toEqual({ status: body.statusCode, code: body.code, text: body.text });
    }
    expect(indonesianMessage(Object.assign(new Error('locked'), { code: 'SQLITE_BUSY' }))).toEqual({
      status: 503, code: 'database.busy', text: 'basis data sedang sibuk dengan penulisan lain (impor atau perhitungan dari baris perintah?); tidak ada yang tersimpan: coba lagi sebentar lagi',
    });
  });

  it('every code a refusal can carry is catalogued, lowercase and dotted', () => {
    for (const code of Object.keys(ERROR_CODES)) expect(code).toMatch(/^[a-z][a-z_]*(\.[a-z][a-z_]*)*$/);
  });

  describe('a SQLite file locked by another process beyond the busy timeout', () => {
    let db: TempSqlite;
    let dataSource: DataSource;
    let other: sqlite3.Database;
    const run = (sql: string) => new Promise<void>((resolve, reject) => other.run(sql, (error) => (error ? reject(error) : resolve())));

    beforeEach(async () => {
      db = tempSqlite('busy');
      dataSource = await db.open();
      await dataSource.query('PRAGMA busy_timeout = 100'); // 10 s in service; the test need not wait that long
      other = await new Promise<sqlite3.Database>((resolve, reject) => {
        const opened: sqlite3.Database = new sqlite3.Database(db.path, (error) => (error ? reject(error) : resolve(opened)));
      });
      await run('BEGIN IMMEDIATE');
    });

    afterEach(async () => {
      await run('ROLLBACK').catch(() => undefined); // the first test ends it itself
      await new Promise<void>((resolve) => other.close(() => resolve()));
      await db.close();
    });

    const busy = {
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'the database is busy with another write (an import or a compute from the command line?); nothing was saved: try again in a moment',
      code: 'database.busy',
      text: 'basis data sedang sibuk dengan penulisan lain (impor atau perhitungan dari baris perintah?); tidak ada yang tersimpan: coba lagi sebentar lagi',
    };

    it('is 503 "busy, try again" for a queued write (prepared BEGIN IMMEDIATE), which changes nothing', async () => {
      const error = await new UnitOfWork(dataSource).write((m) => m.insert(Commission, { code: 'ki-x', name: 'KI X' })).catch((e: unknown) => e);
      expect(errorBody(error)).toEqual(busy);
      await run('ROLLBACK');
      expect(await dataSource.manager.count(Commission)).toBe(0);
      await new UnitOfWork(dataSource).write((m) => m.insert(Commission, { code: 'ki-x', name: 'KI X' })); // and the next write works
      expect(await dataSource.manager.count(Commission)).toBe(1);
    });

    it('is 503 for a statement through TypeORM as well, with Retry-After', async () => {
      const error = await dataSource.manager.insert(Commission, { code: 'ki-y', name: 'KI Y' }).catch((e: unknown) => e);
      expect(errorBody(error)).toEqual(busy);
      const sent: { headers: Record<string, string>; status?: number; body?: unknown } = { headers: {} };
      const response = {
        setHeader: (name: string, value: string) => (sent.headers[name] = value),
        status: (code: number) => ((sent.status = code), { json: (body: unknown) => (sent.body = body) }),
      };
      const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
      const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      try {
        new ErrorFilter().catch(error, host);
      } finally {
        logged.mockRestore();
      }
      expect(sent).toEqual({ headers: { 'Retry-After': '5' }, status: 503, body: busy });
    });
  });
});
