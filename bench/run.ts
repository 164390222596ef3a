import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { cpus, tmpdir, totalmem } from 'os';
import { mkdtempSync, rmSync } from 'fs';
import { join } from 'path';
import { bundledRegistry } from '../src/cli/commands';
import { CliModule } from '../src/cli/cli.module';
import { systemActor } from '../src/common/actor';
import { openDatabase } from '../src/database/data-source';
import { renderCertificates } from '../src/documents/certificate';
import { DocumentsService } from '../src/documents/documents.service';
import { generateSimulatedEdition } from '../src/fixtures/generator';
import { ImportService } from '../src/fixtures/importer';
import { ComputeService } from '../src/results/compute.service';
import { PublicationsService } from '../src/results/publications.service';
import { bareCompute, bareComputeValues, bareInsert, barePdf, bareWorkbook, all, close, openRaw, readImportedRows, WorkbookRows } from './bare';
import { measure } from './measure';
import { pageBudget, PageFigures, SAQ_PAGE } from './page';
import { RushFigures, RushPhaseFigures } from './rush';
import { rushInChild } from './rush-process';

/**
 * `npm run bench`: each step of a national-scale Monev edition measured next to its lower bound —
 * the same work done with the bare library — in the same run, printed as one table. It reports;
 * it never fails on a missed target.
 *
 *   npm run bench -- [--bodies 20000] [--connections 500] [--seconds 60] [--rate 1] [--certificates 500] [--no-rush]
 *                    [--no-page] [--page-path /ppid/:edition/kuesioner]
 */
interface Options {
  bodies: number;
  connections: number;
  seconds: number;
  /** saves per second of each operator in the paced rush */
  rate: number;
  certificates: number;
  rush: boolean;
  /** the SAQ page budget (bench/page.ts) */
  page: boolean;
  /** the page it measures; `:edition` is the bench edition's code */
  pagePath: string;
}

