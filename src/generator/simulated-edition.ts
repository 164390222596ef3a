import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';
import Fraction from 'fraction.js';
import { Document, isScalar, isSeq, parse, stringify, visit } from 'yaml';
import { mulberry32 } from '../common/seeded-random';
import {
  AnswerValue,
  BandDef,
  CategoryCode,
  DEFAULT_BANDS,
  EditionDef,
  InstrumentRef,
  ObjectionRuling,
  QuestionDef,
  QuestionnaireDef,
  RubricDef,
  SheetStatus,
  VerificationDecision,
} from '../scoring/types';
import { scoreQuestionnaire } from '../scoring/questionnaire';
import { CATEGORY_PLANS, CategoryPlan, categoryCounts, kebab } from './names';

/**
 * A deterministic simulated Monev edition of one provincial commission, written as a fixture
 * folder (SPEC §10). Same options and seed → byte-identical files. Every body that reaches the
 * panel stage gets enough submitted score sheets (or is recorded absent), so the edition can be
 * published; bodies are kept clear of the gate by GATE_MARGIN so no rounding decides who passes.
 */
export interface SimulatedEditionOptions {
  outDir: string;
  seed: number;
  /** number of public bodies (badan publik) */
  bodies: number;
  commissionCode?: string;
  commissionName?: string;
  /** the province's name as used in body names ("Provinsi Simulasi") */
  province?: string;
  city?: string;
  year?: number;
  editionCode?: string;
  /** folder holding the instrument YAML files; default: the repository's questionnaires/ */
  questionnairesDir?: string;
  questionnaire?: InstrumentRef;
  rubric?: InstrumentRef;
  saqWeight?: number;
  /** inclusive gate of the panel stage on the rounded SAQ score */
  gate?: number;
  minAssessors?: number;
  /** number of jurors (juri-1 … juri-N); at least minAssessors + 1 */
  jurors?: number;
  signatory?: string;
}

const GATE_MARGIN = new Fraction('0.5');
const PANEL_STAGE = 'visitasi';
const SAQ_STAGE = 'saq';
const REPO_ROOT = resolve(__dirname, '..', '..');

// ---------------------------------------------------------------- seeded randomness (mulberry32, src/common/seeded-random.ts)

/** A 32-bit mix of the seed and a stream number, so each body has its own independent stream. */
function streamSeed(seed: number, stream: number): number {
  let h = Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(stream + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

class Rng {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  float(): number {
    return this.next();
  }

  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Roughly normal noise (sum of four uniforms): mean 0, standard deviation about 0.58. */
  noise(): number {
    return this.next() + this.next() + this.next() + this.next() - 2;
  }

  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
}

// ---------------------------------------------------------------- instruments

function loadInstruments(dir: string): { questionnaires: QuestionnaireDef[]; rubrics: RubricDef[] } {
  const questionnaires: QuestionnaireDef[] = [];
  const rubrics: RubricDef[] = [];
  for (const file of readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f)).sort()) {
    const text = readFileSync(join(dir, file), 'utf8');
    const def = (file.endsWith('.json') ? JSON.parse(text) : parse(text)) as QuestionnaireDef | RubricDef;
    if (def?.kind === 'questionnaire') {
      questionnaires.push({
        ...def,
        indicators: def.indicators.map((i) => ({
          ...i,
          questions: i.questions.map((q) => ({ ...q, code: String(q.code), evidence: q.evidence ?? 'none' })),
        })),
      });
    } else if (def?.kind === 'rubric') {
      rubrics.push(def);
    }
  }
  return { questionnaires, rubrics };
}

function findInstrument<T extends QuestionnaireDef | RubricDef>(defs: T[], ref: InstrumentRef, dir: string): T {
  const found = defs.find((d) => d.id === ref.id && d.version === ref.version);
  if (!found) throw new Error(`${dir}: no instrument ${ref.id} version ${ref.version}`);
  return found;
}

// ---------------------------------------------------------------- exact SAQ score (SPEC §5)

const dec = (n: number) => new Fraction(String(n));

interface GeneratedAnswer {
  value: AnswerValue;
  evidence: string[];
}

interface ObjectionRecord extends ObjectionRuling {
  reason: string;
}

/** The verified SAQ score as the scoring core computes it (the generator never scores by itself). */
function verifiedScore(
  def: QuestionnaireDef,
  answers: Map<string, GeneratedAnswer>,
  decisions: Map<string, VerificationDecision>,
  objections: ObjectionRecord[],
): Fraction {
  return scoreQuestionnaire(def, {
    kind: 'questionnaire',
    submitted: true,
    answers: Object.fromEntries(answers),
    verificationComplete: true,
    decisions: Object.fromEntries(decisions),
    objections,
  }).verified;
}

