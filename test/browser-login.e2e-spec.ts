import { Browser } from 'playwright-core';
import { ADMIN, startApp, TestApp } from './support/app';
import { DESKTOP, describeInBrowser, newPerson, screenshot, seriousViolations, serveToBrowser } from './support/browser';

/** Logging in and out in a real browser, by the accessible names of SPEC §11, at phone size. */
describeInBrowser('logging in, in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await startApp('browser-login', '2026-03-01T00:00:00Z');
    ({ base, browser } = await serveToBrowser(t));
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('a wrong password shows an alert; the right one lands on the role home; Keluar ends it', async () => {
    const { context, page, problems } = await newPerson(browser);
    await page.goto(`${base}/admin`);
    await page.getByLabel('Nama pengguna').waitFor();
    expect(page.url()).toBe(`${base}/masuk?lanjut=%2Fadmin`);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'masuk');
    await page.getByLabel('Nama pengguna').fill(ADMIN.username);
    await page.getByLabel('Kata sandi').fill('bukan-kata-sandinya');
    await page.getByRole('button', { name: 'Masuk' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Nama pengguna atau kata sandi salah');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Kata sandi').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByRole('heading', { name: 'Admin komisi' }).waitFor();
    expect(page.url()).toBe(`${base}/admin`);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.getByText('Anda sudah keluar.').waitFor();
    await page.goto(`${base}/admin`);
    await page.getByLabel('Nama pengguna').waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('the login page reads well on a desktop too', async () => {
    const { context, page, problems } = await newPerson(browser, DESKTOP);
    await page.goto(`${base}/masuk`);
    await page.getByRole('button', { name: 'Masuk' }).waitFor();
    await screenshot(page, 'masuk');
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
