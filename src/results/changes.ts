import { AnswerValue, BodyResult, hundredthsToNumber, ObjectionRuling, QuestionnaireDef, QuestionnaireFacts, scoreQuestionnaire, SheetStatus, VerificationDecision } from '../scoring';

/**
 * What changed between two published versions (SPEC §15), as pure functions of what both froze:
 * a body's published line (final, predicate, rank), and behind it the questionnaire facts and the
 * panel sheets. Nothing here reads a database or a clock.
 */

/** A body's line in one published version: what its change list compares. */
export interface PublishedLine {
  body: string;
  bodyName: string;
  category: string;
  /** the rounded final score as whole hundredths; null for a result without one */
  finalHundredths: number | null;
  predicate: string | null;
  rank: number | null;
}

/** A body's published standing, scores rounded to 2 decimals (SPEC §7). */
export interface Standing {
  final: number | null;
  predicate: string | null;
  rank: number | null;
}

/** One body whose final, predicate or rank differs between a version and the one before it; null: not in that version. */
export interface ResultChange {
  body: string;
  bodyName: string;
  category: string;
  before: Standing | null;
  after: Standing | null;
}

export function standingOf(line: PublishedLine): Standing {
  return { final: line.finalHundredths === null ? null : hundredthsToNumber(BigInt(line.finalHundredths)), predicate: line.predicate, rank: line.rank };
}

/**
 * Whether a body's result changed between two versions: its final (in hundredths) or its
 * predicate; a body present in one version only has changed. A rank that moved only because
 * another body's result changed is not a change of this body's result (KI Pusat 2024: SK 53
 * changed Kalimantan Timur's result; the provinces it passed kept theirs, one rank lower) — its
 * new rank is in the newer version's ranking, and beside each listed change.
 */
export function lineChanged(before: PublishedLine | null, after: PublishedLine | null): boolean {
  if (!before || !after) return before !== after;
  return before.finalHundredths !== after.finalHundredths || before.predicate !== after.predicate;
}

/**
 * The bodies whose published line differs between two versions, in the newer version's order
 * (its ranking order), then the bodies it no longer has in the older one's order: the bodies
 * whose result (final or predicate) changed, each with its rank before and after. A body whose
 * final and predicate are equal is not listed, whatever else changed behind it — a rank moved by
 * another body's correction included.
 */
export function diffPublications(before: readonly PublishedLine[], after: readonly PublishedLine[]): ResultChange[] {
  const old = new Map(before.map((l) => [l.body, l]));
  const now = new Set(after.map((l) => l.body));
  const changes: ResultChange[] = [];
  for (const line of after) {
    const was = old.get(line.body) ?? null;
    if (lineChanged(was, line)) changes.push({ body: line.body, bodyName: line.bodyName, category: line.category, before: was && standingOf(was), after: standingOf(line) });
  }
  for (const line of before) {
    if (!now.has(line.body)) changes.push({ body: line.body, bodyName: line.bodyName, category: line.category, before: standingOf(line), after: null });
  }
  return changes;
}

// ---------------------------------------------------------------- the facts behind a change

/** One question as one version scored it: the answer, the verifier's decision, the ruling on an objection, and what counted. */
export interface QuestionState {
  /** the body's own answer */
  answer: AnswerValue | null;
  evidence: string[];
  decision: VerificationDecision['decision'] | null;
  objection: ObjectionRuling['decision'] | null;
  /** the value that counted in the verified score */
  value: AnswerValue | null;
  /** the points it earned there, exact ("3", "5/2") */
  points: string;
}

export interface QuestionChange {
  stage: string;
  question: string;
  text: string;
  before: QuestionState;
  after: QuestionState;
}

/**
 * The questions of one questionnaire stage whose recorded facts differ between two versions:
 * the body's answer (or its evidence), the verification decision (its value included) or the
 * objection ruling. Each side is scored with the pinned instrument, so the value shown is the one
 * that counted. Missing facts (a questionnaire never submitted) count as nothing recorded.
 */