// ---------------------------------------------------------------- what verifiers, bodies and jurors write

const REJECT_NOTES = [
  'Bukti dukung tidak dapat diakses (tautan rusak atau memerlukan izin).',
  'Bukti dukung tidak sesuai dengan pertanyaan.',
  'Dokumen yang dilampirkan adalah dokumen tahun sebelumnya dan belum dimutakhirkan.',
  'Informasi tidak ditemukan pada laman yang dirujuk.',
  'Dokumen belum ditandatangani atau belum ditetapkan oleh pejabat berwenang.',
  'Tautan mengarah ke beranda situs, bukan ke dokumen yang dimaksud.',
];
const MISSING_EVIDENCE_NOTE = 'Bukti dukung wajib tidak dilampirkan.';
const CORRECT_NOTES = [
  'Jawaban disesuaikan dengan bukti dukung yang tersedia.',
  'Hanya sebagian dokumen yang ditemukan pada laman PPID.',
  'Sebagian butir tidak didukung dokumen yang dapat diakses publik.',
  'Bukti dukung hanya memenuhi sebagian kriteria pertanyaan.',
];
const ACCEPT_NOTES = ['Sesuai.', 'Bukti dukung lengkap dan mutakhir.', 'Sesuai; dokumen dapat diunduh.'];
const OBJECTION_REASONS = [
  'Dokumen telah tersedia pada tautan yang sama sejak awal masa pengisian; mohon diperiksa kembali.',
  'Tautan sempat tidak dapat diakses karena pemeliharaan server; dokumen kini dapat diakses kembali.',
  'Dokumen yang dimaksud berada pada menu Informasi Berkala situs PPID, bukan pada halaman beranda.',
  'Kami telah melampirkan dokumen yang sudah ditandatangani pimpinan.',
];
const UPHELD_NOTES = [
  'Setelah diperiksa ulang, bukti dukung dapat diakses dan sesuai; jawaban badan publik dipulihkan.',
  'Sanggahan diterima: dokumen ditemukan pada menu yang dirujuk.',
];
const UPHELD_VALUE_NOTES = [
  'Sanggahan diterima sebagian: hanya sebagian dokumen yang sesuai dengan kriteria.',
  'Sanggahan diterima sebagian; jawaban disesuaikan dengan bukti yang dapat diverifikasi.',
];
const REJECTED_NOTES = [
  'Sanggahan ditolak: dokumen baru diunggah setelah masa pengisian berakhir.',
  'Sanggahan ditolak: dokumen yang dirujuk tetap tidak memenuhi kriteria pertanyaan.',
];
const RECUSAL_COMMENTS = [
  'Konflik kepentingan: penilai pernah menjadi tenaga ahli pada badan publik ini.',
  'Konflik kepentingan: penilai memiliki hubungan keluarga dengan atasan PPID.',
  'Konflik kepentingan: penilai terlibat dalam penyusunan dokumen yang dinilai.',
];
const ABSENCE_COMMENTS = [
  'Badan publik tidak dapat ditemui pada jadwal visitasi tanpa pemberitahuan.',
  'Visitasi tidak terlaksana: kantor tutup dan PPID tidak dapat dihubungi.',
];
/** A juror's remark, keyed by the aspect the juror scored lowest. */
const WEAK_ASPECT_COMMENTS: Record<string, string> = {
  ML: 'Meja layanan informasi belum memiliki papan nama dan register permohonan.',
  PP: 'Papan pengumuman memuat informasi yang sudah kedaluwarsa.',
  KB: 'Sebagian bukti dukung SAQ tidak dapat ditunjukkan dokumen aslinya.',
  PT: 'Petugas belum memahami jangka waktu layanan dan prosedur keberatan.',
  AD: 'Belum tersedia jalur landai dan pendampingan bagi penyandang disabilitas.',
  DA: 'Arsip permohonan informasi belum tertata dan sulit ditelusuri.',
};
const GOOD_COMMENTS = [
  'Layanan informasi tertata baik; petugas sigap dan memahami SOP.',
  'Bukti dukung SAQ sesuai dengan dokumen asli yang ditunjukkan.',
  'Inovasi layanan berjalan dan dimanfaatkan masyarakat.',
];

// ---------------------------------------------------------------- per body