function options(argv: string[]): Options {
  const text = (name: string, fallback: string): string => {
    const at = argv.indexOf(`--${name}`);
    if (at < 0) return fallback;
    const given = argv[at + 1];
    if (!given?.startsWith('/')) throw new Error(`--${name} needs a path starting with /`);
    return given;
  };
  const value = (name: string, fallback: number): number => {
    const at = argv.indexOf(`--${name}`);
    if (at < 0) return fallback;
    const n = Number(argv[at + 1]);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} needs a positive whole number`);
    return n;
  };
  return {
    bodies: value('bodies', 20000),
    connections: value('connections', 500),
    seconds: value('seconds', 60),
    rate: value('rate', 1),
    certificates: value('certificates', 500),
    rush: !argv.includes('--no-rush'),
    page: !argv.includes('--no-page'),
    pagePath: text('page-path', SAQ_PAGE),
  };
}

interface Line {
  measure: string;
  monev: string;
  bound: string;
  ratio: string;
  target: string;
  ok: string;
  peak: string;
}

const lines: Line[] = [];
const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const s = (seconds: number) => `${seconds.toFixed(2)} s`;
const mb = (n: number | null) => (n === null ? '—' : `${Math.round(n)} MB`);

function compare(measureName: string, monev: { seconds: number; peakRssMb: number }, bound: { seconds: number }, target: number): void {
  const ratio = monev.seconds / bound.seconds;
  lines.push({ measure: measureName, monev: s(monev.seconds), bound: s(bound.seconds), ratio: `${ratio.toFixed(2)}×`, target: `≤ ${target}×`, ok: ratio <= target ? 'yes' : 'NO', peak: mb(monev.peakRssMb) });
}

/** The same figure against a second, narrower bound, reported for comparison with earlier runs. */
function alsoAgainst(measureName: string, monev: { seconds: number }, bound: { seconds: number }): void {
  lines.push({ measure: measureName, monev: s(monev.seconds), bound: s(bound.seconds), ratio: `${(monev.seconds / bound.seconds).toFixed(2)}×`, target: 'report', ok: '—', peak: '' });
}

/**
 * The rush (bench/rush.ts): a warm-up of the fresh server (reported), then `paced` — each operator
 * saves once a second (± 50 %), the deadline load the targets are about — and `saturation` —
 * every connection sends its next save the moment the last is answered — which measures capacity
 * and is reported. `route` names the route of monev-kip's figures: the API (beside the bare
 * endpoint, the lower bound) or the web autosave route (beside the API route's figures).
 */
function rushLines(route: 'API' | 'web', connections: number, seconds: number, rate: number, monev: RushFigures, bound: RushFigures): void {
  const phase = (label: string, m: RushPhaseFigures, b: RushPhaseFigures, targets: boolean) => {
    const name = `rush (${route}) ${label}`;
    const offered = m.offeredPerSecond === null ? '' : ` of ${Math.round(m.offeredPerSecond)} offered`;
    lines.push({ measure: `${name}: throughput${offered}`, monev: `${Math.round(m.perSecond)} req/s`, bound: `${Math.round(b.perSecond)} req/s`, ratio: `${(b.perSecond / m.perSecond).toFixed(2)}×`, target: 'report', ok: '—', peak: mb(m.serverPeakRssMb) });
    lines.push({ measure: `${name}: p50 latency`, monev: `${m.p50} ms`, bound: `${b.p50} ms`, ratio: `${(m.p50 / Math.max(1, b.p50)).toFixed(2)}×`, target: 'report', ok: '—', peak: '' });
    lines.push({ measure: `${name}: p99 latency`, monev: `${m.p99} ms`, bound: `${b.p99} ms`, ratio: `${(m.p99 / Math.max(1, b.p99)).toFixed(2)}×`, target: targets ? '< 300 ms' : 'report', ok: targets ? (m.p99 < 300 ? 'yes' : 'NO') : '—', peak: '' });
    lines.push({ measure: `${name}: errors`, monev: String(m.errors), bound: String(b.errors), ratio: '', target: '0', ok: m.errors === 0 ? 'yes' : 'NO', peak: '' });
    lines.push({
      measure: `${name}: acknowledged saves stored`,
      monev: `${m.stored}/${m.acknowledged} (${m.stale} stale)`,
      bound: `${b.stored}/${b.acknowledged}`,
      ratio: '',
      target: '0 lost',
      ok: m.acknowledged === m.stored && m.stale === 0 ? 'yes' : 'NO',
      peak: '',
    });
    const cpu = (n: number | null) => (n === null ? '—' : `${n.toFixed(2)} ms`);
    lines.push({ measure: `${name}: server CPU per save`, monev: cpu(m.serverCpuMsPerRequest), bound: cpu(b.serverCpuMsPerRequest), ratio: '', target: 'report', ok: '—', peak: '' });
  };
  if (route === 'web') {
    lines.push({ measure: 'rush (web): PUT /ppid/:edition/jawaban/:question, cookie session + CSRF header; beside it the API rush', monev: 'web route', bound: 'API route', ratio: '', target: '', ok: '', peak: '' });
  }
  const w = monev.warmup;
  const wb = bound.warmup;
  lines.push({
    measure: `rush (${route}) warm-up, fresh server, ${connections} operators × ${rate}/s: p50 / p99, errors, lost`,
    monev: `${w.p50} / ${w.p99} ms, ${w.errors}, ${w.acknowledged - w.stored}`,
    bound: `${wb.p50} / ${wb.p99} ms, ${wb.errors}, ${wb.acknowledged - wb.stored}`,
    ratio: '',
    target: 'report',
    ok: '—',
    peak: '',
  });
  phase(`paced ${connections} operators × ${rate}/s × ${seconds} s`, monev.paced, bound.paced, true);
  phase(`saturation ${connections} conn × ${seconds} s`, monev.saturation, bound.saturation, false);
}

/** The SAQ page's budget (bench/page.ts, SPEC §11): one row per figure, or one row saying why there are none. */
function pageLines(figures: PageFigures): void {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const row = (measure: string, monev: string, target = 'report', ok = '—') => lines.push({ measure, monev, bound: '', ratio: '', target, ok, peak: '' });
  if (figures.outcome !== 'measured') {
    const why = figures.outcome === 'not found' ? `not found (${figures.status})` : figures.outcome === 'no browser' ? 'skipped: chromium not found' : `failed (${figures.status})`;
    row(`SAQ page: ${why} — ${figures.path}`, why);
    return;
  }
  const t = figures.transfer;
  const { link } = figures;
  row(`SAQ page ${figures.path}, ${figures.questions} questions, ${figures.viewport}, ${link}: first load, compressed`, kb(t.total), '≤ 150 KB', t.total <= 150 * 1024 ? 'yes' : 'NO');
  row(`  ↳ HTML / CSS / JS / other (${t.requests} requests)`, `${kb(t.html)} / ${kb(t.css)} / ${kb(t.js)} / ${kb(t.other)}`);
  if (t.serviceWorker > 0) row('  ↳ service worker fetches after the load (its cache)', kb(t.serviceWorker));
  row(
    '  ↳ time to the first answerable question',
    figures.firstAnswerableMs === null ? 'no question on the page' : `${(figures.firstAnswerableMs / 1000).toFixed(2)} s`,
    '≤ 3 s',
    figures.firstAnswerableMs === null ? '—' : figures.firstAnswerableMs <= 3000 ? 'yes' : 'NO',
  );
  row('  ↳ load event', `${(figures.loadMs / 1000).toFixed(2)} s`);
  const a = figures.autosave;
  row(
    `  ↳ one autosave, request + response (${a ? a.how : 'none'})`,
    a ? `${kb(a.total)} (${a.requestBytes} + ${a.responseBytes} B, status ${a.status})` : '—',
    '≤ 2 KB',
    a ? (a.total <= 2048 ? 'yes' : 'NO') : '—',
  );
}

function printTable(): void {
  const head: Line = { measure: 'measure', monev: 'monev-kip', bound: 'lower bound', ratio: 'ratio', target: 'target', ok: 'ok?', peak: 'peak RSS' };
  const keys = Object.keys(head) as (keyof Line)[];
  const widths = keys.map((k) => Math.max(...[head, ...lines].map((l) => l[k].length)));
  const row = (l: Line) => `| ${keys.map((k, i) => l[k].padEnd(widths[i])).join(' | ')} |`;
  process.stdout.write(`${row(head)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${lines.map(row).join('\n')}\n`);
}

async function main(): Promise<void> {
  const o = options(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'monev-bench-'));
  const fixture = join(dir, 'fixture');
  const dbPath = join(dir, 'monev.sqlite');
  process.env.MONEV_DB_PATH = dbPath;
  let app: INestApplicationContext | null = null;
  try {
    log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 1073741824)} GB, Node ${process.version}; data in ${dir}`);
    const generated = await measure(() => generateSimulatedEdition({ outDir: fixture, seed: 2025, bodies: o.bodies }));
    log(`generated ${o.bodies} bodies in ${s(generated.seconds)}`);
    lines.push({ measure: `generate ${o.bodies} bodies`, monev: s(generated.seconds), bound: '', ratio: '', target: 'report', ok: '—', peak: mb(generated.peakRssMb) });

    app = await NestFactory.createApplicationContext(CliModule, { logger: false });
    const importer = app.get(ImportService);
    const imported = await measure(() => importer.importFixture(systemActor('bench'), fixture, bundledRegistry()));
    const edition = imported.value.edition.code;
    log(`imported ${imported.value.bodies} bodies, ${imported.value.answers} answers in ${s(imported.seconds)}`);

    const rows = await readImportedRows(dbPath);
    const boundDb = join(dir, 'bare-insert.sqlite');
    await (await openDatabase(boundDb)).destroy();
    const inserted = await measure(() => bareInsert(boundDb, rows));
    log(`bare insert of ${inserted.value} rows in ${s(inserted.seconds)}`);
    rows.clear();
    compare(`import ${imported.value.bodies} bodies (${imported.value.answers} answers)`, imported, inserted, 2);

    const compute = app.get(ComputeService);
    // keep only the count: 20,000 results with their traces would weigh on every later step
    const computed = await measure(async () => (await compute.compute(systemActor('bench'), edition)).length);
    log(`computed in ${s(computed.seconds)}`);
    const raw = await openRaw(dbPath);
    const [{ id: editionId }] = await all(raw, 'SELECT id FROM edition WHERE code = ?', [edition]);
    const summed = await measure(() => bareCompute(raw, Number(editionId)));
    const valuesOnly = await measure(() => bareComputeValues(raw, Number(editionId)));
    await close(raw);
    compare(`compute ${computed.value} results`, computed, summed, 2);
    alsoAgainst('  (bound reading answer values only)', computed, valuesOnly);

    const published = await measure(() => app!.get(PublicationsService).publish(systemActor('bench'), edition, { decreeNumber: 'BENCH/001', decreeDate: '2025-12-12', acceptUnverified: true, reason: 'Bench: the generated edition keeps unverified results' }));
    lines.push({ measure: 'publish (freeze results)', monev: s(published.seconds), bound: '', ratio: '', target: 'report', ok: '—', peak: mb(published.peakRssMb) });

    const documents = app.get(DocumentsService);
    const workbook = await measure(() => documents.rankingWorkbook(systemActor('bench'), edition, join(dir, 'peringkat.xlsx'), { assessors: false }));
    const view = workbook.value;
    const categoryName = new Map(view.edition.categories.map((c) => [c.code, c.name]));
    const wb: WorkbookRows = { categories: new Map(), detail: [] };
    for (const r of view.results) {
      const name = categoryName.get(r.category) ?? r.category;
      if (!wb.categories.has(name)) wb.categories.set(name, []);
      wb.categories.get(name)!.push([r.rank, r.body, r.bodyName, ...view.edition.stages.map((st) => r.stages[st.code] ?? null), r.final, r.predicateLabel, r.status]);
      const indicators = view.edition.stages.flatMap((st) => (st.indicators ?? []).map((_, k) => r.indicators[st.code]?.[k] ?? null));
      wb.detail.push([r.body, r.bodyName, name, ...indicators]);
    }
    const bareBook = await measure(() => bareWorkbook(join(dir, 'bare.xlsx'), wb));
    compare(`ranking workbook ${view.results.length} rows`, workbook, bareBook, 1.5);

    const { pages } = await documents.certificatePages(systemActor('bench'), edition);
    const some = pages.slice(0, o.certificates);
    const certificates = await measure(() => renderCertificates(some, join(dir, 'piagam.pdf'), { createdAt: new Date('2025-12-12T00:00:00Z') }));
    const barePages = await measure(() => barePdf(join(dir, 'bare.pdf'), some));
    const bareText = await measure(() => barePdf(join(dir, 'bare-text.pdf'), some, true));
    compare(`${some.length} certificates`, certificates, barePages, 1.5);
    alsoAgainst('  (bound drawing fewer texts and no ornaments)', certificates, bareText);
    await app.close();
    app = null;

    if (o.page) pageLines(await pageBudget({ dir, port: 39154, path: o.pagePath, log }));
    if (o.rush) {
      const { monev, web, bare } = await rushInChild({ connections: o.connections, seconds: o.seconds, rate: o.rate, dir });
      rushLines('API', o.connections, o.seconds, o.rate, monev, bare);
      rushLines('web', o.connections, o.seconds, o.rate, web, monev);
    }
  } catch (error) {
    log(`stopped: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  } finally {
    if (app) await app.close();
    printTable();
    const usage = process.resourceUsage();
    process.stdout.write(`\nbench process peak RSS: ${Math.round(usage.maxRSS / 1024)} MB · ${cpus().length} cores · Node ${process.version}\n`);
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().then(() => process.exit(0));
