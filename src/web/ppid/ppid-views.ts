import { WindowView } from '../../editions/windows';
import { AnswerValue, QuestionDef } from '../../scoring';
import { SaqStatus, SaqView } from '../../saq/saq.service';
import { ObjectionView } from '../../verification/objection-view';
import { sisaWaktu, skor, waktu } from '../format';

/**
 * What the PPID operator's pages say, worked out from the services' views: words, labels and
 * times for people. Nothing here decides a rule or computes a score; the services and the
 * scoring core do.
 */

export const STATUS_LABEL: Record<SaqStatus, string> = {
  not_started: 'Belum mulai',
  draft: 'Draf',
  submitted: 'Sudah dikirim',
  verified: 'Sudah diverifikasi',
};

const STATUS_TONE: Record<SaqStatus, string> = { not_started: '', draft: 'kuning', submitted: 'hijau', verified: 'hijau' };

const DECISION_LABEL = { accept: 'Diterima', reject: 'Ditolak', correct: 'Dikoreksi' } as const;

const OBJECTION_LABEL: Record<ObjectionView['status'], string> = { pending: 'Menunggu keputusan', upheld: 'Sanggah diterima', rejected: 'Sanggah ditolak' };

const EVIDENCE_RULE = { required: 'Bukti dukung wajib', optional: 'Bukti dukung tidak wajib', none: 'Bukti dukung tidak diminta' } as const;

/** The deadline of the answering window for this body: its extension when later than the window's close. */
export function deadlineOf(window: WindowView): string | null {
  if (window.extendedUntil && (!window.closes || Date.parse(window.extendedUntil) > Date.parse(window.closes))) return window.extendedUntil;
  return window.closes;
}

/** "Batas waktu: 31 Agustus 2025 pukul 23.59 WIB" and the time left, in the commission's zone. */
export interface Deadline {
  text: string;
  left: string;
  extended: boolean;
  /** the window's own close, when the body has a later extension */
  general: string | null;
}

export function deadline(window: WindowView, timeZone: string, now: Date): Deadline | null {
  const until = deadlineOf(window);
  if (!until) return null;
  const extended = until !== window.closes;
  return {
    text: `Batas waktu: ${waktu(until, timeZone)}`,
    left: sisaWaktu(until, now),
    extended,
    general: extended && window.closes ? waktu(window.closes, timeZone) : null,
  };
}

type WindowPhase = 'not open yet' | 'open' | 'closed';

function phase(window: WindowView, now: Date): WindowPhase {
  if (window.open) return 'open';
  if (window.opens && Date.parse(window.opens) > now.getTime()) return 'not open yet';
  return 'closed';
}

/** One questionnaire stage of an edition as the home page shows it. */
export interface StageSummary {
  stage: string;
  title: string;
  status: string;
  tone: string;
  deadline: Deadline | null;
  windowNote: string | null;
  claimedScore: string | null;
  verifiedScore: string | null;
  next: string;
  saqUrl: string;
  verificationUrl: string | null;
}

function stageQuery(view: SaqView, several: boolean): string {
  return several ? `?tahap=${encodeURIComponent(view.stage)}` : '';
}

/** What to do next, in one sentence. */
export function nextStep(view: SaqView, timeZone: string, now: Date): string {
  const answering = phase(view.window, now);
  if (view.status === 'not_started' || view.status === 'draft') {
    if (answering === 'not open yet') return `Kuesioner dibuka pada ${waktu(view.window.opens!, timeZone)}.`;
    if (answering === 'closed') return 'Batas waktu sudah lewat dan kuesioner belum dikirim. Hubungi admin komisi bila Anda memerlukan perpanjangan.';
    return view.status === 'not_started'
      ? 'Isi kuesioner dan lampirkan bukti dukung, lalu kirim sebelum batas waktu.'
      : 'Lengkapi jawaban dan bukti dukung, lalu kirim kuesioner sebelum batas waktu.';
  }
  if (view.status === 'submitted') {
    const verification = view.verificationWindow;
    if (verification.opens && Date.parse(verification.opens) > now.getTime()) return `Tunggu hasil verifikasi; verifikasi dimulai pada ${waktu(verification.opens, timeZone)}.`;
    return 'Tunggu hasil verifikasi dari verifikator.';
  }
  const objection = phase(view.objectionWindow, now);
  if (objection === 'open' && view.objectionWindow.closes) {
    return `Baca hasil verifikasi, lalu ajukan sanggah bila Anda tidak setuju sebelum ${waktu(view.objectionWindow.closes, timeZone)}.`;
  }
  if (objection === 'not open yet' && view.objectionWindow.opens) return `Baca hasil verifikasi. Masa sanggah dibuka pada ${waktu(view.objectionWindow.opens, timeZone)}.`;
  return 'Baca hasil verifikasi. Masa sanggah sudah ditutup.';
}