type Tier = 'excellent' | 'good' | 'middle' | 'poor';
const TIER_RANGES: Record<Tier, readonly [number, number]> = {
  excellent: [0.95, 0.995],
  good: [0.8, 0.92],
  middle: [0.6, 0.8],
  poor: [0.25, 0.58],
};
const TIERS: readonly Tier[] = ['excellent', 'good', 'middle', 'poor'];

type Verification = 'complete' | 'partial' | 'none';

interface BodyPlan {
  index: number;
  code: string;
  name: string;
  category: CategoryCode;
  tiers: CategoryPlan['tiers'];
  submitted: boolean;
  verification: Verification;
  objects: boolean;
}

interface BodyOutcome {
  quality: number;
  answers: Map<string, GeneratedAnswer>;
  decisions: Map<string, VerificationDecision>;
  objections: ObjectionRecord[];
  score: Fraction;
}

function drawTier(rng: Rng, odds: CategoryPlan['tiers']): Tier {
  let r = rng.float();
  for (let i = 0; i < TIERS.length; i++) {
    if (r < odds[i]) return TIERS[i];
    r -= odds[i];
  }
  return 'poor';
}

function positive(q: QuestionDef, value: AnswerValue): boolean {
  if (q.type === 'yes_no') return value === true;
  if (q.type === 'checklist') return Array.isArray(value) && value.length > 0;
  return (q.options ?? []).some((o) => o.value === value && o.score > 0);
}

function sortedOptions(q: QuestionDef) {
  return [...(q.options ?? [])].sort((a, b) => a.score - b.score);
}

function answerQuestion(rng: Rng, q: QuestionDef, quality: number): AnswerValue {
  switch (q.type) {
    case 'yes_no':
      return rng.chance(quality);
    case 'choice': {
      const target = quality + rng.noise() * 0.15;
      let best = sortedOptions(q)[0];
      for (const o of sortedOptions(q)) if (Math.abs(o.score - target) < Math.abs(best.score - target)) best = o;
      return best.value;
    }
    case 'checklist':
      return (q.items ?? []).filter(() => rng.chance(quality)).map((i) => i.value);
  }
}

function evidenceFor(body: string, indicatorSlug: string, q: QuestionDef, value: AnswerValue, rng: Rng): string[] {
  const base = `https://ppid.${body}.example.go.id/${indicatorSlug}/${q.code.replace(/\./g, '-')}`;
  if (q.type === 'checklist' && Array.isArray(value)) {
    return value.slice(0, 3).map((item) => `${base}/${item}.pdf`);
  }
  const links = [`${base}/${q.type === 'choice' ? String(value) : 'bukti'}.pdf`];
  if (rng.chance(0.1)) links.push(`${base}/lampiran.pdf`);
  return links;
}

/** A lower value than the body's own, for a correction: a lower option, or fewer checked items. */
function lowerValue(rng: Rng, q: QuestionDef, value: AnswerValue): AnswerValue | null {
  if (q.type === 'yes_no') return value === true ? false : null;
  if (q.type === 'choice') {
    const options = sortedOptions(q);
    const at = options.findIndex((o) => o.value === value);
    if (at <= 0) return null;
    return options[rng.int(at)].value;
  }
  if (!Array.isArray(value) || value.length < 2) return null;
  const keep = value.filter(() => rng.chance(0.6));
  const trimmed = keep.length === value.length ? value.slice(0, value.length - 1) : keep;
  return trimmed;
}

/** A value strictly between a corrected value and the body's own, for an objection upheld in part. */
function middleValue(q: QuestionDef, corrected: AnswerValue, own: AnswerValue): AnswerValue | null {
  if (q.type === 'choice') {
    const options = sortedOptions(q);
    const lo = options.findIndex((o) => o.value === corrected);
    const hi = options.findIndex((o) => o.value === own);
    return hi - lo >= 2 ? options[lo + 1].value : null;
  }
  if (q.type === 'checklist' && Array.isArray(corrected) && Array.isArray(own)) {
    const extra = own.filter((v) => !corrected.includes(v));
    if (extra.length < 2) return null;
    const keep = new Set([...corrected, extra[0]]);
    return own.filter((v) => keep.has(v));
  }
  return null;
}

type ObjectionOutcome = 'upheld' | 'upheld-value' | 'rejected';
/** The first objections of an edition show every kind of ruling; later ones are drawn. */
const FIRST_OUTCOMES: readonly ObjectionOutcome[] = ['upheld', 'upheld-value', 'rejected'];

