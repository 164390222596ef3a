import 'reflect-metadata';
import { Body, Controller, Module, Param, Put } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import sqlite3 from 'sqlite3';

/**
 * The lower bound of the deadline rush: the same framework (Nest on Express) with one route that
 * writes one row to a SQLite table through the same driver — no auth, no validation, no audit.
 */
const db = new sqlite3.Database(process.env.BENCH_DB ?? ':memory:');

@Controller('editions/:edition/saq/:body/answers')
class SaveController {
  @Put(':question')
  save(@Param('body') body: string, @Param('question') question: string, @Body() dto: { value: unknown; evidence?: string[] }): Promise<{ id: number }> {
    return new Promise((resolve, reject) => {
      db.run(
        'INSERT INTO save (body, question, value, evidence, at) VALUES (?, ?, ?, ?, ?)',
        [body, question, JSON.stringify(dto.value), JSON.stringify(dto.evidence ?? []), new Date().toISOString()],
        function (this: sqlite3.RunResult, error: Error | null) {
          if (error) reject(error);
          else resolve({ id: this.lastID });
        },
      );
    });
  }
}

@Module({ controllers: [SaveController] })
class BareModule {}

async function main(): Promise<void> {
  await new Promise<void>((resolve, reject) =>
    db.exec(
      'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; CREATE TABLE IF NOT EXISTS save (id INTEGER PRIMARY KEY, body TEXT, question TEXT, value TEXT, evidence TEXT, at TEXT)',
      (error) => (error ? reject(error) : resolve()),
    ),
  );
  const app = await NestFactory.create(BareModule, { logger: ['error'] });
  app.setGlobalPrefix('api');
  await app.listen(Number(process.env.PORT ?? 3999), '127.0.0.1');
  process.stdout.write('ready\n');
}

void main();
