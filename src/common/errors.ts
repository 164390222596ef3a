/**
 * Domain errors: thrown by services, mapped to HTTP once (by the exception filter), to pages by
 * the web layer (`indonesianMessage`) and to exit codes by the CLI. Each carries a stable `code`
 * (what a client branches on), its English `message` (the API's, unchanged since before codes)
 * and its `text` in Bahasa Indonesia (what a page shows). Both say which field, file, window or
 * state is at fault, and name the same things.
 *
 * One pattern at every throw site: the code, then both wordings side by side —
 *
 *     throw new ConflictError('saq.submitted', {
 *       en: `the questionnaire of body "${b}" was submitted at ${at}; it is locked`,
 *       id: `kuesioner badan publik "${b}" sudah dikirim pada ${waktuIndonesia(at, zone)}; kuesioner terkunci`,
 *     });
 *
 * test/error-codes.e2e-spec.ts reads src/ and refuses a construction without a catalogued code
 * or without both wordings.
 */

/** One refusal in both languages: `en` becomes the `message`, `id` (Bahasa Indonesia) the `text`. */
export interface Bilingual {
  en: string;
  id: string;
}

/**
 * Every code a refusal carries, with what it means: stable names (lowercase, dotted) that the
 * API's clients and the pages branch on. A new refusal gets a new code here.
 */