function generateBody(
  plan: BodyPlan,
  def: QuestionnaireDef,
  rng: Rng,
  objectionsSoFar: number,
): BodyOutcome {
  const tier = drawTier(rng, plan.tiers);
  const [lo, hi] = TIER_RANGES[tier];
  const quality = rng.between(lo, hi);
  const laxity = 1 - quality;

  const answers = new Map<string, GeneratedAnswer>();
  const questionByCode = new Map<string, QuestionDef>();
  for (const indicator of def.indicators) {
    const slug = kebab(indicator.name);
    for (const q of indicator.questions) {
      questionByCode.set(q.code, q);
      if (rng.chance(Math.max(0, 0.3 * (0.6 - quality)))) continue; // left unanswered
      const value = answerQuestion(rng, q, quality);
      let evidence: string[] = [];
      if (positive(q, value)) {
        const attach =
          q.evidence === 'required'
            ? !rng.chance(0.01 + 0.35 * laxity ** 1.5)
            : q.evidence === 'optional'
              ? rng.chance(0.3 + 0.6 * quality)
              : false;
        if (attach) evidence = evidenceFor(plan.code, slug, q, value, rng);
      }
      answers.set(q.code, { value, evidence });
    }
  }

  const decisions = new Map<string, VerificationDecision>();
  if (plan.verification !== 'none') {
    // A partial verification stopped somewhere in the questionnaire.
    const codes = [...answers.keys()];
    const upTo = plan.verification === 'partial' ? Math.floor(codes.length * rng.between(0.2, 0.7)) : codes.length;
    for (const code of codes.slice(0, upTo)) {
      const q = questionByCode.get(code)!;
      const answer = answers.get(code)!;
      if (!positive(q, answer.value)) continue;
      if (q.evidence === 'required' && answer.evidence.length === 0) {
        if (rng.chance(0.5)) decisions.set(code, { decision: 'reject', note: MISSING_EVIDENCE_NOTE });
        continue;
      }
      if (rng.chance(0.02 + 0.15 * laxity)) {
        const lower = rng.chance(0.6) ? lowerValue(rng, q, answer.value) : null;
        decisions.set(
          code,
          lower !== null
            ? { decision: 'correct', value: lower, note: rng.pick(CORRECT_NOTES) }
            : { decision: 'reject', note: rng.pick(REJECT_NOTES) },
        );
      } else if (rng.chance(0.04)) {
        decisions.set(code, rng.chance(0.6) ? { decision: 'accept', note: rng.pick(ACCEPT_NOTES) } : { decision: 'accept' });
      }
    }
  }

  const objections: ObjectionRecord[] = [];
  if (plan.objects) {
    const disputable = () =>
      [...decisions.entries()].filter(
        ([code, d]) => d.decision !== 'accept' && (answers.get(code)?.evidence.length ?? 0) > 0,
      );
    if (disputable().length === 0) {
      // A body that objects has something to object to: the verifier rejected one documented answer.
      const documented = [...answers.entries()].filter(
        ([code, a]) => a.evidence.length > 0 && positive(questionByCode.get(code)!, a.value),
      );
      if (documented.length > 0) {
        const [code] = rng.pick(documented);
        decisions.set(code, { decision: 'reject', note: rng.pick(REJECT_NOTES) });
      }
    }
    const candidates = rng.shuffle(disputable()).slice(0, 1 + rng.int(3));
    for (const [code, decision] of candidates) {
      const q = questionByCode.get(code)!;
      const own = answers.get(code)!.value;
      const n = objectionsSoFar + objections.length;
      let outcome: ObjectionOutcome =
        n < FIRST_OUTCOMES.length ? FIRST_OUTCOMES[n] : rng.pick<ObjectionOutcome>(['upheld', 'upheld', 'upheld-value', 'rejected', 'rejected']);
      const middle = decision.decision === 'correct' ? middleValue(q, decision.value, own) : null;
      if (outcome === 'upheld-value' && middle === null) outcome = 'upheld';
      const reason = rng.pick(OBJECTION_REASONS);
      if (outcome === 'upheld') objections.push({ question: code, reason, decision: 'upheld', note: rng.pick(UPHELD_NOTES) });
      else if (outcome === 'upheld-value')
        objections.push({ question: code, reason, decision: 'upheld', value: middle!, note: rng.pick(UPHELD_VALUE_NOTES) });
      else objections.push({ question: code, reason, decision: 'rejected', note: rng.pick(REJECTED_NOTES) });
    }
  }

  return { quality, answers, decisions, objections, score: verifiedScore(def, answers, decisions, objections) };
}

// ---------------------------------------------------------------- panel sheets

interface SheetRow {
  assessor: string;
  body: string;
  status: SheetStatus | 'absent';
  scores: string[];
  comment: string;
}

