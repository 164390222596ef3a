import { createHash } from 'crypto';
import { existsSync, readdirSync, utimesSync } from 'fs';
import { request as httpRequest } from 'http';
import { dirname, join } from 'path';
import { ADMIN, startApp, TestApp } from './support/app';
import { as, bodyUser, Contoh, PASSWORD, setUpContoh, VERIFIER, WHEN, yamlFile } from './support/contoh';
import JSZip from 'jszip';
import { Client } from 'pg';
import { ServerProcess, startServer } from './support/server';
import { webLogin } from './support/web';

/**
 * Evidence files (issue 15, SPEC §13) through real HTTP on a real database: a PDF attached to an
 * answer and read back by the body, its verifier and the admin; the type decided from the
 * content; 413 at the limit with nothing stored; another body's answer, a submitted
 * questionnaire and a full answer refused; a file meeting `evidence: required` alone; a server
 * killed mid-upload leaving nothing referenced; two API processes on one PostgreSQL serving the
 * same file. On SQLite the contents are in the folder beside the database file; on PostgreSQL
 * (MONEV_TEST_POSTGRES_URL) in the database.
 */

/** A small but real PDF: `%PDF-` first, `%%EOF` last, `body` between. */
function pdf(body = 'bukti dukung', size?: number): Buffer {
  const head = Buffer.from(`%PDF-1.4\n% ${body}\n`, 'latin1');
  const tail = Buffer.from('\n%%EOF\n', 'latin1');
  const fill = size === undefined ? 0 : size - head.length - tail.length;
  return Buffer.concat([head, Buffer.alloc(fill, 0x20), tail]);
}

/** An executable with a .pdf name: an ELF header. */
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(4096, 0x90)]);

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const MAX = 2 * 1024 * 1024;

let t: TestApp;
let c: Contoh;
const base = () => `/api/editions/${c.edition}/saq`;
const token = (user: string) => c.tokens[user];
const upload = (user: string, body: string, question: string, data: Buffer, name = 'bukti.pdf') =>
  t.http().post(`${base()}/${body}/answers/${question}/files`).set('Authorization', `Bearer ${token(user)}`).attach('file', data, name);
const download = (user: string, id: number) =>
  t.http().get(`/api/files/${id}`).set('Authorization', `Bearer ${token(user)}`).buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
const list = async (user: string, body: string) => {
  const res = await as(t.http, token(user)).get(`${base()}/${body}/files`).expect(200);
  return res.body as Record<string, { id: number; name: string }[]>;
};
/** The contents kept in the folder beside the SQLite file (none on PostgreSQL: they are in the database). */
const folder = () => join(dirname(t.db.dbPath), 'files');
const storedContents = () => (existsSync(folder()) ? readdirSync(folder()).filter((n) => /^[0-9a-f]{64}$/.test(n)) : []);
const tempFiles = () => (existsSync(folder()) ? readdirSync(folder()).filter((n) => n.startsWith('.upload-')) : []);

