import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Command, CommanderError } from 'commander';
import { existsSync, rmSync } from 'fs';
import { join, resolve } from 'path';
import { DomainError } from '../common/errors';
import { ImportService } from '../importer/import.service';
import { DefinitionError } from '../instruments/definition-error';
import { InstrumentRegistry } from '../instruments/registry';
import { validatePath } from '../instruments/validate';
import { ComputeService } from '../results/compute.service';
import { toResultSummary } from '../results/result-view';
import { BodyResult, EditionDef } from '../scoring';
import { CliModule } from './cli.module';
import { formatTable } from './table';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const QUESTIONNAIRES_DIR = join(REPO_ROOT, 'questionnaires');
export const DEMO_FIXTURE = join(REPO_ROOT, 'fixtures', 'simulasi-provinsi-2025');

const out = (text: string) => process.stdout.write(`${text}\n`);

async function withContext<T>(work: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  const app = await NestFactory.createApplicationContext(CliModule, { logger: false });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

/** The bundled questionnaires: what `validate` and `import` resolve instrument references against. */
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
          STATUS_LABEL[r.status],
        ]),
      ),
    );
  }
}

const STATUS_LABEL: Record<BodyResult['status'], string> = {
  complete: 'lengkap',
  unverified: 'belum diverifikasi',
  incomplete: 'belum lengkap',
  not_submitted: 'tidak mengisi SAQ',
};

async function importFixture(app: INestApplicationContext, dir: string): Promise<{ edition: EditionDef }> {
  const summary = await app.get(ImportService).importFixture(resolve(dir), bundledRegistry(), (message) => process.stderr.write(`${message}\n`));
  out(
    `Impor selesai: edisi ${summary.edition.code}, ${summary.bodies} badan publik, ${summary.answers} jawaban, ` +
      `${summary.decisions} keputusan verifikasi, ${summary.objections} sanggah, ${summary.sheets} lembar nilai.`,
  );
  return summary;
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
        const results = await compute.compute(edition, 'cli');
        if (options.json) {
          out(JSON.stringify({ edition, results: results.map(toResultSummary) }, null, 2));
        } else {
          printRanking(await compute.definition(edition), results);
        }
      });
    });

  program
    .command('demo')
    .description('seluruh siklus pada fixture bawaan: basis data baru, impor, hitung, cetak peringkat')
    .action(async () => {
      const dbPath = join(REPO_ROOT, 'out', 'demo.sqlite');
      for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
      process.env.MONEV_DB_PATH = dbPath;
      await withContext(async (app) => {
        const { edition } = await importFixture(app, DEMO_FIXTURE);
        const results = await app.get(ComputeService).compute(edition.code, 'demo');
        out(`\n${edition.title}${edition.simulated ? ' — SIMULASI' : ''}`);
        printRanking(edition, results);
        out(`\nBasis data demo: ${dbPath}`);
      });
    });

  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof DefinitionError || error instanceof DomainError) {
      process.stderr.write(`Galat: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  return exitCode;
}
