import { existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { parse } from 'yaml';
import type { Browser, Page, Request } from 'playwright-core';
import { QuestionnaireDef } from '../src/scoring/types';
import { PASSWORD, setUpEdition, startMonev, webLogin } from './rush';

const ROOT = resolve(__dirname, '..');
/** The bundled 87-question KI Pusat questionnaire: the SAQ page of SPEC §11's budget. */
const KI_PUSAT = join(ROOT, 'questionnaires', 'saq-ki-pusat-2025.yaml');
/** The SAQ page of a body operator (src/web/ppid/); `:edition` is replaced by the edition's code. */
export const SAQ_PAGE = '/ppid/:edition/kuesioner';

const CHROMIUM = [process.env.MONEV_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p): p is string => !!p && existsSync(p)) ?? null;

/** SPEC §11: a phone's screen over a weak link — 400 kbit/s both ways, 400 ms round trips. */
const VIEWPORT = { width: 360, height: 640 };
const LINK = { latencyMs: 400, kbitPerSecond: 400 };

export interface PageOptions {
  dir: string;
  port: number;
  /** the page to measure, e.g. SAQ_PAGE or `/ppid` */
  path: string;
  log: (message: string) => void;
}

export interface Transfer {
  /** bytes as on the wire (compressed, headers included): CDP Network.loadingFinished encodedDataLength */
  total: number;
  html: number;
  css: number;
  js: number;
  other: number;
  requests: number;
  /** what the page's service worker fetched for its cache (not part of the page's own load) */
  serviceWorker: number;
}

export type PageFigures =
  | { outcome: 'no browser' | 'not found' | 'failed'; path: string; status: string }
  | {
      outcome: 'measured';
      path: string;
      questions: number;
      viewport: string;
      link: string;
      transfer: Transfer;
      /** from the start of the navigation to the first question's first radio or checkbox shown and enabled; null when the page has none */
      firstAnswerableMs: number | null;
      loadMs: number;
      autosave: { how: string; requestBytes: number; responseBytes: number; total: number; status: number } | null;
    };

/**
 * Evaluated in the page every animation frame: the instant (ms since the navigation began) at
 * which the first question's first radio or checkbox is shown (it or its label has a box and is
 * not hidden) and enabled; -1 once the page has been loaded for 5 s without one.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- runs in the page, and the bench's TypeScript has no DOM types */
function firstAnswerable(): number | false {
  const w = globalThis as any;
  const input = w.document.querySelector('fieldset input[type="radio"], fieldset input[type="checkbox"]');
  const shown = (el: any) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && w.getComputedStyle(el).visibility !== 'hidden';
  };
  if (input && input.matches(':enabled') && (shown(input) || Array.from(input.labels ?? []).some(shown))) return w.performance.now();
  const nav = w.performance.getEntriesByType('navigation')[0];
  if (nav && nav.loadEventEnd > 0 && w.performance.now() - nav.loadEventEnd > 5000) return -1;
  return false;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** The bytes of a finished request and its response, headers included, as playwright measured them. */
async function bytesOf(request: Request): Promise<{ requestBytes: number; responseBytes: number; status: number }> {
  const sizes = await request.sizes();
  const response = await request.response();
  return { requestBytes: sizes.requestHeadersSize + sizes.requestBodySize, responseBytes: sizes.responseHeadersSize + sizes.responseBodySize, status: response?.status() ?? 0 };
}

/**
 * The SAQ page's budget (SPEC §11): a body operator of an edition of the KI Pusat questionnaire
 * (87 questions), already logged in, opens the page cold (a fresh browser profile) at 360×640 over
 * the emulated link (CDP Network.emulateNetworkConditions). Reports the bytes of the first load
 * by type, the time to the first answerable question, and the bytes of one autosave — the page's
 * own, when answering the first question sends one, otherwise a fetch as its script sends it.
 * A missing page is reported as "not found", a missing browser as skipped: never a crash.
 */
export async function pageBudget(options: PageOptions): Promise<PageFigures> {
  const { dir, port, log } = options;
  if (!CHROMIUM) {
    log('SAQ page budget skipped: chromium not found (apt-get install -y --no-install-recommends chromium)');
    return { outcome: 'no browser', path: options.path, status: '' };
  }
  const base = `http://127.0.0.1:${port}`;
  const questionnaire = parse(readFileSync(KI_PUSAT, 'utf8')) as QuestionnaireDef;
  const questions = questionnaire.indicators.flatMap((i) => i.questions);
  const server = await startMonev(join(dir, 'page.sqlite'), port, log);
  let browser: Browser | null = null;
  try {
    const setup = await setUpEdition(base, 1, log, KI_PUSAT);
    const path = options.path.replace(':edition', setup.edition);
    const session = await webLogin(base, setup.usernames[0], PASSWORD);
    browser = await launch(CHROMIUM);
    log(`SAQ page ${path}: ${VIEWPORT.width}×${VIEWPORT.height}, ${LINK.kbitPerSecond} kbit/s, ${LINK.latencyMs} ms, cold cache …`);
    const save = { path: `/ppid/${setup.edition}/jawaban/${questions.find((q) => q.type === 'yes_no')?.code ?? questions[0].code}`, body: { value: true, evidence: ['https://ppid.bp-0001.example.go.id/bukti/dip.pdf'] } };
    const measured = await measurePage(browser, base, path, session.cookie, save);
    if (measured.outcome !== 'measured') {
      log(measured.outcome === 'not found' ? `SAQ page: not found (404) at ${path}` : `SAQ page ${path}: ${measured.status}`);
      return measured;
    }
    return { ...measured, questions: questions.length };
  } catch (error) {
    log(`SAQ page budget stopped: ${error instanceof Error ? error.message : String(error)}`);
    return { outcome: 'failed', path: options.path, status: error instanceof Error ? error.message.split('\n')[0].slice(0, 80) : 'error' };
  } finally {
    await browser?.close();
    await server.stop();
  }
}