/** Hundredths as a short decimal text: 8750 → "87.5". */
function hundredths(h: number): string {
  const whole = Math.floor(h / 100);
  const rest = h % 100;
  if (rest === 0) return String(whole);
  return rest % 10 === 0 ? `${whole}.${rest / 10}` : `${whole}.${String(rest).padStart(2, '0')}`;
}

function jurorScores(rng: Rng, rubric: RubricDef, quality: number, bias: number): { scores: string[]; weakest: string; mean: number } {
  const min = Math.round(rubric.scale.min * 100);
  const max = Math.round(rubric.scale.max * 100);
  const step = rubric.scale.max - rubric.scale.min >= 20 ? 50 : 5;
  let weakest = rubric.aspects[0].code;
  let weakestShare = Infinity;
  let sum = 0;
  const scores = rubric.aspects.map((aspect) => {
    const penalty = aspect.code === 'AD' ? 0.08 : 0;
    const share = Math.min(1, Math.max(0, 0.45 + 0.52 * quality + bias - penalty + rng.noise() * 0.04));
    const raw = min + (max - min) * share;
    const quantum = rng.chance(0.8) ? Math.max(step, 100) : step;
    const value = Math.min(max, Math.max(min, Math.round(raw / quantum) * quantum));
    if (share < weakestShare) {
      weakestShare = share;
      weakest = aspect.code;
    }
    sum += share;
    return hundredths(value);
  });
  return { scores, weakest, mean: sum / rubric.aspects.length };
}

// ---------------------------------------------------------------- writing

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvLine(fields: string[]): string {
  return `${fields.map(csvField).join(',')}\n`;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T/;

/** YAML as a person would write it: lists of scalars on one line, timestamps quoted; with `flowMaps`, nested maps of scalars on one line too. */
function toYaml(value: unknown, flowMaps = false): string {
  const doc = new Document(value);
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && TIMESTAMP.test(node.value)) node.type = 'QUOTE_DOUBLE';
    },
    Map(_key, node, path) {
      if (flowMaps && path.length > 1 && node.items.every((p) => isScalar(p.value))) node.flow = true;
    },
    Seq(_key, node, path) {
      if (path.length > 1 && node.items.every((item) => isScalar(item))) node.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0 });
}

/** Tokens that are plain YAML scalars in any context: lowercase words with hyphens, and simple https URLs. */
const PLAIN_TOKEN = /^(?:[a-z][a-z0-9-]*|https:\/\/[a-z0-9.-]+(?:\/[a-z0-9._-]+)*)$/;
const RESERVED_WORDS = new Set(['true', 'false', 'null', 'yes', 'no', 'on', 'off', 'y', 'n']);

/**
 * One-line YAML for the entries of answer and decision files, as in the SPEC's examples
 * (`"1.3": { value: [laporan-keuangan, profil], evidence: [https://…] }`). The yaml package would
 * spend a millisecond per file on these; here only the quoting of a string that is not a plain
 * token is asked of the yaml package (once per distinct string), and the tests parse every file back.
 */
class FlowWriter {
  private readonly quoted = new Map<string, string>();

  scalar(text: string): string {
    if (PLAIN_TOKEN.test(text) && !RESERVED_WORDS.has(text)) return text;
    let out = this.quoted.get(text);
    if (out === undefined) {
      const doc = new Document([text]);
      if (isSeq(doc.contents)) doc.contents.flow = true;
      out = doc.toString({ lineWidth: 0 }).trim().replace(/^\[\s*|\s*\]$/g, '');
      this.quoted.set(text, out);
    }
    return out;
  }

  value(v: unknown): string {
    if (typeof v === 'boolean') return String(v);
    if (typeof v === 'string') return this.scalar(v);
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    if (Array.isArray(v)) return `[${v.map((item) => this.value(item)).join(', ')}]`;
    if (v !== null && typeof v === 'object') {
      const pairs = Object.entries(v).filter(([, item]) => item !== undefined);
      return pairs.length === 0 ? '{}' : `{ ${pairs.map(([k, item]) => `${this.scalar(k)}: ${this.value(item)}`).join(', ')} }`;
    }
    throw new TypeError(`cannot write ${String(v)} as YAML`);
  }

  /** `flag: true` and a map with one entry per line. */
  entries(flag: string, flagValue: boolean, section: string, entries: Record<string, unknown>): string {
    const lines = Object.entries(entries).map(([k, v]) => `  ${this.scalar(k)}: ${this.value(v)}\n`);
    return `${flag}: ${flagValue}\n${section}:${lines.length === 0 ? ' {}\n' : `\n${lines.join('')}`}`;
  }
}