export const ERROR_CODES = {
  // 400
  'input.invalid': 'the request (or a definition sent as JSON) is invalid; each issue names its field',
  'request.invalid_body': 'the request body is not readable JSON',
  'request.too_deep': 'the JSON body nests deeper than 32 levels',
  'request.too_large': 'the request body is larger than the service accepts',
  'request.unsupported_charset': 'the JSON body is not UTF-8',
  'request.unsupported_encoding': 'the body is compressed in an encoding the service does not read',
  'request.invalid': 'the request was refused by the HTTP layer (400 without a domain error)',
  // 401
  'auth.required': 'no bearer token was sent',
  'auth.login_required': 'a page needs a live browser session (none, ended or expired): a page goes to /masuk',
  'auth.invalid_credentials': 'the username or the password is wrong (or the account cannot log in)',
  'auth.invalid_token': 'the bearer token is not valid (or names no session)',
  'auth.expired': 'the login has expired',
  'auth.ended': 'the login was ended (logout, password change, reset, role change) or its account is gone',
  'auth.disabled': 'the account is disabled',
  // 403
  'auth.must_change_password': 'the account has a temporary password: only auth/* answers until it is changed',
  'access.forbidden': 'this role may not do this',
  'web.csrf': "a page's state-changing request without its session's CSRF token (an old form, or another site)",
  'access.global_admin_only': 'only an admin of every commission may do this',
  'access.other_commission': 'an admin of one commission acts only in that commission',
  'access.not_assigned': 'the verifier or juror is not assigned to this body in this stage',
  // 404
  not_found: 'no such code (or not visible to the caller); the text names what was looked for',
  // 409
  'conflict.duplicate': 'a commission, edition, user or body with this code exists already',
  'window.not_open': 'the window (answering, scoring, verification or objection) has not opened yet',
  'window.closed': 'the window has closed (the body\'s extension included)',
  'saq.submitted': 'the questionnaire was submitted: it is locked',
  'saq.empty': 'nothing to submit: no question is answered',
  'verification.not_submitted': 'the questionnaire was not submitted: there is nothing to verify',
  'verification.complete': 'verification of the body was completed: decisions are locked',
  'objection.verification_incomplete': 'objections open once verification of the body is complete',
  'objection.accepted_answer': 'an objection is made against a rejected or corrected answer only',
  'objection.pending': 'an objection on this question is waiting for a ruling already',
  'objection.final': 'an objection on this question was rejected: that is final',
  'objection.ruled': 'the objection was ruled already',
  'sheet.no_draft': 'there is no draft score sheet to submit',
  'sheet.incomplete': 'the score sheet does not score every aspect',
  'sheet.submitted': 'the score sheet was submitted: it is locked',
  'sheet.recused': 'the juror recused from this body',
  'panel.absent': 'the body was recorded absent from the panel stage',
  'absence.exists': 'the body was recorded absent already',
  'absence.missing': 'the body is not recorded absent: there is no absence to withdraw',
  'absence.presented': 'the body has submitted score sheets: it presented',
  'absence.after_publication': 'the edition was published: an absence now needs a correction',
  'stage.reach_unknown': 'who reaches the stage is not known until the results are computed',
  'stage.not_reached': 'the body did not reach the stage',
  'assignment.in_use': 'the assessor acted for the body: the assignment stays',
  'participant.in_use': 'the body acted in the edition (or was published): it stays a participant',
  'user.self_change': 'an admin changes neither its own role nor disables itself',
  'user.has_assignments': 'the user has assignments: its role cannot change',
  'body.category_fixed': 'the body was published: its category is fixed',
  'instrument.immutable': 'an instrument of this id and version exists with other content',
  'import.assessor_role': 'an assessor of the fixture exists as another role than juror',
  'results.stale': 'the facts changed after the last compute: compute again',
  'publication.not_computed': 'the edition has no computed results yet',
  'publication.incomplete': 'some results are incomplete: no publication while one remains',
  'publication.objections_pending': 'objections wait for a ruling: no publication while one is pending',
  'publication.unchanged': 'nothing changed since the latest publication',
  // corrections after publication (issue 14, reopen): the reopening routes of SPEC §15
  'verification.not_complete': 'the verification of the body is not complete: there is nothing to reopen',
  'verification.objection_pending': 'an objection of the body waits for a ruling: rule on it before its verification is reopened',
  'verification.objection_upheld': "an upheld objection decides this question's value: a new decision would not change it",
  'sheet.not_submitted': 'the score sheet is not submitted (a draft, recused, or none): there is nothing to reopen',
  // issue 14 item 4 (truth): a publication tells the truth about what it publishes
  'publication.unverified': 'some results are unverified (verification never completed): publish only with acceptUnverified and a reason',
  'backup.exists': 'the backup file exists already: a backup never overwrites a file',
  'backup.no_database': 'there is no SQLite database file to back up',
  // evidence files (issue 15, SPEC §13)
  'evidence.too_many': "the answer has as many evidence files as the edition's maxPerQuestion allows",
  'evidence.too_large': "the evidence file is larger than the edition's maxBytes (413): the server read no further",
  'evidence.type': "the evidence file's content is not of a type the edition accepts (415): decided from its first bytes, never its name",
  // 429
  'login.throttled': 'too many login attempts (Retry-After says when to try again)',
  'download.throttled': 'too many anonymous downloads from this address (Retry-After)',
  // not domain errors, mapped by the error filter
  'database.busy': 'the database is busy with another write (503, Retry-After): nothing was saved',
  internal: 'an unexpected error (500): the log holds the detail',
  'request.failed': 'the HTTP layer refused the request with another status',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export abstract class DomainError extends Error {
  abstract readonly status: number;
  /** the refusal in Bahasa Indonesia, naming the same things as `message` */
  readonly text: string;

  constructor(
    readonly code: ErrorCode,
    words: Bilingual,
  ) {
    super(words.en);
    this.text = words.id;
  }
}

/** One bad field: its path as a client writes it, what is wrong in English (`message`) and in Bahasa Indonesia (`text`). */
export interface FieldIssue {
  field: string;
  message: string;
  text: string;
}

/** How a field is named in an Indonesian text: `kolom "value"`, or the request body as a whole. */
export function fieldName(field: string): string {
  if (field === '(body)') return 'isi permintaan';
  // an uploaded workbook (SPEC §14): the file as a whole, or one cell as `Sheet!C7`
  if (field === 'file') return 'berkas';
  if (/^[^!]+![A-Z]+[0-9]+$/.test(field)) return `sel ${field}`;
  return `kolom "${field}"`;
}

/** 400: the request or file is invalid; `issues` names each bad field. */
export class InvalidInputError extends DomainError {
  readonly status = 400;
  constructor(readonly issues: FieldIssue[]) {
    super('input.invalid', {
      en: issues.map((i) => `${i.field}: ${i.message}`).join('; '),
      id: issues.map((i) => `${fieldName(i.field)}: ${i.text}`).join('; '),
    });
  }
}

/** 403: logged in, but this role (or user) may not do this. */
export class ForbiddenError extends DomainError {
  readonly status = 403;
}

/** What a 404 can be about, in both languages: the nouns of `NotFoundError`. */
export const NOT_FOUND = {
  assignment: { en: 'assignment', id: 'penugasan' },
  body: { en: 'body', id: 'badan publik' },
  category: { en: 'category', id: 'kategori' },
  certificate: { en: 'certificate of body', id: 'sertifikat badan publik' },
  commission: { en: 'commission', id: 'komisi' },
  document: { en: 'document', id: 'dokumen' },
  evidenceFile: { en: 'evidence file', id: 'berkas bukti dukung' },
  edition: { en: 'edition', id: 'edisi' },
  instrument: { en: 'instrument', id: 'instrumen' },
  instrumentVersion: { en: 'instrument version', id: 'versi instrumen' },
  objection: { en: 'objection', id: 'sanggah' },
  panelStage: { en: 'panel stage', id: 'tahap panel' },
  publication: { en: 'publication of edition', id: 'penetapan edisi' },
  publishedResult: { en: 'published result of body', id: 'hasil yang ditetapkan untuk badan publik' },
  question: { en: 'question', id: 'pertanyaan' },
  questionnaireStage: { en: 'questionnaire stage', id: 'tahap kuesioner' },
  result: { en: 'result of body', id: 'hasil badan publik' },
  stage: { en: 'stage', id: 'tahap' },
  user: { en: 'user', id: 'pengguna' },
} as const satisfies Record<string, Bilingual>;

export type NotFoundSubject = keyof typeof NOT_FOUND;

/**
 * 404: no such code (or not visible to the caller). `within` names what the code belongs to
 * (a question of a questionnaire): `question of saq-contoh "9.9" not found`.
 */
export class NotFoundError extends DomainError {
  readonly status = 404;
  constructor(
    readonly subject: NotFoundSubject,
    key: string | number,
    within?: string,
  ) {
    const noun = NOT_FOUND[subject];
    super('not_found', {
      en: `${noun.en}${within ? ` of ${within}` : ''} "${key}" not found`,
      id: `${noun.id} "${key}"${within ? ` pada ${within}` : ''} tidak ditemukan`,
    });
  }
}

/** 409: the state does not allow it (window closed, already submitted, immutable, duplicate). */
export class ConflictError extends DomainError {
  readonly status = 409;
}

/** 413: the request carries more than the limit it names (an evidence file over the edition's maxBytes). */
export class PayloadTooLargeError extends DomainError {
  readonly status = 413;
}

/** 415: the content is not of an accepted type (decided from the content, never from a name). */
export class UnsupportedMediaTypeError extends DomainError {
  readonly status = 415;
}