beforeAll(async () => {
  t = await startApp('evidence', WHEN.saq);
  c = await setUpContoh(t);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('a body attaches PDFs to its answers (SPEC §13)', () => {
  let first: { id: number; name: string; size: number; sha256: string; contentType: string };
  const document = pdf('Daftar Informasi Publik 2025');

  it('an upload answers {id, name, size, sha256, contentType}, stores the content by its SHA-256 and is audited', async () => {
    const res = await upload(bodyUser('a'), 'a', '1.1', document, 'DIP 2025 — final.pdf').expect(201);
    first = res.body;
    expect(first).toMatchObject({ name: 'DIP 2025 — final.pdf', size: document.length, sha256: sha256(document), contentType: 'application/pdf', question: '1.1' });
    if (t.db.kind === 'sqlite') expect(storedContents()).toEqual([sha256(document)]);
    expect(await list(bodyUser('a'), 'a')).toEqual({ '1.1': [expect.objectContaining({ id: first.id, name: 'DIP 2025 — final.pdf' })] });
    const audit = await as(t.http, token(ADMIN.username)).get(`/api/editions/${c.edition}/audit?body=a`).expect(200);
    expect(audit.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actor: bodyUser('a'), action: 'evidence.upload', subject: 'evidence saq 1.1', before: null, after: expect.objectContaining({ id: first.id, sha256: sha256(document) }) }),
      ]),
    );
  });

  it('the body, its verifier and the admin download it byte for byte, as an attachment, not sniffed; another body does not see it', async () => {
    for (const user of [bodyUser('a'), VERIFIER, ADMIN.username]) {
      const res = await download(user, first.id).expect(200);
      expect(Buffer.compare(res.body as Buffer, document)).toBe(0);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toBe(`attachment; filename="DIP 2025 _ final.pdf"; filename*=UTF-8''DIP%202025%20%E2%80%94%20final.pdf`);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toBe('no-store');
    }
    const other = await as(t.http, token(bodyUser('b'))).get(`/api/files/${first.id}`).expect(404);
    expect(other.body).toMatchObject({ code: 'not_found', message: `evidence file "${first.id}" not found` });
    await as(t.http, token(bodyUser('b'))).get(`/api/files/999999`).expect(404);
    await t.http().get(`/api/files/${first.id}`).expect(401);
  });

  it('an executable renamed .pdf is refused with 415 from its content, and nothing is stored', async () => {
    const before = storedContents();
    const res = await upload(bodyUser('a'), 'a', '1.2', ELF, 'laporan.pdf').expect(415);
    expect(res.body).toMatchObject({ code: 'evidence.type', message: expect.stringContaining('not one of the accepted types (PDF)'), text: expect.stringContaining('ditentukan dari isinya') });
    expect(await list(bodyUser('a'), 'a')).not.toHaveProperty('1.2');
    expect(storedContents()).toEqual(before);
    expect(tempFiles()).toEqual([]);
  });

  it('exactly 2 MB is accepted; 2 MB + 1 byte is refused with 413 naming the limit, and nothing is stored', async () => {
    const exact = pdf('tepat 2 MB', MAX);
    const accepted = await upload(bodyUser('a'), 'a', '1.3', exact, 'tepat.pdf').expect(201);
    expect(accepted.body).toMatchObject({ size: MAX, sha256: sha256(exact) });
    const before = storedContents();
    const res = await upload(bodyUser('a'), 'a', '1.3', pdf('kelebihan satu bita', MAX + 1), 'besar.pdf').expect(413);
    expect(res.body).toMatchObject({ code: 'evidence.too_large', message: expect.stringContaining('at most 2097152 bytes (2 MB; evidenceFiles.maxBytes of edition "contoh-2025")') });
    expect(res.body.text).toContain('paling besar 2097152 bita (2 MB');
    expect(res.headers.connection).toBe('close');
    expect((await list(bodyUser('a'), 'a'))['1.3'].map((f) => f.name)).toEqual(['tepat.pdf']);
    expect(storedContents()).toEqual(before);
    expect(tempFiles()).toEqual([]);
  });

  it("a file for another body's answer is refused (404: a body never learns of another body) and not read", async () => {
    const res = await upload(bodyUser('a'), 'b', '1.1', pdf('salah badan')).expect(404);
    expect(res.body).toMatchObject({ code: 'not_found', message: 'body "b" not found' });
    for (const user of [VERIFIER, ADMIN.username]) await upload(user, 'a', '1.1', pdf('bukan operator')).expect(403);
    expect(await list(bodyUser('b'), 'b')).toEqual({});
  });

  it('a question has at most maxPerQuestion (3) files; a deletion makes room and is audited', async () => {
    await upload(bodyUser('a'), 'a', '1.1', pdf('kedua')).expect(201);
    const third = await upload(bodyUser('a'), 'a', '1.1', pdf('ketiga')).expect(201);
    const full = await upload(bodyUser('a'), 'a', '1.1', pdf('keempat')).expect(409);
    expect(full.body).toMatchObject({ code: 'evidence.too_many', message: expect.stringContaining('at most 3 per question') });
    const removed = await t.http().delete(`${base()}/a/answers/1.1/files/${third.body.id}`).set('Authorization', `Bearer ${token(bodyUser('a'))}`).expect(200);
    expect(removed.body).toMatchObject({ id: third.body.id, name: 'bukti.pdf' });
    await download(bodyUser('a'), third.body.id).expect(404);
    // another question's file is not this question's to delete
    await t.http().delete(`${base()}/a/answers/1.2/files/${first.id}`).set('Authorization', `Bearer ${token(bodyUser('a'))}`).expect(404);
    await t.http().delete(`${base()}/a/answers/1.1/files/${first.id}`).set('Authorization', `Bearer ${token(bodyUser('b'))}`).expect(404);
    expect((await list(bodyUser('a'), 'a'))['1.1']).toHaveLength(2);
    const audit = await as(t.http, token(ADMIN.username)).get(`/api/editions/${c.edition}/audit?body=a`).expect(200);
    expect(audit.body).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'evidence.delete', before: expect.objectContaining({ id: third.body.id }), after: null })]));
  });
});