function window(year: number, opens: string, closes: string) {
  return { opens: `${year}-${opens}:00+08:00`, closes: `${year}-${closes}:59+08:00` };
}

interface Settings {
  seed: number;
  year: number;
  province: string;
  commissionCode: string;
  commissionName: string;
  city: string;
  editionCode: string;
  saqWeight: number;
  gate: number;
  minAssessors: number;
  jurors: string[];
  signatory: string;
  questionnaire: QuestionnaireDef;
  rubric: RubricDef;
}

function settingsFrom(options: SimulatedEditionOptions): Settings {
  const year = options.year ?? 2025;
  const province = options.province ?? 'Simulasi';
  const minAssessors = options.minAssessors ?? 2;
  const jurorCount = options.jurors ?? 4;
  if (!Number.isInteger(options.bodies) || options.bodies < 1) throw new RangeError('bodies must be a positive whole number');
  if (!Number.isInteger(jurorCount) || jurorCount < minAssessors + 1) {
    throw new RangeError(`jurors must be at least minAssessors + 1 (${minAssessors + 1})`);
  }
  const dir = options.questionnairesDir ?? join(REPO_ROOT, 'questionnaires');
  const { questionnaires, rubrics } = loadInstruments(dir);
  const commissionName = options.commissionName ?? `Komisi Informasi Provinsi ${province}`;
  return {
    seed: options.seed,
    year,
    province,
    commissionCode: options.commissionCode ?? 'ki-simulasi',
    commissionName,
    city: options.city ?? 'Samarinda',
    editionCode: options.editionCode ?? `simulasi-${year}`,
    saqWeight: options.saqWeight ?? 80,
    gate: options.gate ?? 60,
    minAssessors,
    jurors: Array.from({ length: jurorCount }, (_, i) => `juri-${i + 1}`),
    signatory: options.signatory ?? 'Rahmawati Syahrani, S.Sos., M.Si.',
    questionnaire: findInstrument(questionnaires, options.questionnaire ?? { id: 'saq-provinsi-kaltim', version: 1 }, dir),
    rubric: findInstrument(rubrics, options.rubric ?? { id: 'rubrik-visitasi', version: 1 }, dir),
  };
}

function editionDef(s: Settings): EditionDef {
  const bands: BandDef[] = DEFAULT_BANDS.map((b) => ({ ...b }));
  return {
    code: s.editionCode,
    commission: s.commissionCode,
    year: s.year,
    title: `Monitoring dan Evaluasi Keterbukaan Informasi Publik Tahun ${s.year} (simulasi)`,
    simulated: true,
    categories: CATEGORY_PLANS.map((p) => p.category),
    stages: [
      {
        code: SAQ_STAGE,
        kind: 'questionnaire',
        instrument: { id: s.questionnaire.id, version: s.questionnaire.version },
        weight: s.saqWeight,
        window: window(s.year, '05-05T08:00', '06-30T23:59'),
        verificationWindow: window(s.year, '07-07T08:00', '08-08T23:59'),
        objectionWindow: window(s.year, '08-11T08:00', '08-15T23:59'),
      },
      {
        code: PANEL_STAGE,
        kind: 'panel',
        instrument: { id: s.rubric.id, version: s.rubric.version },
        weight: 100 - s.saqWeight,
        gate: { minScore: s.gate },
        window: window(s.year, '09-08T08:00', '10-17T23:59'),
        minAssessors: s.minAssessors,
        aggregate: 'mean',
      },
    ],
    bands,
    certificate: {
      predicates: ['informatif', 'menuju_informatif', 'cukup_informatif'],
      city: s.city,
      signatory: { name: s.signatory, title: `Ketua ${s.commissionName}` },
    },
  };
}

/** Who the bodies are, and which of them play the special parts of the cycle. */
function planBodies(count: number, s: Settings, master: Rng): BodyPlan[] {
  const plans: BodyPlan[] = [];
  const usedCodes = new Set<string>();
  const counts = categoryCounts(count);
  CATEGORY_PLANS.forEach((cp, c) => {
    for (let j = 0; j < counts[c]; j++) {
      const named = cp.name(j, s.province);
      let code = named.code;
      for (let k = 2; usedCodes.has(code); k++) code = `${named.code}-${k}`;
      usedCodes.add(code);
      plans.push({
        index: plans.length,
        code,
        name: named.name,
        category: cp.category.code,
        tiers: cp.tiers,
        submitted: true,
        verification: 'complete',
        objects: false,
      });
    }
  });
  if (plans.length >= 4) {
    const n = plans.length;
    const some = (rate: number) => Math.max(1, Math.round(rate * n));
    const order = master.shuffle(plans);
    let at = 0;
    const take = (k: number) => order.slice(at, (at = Math.min(n, at + k)));
    for (const p of take(some(0.04))) p.submitted = false;
    for (const p of take(some(0.02))) p.verification = 'none';
    for (const p of take(some(0.02))) p.verification = 'partial';
    for (const p of take(some(0.07))) p.objects = true;
  }
  return plans;
}

