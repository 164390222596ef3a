import type { AnswerValue, QuestionDef } from '../../scoring';
import type { QueueStatus } from '../../verification/verification.service';

/**
 * How the verifier's pages write what the services give them: statuses, decisions and answer
 * values as people read them (labels, never raw values), and the form fields back into values.
 */

export const STATUS_LABEL: Record<QueueStatus, string> = {
  not_submitted: 'Belum dikirim',
  submitted: 'Sudah dikirim',
  in_verification: 'Sedang diverifikasi',
  complete: 'Selesai',
  objections_pending: 'Sanggah menunggu',
};

/** The badge colour class of a status (app.css `.lencana`). */
export const STATUS_CLASS: Record<QueueStatus, string> = {
  not_submitted: '',
  submitted: 'biru',
  in_verification: 'kuning',
  complete: 'hijau',
  objections_pending: 'merah',
};

export type Decision = 'accept' | 'reject' | 'correct';

export const DECISION_LABEL: Record<Decision, string> = { accept: 'Terima', reject: 'Tolak', correct: 'Koreksi' };

/** What the page's form fields say of a decision, in the order the radios are shown. */
export const DECISIONS: { value: Decision; label: string }[] = [
  { value: 'accept', label: 'Terima' },
  { value: 'reject', label: 'Tolak' },
  { value: 'correct', label: 'Koreksi' },
];

export const RULING_LABEL: Record<'pending' | 'upheld' | 'rejected', string> = { pending: 'Menunggu putusan', upheld: 'Sanggah diterima', rejected: 'Sanggah ditolak' };

/** A value as the body's operator chose it: "Ya", "Situs web saja", "Laporan keuangan, Profil pimpinan". */
export function valueLabel(question: QuestionDef, value: AnswerValue | null | undefined): string {
  if (value === null || value === undefined) return 'Tidak dijawab';
  switch (question.type) {
    case 'yes_no':
      return value === true ? 'Ya' : value === false ? 'Tidak' : String(value);
    case 'choice':
      return question.options?.find((o) => o.value === value)?.label ?? String(value);
    case 'checklist': {
      if (!Array.isArray(value)) return String(value);
      if (value.length === 0) return 'Tidak ada yang dicentang';
      return value.map((v) => question.items?.find((i) => i.value === v)?.label ?? v).join(', ');
    }
  }
}

/** The host of an evidence link, for its text ("ppid.example.go.id"); the link itself when it is not a URL. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

/** Whether a link may be opened from the page (http or https only; anything else is shown as text). */
export function isWebLink(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

/** An id for a question's elements: "1.3" → "s-1-3" (ids and fragments without dots). */
export function anchorOf(code: string): string {
  return `s-${code.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/**
 * The value a form's question inputs give: `nilai` as the question's type reads it (yes/no
 * `ya`/`tidak`, an option value, the checked item values); undefined when nothing is chosen
 * (a checklist: the form's marker says its inputs were shown, so none checked is the empty list).
 * The service checks the value against the question.
 */
export function formValue(type: string, form: Record<string, unknown>): AnswerValue | undefined {
  const raw = form.nilai;
  if (type === 'checklist') {
    if (form.daftar === undefined && raw === undefined) return undefined;
    return (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((v): v is string => typeof v === 'string');
  }
  if (typeof raw !== 'string' || raw === '') return undefined;
  if (type === 'yes_no') return raw === 'ya' ? true : raw === 'tidak' ? false : raw;
  return raw;
}
