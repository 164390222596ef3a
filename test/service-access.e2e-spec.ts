import { Type } from '@nestjs/common';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Readable } from 'stream';
import { DataSource } from 'typeorm';
import { AuditService } from '../src/audit/audit.service';
import { AuthService } from '../src/auth/auth.service';
import { BodiesService } from '../src/bodies/bodies.service';
import { Actor, systemActor } from '../src/common/actor';
import { DomainError, ForbiddenError, NotFoundError } from '../src/common/errors';
import { CommissionsService } from '../src/commissions/commissions.service';
import { DocumentsService } from '../src/documents/documents.service';
import { DownloadsService } from '../src/documents/downloads.service';
import { EditionsService } from '../src/editions/editions.service';
import { EvidenceService } from '../src/evidence/evidence.service';
import { UploadSource } from '../src/evidence/upload-source';
import { InstrumentsService } from '../src/instruments/instruments.service';
import { ImportService } from '../src/fixtures/importer';
import { bundledRegistry } from '../src/cli/commands';
import { PanelsService } from '../src/panels/panels.service';
import { ComputeService } from '../src/results/compute.service';
import { ChangesService } from '../src/results/changes.service';
import { PublicationsService } from '../src/results/publications.service';
import { SaqService } from '../src/saq/saq.service';
import { UsersService } from '../src/users/users.service';
import { ObjectionsService } from '../src/verification/objections.service';
import { VerificationService } from '../src/verification/verification.service';
import { ADMIN, importerOf, startApp, TestApp } from './support/app';
import { bodyUser, CAST, CONTOH, Contoh, PASSWORD, setUpContoh, setUpOutsiders, VERIFIER, WHEN, yamlFile } from './support/contoh';
import { controllersDecidingAccess, serviceMethods } from './support/service-methods';

/**
 * Every public service method begins with its access check, whoever calls it (an API
 * controller, a page, the CLI with its system actor) — proved twice:
 *
 * - statically, reading every `…Service` class of src/ with the TypeScript compiler API: each public
 *   method of an @Injectable() class takes `actor: Actor` first and its first statement is
 *   `this.access.require…(actor, …)`, or it is in ALLOWED with the reason it needs no check;
 *   and no controller decides access (calls `access.…` or injects AccessService);
 * - dynamically, through the services (not HTTP) on a real database with the SPEC §5 contoh
 *   edition: a table of service methods × roles, walked in the order of the cycle, where each
 *   refused caller gets ForbiddenError or NotFoundError and leaves the database exactly as it
 *   was, and the allowed caller passes the check.
 */

/** Public methods that need no access check, each with the reason. `Class.*` names a whole class. */
const ALLOWED: Record<string, string> = {
  'AccessService.*': 'the access check itself',
  'AuditService.holdAuditedChanges': "inside the caller's transaction after its own check (compute, publish): holds off other audited changes while it reads",
  'AuditService.record': "written inside the caller's transaction, after the caller's own check",
  'AuthService.login': 'comes before there is an actor: the credentials (and the login throttle) are the check',
  'AuthService.authenticate': 'turns a bearer token into the actor that every check then takes',
  'AuthService.loginWeb': "the browser's login: before there is an actor, the credentials (and the login throttle) are the check",
  'AuthService.authenticateWeb': "turns a browser's session cookie into the actor that every check then takes",
  'InstrumentsService.store': "an import's or an edition's own step, inside the caller's transaction after the caller's check",
  'InstrumentsService.requireDef': 'the pinned instrument of a stage whose access the caller has already checked',
  'FirstAdminService.onApplicationBootstrap': "Nest's start-up hook: the first admin from the configuration, before any request",
  'SessionsService.limits': 'the lifetime and idle limit of a session kind: configuration, no data',
  'SessionsService.start': "inside the login's (or password change's) transaction, after the credentials were checked",
  'SessionsService.end': "inside the caller's transaction (a logout), after the caller's own check",
  'SessionsService.endAllOf': "inside the caller's transaction (password change, reset, disable, role change), after its check",
  'SessionsService.problem': 'a pure rule over a session row that authentication read: whether it still counts',
  'SessionsService.seen': 'authentication records a request on a session with an idle limit, before there is an actor',
  'DownloadsService.publicRankingWorkbook': "anonymous: the latest publication's workbook, published summaries only, no jurors' names",
  'PublicationsService.list': 'anonymous: the publication history (versions, decrees, dates, reasons) is public',
  'PublicationsService.publicResults': "anonymous: the latest publication's results per category, published summaries only",
  'PublicationsService.published': 'anonymous: the latest publication as the public results and documents read it, published data only',
  'PublicationsService.verifyCertificate': 'anonymous: anyone checks a printed certificate code',
  // issue 14 (changes): what changed between published versions
  'ChangesService.history': "anonymous: the publication history with each version's change list (published lines only) is public",
  'ChangesService.changeList': "anonymous: one version's change list as its documents print it, published lines only",
};