describe('`evidence: required` is met by a link or a file (SPEC §5, §13)', () => {
  it('2.2 answered with a file only earns its points in the verified score; the same answers without it do not', async () => {
    // a and c give body a's answers of the worked example (2.2 "yes" without a link); a attaches a PDF to 2.2
    const answers = yamlFile('saq', 'a.yaml').answers as Record<string, object>;
    for (const body of ['a', 'c']) {
      for (const [question, answer] of Object.entries(answers)) await as(t.http, token(bodyUser(body))).put(`${base()}/${body}/answers/${question}`, answer).expect(200);
    }
    await upload(bodyUser('a'), 'a', '2.2', pdf('anggaran layanan informasi'), 'anggaran.pdf').expect(201);
    for (const body of ['a', 'c']) await as(t.http, token(bodyUser(body))).post(`${base()}/${body}/submit`).expect(200);
    const admin = as(t.http, token(ADMIN.username));
    const withFile = (await admin.get(`${base()}/a`).expect(200)).body;
    const without = (await admin.get(`${base()}/c`).expect(200)).body;
    // claimed 40 + 40 = 80 for both; 2.2 (2 of indicator 2's 5 points, weight 40) earns 0 without evidence: 80 − 16 = 64
    expect([withFile.claimedScore, without.claimedScore]).toEqual([80, 80]);
    expect(withFile.verifiedScore).toBe(80);
    expect(without.verifiedScore).toBe(64);
  });

  it('after submission an upload is refused with 409 before a byte is read, and so is a deletion', async () => {
    const res = await upload(bodyUser('a'), 'a', '1.2', pdf('terlambat')).expect(409);
    expect(res.body).toMatchObject({ code: 'saq.submitted', message: expect.stringContaining('the questionnaire of body "a" was submitted') });
    const files = await list(bodyUser('a'), 'a');
    await t.http().delete(`${base()}/a/answers/2.2/files/${files['2.2'][0].id}`).set('Authorization', `Bearer ${token(bodyUser('a'))}`).expect(409);
    expect(Object.keys(await list(bodyUser('a'), 'a')).sort()).toEqual(['1.1', '1.3', '2.2']);
  });

  it('the edition may set its own limits, validated with the path of each error', async () => {
    const admin = as(t.http, token(ADMIN.username));
    const edition = yamlFile('edition.yaml');
    const bad = await admin.post('/api/editions', { ...edition, code: 'batas-salah', evidenceFiles: { types: ['docx'], maxBytes: 0 } }).expect(400);
    expect(bad.body.message).toContain('evidenceFiles.types[0]: "docx" is not a known evidence file type; expected one of: pdf');
    expect(bad.body.message).toContain('evidenceFiles.maxBytes');
    await admin.post('/api/editions', { ...edition, code: 'batas-1kb', evidenceFiles: { maxBytes: 1024, maxPerQuestion: 1 } }).expect(201);
    const read = await admin.get('/api/editions/batas-1kb').expect(200);
    expect(read.body.evidenceFiles).toEqual({ types: ['pdf'], maxBytes: 1024, maxPerQuestion: 1 });
  });
});

