import { Browser, Page } from 'playwright-core';
import { startApp, TestApp } from './support/app';
import { DESKTOP, describeInBrowser, newPerson, screenshot, seriousViolations, serveToBrowser } from './support/browser';
import { answerSaq, as, bodyUser, Contoh, PASSWORD, setUpContoh, VERIFIER, WHEN } from './support/contoh';

/**
 * The verifier's part of the cycle in a real browser at phone size (SPEC §11), by the
 * accessible names: the queue, one body's decisions (Terima, Tolak with a Catatan, Koreksi with
 * the question's own inputs) with the running verified score, completion through its dialog,
 * and a ruling on the body's objection — each checked in the database through the API, axe-core
 * on every page state, no console error or CSP violation.
 */
describeInBrowser('the verifier in a browser', () => {
  let t: TestApp;
  let c: Contoh;
  let browser: Browser;
  let base: string;
  const E = 'contoh-2025';
  const saqOf = async (body: string) => (await as(t.http, c.tokens[VERIFIER]).get(`/api/editions/${E}/saq/${body}`).expect(200)).body;

  async function logIn(page: Page): Promise<void> {
    await page.goto(`${base}/masuk`);
    await page.getByLabel('Nama pengguna').fill(VERIFIER);
    await page.getByLabel('Kata sandi').fill(PASSWORD);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByRole('heading', { name: 'Verifikator', exact: true }).waitFor();
  }

  async function accessible(page: Page): Promise<void> {
    expect(await seriousViolations(page)).toEqual([]);
  }

  /** Scrolls an element to the top of the screen (for a screenshot that shows it whole). */
  const toTop = (locator: ReturnType<Page['locator']>) => locator.evaluate((el) => (el as unknown as { scrollIntoView(): void }).scrollIntoView());

  /** The running verified score as the page shows it ("60,00"). */
  const verifiedShown = async (page: Page): Promise<string> => ((await page.locator('#skor dd').nth(1).textContent()) ?? '').trim();

  beforeAll(async () => {
    t = await startApp('browser-verifier', WHEN.beforeSaq);
    c = await setUpContoh(t);
    t.clock.set(WHEN.saq);
    await answerSaq(t, c);
    t.clock.set(WHEN.verification);
    ({ base, browser } = await serveToBrowser(t));
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('verifies body a: accepts, rejects with a note, corrects with the question\'s inputs, sees the score change, completes', async () => {
    const { context, page, problems } = await newPerson(browser);
    await logIn(page);
    await accessible(page);
    await page.getByRole('link', { name: 'Buka antrean' }).click();
    await page.getByRole('heading', { name: 'Antrean verifikasi' }).waitFor();
    const a = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Badan Publik A' }) });
    expect(await a.getByText('Sudah dikirim').count()).toBe(1);
    await accessible(page);
    await screenshot(page, 'verifikator-antrean');

    // the filter narrows the list (htmx swaps it; the URL follows)
    await page.getByText('Saring dan cari').click();
    await page.getByLabel('Cari nama atau kode').fill('publik b');
    await page.getByRole('button', { name: 'Tampilkan' }).click();
    await page.getByRole('link', { name: 'Badan Publik A' }).waitFor({ state: 'detached' });
    expect(page.url()).toMatch(/cari=publik(%20|\+)b/);
    await accessible(page);
    await page.getByLabel('Cari nama atau kode').fill('');
    await page.getByRole('button', { name: 'Tampilkan' }).click();
    await page.getByRole('link', { name: 'Badan Publik A' }).click();
    await page.getByRole('heading', { name: 'Verifikasi: Badan Publik A' }).waitFor();
    await accessible(page);
    expect(await verifiedShown(page)).toBe('64,00');

    const q12 = page.getByRole('group', { name: /^1\.2 / });
    await q12.getByLabel('Terima', { exact: true }).check();
    await q12.getByRole('button', { name: 'Simpan keputusan' }).click();
    await q12.getByText('Keputusan tersimpan: Terima').waitFor();

    const q11 = page.getByRole('group', { name: /^1\.1 / });
    const evidence = q11.getByRole('link', { name: 'ppid.example.go.id' });
    expect(await evidence.getAttribute('target')).toBe('_blank');
    expect(await evidence.getAttribute('rel')).toBe('noopener noreferrer');
    await q11.getByLabel('Tolak', { exact: true }).check();
    await q11.getByLabel('Catatan').fill('Tautan DIP tidak dapat dibuka');
    await q11.getByRole('button', { name: 'Simpan keputusan' }).click();
    await q11.getByText('Keputusan tersimpan: Tolak').waitFor();
    // 1.1 rejected: 60 × (0 + 3 + 3)/15 + 40 × 3/5 = 48
    await page.locator('#skor').getByText('48,00').waitFor();
    await accessible(page);

    const q13 = page.getByRole('group', { name: /^1\.3 / });
    const correction = q13.getByRole('group', { name: 'Nilai koreksi' });
    expect(await correction.isVisible()).toBe(false);
    await q13.getByLabel('Koreksi', { exact: true }).check();
    await correction.waitFor();
    // the body's own answer is checked to begin with; the verifier takes the leaders' profile off
    expect(await correction.getByLabel('Profil pimpinan').isChecked()).toBe(true);
    await correction.getByLabel('Profil pimpinan').uncheck();
    await q13.getByLabel('Catatan').fill('Profil pimpinan tidak ditemukan');
    await toTop(q13);
    await accessible(page);
    await screenshot(page, 'verifikator-koreksi');
    await q13.getByRole('button', { name: 'Simpan keputusan' }).click();
    await q13.getByText('Keputusan tersimpan: Koreksi').waitFor();
    // 60 × (0 + 3 + 2)/15 + 24 = 44
    await page.locator('#skor').getByText('44,00').waitFor();
    expect(await verifiedShown(page)).toBe('44,00');
    expect(await page.locator('#skor').getByText('3 dari 5 pertanyaan').count()).toBe(1);
    await toTop(page.locator('main'));
    await screenshot(page, 'verifikator-badan');

    await page.getByRole('button', { name: 'Selesaikan verifikasi' }).click();
    const dialog = page.getByRole('dialog', { name: 'Selesaikan verifikasi?' });
    await dialog.waitFor();
    expect(await dialog.getByText('2 pertanyaan belum diputuskan').count()).toBe(1);
    await accessible(page);
    await dialog.getByRole('button', { name: 'Ya, selesaikan' }).click();
    await page.getByText('Verifikasi selesai pada').waitFor();
    expect(await page.getByRole('group', { name: /^1\.2 / }).getByLabel('Terima', { exact: true }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Selesaikan verifikasi' }).count()).toBe(0);
    await accessible(page);

    const saq = await saqOf('a');
    expect(saq.verificationCompletedAt).not.toBeNull();
    expect(saq.verifiedScore).toBe(44);
    expect(saq.decisions).toMatchObject({
      '1.1': { decision: 'reject', note: 'Tautan DIP tidak dapat dibuka', decidedBy: VERIFIER },
      '1.2': { decision: 'accept' },
      '1.3': { decision: 'correct', value: ['laporan-keuangan'], note: 'Profil pimpinan tidak ditemukan' },
    });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('reads well on a desktop: the queue and a Koreksi open', async () => {
    const { context, page, problems } = await newPerson(browser, DESKTOP);
    await logIn(page);
    await page.goto(`${base}/verifikator/${E}`);
    await page.getByRole('heading', { name: 'Antrean verifikasi' }).waitFor();
    await accessible(page);
    await screenshot(page, 'verifikator-antrean');
    await page.getByRole('link', { name: 'Badan Publik B' }).click();
    await page.getByRole('heading', { name: 'Verifikasi: Badan Publik B' }).waitFor();
    await accessible(page);
    await screenshot(page, 'verifikator-badan');
    const q13 = page.getByRole('group', { name: /^1\.3 / });
    await q13.getByLabel('Koreksi', { exact: true }).check();
    await q13.getByRole('group', { name: 'Nilai koreksi' }).waitFor();
    await q13.getByLabel('Catatan').fill('Laporan kinerja tahun lalu');
    await toTop(page.getByRole('group', { name: /^1\.2 / }));
    await accessible(page);
    await screenshot(page, 'verifikator-koreksi');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('rules on the body\'s objection: the answer, the decision and the reason side by side, Terima sanggah with a Catatan', async () => {
    t.clock.set(WHEN.objection);
    const created = await as(t.http, c.tokens[bodyUser('a')])
      .post(`/api/editions/${E}/objections`, { body: 'a', question: '1.3', reason: 'Profil pimpinan ada di https://ppid.example.go.id/profil' })
      .expect(201);

    const desktop = await newPerson(browser, DESKTOP);
    await logIn(desktop.page);
    await desktop.page.goto(`${base}/verifikator/${E}/sanggah`);
    await desktop.page.getByRole('heading', { name: 'Sanggah', exact: true }).waitFor();
    await accessible(desktop.page);
    await screenshot(desktop.page, 'verifikator-sanggah');
    expect(desktop.problems).toEqual([]);
    await desktop.context.close();

    const { context, page, problems } = await newPerson(browser);
    await logIn(page);
    await page.getByRole('link', { name: 'Sanggah menunggu: 1' }).click();
    await page.getByRole('heading', { name: 'Sanggah', exact: true }).waitFor();
    const objection = page.getByRole('article').filter({ hasText: 'Profil pimpinan ada di' });
    expect(await objection.getByRole('heading', { name: 'Jawaban badan publik' }).count()).toBe(1);
    expect(await objection.getByText('Laporan keuangan, Profil pimpinan').count()).toBe(1);
    expect(await objection.getByText('Koreksi').count()).toBeGreaterThan(0);
    await accessible(page);
    await toTop(objection);
    await screenshot(page, 'verifikator-sanggah');
    await objection.getByLabel('Terima sanggah').check();
    await objection.getByLabel('Catatan').fill('Profil pimpinan ditemukan di situs PPID');
    await accessible(page);
    await objection.getByRole('button', { name: 'Simpan putusan' }).click();
    await page.getByText('Sanggah diterima', { exact: false }).first().waitFor();
    expect(await page.getByText('Tidak ada sanggah yang menunggu putusan.').count()).toBe(1);
    await accessible(page);

    const objections = (await as(t.http, c.tokens[VERIFIER]).get(`/api/editions/${E}/objections`).expect(200)).body;
    expect(objections).toEqual([expect.objectContaining({ id: created.body.id, status: 'upheld', note: 'Profil pimpinan ditemukan di situs PPID', ruledBy: VERIFIER })]);
    expect((await saqOf('a')).verifiedScore).toBe(48);
    expect(problems).toEqual([]);
    await context.close();
  });
});
