import { ArgumentsHost, Logger } from '@nestjs/common';
import sqlite3 from 'sqlite3';
import { DataSource } from 'typeorm';
import { Commission } from '../commissions/commission.entity';
import { tempSqlite, TempSqlite } from '../../test/support/database';
import { UnitOfWork } from '../database/unit-of-work';
import { ErrorFilter, errorBody } from './error.filter';
import { NotFoundError } from './errors';

describe('errorBody', () => {
  it('keeps a domain error its status and message, and hides anything unexpected as 500', () => {
    expect(errorBody(new NotFoundError('body', 'x'))).toEqual({ statusCode: 404, error: 'Not Found', message: 'body "x" not found' });
    expect(errorBody(new Error('secret detail'))).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'internal error' });
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
