import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Command, CommanderError } from 'commander';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { dirname, join, resolve } from 'path';
import { systemActor } from '../common/actor';
import { ConfigError, loadConfig } from '../common/config';
import { DomainError, fieldName, InvalidInputError } from '../common/errors';
import { SaqService } from '../saq/saq.service';
import { backupSqlite } from '../database/backup';
import { ImportService } from '../fixtures/importer';
import { DefinitionError } from '../instruments/definition-error';
import { InstrumentRegistry } from '../instruments/registry';
import { validatePath } from '../instruments/validate';
import { DocumentsService } from '../documents/documents.service';
import { generateNationalEditions } from '../fixtures/generator';
import { ComputeService } from '../results/compute.service';
import { PublicationsService } from '../results/publications.service';
import { absentStages, MARK_LABEL, marksOf, toResultSummary } from '../results/result-view';
import { ChangeReport, ChangesService } from '../results/changes.service';
import { Standing } from '../results/changes';
import { BodyResult, EditionDef } from '../scoring';
import { UsersService } from '../users/users.service';
import { EditionsService } from '../editions/editions.service';
import { timeZoneOf, waktu } from '../web/format';
import { ROLE_LABEL } from '../web/pages';
import { PortInUse, requirePortFree, startDemoServer } from './demo-server';
import { createLiveDemo } from './live-demo';
import { CliModule } from './cli.module';
import { Progress } from './progress';
import { formatTable } from './table';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const QUESTIONNAIRES_DIR = join(REPO_ROOT, 'questionnaires');
export const DEMO_FIXTURE = join(REPO_ROOT, 'fixtures', 'simulasi-provinsi-2025');
/** The SPEC §5 worked example, copied as the live demo edition of `demo --serve`. */
export const CONTOH_FIXTURE = join(REPO_ROOT, 'fixtures', 'contoh');

const out = (text: string) => process.stdout.write(`${text}\n`);