export async function launch(executablePath: string): Promise<Browser> {
  // service workers' own requests reach the context's events only with this (playwright-core)
  process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS ??= '1';
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'] });
}

/**
 * Opens `path` in a fresh context (cold cache) with the session `cookie` (`monev_sesi=…`) over the
 * emulated link and measures it; `save` is the autosave to send when the page sends none itself.
 */
export async function measurePage(
  browser: Browser,
  base: string,
  path: string,
  cookie: string,
  save: { path: string; body: unknown },
): Promise<PageFigures> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'id-ID', timezoneId: 'Asia/Jakarta', serviceWorkers: 'allow' });
  try {
    const [name, value] = cookie.split(/=(.*)/s);
    await context.addCookies([{ name, value, domain: new URL(base).hostname, path: '/', httpOnly: true, sameSite: 'Lax' }]);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const bytesPerSecond = (LINK.kbitPerSecond * 1000) / 8;
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: LINK.latencyMs, downloadThroughput: bytesPerSecond, uploadThroughput: bytesPerSecond });
    const types = new Map<string, string>();
    const transfer: Transfer = { total: 0, html: 0, css: 0, js: 0, other: 0, requests: 0, serviceWorker: 0 };
    let counting = true;
    cdp.on('Network.responseReceived', (event: { requestId: string; type: string }) => types.set(event.requestId, event.type));
    cdp.on('Network.loadingFinished', (event: { requestId: string; encodedDataLength: number }) => {
      if (!counting) return;
      const type = types.get(event.requestId);
      const kind = type === 'Document' ? 'html' : type === 'Stylesheet' ? 'css' : type === 'Script' ? 'js' : 'other';
      transfer[kind] += event.encodedDataLength;
      transfer.total += event.encodedDataLength;
      transfer.requests++;
    });
    const workerRequests: Promise<number>[] = [];
    context.on('requestfinished', (request) => {
      if (counting && request.serviceWorker()) workerRequests.push(bytesOf(request).then((b) => b.responseBytes));
    });

    const response = await page.goto(`${base}${path}`, { waitUntil: 'commit', timeout: 60_000 });
    const status = response?.status() ?? 0;
    if (status === 404) return { outcome: 'not found', path, status: '404' };
    if (status >= 400 || new URL(page.url()).pathname !== path) return { outcome: 'failed', path, status: `${status} ${new URL(page.url()).pathname}` };
    const answerable = (await (await page.waitForFunction(firstAnswerable, null, { polling: 'raf', timeout: 60_000 })).jsonValue()) as number;
    await page.waitForLoadState('load');
    await page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => undefined);
    counting = false;
    transfer.serviceWorker = (await Promise.all(workerRequests)).reduce((a, b) => a + b, 0);
    const loadMs = (await page.evaluate('performance.getEntriesByType("navigation")[0].loadEventEnd')) as number;
    const autosave = await measureAutosave(page, save, answerable >= 0);
    return {
      outcome: 'measured',
      path,
      questions: 0,
      viewport: `${VIEWPORT.width}×${VIEWPORT.height}`,
      link: `${LINK.kbitPerSecond} kbit/s ${LINK.latencyMs} ms`,
      transfer,
      firstAnswerableMs: answerable >= 0 ? Math.round(answerable) : null,
      loadMs: Math.round(loadMs),
      autosave,
    };
  } finally {
    await context.close();
  }
}

/**
 * One autosave's bytes: answering the page's first question, when the page then sends its save
 * (PUT …/jawaban/…); otherwise (a page without questions, or one that does not save) the save its
 * script would send, as a fetch from the page with its CSRF token.
 */
async function measureAutosave(
  page: Page,
  save: { path: string; body: unknown },
  hasQuestion: boolean,
): Promise<{ how: string; requestBytes: number; responseBytes: number; total: number; status: number } | null> {
  const isSave = (request: Request) => request.method() === 'PUT' && /\/jawaban\//.test(request.url());
  if (hasQuestion) {
    const saved = page.context().waitForEvent('requestfinished', { predicate: isSave, timeout: 15_000 }).catch(() => null);
    await page.locator('fieldset input[type="radio"], fieldset input[type="checkbox"]').first().check({ force: true });
    const request = await saved;
    if (request) {
      const b = await bytesOf(request);
      return { how: "the page's own", ...b, total: b.requestBytes + b.responseBytes };
    }
  }
  const sent = page.context().waitForEvent('requestfinished', { predicate: isSave, timeout: 15_000 });
  const answered = await page.evaluate(
    `fetch(${JSON.stringify(save.path)}, { method: 'PUT', headers: { 'content-type': 'application/json', 'x-csrf-token': document.body.dataset.csrf, accept: 'application/json' }, body: ${JSON.stringify(JSON.stringify(save.body))} }).then((r) => r.text().then(() => r.status))`,
  );
  const request = await sent.catch(() => null);
  if (!request) throw new Error(`the autosave fetch answered ${String(answered)}, but no request was seen`);
  const b = await bytesOf(request);
  return { how: 'a fetch as the page sends it', ...b, total: b.requestBytes + b.responseBytes };
}

/** The page budget alone: `npx ts-node --transpile-only bench/page.ts [path]` prints its figures as JSON. */
if (require.main === module) {
  const dir = mkdtempSync(join(tmpdir(), 'monev-page-'));
  const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
  pageBudget({ dir, port: 39154, path: process.argv[2] ?? SAQ_PAGE, log })
    .then((figures) => process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`))
    .finally(() => rmSync(dir, { recursive: true, force: true }))
    .then(() => process.exit(0));
}