/** A body's SAQ, drawn again until its verified score is clear of the gate. */
function settledBody(plan: BodyPlan, s: Settings, objectionsSoFar: number): BodyOutcome {
  const rng = new Rng(streamSeed(s.seed, plan.index));
  for (let attempt = 0; attempt < 200; attempt++) {
    const outcome = generateBody(plan, s.questionnaire, rng, objectionsSoFar);
    if (outcome.score.sub(dec(s.gate)).abs().gte(GATE_MARGIN)) return outcome;
  }
  throw new Error(`${plan.code}: cannot keep the SAQ score clear of the gate`);
}

function writeBody(out: string, plan: BodyPlan, outcome: BodyOutcome, flow: FlowWriter): void {
  const answers: Record<string, { value: AnswerValue; evidence?: string[] }> = {};
  for (const [code, a] of outcome.answers) answers[code] = a.evidence.length > 0 ? { value: a.value, evidence: a.evidence } : { value: a.value };
  writeFileSync(join(out, 'saq', `${plan.code}.yaml`), flow.entries('submitted', true, 'answers', answers));
  if (plan.verification !== 'none') {
    const decisions: Record<string, VerificationDecision> = {};
    for (const [code, d] of outcome.decisions) decisions[code] = d;
    writeFileSync(join(out, 'verification', `${plan.code}.yaml`), flow.entries('complete', plan.verification === 'complete', 'decisions', decisions));
  }
  if (outcome.objections.length > 0) {
    const list = outcome.objections.map((o) => ({
      question: o.question,
      reason: o.reason,
      decision: o.decision,
      ...(o.value !== undefined ? { value: o.value } : {}),
      note: o.note,
    }));
    writeFileSync(join(out, 'objections', `${plan.code}.yaml`), toYaml(list));
  }
}

interface PanelEntrant {
  plan: BodyPlan;
  quality: number;
}

/**
 * Score sheets of the bodies that reached the panel. Each gets a team of minAssessors + 1 jurors
 * (rotating over all jurors); a few are absent, a few see one juror recuse (a spare juror steps in
 * when there is one), a few keep one sheet as a draft — never leaving fewer than minAssessors
 * submitted sheets.
 */
function panelRows(entrants: PanelEntrant[], s: Settings, master: Rng): SheetRow[] {
  const { rubric, jurors, minAssessors } = s;
  const teamSize = minAssessors + 1;
  const order = master.shuffle(entrants);
  let at = 0;
  const pick = (rate: number) => {
    const k = entrants.length >= 4 ? Math.max(1, Math.round(rate * entrants.length)) : 0;
    return new Set(order.slice(at, (at = Math.min(entrants.length, at + k))).map((e) => e.plan.code));
  };
  const absent = pick(0.03);
  const recusing = pick(0.05);
  const drafting = pick(0.05);
  const blank = rubric.aspects.map(() => '');
  const rows: SheetRow[] = [];
  entrants.forEach(({ plan, quality }, k) => {
    const rng = new Rng(streamSeed(s.seed, 0x40000000 + plan.index));
    if (absent.has(plan.code)) {
      rows.push({ assessor: '', body: plan.code, status: 'absent', scores: blank, comment: rng.pick(ABSENCE_COMMENTS) });
      return;
    }
    const team = Array.from({ length: teamSize }, (_, i) => jurors[(k + i) % jurors.length]);
    const spare = jurors.length > teamSize ? jurors[(k + teamSize) % jurors.length] : null;
    const sheets: SheetRow[] = [];
    let recused: string | null = null;
    if (recusing.has(plan.code)) {
      recused = rng.pick(team);
      sheets.push({ assessor: recused, body: plan.code, status: 'recused', scores: blank, comment: rng.pick(RECUSAL_COMMENTS) });
    }
    const scorers = team.filter((j) => j !== recused);
    if (recused && spare) scorers.push(spare);
    const draftBy = drafting.has(plan.code) && scorers.length - 1 >= minAssessors ? rng.pick(scorers) : null;
    for (const juror of scorers) {
      const { scores, weakest, mean } = jurorScores(rng, rubric, quality, rng.noise() * 0.03);
      const remark = rng.chance(0.35) ? (mean >= 0.85 ? rng.pick(GOOD_COMMENTS) : (WEAK_ASPECT_COMMENTS[weakest] ?? '')) : '';
      sheets.push({ assessor: juror, body: plan.code, status: juror === draftBy ? 'draft' : 'submitted', scores, comment: remark });
    }
    if (sheets.filter((sheet) => sheet.status === 'submitted').length < minAssessors) {
      throw new Error(`${plan.code}: fewer than ${minAssessors} submitted sheets`);
    }
    rows.push(...sheets.sort((a, b) => (a.assessor < b.assessor ? -1 : a.assessor > b.assessor ? 1 : 0)));
  });
  return rows;
}

