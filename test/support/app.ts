import { AccessService } from '../../src/access/access.service';
import { AuditService } from '../../src/audit/audit.service';
import { BodiesRepository } from '../../src/bodies/bodies.repository';
import { CommissionsRepository } from '../../src/commissions/commissions.repository';
import { UnitOfWork } from '../../src/database/unit-of-work';
import { EditionsRepository } from '../../src/editions/editions.repository';
import { ImportService } from '../../src/fixtures/importer';
import { InstrumentsService } from '../../src/instruments/instruments.service';
import { PanelsRepository } from '../../src/panels/panels.repository';
import { SaqRepository } from '../../src/saq/saq.repository';
import { UsersRepository } from '../../src/users/users.repository';
import { VerificationRepository } from '../../src/verification/verification.repository';
import { INestApplication, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { configureApp } from '../../src/app.factory';
import { AppModule } from '../../src/app.module';
import { Clock, FixedClock } from '../../src/common/clock';
import { APP_CONFIG, AppConfig, loadConfig } from '../../src/common/config';
import { testDatabase, TestDatabase } from './database';

export const ADMIN = { username: 'admin', password: 'admin-password-123' };

/** One booted application per test file: the real AppModule on a fresh database, with a clock the test moves. */
export interface TestApp {
  app: INestApplication;
  clock: FixedClock;
  config: AppConfig;
  db: TestDatabase;
  http: () => ReturnType<typeof request>;
  login(username: string, password: string): Promise<string>;
  close(): Promise<void>;
}

/** `existing`: boot on that database (a restart of the deployment) instead of a fresh one; closing then leaves it. */
export async function startApp(label: string, now: string, env: Record<string, string> = {}, existing?: TestDatabase): Promise<TestApp> {
  const db = existing ?? (await testDatabase(label));
  const config = loadConfig({
    ...db.env,
    MONEV_ADMIN_USERNAME: ADMIN.username,
    MONEV_ADMIN_PASSWORD: ADMIN.password,
    // tests move the clock across months; tokens would expire on the way
    MONEV_JWT_TTL_SECONDS: String(366 * 24 * 3600),
    ...env,
  });
  const clock = new FixedClock(new Date(now));
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(APP_CONFIG)
    .useValue(config)
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const app = configureApp(moduleRef.createNestApplication({ logger: ['error'] }));
  await app.init();
  const http = () => request(app.getHttpServer());
  return {
    app,
    clock,
    config,
    db,
    http,
    async login(username: string, password: string): Promise<string> {
      const res = await http().post('/api/auth/login').send({ username, password });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.accessToken as string;
    },
    async close() {
      await app.close();
      if (!existing) await db.drop();
    },
  };
}

/**
 * The CLI's importer, built from the HTTP app's own providers (the HTTP app does not provide it):
 * what `npm run cli -- import` runs, in the app under test.
 */
export function importerOf(t: TestApp): ImportService {
  const get = <T>(type: Type<T> | (abstract new (...args: never[]) => T)): T => t.app.get(type as Type<T>, { strict: false });
  return new ImportService(
    get(AccessService), get(UnitOfWork), get(InstrumentsService), get(AuditService), get(EditionsRepository), get(Clock),
    get(CommissionsRepository), get(BodiesRepository), get(UsersRepository), get(SaqRepository), get(VerificationRepository), get(PanelsRepository),
  );
}
