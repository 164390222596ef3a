import { INestApplicationContext } from '@nestjs/common';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { randomInt } from 'crypto';
import { tmpdir } from 'os';
import { join } from 'path';
import { parse, stringify } from 'yaml';
import { Actor } from '../common/actor';
import { EditionsService } from '../editions/editions.service';
import { ImportService } from '../fixtures/importer';
import { InstrumentRegistry } from '../instruments/registry';
import { ComputeService } from '../results/compute.service';
import { Role } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { HOME_OF } from '../web/pages';

/** One account of the live demo, as printed for the person who started it. */
export interface DemoAccount {
  role: Role;
  username: string;
  password: string;
  /** the role's home page, where its login lands */
  home: string;
}

export interface LiveDemo {
  edition: string;
  title: string;
  /** the body whose questionnaire is still empty: the PPID operator's */
  body: string;
  accounts: DemoAccount[];
}

const DAY_MS = 24 * 3600 * 1000;
/** The offset the contoh fixture writes its instants in (Samarinda, WITA). */
const OFFSET = '+08:00';
const OFFSET_MS = 8 * 3600 * 1000;

/** The calendar day `days` away from `now`'s day at UTC+8, e.g. "2026-12-15". */
function day(now: Date, days: number): string {
  return new Date(now.getTime() + OFFSET_MS + days * DAY_MS).toISOString().slice(0, 10);
}

/** Easy to read aloud and type on a phone: no 0/o, 1/l/i. */
const PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A fresh random password (16 characters from 31: ~79 bits), never stored anywhere but as its hash. */
export function demoPassword(length = 16): string {
  return Array.from({ length }, () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]).join('');
}

/** The accounts of the live demo: one per role, in the order they meet the questionnaire. */
const ACCOUNTS: { role: Role; username: string; name: string }[] = [
  { role: 'body', username: 'demo-ppid', name: 'Operator PPID Badan Publik C' },
  { role: 'verifier', username: 'demo-verifikator', name: 'Verifikator Demo' },
  { role: 'juror', username: 'demo-juri', name: 'Juri Demo' },
  { role: 'admin', username: 'demo-admin', name: 'Admin Demo' },
];

/**
 * The fixture of the live demo: the SPEC §5 worked example (`fixtures/contoh`) under another code,
 * its windows all open around `now` — answering (from 3 days ago to 14 days ahead), verification
 * (to 21 days ahead), masa sanggah and uji publik (to 28 days ahead) — so one person can click
 * through SAQ → verification → objection → scoring today. A and B come as the example has them
 * (submitted, verified); C never submitted: its SAQ is the operator's to fill in. The panel
 * sheets are left out (the demo juror scores) and one submitted sheet makes a panel result.
 */
function writeLiveFixture(contoh: string, dir: string, now: Date): { code: string; title: string } {
  cpSync(contoh, dir, { recursive: true });
  rmSync(join(dir, 'panels'), { recursive: true, force: true });
  const file = join(dir, 'edition.yaml');
  const edition = parse(readFileSync(file, 'utf8')) as {
    code: string;
    year: number;
    title: string;
    simulated: boolean;
    stages: { kind: string; window?: unknown; verificationWindow?: unknown; objectionWindow?: unknown; minAssessors?: number }[];
  };
  const year = now.getUTCFullYear();
  const code = `demo-langsung-${year}`;
  const title = `Monitoring dan Evaluasi Keterbukaan Informasi Publik Tahun ${year} (demo langsung, SIMULASI)`;
  const window = (closesInDays: number) => ({ opens: `${day(now, -3)}T00:00:00${OFFSET}`, closes: `${day(now, closesInDays)}T23:59:59${OFFSET}` });
  Object.assign(edition, { code, year, title, simulated: true });
  for (const stage of edition.stages) {
    if (stage.kind === 'questionnaire') {
      Object.assign(stage, { window: window(14), verificationWindow: window(21), objectionWindow: window(28) });
    } else {
      Object.assign(stage, { window: window(28), minAssessors: 1 });
    }
  }
  writeFileSync(file, stringify(edition));
  return { code, title };
}

/**
 * Creates the live demo edition in the open database, all through the services as `actor` (so the
 * audit trail has it like any other work): the import of the edition above, one account per role
 * with a random password (the body operator for C, the verifier assigned to A, B and C, the juror
 * to A and C in the uji publik, an admin of the commission), and a compute, so that A, above the
 * gate, is the juror's to score.
 */
export async function createLiveDemo(app: INestApplicationContext, actor: Actor, contoh: string, registry: InstrumentRegistry, now: Date): Promise<LiveDemo> {
  const dir = mkdtempSync(join(tmpdir(), 'monev-demo-langsung-'));
  try {
    const { code, title } = writeLiveFixture(contoh, join(dir, 'contoh'), now);
    const summary = await app.get(ImportService).importFixture(actor, join(dir, 'contoh'), registry);
    const edition = summary.edition;
    const commission = edition.commission;
    const body = 'c';
    const users = app.get(UsersService);
    const accounts: DemoAccount[] = [];
    for (const account of ACCOUNTS) {
      const password = demoPassword();
      await users.create(actor, { username: account.username, password, role: account.role, name: account.name, commission, ...(account.role === 'body' ? { body } : {}) });
      accounts.push({ role: account.role, username: account.username, password, home: HOME_OF[account.role] });
    }
    const questionnaire = edition.stages.find((s) => s.kind === 'questionnaire')!.code;
    const panel = edition.stages.find((s) => s.kind === 'panel')?.code;
    const verifier = ACCOUNTS.find((a) => a.role === 'verifier')!.username;
    const juror = ACCOUNTS.find((a) => a.role === 'juror')!.username;
    await app.get(EditionsService).assign(actor, code, [
      ...['a', 'b', 'c'].map((b) => ({ stage: questionnaire, username: verifier, body: b })),
      ...(panel ? ['a', 'c'].map((b) => ({ stage: panel, username: juror, body: b })) : []),
    ]);
    await app.get(ComputeService).compute(actor, code);
    return { edition: code, title, body, accounts };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
