import { Browser, Page } from 'playwright-core';
import { startApp, TestApp } from './support/app';
import { as, bodyUser, CAST, Contoh, PASSWORD, setUpContoh, VERIFIER, WHEN } from './support/contoh';
import { DESKTOP, describeInBrowser, newPerson, PHONE, screenshot, seriousViolations, serveToBrowser } from './support/browser';

/**
 * The PPID operator in a real browser at phone size (SPEC §11, issue 13 item 4): every type of
 * question answered, a dropped connection that loses nothing (the queue, the service worker's
 * copy of the page), submission with its confirmation, the verification and an objection; and a
 * session that ends while answers wait. axe-core on every state; no console error, no CSP
 * violation.
 */
describeInBrowser('the PPID operator in a browser', () => {
  let t: TestApp;
  let c: Contoh;
  let browser: Browser;
  let base: string;
  const E = 'contoh-2025';
  const admin = () => as(t.http, c.tokens[CAST.admin]);
  const answersOf = async (body: string) => (await admin().get(`/api/editions/${E}/saq/${body}`).expect(200)).body.answers;

  beforeAll(async () => {
    t = await startApp('browser-ppid', WHEN.saq);
    c = await setUpContoh(t);
    ({ base, browser } = await serveToBrowser(t));
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** axe at phone size, and the screenshots at 360 and 1280 wide when named. */
  async function check(page: Page, name?: string): Promise<void> {
    expect(await seriousViolations(page)).toEqual([]);
    if (!name) return;
    await screenshot(page, name);
    await page.setViewportSize(DESKTOP);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, name);
    await page.setViewportSize(PHONE);
  }

  async function logIn(page: Page, username: string, password: string): Promise<void> {
    await page.getByLabel('Nama pengguna').fill(username);
    await page.getByLabel('Kata sandi').fill(password);
    await page.getByRole('button', { name: 'Masuk' }).click();
  }

  const question = (page: Page, code: string) => page.getByRole('group', { name: new RegExp(`^${code.replace('.', '\\.')} `) });
  const status = (page: Page, text: string) => page.getByRole('status').filter({ hasText: new RegExp(`^${text}$`) }).waitFor();
  /** the page and its assets are kept by the service worker */
  const offlineReady = (page: Page) => page.locator('body[data-luring="siap"]').waitFor({ state: 'attached' });

  it('a session that ends while answers wait keeps them, asks for a new login, then sends them', async () => {
    const { context, page, problems } = await newPerson(browser);
    await page.goto(`${base}/ppid/${E}/kuesioner`);
    await logIn(page, bodyUser('b'), PASSWORD);
    await status(page, 'Semua jawaban tersimpan');
    await offlineReady(page);
    await context.setOffline(true);
    await question(page, '1.1').getByLabel('Ya').check();
    await question(page, '2.1').getByLabel('Tidak').check();
    await status(page, '2 jawaban belum terkirim');
    // the session ends elsewhere: the operator changes the password through the API
    const changed = await as(t.http, c.tokens[bodyUser('b')]).post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'kata-sandi-baru-b-123' });
    expect(changed.status).toBe(200);
    await context.setOffline(false);
    const alert = page.getByRole('alert').filter({ hasText: 'Sesi Anda sudah berakhir' });
    await alert.waitFor();
    await status(page, '2 jawaban belum terkirim');
    expect(await answersOf('b')).toEqual({});
    expect(await seriousViolations(page)).toEqual([]);
    await alert.getByRole('link', { name: 'Masuk lagi' }).click();
    await logIn(page, bodyUser('b'), 'kata-sandi-baru-b-123');
    await page.waitForURL(`${base}/ppid/${E}/kuesioner?tahap=saq`);
    await status(page, 'Semua jawaban tersimpan');
    const answers = await answersOf('b');
    expect(answers['1.1'].value).toBe(true);
    expect(answers['2.1'].value).toBe(false);
    expect(problems).toEqual([]);
    await context.close();
  });

  /** Tab until the focus is on the control labelled `label` in question `code` (or the button `label` when no code). */
  async function tabTo(page: Page, label: string, code?: string): Promise<void> {
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      const here = (await page.evaluate(
        `(() => { const a = document.activeElement; const f = a && a.closest('fieldset[data-kode]');
          const text = a && a.labels && a.labels[0] ? a.labels[0].textContent : a ? a.textContent : '';
          return { code: f ? f.getAttribute('data-kode') : null, label: (text || '').trim() }; })()`,
      )) as { code: string | null; label: string };
      if (here.label === label && (code === undefined || here.code === code)) return;
    }
    throw new Error(`Tab never reached "${label}"${code ? ` of ${code}` : ''}`);
  }

  it('the whole SAQ can be completed with the keyboard alone', async () => {
    const { context, page, problems } = await newPerson(browser);
    await page.goto(`${base}/ppid/${E}/kuesioner`);
    await logIn(page, bodyUser('c'), PASSWORD);
    await status(page, 'Semua jawaban tersimpan');
    await tabTo(page, 'Ya', '1.1');
    await page.keyboard.press('Space');
    await tabTo(page, 'Tautan bukti dukung', '1.1');
    await page.keyboard.type('https://ppid.example.go.id/c/dip');
    await tabTo(page, 'Tidak ada', '1.2');
    await page.keyboard.press('ArrowDown');
    await tabTo(page, 'Laporan kinerja', '1.3');
    await page.keyboard.press('Space');
    await tabTo(page, 'Ya', '2.1');
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown');
    await tabTo(page, 'Ya', '2.2');
    await page.keyboard.press('Space');
    await tabTo(page, 'Tautan bukti dukung', '2.2');
    await page.keyboard.type('https://ppid.example.go.id/c/anggaran');
    await tabTo(page, 'Kirim kuesioner');
    await status(page, 'Semua jawaban tersimpan');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Kirim kuesioner?' });
    await dialog.waitFor();
    await expect(dialog.textContent()).resolves.toContain('Semua pertanyaan sudah dijawab');
    // the dialog takes the focus: its first button is Ya, kirim
    await expect(page.evaluate('document.activeElement.textContent')).resolves.toBe('Ya, kirim');
    await page.keyboard.press('Enter');
    await page.getByText('Kuesioner sudah dikirim.').waitFor();
    const answers = await answersOf('c');
    expect(Object.fromEntries(Object.entries(answers).map(([q, a]) => [q, (a as { value: unknown }).value]))).toEqual({
      '1.1': true, '1.2': 'situs', '1.3': ['laporan-kinerja'], '2.1': false, '2.2': true,
    });
    expect(answers['2.2'].evidence).toEqual(['https://ppid.example.go.id/c/anggaran']);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('answers every type of question, loses nothing offline, submits, reads the verification and objects', async () => {
    const { context, page, problems } = await newPerson(browser);
    await page.goto(`${base}/ppid`);
    await logIn(page, bodyUser('a'), PASSWORD);
    await page.getByRole('heading', { name: 'Operator PPID' }).waitFor();
    await expect(page.getByText('Status: Belum mulai').count()).resolves.toBe(1);
    await expect(page.getByText(/^Batas waktu: 31 Agustus 2025 pukul \d\d\.59 WI/).count()).resolves.toBe(1);
    await check(page, 'ppid-beranda');
    await page.getByRole('link', { name: 'Buka kuesioner' }).click();

    // online: yes/no with an evidence link, a choice
    await page.getByRole('heading', { name: 'Kuesioner Penilaian Mandiri (contoh)' }).waitFor();
    await status(page, 'Semua jawaban tersimpan');
    await expect(page.getByText('0 dari 5 pertanyaan terjawab').count()).resolves.toBe(1);
    // online and editable: the evidence file input is enabled (issue 15)
    expect(await question(page, '1.1').getByLabel('Unggah bukti dukung').isDisabled()).toBe(false);
    await check(page);
    await question(page, '1.1').getByLabel('Ya').check();
    await question(page, '1.1').getByLabel('Tautan bukti dukung').fill('https://ppid.example.go.id/dip');
    await question(page, '1.2').getByLabel('Situs web saja').check();
    await status(page, 'Semua jawaban tersimpan');
    // a link the server refuses: the answer stays, with the server's words beside it, until corrected
    await question(page, '1.2').getByLabel('Tautan bukti dukung').fill('bukan tautan');
    await question(page, '1.2').getByLabel('Tautan bukti dukung').press('Tab');
    await question(page, '1.2').getByRole('alert').waitFor();
    await status(page, '1 jawaban belum terkirim');
    await question(page, '1.2').getByRole('alert').scrollIntoViewIfNeeded();
    await check(page, 'ppid-kuesioner-ditolak');
    await question(page, '1.2').getByLabel('Tautan bukti dukung').fill('');
    await question(page, '1.2').getByLabel('Tautan bukti dukung').press('Tab');
    await status(page, 'Semua jawaban tersimpan');
    await expect(question(page, '1.2').getByRole('alert').count()).resolves.toBe(0);
    await offlineReady(page);
    let answers = await answersOf('a');
    expect(answers['1.1']).toMatchObject({ value: true, evidence: ['https://ppid.example.go.id/dip'] });
    expect(answers['1.2'].value).toBe('situs');

    // offline: a checklist and two more yes/no answers wait on the device
    const reached: string[] = [];
    t.app.getHttpServer().on('request', (request: { url: string }) => reached.push(request.url));
    await context.setOffline(true);
    await question(page, '1.3').getByLabel('Laporan keuangan').check();
    await question(page, '1.3').getByLabel('Profil pimpinan').check();
    await question(page, '2.1').getByLabel('Ya').check();
    await question(page, '2.2').getByLabel('Ya').check();
    await status(page, '3 jawaban belum terkirim');
    await expect(page.getByText('5 dari 5 pertanyaan terjawab').count()).resolves.toBe(1);
    await page.evaluate('window.scrollTo(0, 0)');
    await check(page, 'ppid-kuesioner-luring');
    // no submission while answers wait: the dialog says why
    await page.getByRole('button', { name: 'Kirim kuesioner' }).click();
    const waitingDialog = page.getByRole('dialog', { name: 'Kirim kuesioner?' });
    await waitingDialog.getByRole('button', { name: 'Ya, kirim' }).click();
    await expect(waitingDialog.getByRole('alert').textContent()).resolves.toContain('Kuesioner belum dapat dikirim: 3 jawaban belum terkirim');
    expect(await seriousViolations(page)).toEqual([]);
    await waitingDialog.getByRole('button', { name: 'Batal' }).click();
    expect((await admin().get(`/api/editions/${E}/saq/a`).expect(200)).body.status).toBe('draft');

    // a reload without a network: the service worker's copy, with the answers as they were left
    const reloaded = await page.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);
    await status(page, '3 jawaban belum terkirim');
    expect(await question(page, '1.1').getByLabel('Ya').isChecked()).toBe(true);
    expect(await question(page, '1.1').getByLabel('Tautan bukti dukung').inputValue()).toBe('https://ppid.example.go.id/dip');
    expect(await question(page, '1.2').getByLabel('Situs web saja').isChecked()).toBe(true);
    expect(await question(page, '1.3').getByLabel('Laporan keuangan').isChecked()).toBe(true);
    expect(await question(page, '1.3').getByLabel('Laporan kinerja').isChecked()).toBe(false);
    expect(await question(page, '1.3').getByLabel('Profil pimpinan').isChecked()).toBe(true);
    expect(await question(page, '2.1').getByLabel('Ya').isChecked()).toBe(true);
    expect(await question(page, '2.2').getByLabel('Ya').isChecked()).toBe(true);
    expect(await answersOf('a')).not.toHaveProperty('1.3');
    expect(reached.filter((url) => url.startsWith('/ppid') || url.startsWith('/aset'))).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);

    // back online: everything is sent, in the database
    await context.setOffline(false);
    await status(page, 'Semua jawaban tersimpan');
    answers = await answersOf('a');
    expect(Object.fromEntries(Object.entries(answers).map(([q, a]) => [q, (a as { value: unknown }).value]))).toEqual({
      '1.1': true, '1.2': 'situs', '1.3': ['laporan-keuangan', 'profil'], '2.1': true, '2.2': true,
    });

    // submission: the confirmation lists what is missing
    await page.getByRole('button', { name: 'Kirim kuesioner' }).click();
    const dialog = page.getByRole('dialog', { name: 'Kirim kuesioner?' });
    await dialog.waitFor();
    await expect(dialog.textContent()).resolves.toContain('Bukti dukung wajib yang belum ada (1):');
    await expect(dialog.textContent()).resolves.toContain('2.2 Anggaran layanan informasi tersedia');
    await expect(dialog.textContent()).resolves.not.toContain('Pertanyaan yang belum dijawab');
    await check(page, 'ppid-kirim');
    await dialog.getByRole('button', { name: 'Ya, kirim' }).click();
    await page.getByText('Kuesioner sudah dikirim.').waitFor();
    await expect(page.locator('fieldset[data-kode]:not([disabled])').count()).resolves.toBe(0);
    expect(await question(page, '2.2').getByLabel('Ya').isDisabled()).toBe(true);
    expect(await question(page, '2.2').getByLabel('Tautan bukti dukung').isDisabled()).toBe(true);
    await expect(page.getByRole('button', { name: 'Kirim kuesioner' }).count()).resolves.toBe(0);
    expect((await admin().get(`/api/editions/${E}/saq/a`).expect(200)).body.status).toBe('submitted');
    await check(page);

    // the verifier corrects 1.3 and rejects 2.1, then completes; the objection window opens
    t.clock.set(WHEN.verification);
    const verifier = as(t.http, c.tokens[VERIFIER]);
    await verifier.put(`/api/editions/${E}/verification/a/answers/1.3`, { decision: 'correct', value: ['laporan-keuangan'], note: 'Profil pimpinan tidak ditemukan' }).expect(200);
    await verifier.put(`/api/editions/${E}/verification/a/answers/2.1`, { decision: 'reject', note: 'SK pimpinan tidak dilampirkan' }).expect(200);
    await verifier.post(`/api/editions/${E}/verification/a/complete`).expect(200);
    t.clock.set(WHEN.objection);

    // months later: the web session has long ended; the operator logs in again
    await page.goto(`${base}/ppid`);
    await logIn(page, bodyUser('a'), PASSWORD);
    await expect(page.getByText('Status: Sudah diverifikasi').count()).resolves.toBe(1);
    await page.getByRole('link', { name: 'Hasil verifikasi dan sanggah' }).click();
    await page.getByRole('heading', { name: 'Hasil verifikasi', exact: true }).waitFor();
    const corrected = page.getByRole('article', { name: /^1\.3 / });
    await expect(corrected.textContent()).resolves.toMatch(/Dikoreksi[\s\S]*Laporan keuangan[\s\S]*Profil pimpinan tidak ditemukan/);
    await expect(page.getByRole('article', { name: /^2\.1 / }).textContent()).resolves.toContain('SK pimpinan tidak dilampirkan');
    await expect(page.getByRole('article', { name: /^1\.1 / }).getByRole('button', { name: 'Ajukan sanggah' }).count()).resolves.toBe(0);
    await check(page, 'ppid-verifikasi-nilai');
    await corrected.getByRole('button', { name: 'Ajukan sanggah' }).click();
    await corrected.getByLabel('Alasan sanggah').fill('Profil pimpinan ada di https://ppid.example.go.id/profil');
    await check(page, 'ppid-verifikasi');
    await corrected.getByRole('button', { name: 'Kirim sanggah' }).click();
    await page.getByRole('article', { name: /^1\.3 / }).getByText('Menunggu keputusan').waitFor();
    const objections = (await admin().get(`/api/editions/${E}/objections`).expect(200)).body;
    expect(objections).toEqual([expect.objectContaining({ body: 'a', question: '1.3', status: 'pending', reason: 'Profil pimpinan ada di https://ppid.example.go.id/profil' })]);
    await check(page);

    // a shared office PC: after Keluar, the pages kept for offline use are gone
    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.getByText('Anda sudah keluar.').waitFor();
    await page.waitForFunction(`caches.keys().then((names) => !names.some((n) => n.startsWith('monev-ppid')))`);
    await context.setOffline(true);
    await page.goto(`${base}/ppid/${E}/kuesioner?tahap=saq`);
    await page.getByRole('heading', { name: 'Tidak tersambung' }).waitFor();
    await expect(page.getByText('Badan Publik A').count()).resolves.toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