export function stageSummary(view: SaqView, several: boolean, timeZone: string, now: Date): StageSummary {
  const answering = phase(view.window, now);
  const submitted = view.status === 'submitted' || view.status === 'verified';
  return {
    stage: view.stage,
    title: view.questionnaire.title,
    status: STATUS_LABEL[view.status],
    tone: STATUS_TONE[view.status],
    deadline: submitted ? null : deadline(view.window, timeZone, now),
    windowNote:
      !submitted && answering === 'not open yet' && view.window.opens
        ? `Dibuka pada ${waktu(view.window.opens, timeZone)}`
        : null,
    claimedScore: submitted ? skor(view.claimedScore) : null,
    verifiedScore: view.verifiedScore !== null && view.status === 'verified' ? skor(view.verifiedScore) : null,
    next: nextStep(view, timeZone, now),
    saqUrl: `/ppid/${encodeURIComponent(view.edition)}/kuesioner${stageQuery(view, several)}`,
    verificationUrl: view.status === 'verified' ? `/ppid/${encodeURIComponent(view.edition)}/verifikasi${stageQuery(view, several)}` : null,
  };
}

/** An HTML id from a question code: "1.2" → "q-1-2". */
export function idOf(prefix: string, code: string): string {
  return `${prefix}-${code.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/** An answer in words: Ya / Tidak, the option's label, the checked items' labels. */
export function valueLabel(question: QuestionDef, value: AnswerValue | null | undefined): string {
  if (value === null || value === undefined) return 'Belum dijawab';
  if (question.type === 'yes_no') return value === true ? 'Ya' : 'Tidak';
  if (question.type === 'choice') return question.options?.find((o) => o.value === value)?.label ?? String(value);
  const items = Array.isArray(value) ? value : [];
  if (items.length === 0) return 'Tidak ada yang dicentang';
  return items.map((v) => question.items?.find((i) => i.value === v)?.label ?? v).join('; ');
}

export function evidenceRule(question: QuestionDef): string {
  return EVIDENCE_RULE[question.evidence];
}

/** The SAQ page: which state the questionnaire is in, for the operator. */
export interface SaqPageState {
  editable: boolean;
  /** a sentence when the page is read-only: submitted, not open yet, closed */
  lockedNote: string | null;
  submitted: boolean;
}

export function saqPageState(view: SaqView, timeZone: string, now: Date): SaqPageState {
  const submitted = view.status === 'submitted' || view.status === 'verified';
  if (submitted) {
    return { editable: false, submitted, lockedNote: `Kuesioner sudah dikirim pada ${waktu(view.submittedAt!, timeZone)}. Jawaban tidak dapat diubah lagi.` };
  }
  const answering = phase(view.window, now);
  if (answering === 'not open yet') return { editable: false, submitted, lockedNote: `Kuesioner belum dibuka; dibuka pada ${waktu(view.window.opens!, timeZone)}.` };
  if (answering === 'closed') {
    return { editable: false, submitted, lockedNote: 'Batas waktu sudah lewat; jawaban tidak dapat diubah lagi. Hubungi admin komisi bila Anda memerlukan perpanjangan.' };
  }
  return { editable: true, submitted, lockedNote: null };
}

/** One question on the verification page: the answer, the decision, what counts, and the objections. */
export interface VerifiedQuestion {
  code: string;
  id: string;
  text: string;
  answer: string;
  evidence: string[];
  evidenceMissing: boolean;
  decision: string;
  decisionTone: string;
  note: string | null;
  corrected: string | null;
  objections: { status: string; reason: string; note: string | null; value: string | null; createdAt: string; ruledAt: string | null }[];
  /** whether the body may object to this question now (the service decides again) */
  canObject: boolean;
}

export interface VerificationPage {
  indicators: { code: string; name: string; weight: number; claimed: string; verified: string; questions: VerifiedQuestion[] }[];
  claimed: string;
  verified: string;
  objectionNote: string;
  objectionOpen: boolean;
}

export function verificationPage(view: SaqView, timeZone: string, now: Date): VerificationPage {
  const objectionPhase = phase(view.objectionWindow, now);
  const w = view.objectionWindow;
  const objectionNote =
    objectionPhase === 'open'
      ? w.closes
        ? `Masa sanggah dibuka sampai ${waktu(w.closes, timeZone)} (sisa ${sisaWaktu(w.closes, now)}). Anda dapat mengajukan sanggah atas jawaban yang ditolak atau dikoreksi.`
        : 'Masa sanggah sedang dibuka. Anda dapat mengajukan sanggah atas jawaban yang ditolak atau dikoreksi.'
      : objectionPhase === 'not open yet'
        ? `Masa sanggah dibuka pada ${waktu(w.opens!, timeZone)}.`
        : w.closes
          ? `Masa sanggah sudah ditutup pada ${waktu(w.closes, timeZone)}.`
          : 'Masa sanggah sudah ditutup.';
  const scores = new Map(view.indicators.map((i) => [i.code, i]));
  const indicators = view.questionnaire.indicators.map((indicator) => {
    const score = scores.get(indicator.code);
    return {
      code: indicator.code,
      name: indicator.name,
      weight: indicator.weight,
      claimed: score ? skor(score.claimed) : '–',
      verified: score?.verified !== null && score?.verified !== undefined ? skor(score.verified) : '–',
      questions: indicator.questions.map((q) => verifiedQuestion(view, q, objectionPhase === 'open', timeZone)),
    };
  });
  return {
    indicators,
    claimed: skor(view.claimedScore),
    verified: view.verifiedScore !== null ? skor(view.verifiedScore) : '–',
    objectionNote,
    objectionOpen: objectionPhase === 'open',
  };
}

function verifiedQuestion(view: SaqView, q: QuestionDef, objectionOpen: boolean, timeZone: string): VerifiedQuestion {
  const answer = view.answers[q.code];
  const decided = view.decisions[q.code];
  const kind = decided?.decision ?? 'accept';
  const objections = view.objections.filter((o) => o.question === q.code);
  const blocked = objections.some((o) => o.status === 'pending' || o.status === 'rejected');
  return {
    code: q.code,
    id: idOf('q', q.code),
    text: q.text,
    answer: valueLabel(q, answer?.value),
    evidence: answer?.evidence ?? [],
    evidenceMissing: q.evidence === 'required' && !!answer && answer.evidence.length === 0,
    decision: DECISION_LABEL[kind],
    decisionTone: kind === 'accept' ? 'hijau' : kind === 'reject' ? 'merah' : 'kuning',
    note: decided?.note ?? null,
    corrected: decided?.decision === 'correct' ? valueLabel(q, decided.value) : null,
    objections: objections.map((o) => ({
      status: OBJECTION_LABEL[o.status],
      reason: o.reason,
      note: o.note,
      value: o.value !== null ? valueLabel(q, o.value) : null,
      createdAt: waktu(o.createdAt, timeZone),
      ruledAt: o.ruledAt ? waktu(o.ruledAt, timeZone) : null,
    })),
    canObject: objectionOpen && (kind === 'reject' || kind === 'correct') && !blocked,
  };
}
