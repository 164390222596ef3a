import { INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AddressInfo, createServer } from 'net';
import { configureApp } from '../app.factory';
import { AppModule } from '../app.module';
import { stopGracefully } from '../common/graceful-shutdown';

/** A logger for the server of the demo: the framework's start-up chatter is not shown, its warnings and errors are. */
class DemoLogger extends Logger {
  override log(): void {}
  override debug(): void {}
  override verbose(): void {}
}

/**
 * The HTTP application of `npm start` (the API and the web pages) on the database of
 * MONEV_DB_PATH, listening on `port` (0: any free port). Ctrl-C or SIGTERM stop it as they stop
 * the server (graceful-shutdown.ts: the requests in flight finish, then exit 0). Answers the
 * port it listens on.
 */
export async function startDemoServer(port: number, say: (line: string) => void): Promise<{ app: INestApplication; port: number }> {
  const app = configureApp(await NestFactory.create<NestExpressApplication>(AppModule, { logger: ['error', 'warn'] }));
  try {
    await app.listen(port);
  } catch (error) {
    await app.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw portInUse(port);
    }
    throw error;
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => say(`\n${signal}: server demo berhenti menerima sambungan baru, menyelesaikan permintaan yang sedang berjalan, lalu berhenti.`));
  }
  process.once('exit', (code) => {
    if (code === 0) say('Server demo berhenti.');
  });
  stopGracefully(app, new DemoLogger('demo'));
  return { app, port: (app.getHttpServer().address() as AddressInfo).port };
}

export class PortInUse extends Error {}

const portInUse = (port: number) => new PortInUse(`port ${port} sudah dipakai (mungkin demo atau server lain masih berjalan): hentikan dulu, atau jalankan dengan PORT=<port lain>`);

/** Fails fast, before the demo's cycle runs, when the port is taken already (it may still be taken later: startDemoServer says so too). */
export function requirePortFree(port: number): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => fail(error.code === 'EADDRINUSE' ? portInUse(port) : error));
    probe.listen(port, () => probe.close(() => done()));
  });
}
