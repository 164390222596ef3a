import { mkdirSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { describeWith, find, Program } from './programs';

/**
 * Browser tests (SPEC §11): Debian's chromium driven by playwright-core, never a downloaded
 * browser. Where chromium is missing they are skipped with one line saying so — except under
 * CI=true, where a missing browser fails the run.
 */
const PROGRAM: Program = {
  what: 'chromium',
  candidates: [process.env.MONEV_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'],
  install: 'apt-get install -y --no-install-recommends chromium',
};

export const CHROMIUM = find(PROGRAM);

/** `describe` where chromium is installed (programs.ts `describeWith`). */
export const describeInBrowser = (name: string, body: () => void): void => describeWith(PROGRAM, name, body);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM!,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-default-apps', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export const PHONE = { width: 360, height: 640 };
export const DESKTOP = { width: 1280, height: 800 };

/** A context as a person's browser: Indonesian, a phone's screen unless told otherwise, CSP violations and page errors collected. */
export async function newPerson(browser: Browser, viewport = PHONE): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport, locale: 'id-ID', timezoneId: 'Asia/Makassar', serviceWorkers: 'allow' });
  const page = await context.newPage();
  const problems = watch(page);
  return { context, page, problems };
}

/** Console errors (a CSP violation is one) and uncaught page errors, to assert that none happened. */
export function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    // a page's answer of 4xx (a refused login, a 409 of an offline save) is the server speaking, not a fault of the page
    if (message.type() === 'error' && !/^Failed to load resource: (the server responded with a status of 4\d\d|net::ERR_INTERNET_DISCONNECTED)/.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return problems;
}

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * axe-core on the page as it is now (SPEC §11: no serious or critical violation). Evaluated
 * through the browser's devtools protocol, so the page's own CSP stays in force.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  // a string, not a function: the test's TypeScript has no DOM types
  const violations = (await page.evaluate(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })))`,
  )) as AxeViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * Where screenshots go: a temporary folder, or docs/layar/ (which the README shows) when
 * refreshed on purpose: `MONEV_SCREENSHOTS_DIR=docs/layar npx jest --runInBand test/browser-`.
 */
export const SCREENSHOTS = process.env.MONEV_SCREENSHOTS_DIR ? resolve(process.env.MONEV_SCREENSHOTS_DIR) : join(tmpdir(), 'monev-kip-layar');

/** A screenshot named `<name>-<width>.png` (360: a phone, 1280: a desktop). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}-${page.viewportSize()?.width ?? 0}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** The app under test listening on a free local port, and chromium to visit it: what each browser spec's beforeAll needs. */
export async function serveToBrowser(t: { app: { listen(port: number, host: string): Promise<unknown>; getHttpServer(): { address(): unknown } } }): Promise<{ base: string; browser: Browser }> {
  await t.app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`;
  return { base, browser: await launchChromium() };
}
