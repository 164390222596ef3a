import { Browser, Page } from 'playwright-core';
import { startApp, TestApp } from './support/app';
import { as, bodyUser, CAST, Contoh, PASSWORD, setUpContoh, VERIFIER, WHEN } from './support/contoh';
import { describeInBrowser, newPerson, seriousViolations, serveToBrowser } from './support/browser';

/** Evidence files in a browser (issue 15): the operator attaches a PDF on the SAQ page; the verifier opens it from the body's page. */
describeInBrowser('evidence files in a browser', () => {
  let t: TestApp;
  let c: Contoh;
  let browser: Browser;
  let base: string;
  const E = 'contoh-2025';
  const PDF = Buffer.from('%PDF-1.4\n% anggaran layanan informasi\n%%EOF\n', 'latin1');

  beforeAll(async () => {
    t = await startApp('browser-evidence', WHEN.saq);
    c = await setUpContoh(t);
    ({ base, browser } = await serveToBrowser(t));
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function logIn(page: Page, username: string, password: string): Promise<void> {
    await page.getByLabel('Nama pengguna').fill(username);
    await page.getByLabel('Kata sandi').fill(password);
    await page.getByRole('button', { name: 'Masuk' }).click();
  }
  const question = (page: Page, code: string) => page.getByRole('group', { name: new RegExp(`^${code.replace('.', '\\.')} `) });

  it('Unggah bukti dukung attaches a PDF, an executable named .pdf is refused beside the input, Hapus removes one; the verifier finds the link', async () => {
    const { page, problems } = await newPerson(browser);
    await page.goto(`${base}/ppid/${E}/kuesioner`);
    await logIn(page, bodyUser('a'), PASSWORD);
    await page.locator('body[data-saq="siap"]').waitFor({ state: 'attached' });
    const q22 = question(page, '2.2');
    await q22.getByLabel('Ya').check();
    await q22.getByLabel('Unggah bukti dukung').setInputFiles({ name: 'anggaran.pdf', mimeType: 'application/pdf', buffer: PDF });
    await q22.getByText('Terunggah: anggaran.pdf').waitFor();
    await q22.getByRole('link', { name: 'anggaran.pdf' }).waitFor();
    await q22.getByLabel('Unggah bukti dukung').setInputFiles({ name: 'program.pdf', mimeType: 'application/pdf', buffer: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 1, 2, 3, 4]) });
    await q22.getByRole('alert').filter({ hasText: 'jenis berkas ditentukan dari isinya' }).waitFor();
    expect(await q22.getByLabel('Unggah bukti dukung').isDisabled()).toBe(false);
    const files = (await as(t.http, c.tokens[CAST.admin]).get(`/api/editions/${E}/saq/a/files`).expect(200)).body;
    expect(files['2.2'].map((f: { name: string }) => f.name)).toEqual(['anggaran.pdf']);

    await page.reload();
    await question(page, '2.2').getByRole('link', { name: 'anggaran.pdf' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await question(page, '2.2').getByRole('button', { name: 'Hapus anggaran.pdf' }).click();
    await page.waitForURL(/kuesioner\?tahap=saq#q-2-2$/);
    expect(await question(page, '2.2').getByRole('link', { name: 'anggaran.pdf' }).count()).toBe(0);
    await question(page, '2.2').getByLabel('Unggah bukti dukung').setInputFiles({ name: 'anggaran-2.pdf', mimeType: 'application/pdf', buffer: PDF });
    await question(page, '2.2').getByText('Terunggah: anggaran-2.pdf').waitFor();
    expect(problems).toEqual([]);

    const verifier = await newPerson(browser);
    await verifier.page.goto(`${base}/verifikator/${E}/a`);
    await logIn(verifier.page, VERIFIER, PASSWORD);
    const link = verifier.page.getByRole('link', { name: 'anggaran-2.pdf' });
    await link.waitFor();
    expect(await link.getAttribute('href')).toMatch(/^\/berkas\/\d+$/);
    const opened = await verifier.page.request.get(`${base}${await link.getAttribute('href')}`);
    expect(opened.status()).toBe(200);
    expect(opened.headers()['content-disposition']).toMatch(/^inline;/);
    expect(Buffer.compare(await opened.body(), PDF)).toBe(0);
  });
});