describe('the SAQ page: `Unggah bukti dukung` and `Hapus` call the same service', () => {
  it("b's operator uploads through the page's route (CSRF header), sees the file listed with Hapus, and deletes it with the form", async () => {
    const session = await webLogin(t, bodyUser('b'), PASSWORD);
    const page = await t.http().get(`/ppid/${c.edition}/kuesioner`).set('Cookie', session).expect(200);
    const csrf = /data-csrf="([^"]+)"/.exec(page.text)![1];
    expect(page.text).toContain(`data-unggah="/ppid/${c.edition}/bukti/1.1?tahap=saq"`);
    await t.http().post(`/ppid/${c.edition}/bukti/1.1`).set('Cookie', session).attach('file', pdf('lewat halaman'), 'halaman.pdf').expect(403);
    const sent = await t.http().post(`/ppid/${c.edition}/bukti/1.1?tahap=saq`).set('Cookie', session).set('X-CSRF-Token', csrf).set('Accept', 'application/json')
      .attach('file', pdf('lewat halaman'), 'halaman.pdf').expect(201);
    expect(sent.body).toEqual({ id: expect.any(Number), name: 'halaman.pdf', size: pdf('lewat halaman').length });
    const refused = await t.http().post(`/ppid/${c.edition}/bukti/1.1`).set('Cookie', session).set('X-CSRF-Token', csrf).set('Accept', 'application/json')
      .attach('file', ELF, 'program.pdf').expect(415);
    expect(refused.body.text).toContain('ditentukan dari isinya');
    const listed = await t.http().get(`/ppid/${c.edition}/kuesioner`).set('Cookie', session).expect(200);
    expect(listed.text).toContain(`<a href="/berkas/${sent.body.id}" target="_blank" rel="noopener">halaman.pdf</a>`);
    expect(listed.text).toContain('aria-label="Hapus halaman.pdf">Hapus</button>');
    const removed = await t.http().post(`/ppid/${c.edition}/bukti/1.1/${sent.body.id}/hapus`).set('Cookie', session).type('form').send({ _csrf: csrf, tahap: 'saq' }).expect(303);
    expect(removed.headers.location).toBe(`/ppid/${c.edition}/kuesioner?tahap=saq#q-1-1`);
    expect(await list(bodyUser('b'), 'b')).toEqual({});
  });
});