export function questionChanges(stage: string, def: QuestionnaireDef, before: QuestionnaireFacts | undefined, after: QuestionnaireFacts | undefined): QuestionChange[] {
  const empty: QuestionnaireFacts = { kind: 'questionnaire', submitted: false, answers: {}, verificationComplete: false, decisions: {}, objections: [] };
  const was = before ?? empty;
  const now = after ?? empty;
  const lines = (facts: QuestionnaireFacts) => new Map(scoreQuestionnaire(def, facts).questions.map((q) => [q.code, q]));
  const oldLines = lines(was);
  const newLines = lines(now);
  const recorded = (facts: QuestionnaireFacts, code: string) =>
    JSON.stringify([facts.submitted, facts.answers[code] ?? null, facts.decisions[code] ?? null, facts.objections.filter((o) => o.question === code)]);
  const state = (line: ReturnType<typeof oldLines.get>): QuestionState => ({
    answer: line?.claimedValue ?? null,
    evidence: line?.evidence ?? [],
    decision: line?.decision ?? null,
    objection: line?.objection ?? null,
    value: line?.verifiedValue ?? null,
    points: line?.verifiedPoints ?? '0',
  });
  const changes: QuestionChange[] = [];
  for (const indicator of def.indicators) {
    for (const question of indicator.questions) {
      if (recorded(was, question.code) === recorded(now, question.code)) continue;
      changes.push({ stage, question: question.code, text: question.text, before: state(oldLines.get(question.code)), after: state(newLines.get(question.code)) });
    }
  }
  return changes;
}

/** A juror's sheet as one version counted it. */
export interface SheetState {
  status: SheetStatus;
  /** the assessor total rounded to 2 decimals; null for a recused sheet */
  total: number | null;
  counted: boolean;
}

export interface SheetChange {
  stage: string;
  juror: string;
  /** null: the version had no sheet of this juror */
  before: SheetState | null;
  after: SheetState | null;
}

export interface AbsenceChange {
  stage: string;
  /** whether the body was recorded absent from the stage in each version */
  before: boolean;
  after: boolean;
}

function panelStages(result: BodyResult | null) {
  return new Map((result?.trace.stages ?? []).flatMap((t) => (t.kind === 'panel' ? [[t.stage, t] as const] : [])));
}

/** The panel sheets whose status or total differ between two versions of a body's result, by stage then juror. */
export function sheetChanges(before: BodyResult | null, after: BodyResult | null): SheetChange[] {
  const was = panelStages(before);
  const now = panelStages(after);
  const changes: SheetChange[] = [];
  for (const stage of new Set([...was.keys(), ...now.keys()])) {
    const sheets = (trace: ReturnType<typeof was.get>) =>
      new Map((trace?.assessors ?? []).map((a) => [a.assessor, { status: a.status, total: a.total ? a.total.rounded : null, counted: a.counted, hundredths: a.total?.hundredths ?? null }]));
    const old = sheets(was.get(stage));
    const current = sheets(now.get(stage));
    for (const juror of [...new Set([...old.keys(), ...current.keys()])].sort()) {
      const a = old.get(juror) ?? null;
      const b = current.get(juror) ?? null;
      if (a && b && a.status === b.status && a.hundredths === b.hundredths && a.counted === b.counted) continue;
      const shown = (s: typeof a): SheetState | null => s && { status: s.status, total: s.total, counted: s.counted };
      changes.push({ stage, juror, before: shown(a), after: shown(b) });
    }
  }
  return changes;
}

/** The panel stages where the body's recorded absence differs between two versions. */
export function absenceChanges(before: BodyResult | null, after: BodyResult | null): AbsenceChange[] {
  const was = panelStages(before);
  const now = panelStages(after);
  const changes: AbsenceChange[] = [];
  for (const stage of new Set([...was.keys(), ...now.keys()])) {
    const a = was.get(stage)?.absent ?? false;
    const b = now.get(stage)?.absent ?? false;
    if (a !== b) changes.push({ stage, before: a, after: b });
  }
  return changes;
}