/**
 * Writes the fixture folder `outDir` (created when missing). Its saq/, verification/, objections/
 * and panels/ folders are emptied first, so a smaller run leaves no stale files; nothing else in
 * the folder is touched.
 */
export function generateSimulatedEdition(options: SimulatedEditionOptions): void {
  const s = settingsFrom(options);
  const master = new Rng(streamSeed(s.seed, -1));
  const plans = planBodies(options.bodies, s, master);

  const out = resolve(options.outDir);
  mkdirSync(out, { recursive: true });
  for (const folder of ['saq', 'verification', 'objections', 'panels']) {
    rmSync(join(out, folder), { recursive: true, force: true });
    mkdirSync(join(out, folder));
  }
  writeFileSync(join(out, 'commission.yaml'), stringify({ code: s.commissionCode, name: s.commissionName, city: s.city }));
  writeFileSync(join(out, 'edition.yaml'), toYaml(editionDef(s), true));
  writeFileSync(join(out, 'bodies.csv'), csvLine(['code', 'name', 'category']) + plans.map((p) => csvLine([p.code, p.name, p.category])).join(''));

  // Body by body, written at once so that a large edition never sits in memory.
  const entrants: PanelEntrant[] = [];
  const flow = new FlowWriter();
  let objections = 0;
  for (const plan of plans) {
    if (!plan.submitted) continue;
    const outcome = settledBody(plan, s, objections);
    objections += outcome.objections.length;
    writeBody(out, plan, outcome, flow);
    if (outcome.score.gte(dec(s.gate))) entrants.push({ plan, quality: outcome.quality });
  }

  const rows = panelRows(entrants, s, master);
  const header = ['assessor', 'body', 'status', ...s.rubric.aspects.map((a) => a.code), 'comment'];
  writeFileSync(
    join(out, 'panels', `${PANEL_STAGE}.csv`),
    csvLine(header) + rows.map((r) => csvLine([r.assessor, r.body, r.status, ...r.scores, r.comment])).join(''),
  );
}

export interface NationalOptions {
  outDir: string;
  seed: number;
  /** number of commissions: one fixture folder each (one commission, one edition) */
  commissions: number;
  /** bodies in total, split as evenly as possible over the commissions */
  bodies: number;
  year?: number;
  /** called after each folder is written */
  onFolder?: (folder: string, index: number, bodies: number) => void;
}

/**
 * Several commissions' editions at once, for national-scale runs: `outDir/simulasi-NN-<year>/`,
 * each a fixture folder of its own commission (`ki-simulasi-NN`) with its own seed stream, so the
 * same options write the same files. Returns the folders in order.
 */
export function generateNationalEditions(options: NationalOptions): string[] {
  const { commissions, bodies } = options;
  if (!Number.isInteger(commissions) || commissions < 1) throw new RangeError('commissions must be a positive whole number');
  if (!Number.isInteger(bodies) || bodies < commissions) throw new RangeError('bodies must be a whole number, at least one per commission');
  const year = options.year ?? 2025;
  const width = Math.max(2, String(commissions).length);
  const folders: string[] = [];
  for (let i = 0; i < commissions; i++) {
    const n = String(i + 1).padStart(width, '0');
    const count = Math.floor(bodies / commissions) + (i < bodies % commissions ? 1 : 0);
    const folder = join(resolve(options.outDir), `simulasi-${n}-${year}`);
    generateSimulatedEdition({
      outDir: folder,
      seed: streamSeed(options.seed, 0x20000000 + i),
      bodies: count,
      year,
      province: `Simulasi ${i + 1}`,
      commissionCode: `ki-simulasi-${n}`,
      editionCode: `simulasi-${n}-${year}`,
    });
    folders.push(folder);
    options.onFolder?.(folder, i, count);
  }
  return folders;
}