describe("the verifier opens each PDF in the browser from the body's page", () => {
  it('the body page links every file of an answer; /berkas/:id shows it inline to the verifier (framable by this origin only), not to another body', async () => {
    const files = await list(bodyUser('a'), 'a');
    const [dip] = files['1.1'];
    const session = await webLogin(t, VERIFIER, PASSWORD);
    const page = await t.http().get(`/verifikator/${c.edition}/a`).set('Cookie', session).expect(200);
    for (const f of Object.values(files).flat()) expect(page.text).toContain(`<a href="/berkas/${f.id}" target="_blank" rel="noopener">${f.name}</a>`);
    expect(page.text).not.toContain('akan tampil di sini');
    const opened = await t.http().get(`/berkas/${dip.id}`).set('Cookie', session).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(Buffer.compare(opened.body as Buffer, pdf('Daftar Informasi Publik 2025'))).toBe(0);
    expect(opened.headers['content-type']).toBe('application/pdf');
    expect(opened.headers['content-disposition']).toMatch(/^inline; filename="DIP 2025 _ final.pdf"/);
    expect(opened.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(opened.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    expect(opened.headers['x-content-type-options']).toBe('nosniff');
    const other = await webLogin(t, bodyUser('b'), PASSWORD);
    await t.http().get(`/berkas/${dip.id}`).set('Cookie', other).expect(404);
    // without a session: to the login page
    expect((await t.http().get(`/berkas/${dip.id}`)).status).toBe(303);
  });
});

describe("the admin downloads the evidence as one zip with a manifest", () => {
  const zipOf = (user: string, query = '') =>
    t.http().get(`/api/editions/${c.edition}/evidence.zip${query}`).set('Authorization', `Bearer ${token(user)}`).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });

  it("one body's files, each where the manifest says, byte for byte; every body's; refused to the verifier and the body", async () => {
    const res = await zipOf(ADMIN.username, '?body=a').expect(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toContain('attachment; filename="bukti-dukung-contoh-2025-a.zip"');
    const zip = await JSZip.loadAsync(res.body as Buffer);
    const manifest = (await zip.file('manifest.csv')!.async('string')).trim().split('\r\n');
    expect(manifest[0]).toBe('berkas,badan_publik,tahap,pertanyaan,id,nama,ukuran,sha256,jenis,diunggah_oleh,diunggah_pada');
    const files = Object.values(await list(bodyUser('a'), 'a')).flat() as unknown as { id: number; name: string; size: number; sha256: string; question: string }[];
    expect(manifest).toHaveLength(files.length + 1);
    for (const f of files) {
      const path = `a/saq/${f.question}/${f.id}-${f.name}`;
      const line = manifest.find((l) => l.startsWith(`${path},`));
      // the app's clock stands still at WHEN.saq: every upload has its instant
      expect(line).toBe([path, 'a', 'saq', f.question, f.id, f.name, f.size, f.sha256, 'application/pdf', bodyUser('a'), new Date(WHEN.saq).toISOString()].join(','));
      const content = await zip.file(path)!.async('nodebuffer');
      expect(sha256(content)).toBe(f.sha256);
    }
    const all = await JSZip.loadAsync((await zipOf(ADMIN.username).expect(200)).body as Buffer);
    expect(Object.keys(all.files).filter((n) => n.startsWith('a/')).length).toBeGreaterThanOrEqual(files.length);
    expect((await zipOf(VERIFIER, '?body=a')).status).toBe(403);
    expect((await zipOf(bodyUser('a'), '?body=a')).status).toBe(403);
    expect((await zipOf(ADMIN.username, '?body=zz')).status).toBe(404);
  });
});

/** A multipart upload sent by hand, slowly: the head and `first` bytes of a file, then nothing until the server is gone. */
function slowUpload(api: string, path: string, bearer: string, declared: number, first: Buffer): Promise<void> {
  const boundary = 'monev-bukti-lambat';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="lambat.pdf"\r\nContent-Type: application/pdf\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const url = new URL(`${api}${path}`);
  return new Promise((resolve) => {
    const req = httpRequest({
      host: url.hostname, port: url.port, path: url.pathname, method: 'POST',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': head.length + declared + tail.length },
    });
    req.on('error', () => resolve()); // the server was killed: the connection resets
    req.on('response', () => resolve());
    req.write(head);
    req.write(first);
  });
}

describe('a server killed mid-upload leaves nothing referenced (kill -9)', () => {
  let server: ServerProcess | undefined;

  afterAll(async () => {
    await server?.stop();
  });

  it('after SIGKILL and a restart no row names the partial file, nothing is served under its id, its stale temporary file is cleared; the next upload works', async () => {
    // the server runs on the real clock: an edition whose window is open now
    const admin = as(t.http, token(ADMIN.username));
    const edition = yamlFile('edition.yaml');
    const now = Date.now();
    const window = { opens: new Date(now - 86_400_000).toISOString(), closes: new Date(now + 30 * 86_400_000).toISOString() };
    const code = 'bukti-kill';
    await admin.post('/api/editions', { ...edition, code, stages: edition.stages.map((s: { kind: string }) => (s.kind === 'questionnaire' ? { ...s, window, verificationWindow: undefined, objectionWindow: undefined } : { ...s, window: undefined })) }).expect(201);
    await admin.post(`/api/editions/${code}/participants`, { bodies: ['a'] }).expect(201);

    const env = { ...t.db.env, MONEV_JWT_SECRET: 'evidence-kill-test-secret-0123456789abcdef' };
    server = await startServer(env);
    const login = async (s: ServerProcess) => {
      const res = await fetch(`${s.api}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: bodyUser('a'), password: 'password-12345' }) });
      return ((await res.json()) as { accessToken: string }).accessToken;
    };
    const bearer = await login(server);
    const path = `/editions/${code}/saq/a/answers/1.1/files`;
    const sending = slowUpload(server.api, path, bearer, MAX, pdf('setengah', MAX).subarray(0, MAX / 2));
    // wait until the server is writing the content (a temporary file on SQLite; on PostgreSQL give it a moment)
    const deadline = Date.now() + 20_000;
    while (t.db.kind === 'sqlite' && !tempFiles().length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (t.db.kind === 'sqlite') expect(tempFiles()).toHaveLength(1);
    else await new Promise((r) => setTimeout(r, 1500));
    process.kill(server.pid, 'SIGKILL');
    expect(await server.exited).toMatchObject({ signal: 'SIGKILL' });
    await sending;
    // the killed upload's temporary file, as if it were an hour old: the restart clears it (a younger one may be another process's upload)
    const left = tempFiles();
    if (t.db.kind === 'sqlite') expect(left).toHaveLength(1);
    const hourAgo = new Date(Date.now() - 61 * 60 * 1000);
    for (const name of left) utimesSync(join(folder(), name), hourAgo, hourAgo);
    // on PostgreSQL the partial content is pieces under a temporary key (its start time in it): made as old
    const pg = t.db.kind === 'postgres' ? new Client({ connectionString: t.db.databaseUrl }) : null;
    await pg?.connect();
    const tempKeys = async () => (pg ? (await pg.query(`SELECT DISTINCT "key" FROM evidence_chunk WHERE "key" LIKE 'upload-%'`)).rows.map((r) => r.key as string) : []);
    if (pg) {
      expect((await tempKeys()).length).toBe(1);
      await pg.query(`UPDATE evidence_chunk SET "key" = 'upload-0000000000001-mati' WHERE "key" LIKE 'upload-%'`);
    }

    server = await startServer(env);
    expect(tempFiles()).toEqual([]);
    const again = await login(server);
    const files = await fetch(`${server.api}/editions/${code}/saq/a/files`, { headers: { authorization: `Bearer ${again}` } });
    expect(await files.json()).toEqual({});
    const stored = storedContents();
    expect(stored).not.toContain(sha256(pdf('setengah', MAX)));
    // the next id would be the partial file's: nothing is served under it
    const ids = Object.values((await (await fetch(`${server.api}/editions/${c.edition}/saq/a/files`, { headers: { authorization: `Bearer ${again}` } })).json()) as Record<string, { id: number }[]>)
      .flat()
      .map((f) => f.id);
    const next = Math.max(0, ...ids) + 1;
    expect((await fetch(`${server.api}/files/${next}`, { headers: { authorization: `Bearer ${again}` } })).status).toBe(404);

    const whole = pdf('sesudah restart');
    const form = new FormData();
    form.append('file', new Blob([whole], { type: 'application/pdf' }), 'sesudah.pdf');
    const res = await fetch(`${server.api}${path}`, { method: 'POST', headers: { authorization: `Bearer ${again}` }, body: form });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: number };
    const back = await fetch(`${server.api}/files/${id}`, { headers: { authorization: `Bearer ${again}` } });
    expect(Buffer.compare(Buffer.from(await back.arrayBuffer()), whole)).toBe(0);
    // the restarted process's first upload removed the stale pieces
    expect(await tempKeys()).toEqual([]);
    await pg?.end();
  }, 240_000);
});

// PostgreSQL only (the second pass of .ci/run); on SQLite the files are one folder of one process, and the test is not defined
const onPostgres = (name: string, body: () => void): void => {
  if (process.env.MONEV_TEST_POSTGRES_URL) describe(name, body);
  else process.stdout.write(`evidence: "${name}" runs only on PostgreSQL (MONEV_TEST_POSTGRES_URL is not set)\n`);
};

onPostgres('two API processes on one PostgreSQL serve the same file', () => {
  let servers: ServerProcess[] = [];

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  it('a file uploaded through one is downloaded byte for byte through the other (contents in the database, no shared folder)', async () => {
    const env = { ...t.db.env, MONEV_JWT_SECRET: 'evidence-two-processes-secret-0123456789ab' };
    servers = [await startServer(env)];
    servers.push(await startServer(env));
    const [one, two] = servers;
    const login = async (s: ServerProcess, username: string, password: string) => {
      const res = await fetch(`${s.api}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
      return ((await res.json()) as { accessToken: string }).accessToken;
    };
    const body = await login(one, bodyUser('a'), 'password-12345');
    const content = pdf('dua proses', 700 * 1024); // three database chunks
    const form = new FormData();
    form.append('file', new Blob([content], { type: 'application/pdf' }), 'dua-proses.pdf');
    const res = await fetch(`${one.api}/editions/bukti-kill/saq/a/answers/2.1/files`, { method: 'POST', headers: { authorization: `Bearer ${body}` }, body: form });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: number };
    const admin = await login(two, ADMIN.username, ADMIN.password);
    const back = await fetch(`${two.api}/files/${id}`, { headers: { authorization: `Bearer ${admin}` } });
    expect(back.status).toBe(200);
    expect(Buffer.compare(Buffer.from(await back.arrayBuffer()), content)).toBe(0);
  }, 240_000);
});