async function withContext<T>(work: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  const app = await NestFactory.createApplicationContext(CliModule, { logger: false });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

/** What `publish` and the demo say of a publication that accepted unverified results. */
function acceptedUnverified(reason: string | null): string {
  return `Termasuk hasil yang belum diverifikasi (ditandai "Belum diverifikasi" di buku peringkat dan sertifikat), dengan alasan: ${reason ?? ''}`;
}

/** The bundled questionnaires: what `validate` and `import` resolve instrument references against, and `generate` draws from. */
export function bundledRegistry(): InstrumentRegistry {
  const registry = new InstrumentRegistry();
  if (existsSync(QUESTIONNAIRES_DIR)) registry.loadDirectory(QUESTIONNAIRES_DIR);
  return registry;
}

export function printRanking(def: Pick<EditionDef, 'categories' | 'stages'>, results: BodyResult[]): void {
  for (const category of def.categories) {
    const rows = results.filter((r) => r.category === category.code);
    if (rows.length === 0) continue;
    out(`\n${category.name} (${rows.length} badan publik)`);
    out(
      formatTable(
        ['Peringkat', 'Kode', 'Badan Publik', ...def.stages.map((s) => s.code.toUpperCase()), 'Nilai Akhir', 'Predikat', 'Status'],
        rows.map((r) => [
          r.rank === null ? '—' : String(r.rank),
          r.body,
          r.bodyName,
          ...def.stages.map((s) => r.stages[s.code]),
          r.final ? r.final.rounded : null,
          r.predicateLabel ?? '—',
          statusText(r),
        ]),
      ),
    );
  }
}

/** The status as the ranking prints it; an absent body is not "lengkap" (SPEC §15). */
function statusText(r: BodyResult): string {
  const marks = marksOf({ status: r.status, absent: absentStages(r) });
  return marks.length ? marks.map((m) => MARK_LABEL[m].toLowerCase()).join(', ') : STATUS_LABEL[r.status];
}

const STATUS_LABEL: Record<BodyResult['status'], string> = {
  complete: 'lengkap',
  unverified: 'belum diverifikasi',
  incomplete: 'belum lengkap',
  not_submitted: 'tidak mengisi SAQ',
};

/** A published line as the change table prints it: "68.69 Cukup Informatif, peringkat 1". */
function standingText(s: Standing | null, labels: Map<string, string>): string {
  if (!s) return '(tidak ada)';
  const final = s.final === null ? '—' : s.final.toFixed(2);
  const predicate = s.predicate === null ? '—' : labels.get(s.predicate) ?? s.predicate;
  return `${final} ${predicate}, peringkat ${s.rank ?? '—'}`;
}

/** What a version changed against the one before it (SPEC §15), as the admin's change route gives it, in Indonesian. */
export function printChanges(report: ChangeReport, def: Pick<EditionDef, 'bands'>): void {
  if (!report.replaces) {
    out(`Versi ${report.version} adalah penetapan pertama: tidak ada versi sebelumnya untuk dibandingkan.`);
    return;
  }
  const r = report.replaces;
  out(`Perubahan versi ${report.version} (SK ${report.decreeNumber} tanggal ${report.decreeDate}) terhadap versi ${r.version} (SK ${r.decreeNumber} tanggal ${r.decreeDate})`);
  if (report.reason) out(`Alasan: ${report.reason}`);
  if (report.changes.length === 0) {
    out('Tidak ada perubahan hasil.');
    return;
  }
  const labels = new Map(def.bands.map((b) => [b.code, b.label]));
  out(formatTable(['Kode', 'Badan Publik', 'Sebelum', '', 'Sesudah'], report.changes.map((c) => [c.body, c.bodyName, standingText(c.before, labels), '→', standingText(c.after, labels)])));
  const reasons = report.changes.flatMap((c) => c.facts.reopenings.filter((o) => o.reason).map((o) => `${c.body}: ${o.reason} (${o.action}, ${o.by}, ${o.at})`));
  if (reasons.length) {
    out('Pembukaan kembali:');
    for (const line of reasons) out(`  ${line}`);
  }
}

/** The ranking workbook without the jurors' names (as the public one), exported as the CLI's system actor. */
async function exportRanking(app: INestApplicationContext, edition: string, file: string): Promise<void> {
  mkdirSync(dirname(resolve(file)), { recursive: true });
  const view = await app.get(DocumentsService).rankingWorkbook(systemActor('cli'), edition, resolve(file), { assessors: false });
  out(`Buku peringkat (versi ${view.version}, SK ${view.decreeNumber}): ${resolve(file)}`);
}

/** One PDF per certificate, named after the body, with a progress bar, exported as the CLI's system actor. */
async function exportCertificates(app: INestApplicationContext, edition: string, dir: string): Promise<void> {
  mkdirSync(resolve(dir), { recursive: true });
  let progress: Progress | undefined;
  const written = await app.get(DocumentsService).certificateFiles(systemActor('cli'), edition, resolve(dir), (done, total) => {
    progress ??= new Progress('Sertifikat', total);
    progress.update(done);
  });
  out(`${written} sertifikat ditulis ke ${resolve(dir)}`);
}

async function importFixture(app: INestApplicationContext, dir: string): Promise<{ edition: EditionDef }> {
  const summary = await app.get(ImportService).importFixture(systemActor('cli'), resolve(dir), bundledRegistry(), (message) => process.stderr.write(`${message}\n`));
  out(
    `Impor selesai: edisi ${summary.edition.code}, ${summary.bodies} badan publik, ${summary.answers} jawaban, ` +
      `${summary.decisions} keputusan verifikasi, ${summary.objections} sanggah, ${summary.sheets} lembar nilai.`,
  );
  return summary;
}

/**
 * A password from standard input: typed at a terminal without echo (ending with Enter), or piped
 * (`printf '%s' "$PW" | …`), where one final line break is not part of it.
 */
async function readPassword(): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  }
  process.stderr.write('Kata sandi baru (tidak ditampilkan): ');
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  try {
    return await new Promise<string>((done, fail) => {
      let typed = '';
      stdin.on('data', (keys: string) => {
        for (const key of keys) {
          if (key === '\r' || key === '\n') return done(typed);
          if (key === '\u0003') return fail(new Error('dibatalkan'));
          typed = key === '\u007f' || key === '\b' ? [...typed].slice(0, -1).join('') : typed + key;
        }
      });
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    process.stderr.write('\n');
  }
}

export async function runCli(argv: string[]): Promise<number> {
  const program = new Command()
    .name('monev-kip')
    .description('Monitoring dan Evaluasi Keterbukaan Informasi Publik — baris perintah')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  let exitCode = 0;

  program
    .command('validate <path>')
    .description('periksa berkas instrumen, definisi edisi, atau folder fixture')
    .action((path: string) => {
      const report = validatePath(resolve(path), bundledRegistry());
      for (const file of report.checked) out(`diperiksa: ${file}`);
      if (report.ok) {
        out(`Valid: ${report.checked.length} berkas tanpa kesalahan.`);
      } else {
        for (const issue of report.issues) {
          process.stderr.write(`${issue.file}${issue.line ? `:${issue.line}` : ''}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}\n`);
        }
        process.stderr.write(`Tidak valid: ${report.issues.length} kesalahan.\n`);
        exitCode = 1;
      }
    });

  program
    .command('import <fixture-dir>')
    .description('muat satu folder fixture ke basis data (semua atau tidak sama sekali)')
    .action(async (dir: string) => {
      await withContext((app) => importFixture(app, dir));
    });

  program
    .command('compute <edition>')
    .description('hitung nilai akhir, predikat dan peringkat satu edisi')
    .option('--json', 'cetak {edition, results} dalam JSON')
    .action(async (edition: string, options: { json?: boolean }) => {
      await withContext(async (app) => {
        const compute = app.get(ComputeService);
        const actor = systemActor('cli');
        const results = await compute.compute(actor, edition);
        if (options.json) {
          out(JSON.stringify({ edition, results: results.map(toResultSummary) }, null, 2));
        } else {
          printRanking(await compute.definition(actor, edition), results);
        }
      });
    });

  program
    .command('publish <edition>')
    .description('tetapkan hasil yang sudah dihitung sebagai versi baru (SK)')
    .requiredOption('--decree <nomor>', 'nomor SK')
    .requiredOption('--date <yyyy-mm-dd>', 'tanggal SK')
    .option('--reason <alasan>', 'alasan koreksi (wajib untuk versi kedua dan seterusnya, dan dengan --accept-unverified)')
    .option('--accept-unverified', 'tetapkan walaupun ada hasil yang belum diverifikasi (verifikasinya belum selesai); wajib dengan --reason, dicatat bersama penetapan')
    .action(async (edition: string, options: { decree: string; date: string; reason?: string; acceptUnverified?: boolean }) => {
      await withContext(async (app) => {
        const decree = { decreeNumber: options.decree, decreeDate: options.date, reason: options.reason, acceptUnverified: options.acceptUnverified === true };
        const actor = systemActor('cli');
        const published = await app.get(PublicationsService).publish(actor, edition, decree);
        out(`Ditetapkan: ${edition} versi ${published.version}, SK ${published.decreeNumber} tanggal ${published.decreeDate}`);
        if (published.acceptUnverified) out(acceptedUnverified(published.reason));
        printChanges(await app.get(ChangesService).changes(actor, edition, published.version), await app.get(ComputeService).definition(actor, edition));
      });
    });

  program
    .command('changes <edition> <version>')
    .description('perubahan hasil satu versi penetapan terhadap versi sebelumnya')
    .option('--json', 'cetak perubahan beserta fakta di baliknya dalam JSON (seperti GET /api/editions/:e/publications/:version/changes)')
    .action(async (edition: string, version: string, options: { json?: boolean }) => {
      if (!/^\d{1,9}$/.test(version) || Number(version) < 1) {
        process.stderr.write(`Galat: versi harus bilangan bulat ≥ 1, bukan "${version}"\n`);
        exitCode = 2;
        return;
      }
      await withContext(async (app) => {
        const actor = systemActor('cli');
        const report = await app.get(ChangesService).changes(actor, edition, Number(version)).catch((error: unknown) => {
          // this command speaks Indonesian throughout, its refusals included
          if (!(error instanceof DomainError)) throw error;
          process.stderr.write(`Galat: ${error.text}\n`);
          return null;
        });
        if (!report) {
          exitCode = 1;
          return;
        }
        if (options.json) out(JSON.stringify(report, null, 2));
        else printChanges(report, await app.get(ComputeService).definition(actor, edition));
      });
    });

  const exportCommand = program.command('export').description('dokumen dari penetapan terakhir');
  exportCommand
    .command('ranking <edition>')
    .description('buku kerja peringkat (xlsx), tanpa nama juri')
    .requiredOption('-o, --output <file>', 'berkas xlsx')
    .action(async (edition: string, options: { output: string }) => {
      await withContext((app) => exportRanking(app, edition, options.output));
    });
  exportCommand
    .command('certificates <edition>')
    .description('sertifikat (PDF), satu berkas per badan publik')
    .requiredOption('-o, --output <dir>', 'folder tujuan')
    .action(async (edition: string, options: { output: string }) => {
      await withContext((app) => exportCertificates(app, edition, options.output));
    });

  // SPEC §14: the offline workbook, for a questionnaire handed in on a CD or by courier
  const workbookCommand = program.command('saq-workbook').description('kuesioner luring (Excel) satu badan publik');
  workbookCommand
    .command('export <edition> <body>')
    .description('unduh kuesioner badan publik beserta jawabannya sebagai berkas xlsx')
    .requiredOption('-o, --output <file>', 'berkas xlsx')
    .option('--stage <tahap>', 'kode tahap kuesioner (bawaan: tahap kuesioner pertama)')
    .action(async (edition: string, body: string, options: { output: string; stage?: string }) => {
      await withContext(async (app) => {
        const { bytes } = await app.get(SaqService).workbook(systemActor('cli'), edition, body, options.stage);
        mkdirSync(dirname(resolve(options.output)), { recursive: true });
        writeFileSync(resolve(options.output), bytes);
        out(`Kuesioner ${body} (edisi ${edition}) ditulis ke ${resolve(options.output)}`);
      });
    });
  workbookCommand
    .command('import <edition> <body> <file>')
    .description('muat kuesioner xlsx yang sudah diisi badan publik (semua atau tidak sama sekali; tetap di dalam masa pengisian)')
    .option('--stage <tahap>', 'kode tahap kuesioner (bawaan: tahap kuesioner pertama)')
    .action(async (edition: string, body: string, file: string, options: { stage?: string }) => {
      const bytes = readFileSync(resolve(file));
      await withContext(async (app) => {
        const result = await app.get(SaqService).importWorkbook(systemActor('cli'), edition, body, bytes, options.stage).catch((error: unknown) => {
          // every mistake of the workbook on its own line, by sheet and cell
          if (!(error instanceof InvalidInputError)) throw error;
          process.stderr.write(`Galat: berkas ${resolve(file)} tidak dimuat (${error.issues.length} kesalahan; tidak ada jawaban yang disimpan):\n`);
          for (const issue of error.issues) process.stderr.write(`  ${fieldName(issue.field)}: ${issue.text}\n`);
          return null;
        });
        if (!result) {
          exitCode = 1;
          return;
        }
        out(`Kuesioner ${body} (edisi ${edition}) dimuat: ${result.changed} jawaban berubah, ${result.unchanged} tidak berubah, ${result.empty} pertanyaan kosong.`);
      });
    });

  const usersCommand = program.command('users').description('akun pengguna');
  usersCommand
    .command('set-password <username>')
    .description('setel kata sandi seorang pengguna (12–128 karakter) dari masukan standar, mis. juri hasil impor fixture; sesi lamanya berakhir')
    .option('--temporary', 'kata sandi sementara: pengguna wajib menggantinya setelah masuk')
    .action(async (username: string, options: { temporary?: boolean }) => {
      const password = await readPassword();
      await withContext(async (app) => {
        const user = await app.get(UsersService).setPassword(systemActor('cli'), username, password, options.temporary === true);
        out(`Kata sandi ${user.username} (${user.role}) disetel${user.mustChangePassword ? ' sebagai kata sandi sementara' : ''}; sesi lamanya diakhiri.`);
      });
    });

  program
    .command('backup <file>')
    .description('salinan daring yang konsisten dari basis data SQLite (MONEV_DB_PATH); tidak menimpa berkas')
    .action(async (file: string) => {
      const config = loadConfig();
      if (config.databaseUrl) {
        process.stderr.write('Galat: backup hanya untuk basis data SQLite; DATABASE_URL menunjuk PostgreSQL — gunakan pg_dump.\n');
        exitCode = 1;
        return;
      }
      const copy = await backupSqlite(config.dbPath, file).catch((error: unknown) => {
        // this command speaks Indonesian throughout, its refusals included
        if (!(error instanceof DomainError)) throw error;
        process.stderr.write(`Galat: ${error.text}\n`);
        return null;
      });
      if (!copy) {
        exitCode = 1;
        return;
      }
      out(`Cadangan ${resolve(config.dbPath)} tersimpan: ${copy.file} (${(copy.bytes / 1048576).toLocaleString('id-ID', { maximumFractionDigits: 1 })} MB, ${copy.bytes} bita).`);
    });

  program
    .command('generate')
    .description('tulis folder fixture simulasi (satu komisi dan satu edisi per folder), deterministik menurut seed')
    .requiredOption('--out <dir>', 'folder tujuan')
    .option('--commissions <n>', 'jumlah komisi informasi', '1')
    .option('--bodies <m>', 'jumlah badan publik seluruhnya, dibagi rata ke setiap komisi', '150')
    .option('--seed <s>', 'seed bilangan acak', '2025')
    .action((options: { out: string; commissions: string; bodies: string; seed: string }) => {
      const whole = (name: string, text: string, min: number): number | null => {
        if (/^\d+$/.test(text) && Number(text) >= min) return Number(text);
        process.stderr.write(`Galat: --${name} harus bilangan bulat ≥ ${min}, bukan "${text}"\n`);
        return null;
      };
      const commissions = whole('commissions', options.commissions, 1);
      const bodies = commissions === null ? null : whole('bodies', options.bodies, commissions);
      const seed = whole('seed', options.seed, 0);
      if (commissions === null || bodies === null || seed === null) {
        exitCode = 2;
        return;
      }
      const started = Date.now();
      const folders = generateNationalEditions({
        outDir: resolve(options.out),
        seed,
        commissions,
        bodies,
        registry: bundledRegistry(),
        onFolder: (folder, i, count) => process.stderr.write(`Komisi ${i + 1}/${commissions}: ${count} badan publik → ${folder}\n`),
      });
      out(`${folders.length} folder fixture (${bodies} badan publik, seed ${seed}) ditulis ke ${resolve(options.out)} dalam ${((Date.now() - started) / 1000).toFixed(1)} detik.`);
      for (const folder of folders) out(folder);
    });

  program
    .command('demo')
    .description('seluruh siklus pada fixture bawaan: basis data baru, impor, hitung, cetak peringkat; --serve: lalu demo langsung di peramban')
    .option('--serve', 'sesudahnya buat edisi demo langsung (jendela terbuka hari ini, satu akun per peran) dan jalankan server web-nya sampai Ctrl-C')
    .option('--out <dir>', 'folder keluaran (basis data demo, buku peringkat, sertifikat)', join(REPO_ROOT, 'out'))
    .action(async (options: { serve?: boolean; out: string }) => {
      const outDir = resolve(options.out);
      mkdirSync(outDir, { recursive: true });
      const dbPath = join(outDir, 'demo.sqlite');
      for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
      process.env.MONEV_DB_PATH = dbPath;
      // the demo is always its own fresh SQLite file, never a PostgreSQL database DATABASE_URL may name
      delete process.env.DATABASE_URL;
      // fail fast on a bad PORT (or other setting) before the cycle runs, not after
      const port = options.serve ? loadConfig().port : 0;
      if (options.serve) await requirePortFree(port);
      const live = await withContext(async (app) => {
        const { edition } = await importFixture(app, DEMO_FIXTURE);
        const actor = systemActor('demo');
        const results = await app.get(ComputeService).compute(actor, edition.code);
        out(`\n${edition.title}${edition.simulated ? ' — SIMULASI' : ''}`);
        printRanking(edition, results);
        // the simulated province keeps unverified results on purpose (fixtures/README.md): the demo
        // publishes them as a commission would have to, accepting them with a reason (SPEC §15)
        const unverified = results.filter((r) => r.status === 'unverified').length;
        const decree = {
          decreeNumber: `SIMULASI/${edition.year}/001`,
          decreeDate: `${edition.year}-12-12`,
          ...(unverified ? { acceptUnverified: true, reason: `Simulasi: ${unverified} badan publik belum selesai diverifikasi; hasilnya ditetapkan dengan tanda "Belum diverifikasi".` } : {}),
        };
        const published = await app.get(PublicationsService).publish(actor, edition.code, decree);
        out(`\nDitetapkan: versi ${published.version}, SK ${published.decreeNumber} tanggal ${published.decreeDate}`);
        if (published.acceptUnverified) out(acceptedUnverified(published.reason));
        await exportRanking(app, edition.code, join(outDir, `peringkat-${edition.code}.xlsx`));
        const certificates = join(outDir, 'sertifikat');
        rmSync(certificates, { recursive: true, force: true });
        await exportCertificates(app, edition.code, certificates);
        out(`Basis data demo: ${dbPath}`);
        if (!options.serve) return null;
        const demo = await createLiveDemo(app, actor, CONTOH_FIXTURE, bundledRegistry(), new Date());
        const view = await app.get(EditionsService).get(actor, demo.edition);
        return { demo, view };
      });
      if (!live) return;
      const { demo, view } = live;
      const server = await startDemoServer(port, out);
      const saq = view.stages.find((s) => s.kind === 'questionnaire');
      out(`\nDemo langsung: ${demo.edition} — ${demo.title}`);
      if (saq?.window) out(`Kuesioner (SAQ) terbuka sampai ${waktu(saq.window.closes, timeZoneOf(view))}; verifikasi, masa sanggah dan uji publik juga sudah terbuka.`);
      out(`Akun demo (kata sandi acak, baru setiap kali demo dijalankan; operator PPID mengisi SAQ Badan Publik ${demo.body.toUpperCase()}):\n`);
      out(formatTable(['Peran', 'Nama pengguna', 'Kata sandi', 'Halaman'], demo.accounts.map((a) => [ROLE_LABEL[a.role], a.username, a.password, a.home])));
      out(`\nBuka http://localhost:${server.port}/masuk di peramban dan masuk dengan salah satu akun di atas. Tekan Ctrl-C untuk berhenti.`);
      // the server runs until a signal stops it (graceful-shutdown.ts ends the process)
      await new Promise<never>(() => undefined);
    });

  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    // the operator reads Bahasa Indonesia: a service's refusal in its Indonesian text
    if (error instanceof DomainError) {
      process.stderr.write(`Galat: ${error.text}\n`);
      return 1;
    }
    if (error instanceof DefinitionError || error instanceof PortInUse || error instanceof ConfigError) {
      process.stderr.write(`Galat: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  return exitCode;
}