const allowed = (name: string): boolean => name in ALLOWED || `${name.split('.')[0]}.*` in ALLOWED;

describe('every public service method begins with its access check (static: the TypeScript compiler API over src/)', () => {
  const methods = serviceMethods();
  const controllers = controllersDecidingAccess();

  it('reads the services it is meant to read', () => {
    expect(methods.length).toBeGreaterThan(50);
    expect(methods.map((m) => m.name)).toEqual(expect.arrayContaining(['SaqService.saveAnswer', 'DocumentsService.rankingWorkbook', 'AccessService.requireEdition']));
    // the check recognises a method that does not begin with it
    expect(methods.find((m) => m.name === 'AuditService.record')?.problem).toMatch(/first parameter is `manager: EntityManager`/);
  });

  it('every public method takes the actor first and begins with this.access.require…(actor, …), or is allowed with a reason', () => {
    const failing = methods.filter((m) => m.problem !== null && !allowed(m.name)).map((m) => `${m.name} (${m.at}): ${m.problem}`);
    expect(failing).toEqual([]);
  });

  it('no controller decides access: none calls access.… or injects AccessService', () => {
    const failing = controllers.map((c) => `${c.className} (${c.at}) ${c.what}`);
    expect(failing).toEqual([]);
  });

  it('the allow-list names existing methods that need it, each with a one-line reason', () => {
    const names = new Set(methods.map((m) => m.name));
    const classes = new Set(methods.map((m) => m.className));
    const stale = Object.keys(ALLOWED).filter((name) => {
      const [cls, method] = name.split('.');
      if (method === '*') return !classes.has(cls);
      return !names.has(name) || methods.find((m) => m.name === name)!.problem === null;
    });
    expect(stale).toEqual([]);
    expect(Object.entries(ALLOWED).filter(([, reason]) => reason.trim().length < 10 || reason.includes('\n'))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// The table: service methods × roles, through the services, on a real database.

/** The callers of the table: the allowed role of each method and the four kinds of outsider (SPEC §6). */
const WHO = ['admin', 'otherAdmin', 'verifier', 'otherVerifier', 'juror', 'otherJuror', 'body', 'otherBody', 'foreignBody'] as const;
type Who = (typeof WHO)[number];

const USERNAMES: Record<Who, string> = CAST;

/**
 * What a caller meets: refused by the access check (403 or 404), allowed ('ok'), or allowed
 * past the check and then stopped by a rule of the action whose message matches (a 400 or 409
 * such as "already ruled") — used where the allowed role has acted once already.
 */
type Outcome = 'ok' | 403 | 404 | RegExp;
type Roles = Record<Who, Outcome> & { system?: Outcome };

interface Call {
  /** a fresh, empty folder for the files this call writes */
  out: string;
}

interface Row {
  name: string;
  run(actor: Actor, call: Call): Promise<unknown>;
  roles: Roles;
  /** checks the result of an allowed call */
  check?: (who: Who | 'system', result: unknown) => void;
}

type Tail<T> = T extends [unknown, ...infer R] ? R : never;
type ArgsOf<F> = F extends (...args: infer P) => unknown ? P : never;
type ActorMethod<S> = { [K in keyof S]: S[K] extends (actor: Actor, ...rest: never[]) => Promise<unknown> ? K : never }[keyof S];

/**
 * A row of the table: `row(Service, 'method')(args, roles, check)`. The method is named by its
 * class and name and called as the service's own, with the arguments after the actor typed as
 * the method declares them.
 */
function row<S, K extends ActorMethod<S>>(service: Type<S>, method: K) {
  return (args: (call: Call) => Tail<ArgsOf<S[K]>>, roles: Roles, check?: Row['check']): Row => ({
    name: `${service.name}.${String(method)}`,
    run: (actor, call) => {
      const target = t.app.get(service) as S;
      const fn = target[method] as unknown as (actor: Actor, ...rest: unknown[]) => Promise<unknown>;
      return fn.call(target, actor, ...(args(call) as unknown[]));
    },
    roles,
    check,
  });
}

const importer = (): ImportService => importerOf(t);

const E = 'contoh-2025';
/** a second edition of ki-contoh for the edition-management writes, so the contoh cycle stays as SPEC §5 has it */
const E2 = 'contoh-2026';

/** what every logged-in user may do on its own account */
const EVERYONE: Roles = {
  admin: 'ok', otherAdmin: 'ok', verifier: 'ok', otherVerifier: 'ok', juror: 'ok', otherJuror: 'ok', body: 'ok', otherBody: 'ok', foreignBody: 'ok',
};
const NOT_ADMIN = { verifier: 403, otherVerifier: 403, juror: 403, otherJuror: 403, body: 403, otherBody: 403, foreignBody: 403 } as const;
/** admin-only actions on ki-contoh: the admin of another commission does not see it */
const ADMIN_OF_CONTOH: Roles = { admin: 'ok', otherAdmin: 404, ...NOT_ADMIN };
/** a body's own action (saq.answer, objection.create) on body a */
const BODY_A: Roles = { admin: 403, otherAdmin: 403, verifier: 403, otherVerifier: 403, juror: 403, otherJuror: 403, body: 'ok', otherBody: 404, foreignBody: 404 };
/** a juror's action on a sheet for body a in uji-publik */
const JUROR_OF_A: Roles = { admin: 403, otherAdmin: 403, verifier: 403, otherVerifier: 403, juror: 'ok', otherJuror: 403, body: 403, otherBody: 403, foreignBody: 403 };
/** the verification of body a */
const VERIFYING_A: Roles = { admin: 'ok', otherAdmin: 404, verifier: 'ok', otherVerifier: 403, juror: 403, otherJuror: 403, body: 403, otherBody: 403, foreignBody: 403 };

const contohAnswers = (body: string) => yamlFile('saq', `${body}.yaml`).answers as Record<string, { value: never; evidence?: string[] }>;
const contohDecisions = (body: string) => (yamlFile('verification', `${body}.yaml`).decisions ?? {}) as Record<string, { decision: 'accept' | 'reject' | 'correct'; value?: never; note?: string }>;

let t: TestApp;
let c: Contoh;
let objectionId = 0;
let workbookOfA: Buffer = Buffer.alloc(0);
let evidenceFileId = 0;
/** An upload as the service reads it: a small PDF, read only if the caller passes the check. */
const pdfUpload = (): UploadSource => {
  const content = Buffer.from('%PDF-1.4\n% bukti\n%%EOF\n', 'latin1');
  return { declaredBytes: content.length, receive: async () => ({ name: 'bukti.pdf', stream: Readable.from([content]) }), abandon: () => undefined };
};
const actors = {} as Record<Who | 'juri2' | 'juri3', Actor>;
const OUT = mkdtempSync(join(tmpdir(), 'monev-service-access-'));

const names = (result: unknown, key: string) => (result as Record<string, unknown>[]).map((r) => r[key]);
const file = (call: Call, name: string) => join(call.out, name);
const written = (path: string) => existsSync(path) && statSync(path).size > 0;

interface Phase {
  name: string;
  at: string;
  /** what the cycle does (as the contoh files say) before the rows of this phase */
  before?: () => Promise<void>;
  rows: Row[];
}

const CYCLE: Phase[] = [
  {
    name: 'setting up (before the SAQ window)',
    at: WHEN.beforeSaq,
    rows: [
      row(CommissionsService, 'create')(() => [{ code: 'ki-baru', name: 'Komisi Informasi Baru' }], { admin: 'ok', otherAdmin: 403, ...NOT_ADMIN }),
      row(CommissionsService, 'list')(() => [], { admin: 'ok', otherAdmin: 'ok', ...NOT_ADMIN }, (who, r) => {
        expect(names(r, 'code')).toEqual(who === 'otherAdmin' ? ['ki-lain'] : ['ki-baru', 'ki-contoh', 'ki-lain']);
      }),
      row(UsersService, 'create')(() => [{ username: 'baru', password: PASSWORD, role: 'verifier', commission: 'ki-contoh' }], { admin: 'ok', otherAdmin: 403, ...NOT_ADMIN }),
      row(UsersService, 'list')(() => [], { admin: 'ok', otherAdmin: 'ok', ...NOT_ADMIN }, (who, r) => {
        expect(names(r, 'username').includes(VERIFIER)).toBe(who === 'admin');
      }),
      // the importer is the CLI's (the HTTP app does not provide it): built here from the app's own parts
      {
        name: 'ImportService.importFixture',
        run: (actor) => importer().importFixture(actor, CONTOH, bundledRegistry()),
        roles: { admin: /edition contoh-2025 already exists/, otherAdmin: 403, ...NOT_ADMIN, system: /edition contoh-2025 already exists/ },
      },
      row(InstrumentsService, 'list')(() => [], { admin: 'ok', otherAdmin: 'ok', verifier: 'ok', otherVerifier: 'ok', juror: 'ok', otherJuror: 'ok', body: 'ok', otherBody: 'ok', foreignBody: 'ok' }, (_, r) =>
        expect(names(r, 'id')).toEqual(expect.arrayContaining(['saq-contoh', 'rubrik-uji-publik-contoh'])),
      ),
      row(InstrumentsService, 'create')(() => [{ ...yamlFile('instruments', 'rubrik-uji-publik-contoh.yaml'), id: 'rubrik-baru' }], { admin: 'ok', otherAdmin: 'ok', ...NOT_ADMIN }),
      row(BodiesService, 'register')(() => ['ki-contoh', [{ code: 'd', name: 'Badan Publik D', category: 'pemprov' }]], ADMIN_OF_CONTOH),
      row(BodiesService, 'list')(() => ['ki-contoh'], ADMIN_OF_CONTOH, (_, r) => expect(names(r, 'code')).toEqual(['a', 'b', 'c', 'd'])),
      row(EditionsService, 'create')(() => [{ ...yamlFile('edition.yaml'), code: E2 }], ADMIN_OF_CONTOH),
      row(EditionsService, 'get')(() => [E], {
        admin: 'ok', otherAdmin: 404, verifier: 'ok', otherVerifier: 'ok', juror: 'ok', otherJuror: 'ok', body: 'ok', otherBody: 'ok', foreignBody: 404,
      }, (_, r) => expect(r).toMatchObject({ code: E, participants: 3 })),
      row(EditionsService, 'list')(() => [], {
        admin: 'ok', otherAdmin: 'ok', verifier: 'ok', otherVerifier: 'ok', juror: 'ok', otherJuror: 'ok', body: 'ok', otherBody: 'ok', foreignBody: 'ok',
      }, (who, r) => expect(names(r, 'code').includes(E)).toBe(who !== 'otherAdmin' && who !== 'foreignBody')),
      row(EditionsService, 'moveWindows')(() => [E2, 'saq', { window: { opens: '2025-05-01T00:00:00+08:00', closes: '2025-08-31T23:59:59+08:00' } }], ADMIN_OF_CONTOH),
      row(EditionsService, 'enrol')(() => [E2, { bodies: ['a', 'b'] }], ADMIN_OF_CONTOH, (_, r) => expect(r).toEqual({ enrolled: ['a', 'b'], alreadyEnrolled: [] })),
      row(EditionsService, 'participants')(() => [E], ADMIN_OF_CONTOH, (_, r) => expect(names(r, 'code')).toEqual(['a', 'b', 'c'])),
      row(EditionsService, 'assign')(() => [E2, [{ stage: 'saq', username: VERIFIER, body: 'a' }]], ADMIN_OF_CONTOH),
      row(EditionsService, 'assignments')(() => [E], {
        admin: 'ok', otherAdmin: 404, verifier: 'ok', otherVerifier: 'ok', juror: 'ok', otherJuror: 'ok', body: 403, otherBody: 403, foreignBody: 403,
      }, (who, r) => {
        if (who !== 'admin' && who !== 'system') expect(new Set(names(r, 'username'))).toEqual(new Set([USERNAMES[who]]));
      }),
      row(EditionsService, 'extend')(() => [E2, { stage: 'saq', body: 'a', until: '2025-09-07T23:59:59+08:00', reason: 'banjir' }], ADMIN_OF_CONTOH),
      row(EditionsService, 'extensions')(() => [E2], ADMIN_OF_CONTOH, (_, r) => expect(names(r, 'body')).toEqual(['a'])),
      row(EditionsService, 'unassign')(() => [E2, 'saq', VERIFIER, 'a'], ADMIN_OF_CONTOH),
      row(EditionsService, 'withdraw')(() => [E2, 'b'], ADMIN_OF_CONTOH),
      row(UsersService, 'update')(() => ['baru', { name: 'Verifikator Baru' }], ADMIN_OF_CONTOH, (_, r) => expect(r).toMatchObject({ username: 'baru', name: 'Verifikator Baru' })),
      row(UsersService, 'resetPassword')(() => ['baru', 'sandi-sementara-123'], ADMIN_OF_CONTOH, (_, r) => expect(r).toMatchObject({ mustChangePassword: true })),
      row(UsersService, 'setPassword')(() => ['baru', PASSWORD], { ...ADMIN_OF_CONTOH, system: 'ok' }, (_, r) => expect(r).toMatchObject({ mustChangePassword: false })),
      row(BodiesService, 'update')(() => ['ki-contoh', 'd', { name: 'Badan Publik D (koreksi)' }], ADMIN_OF_CONTOH),
      row(AuditService, 'listOutsideEditions')(() => [{}], { admin: 'ok', otherAdmin: 'ok', ...NOT_ADMIN }, (who, r) => {
        const commissions = new Set(names(r, 'commission'));
        if (who === 'otherAdmin') expect(commissions).toEqual(new Set(['ki-lain']));
        else expect(commissions.has('ki-contoh')).toBe(true);
      }),
      row(AuthService, 'me')(() => [], EVERYONE, (who, r) => expect(r).toMatchObject({ username: who === 'system' ? expect.any(String) : USERNAMES[who] })),
      row(AuthService, 'logout')(() => ['no-such-session'], EVERYONE),
      // the check passes for every role; the wrong current password is the action's own rule (and counts as a failed login)
      row(AuthService, 'changePassword')(() => [{ currentPassword: 'bukan-sandinya', newPassword: 'kata-sandi-baru-123' }, '127.0.0.1'], Object.fromEntries(WHO.map((w) => [w, /currentPassword: is not the current password/])) as Roles),
    ],
  },
  {
    name: 'the SAQ window',
    at: WHEN.saq,
    before: async () => {
      // a's workbook as a downloads it once 1.1 is answered: what the import rows upload
      await t.app.get(SaqService).saveAnswer(actors.body, E, 'a', '1.1', contohAnswers('a')['1.1']);
      workbookOfA = (await t.app.get(SaqService).workbook(actors.body, E, 'a')).bytes;
    },
    rows: [
      row(SaqService, 'saveAnswer')(() => [E, 'a', '1.1', contohAnswers('a')['1.1']], BODY_A),
      row(SaqService, 'view')(() => [E, 'a'], {
        admin: 'ok', otherAdmin: 404, verifier: 'ok', otherVerifier: 403, juror: 403, otherJuror: 403, body: 'ok', otherBody: 404, foreignBody: 404,
      }, (_, r) => expect(r).toMatchObject({ body: { code: 'a' }, answers: { '1.1': { updatedBy: bodyUser('a') } } })),
      // the offline workbook (SPEC §14): read as the SAQ is; imported by the body itself, or by the CLI's system actor (a workbook handed in on a CD)
      row(SaqService, 'workbook')(() => [E, 'a'], {
        admin: 'ok', otherAdmin: 404, verifier: 'ok', otherVerifier: 403, juror: 403, otherJuror: 403, body: 'ok', otherBody: 404, foreignBody: 404, system: 'ok',
      }, (_, r) => expect((r as { filename: string }).filename).toBe(`kuesioner-${E}-saq-a.xlsx`)),
      row(SaqService, 'importWorkbook')(() => [E, 'a', workbookOfA], { ...BODY_A, system: 'ok' }, (_, r) => expect(r).toEqual({ changed: 0, unchanged: 1, empty: 4 })),
      row(EvidenceService, 'upload')(() => [E, 'a', '1.1', pdfUpload()], BODY_A, (_, r) => {
        expect(r).toMatchObject({ name: 'bukti.pdf', contentType: 'application/pdf' });
        evidenceFileId = (r as { id: number }).id;
      }),
      row(EvidenceService, 'list')(() => [E, 'a'], {
        admin: 'ok', otherAdmin: 404, verifier: 'ok', otherVerifier: 403, juror: 403, otherJuror: 403, body: 'ok', otherBody: 404, foreignBody: 404,
      }, (_, r) => expect(r).toMatchObject({ '1.1': [{ id: evidenceFileId }] })),
      row(EvidenceService, 'download')(() => [evidenceFileId], {
        admin: 'ok', otherAdmin: 404, verifier: 'ok', otherVerifier: 403, juror: 403, otherJuror: 403, body: 'ok', otherBody: 404, foreignBody: 404,
      }, (_, r) => {
        const { content } = r as { content: Readable };
        content.resume();
      }),
      row(EvidenceService, 'evidenceZip')(() => [E, 'a'], ADMIN_OF_CONTOH, (_, r) => (r as { content: Readable }).content.resume()),
      row(EvidenceService, 'remove')(() => [E, 'a', '1.1', evidenceFileId], BODY_A, (_, r) => expect(r).toMatchObject({ id: evidenceFileId })),
    ],
  },
  {
    name: 'submitting the SAQ',
    at: WHEN.saq,
    // a and b answer the rest of their saq/<body>.yaml, b submits (c never answers)
    before: async () => {
      const saq = t.app.get(SaqService);
      for (const [who, body] of [['body', 'a'], ['otherBody', 'b']] as const) {
        for (const [question, answer] of Object.entries(contohAnswers(body))) await saq.saveAnswer(actors[who], E, body, question, answer);
      }
      await saq.submit(actors.otherBody, E, 'b');
    },
    rows: [row(SaqService, 'submit')(() => [E, 'a'], BODY_A, (_, r) => expect(r).toMatchObject({ status: 'submitted' }))],
  },
  {
    name: 'verification',
    at: WHEN.verification,
    // b's verification completes without a decision (verification/b.yaml)
    before: () => t.app.get(VerificationService).complete(actors.verifier, E, 'b').then(() => undefined),
    rows: [
      // the admin records the decision, then the verifier records it again (a decision may change until completion)
      row(VerificationService, 'decide')(() => [E, 'a', '1.3', contohDecisions('a')['1.3']], VERIFYING_A),
      row(VerificationService, 'complete')(() => [E, 'a'], { ...VERIFYING_A, admin: /verification of body "a" was completed/ }, (_, r) => {
        expect(r).toMatchObject({ body: 'a', verifiedScore: 60 });
      }),
      // the queue: an admin sees every participant, a verifier the bodies assigned to it (an unassigned verifier: test/web-verifier)
      row(VerificationService, 'queue')(() => [E], {
        admin: 'ok', otherAdmin: 404, verifier: 'ok', otherVerifier: 'ok', juror: 403, otherJuror: 403, body: 403, otherBody: 403, foreignBody: 403,
      }, (who, r) => {
        const queue = r as { bodies: { body: string; status: string }[] };
        expect(queue.bodies.map((b) => b.body)).toEqual(who === 'otherVerifier' ? ['b'] : ['a', 'b', 'c']);
        expect(Object.fromEntries(queue.bodies.map((b) => [b.body, b.status]))).toMatchObject({ b: 'complete', ...(who === 'otherVerifier' ? {} : { a: 'complete', c: 'not_submitted' }) });
      }),
    ],
  },
  {
    name: 'the objection window',
    at: WHEN.objection,
    rows: [
      row(ObjectionsService, 'create')(() => [E, { body: 'a', question: '1.3', reason: 'Profil pimpinan tersedia' }], BODY_A, (_, r) => {
        objectionId = (r as { id: number }).id;
      }),
      row(ObjectionsService, 'list')(() => [E], {
        admin: 'ok', otherAdmin: 404, verifier: 'ok', otherVerifier: 'ok', juror: 403, otherJuror: 403, body: 'ok', otherBody: 'ok', foreignBody: 404,
      }, (who, r) => expect((r as unknown[]).length).toBe(['otherVerifier', 'otherBody'].includes(who) ? 0 : 1)),
      row(ObjectionsService, 'rule')(() => [E, objectionId, { decision: 'rejected', note: 'tetap' }], { ...VERIFYING_A, verifier: /objection \d+ was already ruled rejected/ }),
    ],
  },
  {
    name: 'the panel window',
    at: WHEN.panel,
    rows: [
      row(ComputeService, 'compute')(() => [E], { ...ADMIN_OF_CONTOH, system: 'ok' }),
      row(ComputeService, 'results')(() => [E], ADMIN_OF_CONTOH, (_, r) => expect(names(r, 'body').sort()).toEqual(['a', 'b', 'c'])),
      row(PanelsService, 'assignments')(() => [E, 'uji-publik'], {
        admin: 'ok', otherAdmin: 404, verifier: 403, otherVerifier: 403, juror: 'ok', otherJuror: 'ok', body: 403, otherBody: 403, foreignBody: 403,
      }, (who, r) => expect(names(r, 'assessor')).toEqual(who === 'juror' ? ['juri1'] : who === 'otherJuror' ? ['juri4'] : ['juri1', 'juri2', 'juri3', 'juri4'])),
      row(PanelsService, 'draft')(() => [E, 'uji-publik', 'a', { scores: { K: 80, I: 70, S: 90 } }], JUROR_OF_A),
      row(PanelsService, 'submit')(() => [E, 'uji-publik', 'a'], JUROR_OF_A, (_, r) => expect(r).toMatchObject({ status: 'submitted', total: expect.any(Number) })),
      // juri1 has submitted: the check lets it through to the rule that a submitted sheet is locked
      row(PanelsService, 'withdrawAbsence')(() => [E, 'uji-publik', 'b', { reason: 'salah catat' }], { ...ADMIN_OF_CONTOH, admin: /body "b" is not recorded absent from stage "uji-publik"/ }),
      row(PanelsService, 'recuse')(() => [E, 'uji-publik', 'a', { reason: 'konflik kepentingan' }], { ...JUROR_OF_A, juror: /the sheet of juri1 for body "a" was submitted/ }),
      row(PanelsService, 'sheets')(() => [E, 'uji-publik', 'a'], {
        admin: 'ok', otherAdmin: 404, verifier: 403, otherVerifier: 403, juror: 'ok', otherJuror: 403, body: 403, otherBody: 403, foreignBody: 403,
      }, (_, r) => expect(names((r as { sheets: unknown }).sheets, 'assessor')).toEqual(['juri1'])),
      // b did not reach the panel (52.00 before it, gate 60): the admin passes the check and meets that rule
      row(PanelsService, 'absent')(() => [E, 'uji-publik', 'b', { reason: 'tidak hadir' }], { ...ADMIN_OF_CONTOH, admin: /body "b" did not reach stage "uji-publik"/ }),
    ],
  },
  {
    name: 'after publication',
    at: WHEN.afterPanel,
    // juri2 scores and juri3 recuses as panels/uji-publik.csv says; the admin computes and publishes
    before: async () => {
      const panels = t.app.get(PanelsService);
      t.clock.set(WHEN.panel);
      await panels.draft(actors.juri2, E, 'uji-publik', 'a', { scores: { K: 85, I: 75, S: 80 } });
      await panels.submit(actors.juri2, E, 'uji-publik', 'a');
      await panels.recuse(actors.juri3, E, 'uji-publik', 'a', { reason: 'konflik kepentingan' });
      t.clock.set(WHEN.afterPanel);
      await t.app.get(ComputeService).compute(actors.admin, E);
    },
    rows: [
      row(PublicationsService, 'publish')(() => [E, { decreeNumber: '52/KEP/KI/2025', decreeDate: '2025-12-12' }], { ...ADMIN_OF_CONTOH, system: /a correction must say why/ }),
      // the facts behind a version's changes (juror names, the audit trail): the commission's admin, and the CLI
      row(ChangesService, 'changes')(() => [E, 1], { ...ADMIN_OF_CONTOH, system: 'ok' }, (_, r) => expect(r).toMatchObject({ edition: E, version: 1, replaces: null, changes: [] })),
      row(ComputeService, 'breakdown')(() => [E, 'a'], {
        admin: 'ok', otherAdmin: 404, verifier: 403, otherVerifier: 403, juror: 403, otherJuror: 403, body: 'ok', otherBody: 404, foreignBody: 404,
      }, (_, r) => expect(r).toMatchObject({ body: 'a', final: { rounded: 65.89 } })),
      row(DocumentsService, 'rankingWorkbook')((call) => [E, file(call, 'peringkat.xlsx'), { assessors: true }], { ...ADMIN_OF_CONTOH, system: 'ok' }),
      row(DownloadsService, 'rankingWorkbook')(() => [E], { ...ADMIN_OF_CONTOH, system: 'ok' }, (_, r) => expect(r).toMatchObject({ fileName: 'peringkat-contoh-2025-v1.xlsx' })),
      row(DownloadsService, 'certificates')(() => [E], { ...ADMIN_OF_CONTOH, system: 'ok' }, (_, r) => expect(r).toMatchObject({ pages: 1 })),
      row(DownloadsService, 'bodyCertificate')(() => [E, 'a'], {
        admin: 'ok', otherAdmin: 404, verifier: 403, otherVerifier: 403, juror: 403, otherJuror: 403, body: 'ok', otherBody: 404, foreignBody: 404, system: 'ok',
      }, (_, r) => expect(r).toMatchObject({ pages: 1 })),
      row(DocumentsService, 'certificatePages')(() => [E], { ...ADMIN_OF_CONTOH, system: 'ok' }, (_, r) => {
        expect((r as { pages: { bodyName: string }[] }).pages.map((p) => p.bodyName)).toEqual(['Badan Publik A']);
      }),
      row(DocumentsService, 'certificateFiles')((call) => [E, call.out], { ...ADMIN_OF_CONTOH, system: 'ok' }, (_, r) => expect(r).toBe(1)),
      row(AuditService, 'list')(() => [E], ADMIN_OF_CONTOH, (_, r) => {
        // what the table's allowed callers did is in the trail under their names; no refused caller appears
        const by = new Set(names(r, 'actor'));
        expect(by).toEqual(new Set([ADMIN.username, bodyUser('a'), bodyUser('b'), VERIFIER, 'juri1', 'juri2', 'juri3', systemActor('cli').username]));
      }),
    ],
  },
  {
    name: 'corrections after publication (SPEC §15)',
    at: WHEN.afterPanel,
    rows: [
      row(VerificationService, 'reopen')(() => [E, 'a', { reason: 'Keputusan pleno: koreksi verifikasi 1.3' }], ADMIN_OF_CONTOH, (_, r) => {
        expect(r).toMatchObject({ body: 'a', stage: 'saq', previouslyCompletedBy: VERIFIER, reopenedBy: ADMIN.username, reason: 'Keputusan pleno: koreksi verifikasi 1.3' });
      }),
      row(PanelsService, 'reopenSheet')(() => [E, 'uji-publik', 'a', 'juri1', { reason: 'Keputusan pleno: nilai juri1 salah input' }], ADMIN_OF_CONTOH, (_, r) => {
        expect(r).toMatchObject({ body: 'a', assessor: 'juri1', status: 'draft', submittedAt: null, scores: { K: 80, I: 70, S: 90 }, reopenedBy: ADMIN.username });
      }),
    ],
  },
];

/** Every row of every table, as text: what a refused call must leave exactly as it was. */
async function snapshot(dataSource: DataSource): Promise<string> {
  const tables = dataSource.entityMetadatas.map((m) => m.tableName).sort();
  const parts: string[] = [];
  for (const table of tables) {
    const rows: Record<string, unknown>[] = await dataSource.query(`SELECT * FROM "${table}"`);
    parts.push(`${table}: ${rows.map((r) => JSON.stringify(r)).sort().join('\n')}`);
  }
  return parts.join('\n');
}

const expected = (outcome: Outcome): unknown =>
  outcome instanceof RegExp ? expect.stringMatching(new RegExp(`^(400|409): .*(?:${outcome.source})`)) : String(outcome);

async function outcomeOf(work: Promise<unknown>): Promise<{ outcome: string; result?: unknown }> {
  try {
    return { outcome: 'ok', result: await work };
  } catch (error) {
    if (error instanceof ForbiddenError) return { outcome: '403' };
    if (error instanceof NotFoundError) return { outcome: '404' };
    if (error instanceof DomainError) return { outcome: `${error.status}: ${error.message}` };
    throw error;
  }
}

describe('the table of service methods × roles, driven through the services on the contoh edition (dynamic)', () => {
  beforeAll(async () => {
    t = await startApp('service-access', WHEN.beforeSaq);
    c = await setUpContoh(t);
    await setUpOutsiders(t, c);
    // each caller as the authentication guard makes it from a bearer token
    const auth = t.app.get(AuthService);
    const usernames: Record<keyof typeof actors, string> = { ...USERNAMES, juri2: 'juri2', juri3: 'juri3' };
    for (const [who, username] of Object.entries(usernames)) {
      const token = c.tokens[username] ?? (await t.login(username, PASSWORD));
      actors[who as keyof typeof actors] = (await auth.authenticate(token)).actor;
    }
  });

  afterAll(async () => {
    await t?.close();
    rmSync(OUT, { recursive: true, force: true });
  });

  for (const phase of CYCLE) {
    describe(phase.name, () => {
      beforeAll(async () => {
        t.clock.set(phase.at);
        await phase.before?.();
      });

      for (const r of phase.rows) {
        const refused = WHO.filter((who) => r.roles[who] === 403 || r.roles[who] === 404);
        const passing = [...(Object.keys(r.roles) as (Who | 'system')[])].filter((who) => !refused.includes(who as Who));
        // allowed callers that act for real first, those expected to meet a rule afterwards
        passing.sort((x, y) => Number(r.roles[x] instanceof RegExp) - Number(r.roles[y] instanceof RegExp));

        it(`${r.name}: ${refused.length ? `${refused.join(', ')} refused, nothing changed` : 'none refused'}; ${passing.join(', ')} pass the check`, async () => {
          const dataSource = t.app.get(DataSource);
          const actual: Partial<Record<Who | 'system', unknown>> = {};
          const before = await snapshot(dataSource);
          let n = 0;
          const call = (): Call => {
            const out = join(OUT, `${r.name}-${++n}`);
            mkdirSync(out);
            return { out };
          };
          for (const who of refused) {
            const target = call();
            const { outcome } = await outcomeOf(r.run(actors[who], target));
            const changed = (await snapshot(dataSource)) !== before;
            const wrote = readdirSync(target.out);
            actual[who] = `${outcome}${changed ? ' and changed the database' : ''}${wrote.length ? ` and wrote ${wrote.join(', ')}` : ''}`;
          }
          for (const who of passing) {
            const target = call();
            const { outcome, result } = await outcomeOf(r.run(who === 'system' ? systemActor('cli') : actors[who], target));
            actual[who] = outcome;
            if (outcome === 'ok') {
              r.check?.(who, result);
              for (const name of readdirSync(target.out)) expect(written(join(target.out, name))).toBe(true);
            }
          }
          expect(actual).toEqual(Object.fromEntries(Object.entries(r.roles).map(([who, outcome]) => [who, expected(outcome)])));
        });
      }
    });
  }

  it('covers every service that takes an actor with at least one method of the table', () => {
    const tabled = new Set(CYCLE.flatMap((p) => p.rows.map((r) => r.name)));
    const actorServices = new Set(
      serviceMethods()
        .filter((m) => m.takesActor && !allowed(m.name))
        .map((m) => m.className),
    );
    expect([...actorServices].filter((cls) => ![...tabled].some((name) => name.startsWith(`${cls}.`)))).toEqual([]);
    // and every row names a method the static check reads
    const known = new Set(serviceMethods().map((m) => m.name));
    expect([...tabled].filter((name) => !known.has(name))).toEqual([]);
  });
});
