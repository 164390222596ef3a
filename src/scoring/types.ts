/**
 * The domain's plain types: definitions (instruments, editions), recorded facts (answers,
 * decisions, objections, score sheets) and computed results with their breakdown trace.
 *
 * Numbers inside definitions and facts are the decimals exactly as written in the files or
 * requests (validated to at most a few decimal places); scoring turns them into exact rationals
 * and never does binary floating-point arithmetic on them. Scores leave scoring as `Score`:
 * an exact value plus the one rounded, displayable figure.
 */

export type QuestionCode = string;
export type IndicatorCode = string;
export type AspectCode = string;
export type StageCode = string;
export type BodyCode = string;
export type CategoryCode = string;
export type PredicateCode = string;
export type Username = string;

// ---------------------------------------------------------------- instruments

export type AnswerType = 'yes_no' | 'choice' | 'checklist';
export type EvidenceRule = 'required' | 'optional' | 'none';

export interface ChoiceOption {
  value: string;
  label: string;
  /** 0..1, the share of the question's points this option earns */
  score: number;
}

export interface ChecklistItem {
  value: string;
  label: string;
  points: number;
}

export interface QuestionDef {
  code: QuestionCode;
  text: string;
  type: AnswerType;
  points: number;
  evidence: EvidenceRule;
  guidance?: string;
  options?: ChoiceOption[];
  items?: ChecklistItem[];
}

export interface IndicatorDef {
  code: IndicatorCode;
  name: string;
  /** percent of the stage score; indicator weights sum to 100 */
  weight: number;
  questions: QuestionDef[];
}

export interface QuestionnaireDef {
  kind: 'questionnaire';
  id: string;
  version: number;
  title: string;
  /** body categories this questionnaire is meant for (informational) */
  categories?: CategoryCode[];
  indicators: IndicatorDef[];
}

export interface AspectDef {
  code: AspectCode;
  name: string;
  /** percent of the assessor total; aspect weights sum to 100 */
  weight: number;
  guidance?: string;
}

export interface RubricDef {
  kind: 'rubric';
  id: string;
  version: number;
  title: string;
  scale: { min: number; max: number };
  aspects: AspectDef[];
}

export type InstrumentDef = QuestionnaireDef | RubricDef;

export interface InstrumentRef {
  id: string;
  version: number;
}

// ---------------------------------------------------------------- editions

/** RFC 3339 instants (SPEC §16, src/common/instant.ts), e.g. 2025-05-01T00:00:00+07:00 */
export interface TimeWindow {
  opens: string;
  closes: string;
}

export type Gate = { minScore: number } | { topPerCategory: number };

export interface QuestionnaireStageDef {
  code: StageCode;
  kind: 'questionnaire';
  instrument: InstrumentRef;
  weight: number;
  gate?: Gate;
  window?: TimeWindow;
  verificationWindow?: TimeWindow;
  objectionWindow?: TimeWindow;
}

export interface PanelStageDef {
  code: StageCode;
  kind: 'panel';
  instrument: InstrumentRef;
  weight: number;
  gate?: Gate;
  window?: TimeWindow;
  /** a panel result needs at least this many submitted sheets (default 1) */
  minAssessors: number;
  aggregate: 'mean' | 'median';
}

export type StageDef = QuestionnaireStageDef | PanelStageDef;

export interface BandDef {
  code: PredicateCode;
  label: string;
  /** inclusive lower bound on the rounded final score; bands are half-open [min, next min) */
  min: number;
}

export interface CategoryDef {
  code: CategoryCode;
  name: string;
}

export interface CertificateDef {
  predicates: PredicateCode[];
  city: string;
  signatory: { name: string; title: string };
}

export interface EditionDef {
  code: string;
  commission: string;
  year: number;
  title: string;
  simulated: boolean;
  categories: CategoryDef[];
  stages: StageDef[];
  /** ordered from the highest `min` to the lowest; the lowest has min 0 */
  bands: BandDef[];
  certificate?: CertificateDef;
  /** limits on evidence files (SPEC §13); absent: DEFAULT_EVIDENCE_FILES */
  evidenceFiles?: EvidenceFilesDef;
}

/** The file types evidence may have, each recognised by its content. */
export type EvidenceFileType = 'pdf';

/** What an edition accepts as evidence files (SPEC §13). */
export interface EvidenceFilesDef {
  types: EvidenceFileType[];
  maxBytes: number;
  maxPerQuestion: number;
}

/** SPEC §13's default, after KI Pusat's rule: PDF only, at most 2 MB (2,097,152 bytes) a file, 3 files a question. */
export const DEFAULT_EVIDENCE_FILES: Readonly<EvidenceFilesDef> = Object.freeze({ types: ['pdf' as const], maxBytes: 2_097_152, maxPerQuestion: 3 });

export const DEFAULT_BANDS: readonly BandDef[] = [
  { code: 'informatif', label: 'Informatif', min: 90 },
  { code: 'menuju_informatif', label: 'Menuju Informatif', min: 80 },
  { code: 'cukup_informatif', label: 'Cukup Informatif', min: 60 },
  { code: 'kurang_informatif', label: 'Kurang Informatif', min: 40 },
  { code: 'tidak_informatif', label: 'Tidak Informatif', min: 0 },
];

// ---------------------------------------------------------------- recorded facts

/** boolean for yes_no, an option value for choice, item values for checklist */
export type AnswerValue = boolean | string | string[];

export interface Answer {
  value: AnswerValue;
  evidence: string[];
}

export type VerificationDecision =
  | { decision: 'accept'; note?: string }
  | { decision: 'reject'; note?: string }
  | { decision: 'correct'; value: AnswerValue; note?: string };

/** A ruled objection. An objection still waiting for a ruling changes nothing. */
export interface ObjectionRuling {
  question: QuestionCode;
  decision: 'upheld' | 'rejected';
  /** with `upheld`: the value the verifier gives; without it the body's own answer is restored */
  value?: AnswerValue;
  note?: string;
}

export interface QuestionnaireFacts {
  kind: 'questionnaire';
  submitted: boolean;
  answers: Record<QuestionCode, Answer>;
  /** whether verification was completed; recorded decisions count either way */
  verificationComplete: boolean;
  decisions: Record<QuestionCode, VerificationDecision>;
  objections: ObjectionRuling[];
}

export type SheetStatus = 'submitted' | 'draft' | 'recused';

export interface PanelSheet {
  assessor: Username;
  status: SheetStatus;
  scores: Record<AspectCode, number>;
  comment?: string;
}

export interface PanelFacts {
  kind: 'panel';
  sheets: PanelSheet[];
  /** recorded by the admin: the body did not present (scores 0 for the stage) */
  absent: boolean;
}

export type StageFacts = QuestionnaireFacts | PanelFacts;

export interface BodyFacts {
  body: BodyCode;
  name: string;
  category: CategoryCode;
  /** missing stage: nothing recorded (an unsubmitted questionnaire, a panel with no sheets) */
  stages: Record<StageCode, StageFacts | undefined>;
}

// ---------------------------------------------------------------- results

/**
 * An exact score and its single rounding, in the forms its readers need — all made by `toScore`,
 * so nobody outside the core rebuilds one from another.
 */
export interface Score {
  /** a fraction or terminating decimal string: "65.8875", "263/3" */
  exact: string;
  /** half-up to 2 decimals as a number (65.89): what JSON shows (SPEC §7) */
  rounded: number;
  /** the same rounding as whole hundredths (6589): what is stored, compared and signed */
  hundredths: number;
  /** the same rounding as printed, always two decimals ("65.89", "52.00") */
  text: string;
}

export type ResultStatus = 'complete' | 'unverified' | 'incomplete' | 'not_submitted';

export interface QuestionTrace {
  code: QuestionCode;
  indicator: IndicatorCode;
  type: AnswerType;
  points: number;
  evidenceRule: EvidenceRule;
  claimedValue: AnswerValue | null;
  evidence: string[];
  claimedPoints: string;
  decision: VerificationDecision['decision'] | null;
  decisionNote?: string;
  objection: ObjectionRuling['decision'] | null;
  verifiedValue: AnswerValue | null;
  /** true when a required-evidence answer had no evidence and so earned 0 in the verified score */
  evidenceMissing: boolean;
  verifiedPoints: string;
}

export interface IndicatorTrace {
  code: IndicatorCode;
  name: string;
  weight: number;
  maxPoints: string;
  claimedPoints: string;
  verifiedPoints: string;
  claimed: Score;
  verified: Score;
}

export interface QuestionnaireStageTrace {
  kind: 'questionnaire';
  stage: StageCode;
  weight: number;
  reached: boolean;
  submitted: boolean;
  verificationComplete: boolean;
  claimed: Score | null;
  /** the stage score: verified decisions applied, missing required evidence earns 0 */
  score: Score | null;
  indicators: IndicatorTrace[];
  questions: QuestionTrace[];
  gate: GateTrace | null;
}

export interface AssessorTrace {
  assessor: Username;
  status: SheetStatus;
  scores: Record<AspectCode, number>;
  /** Σ scaled aspect score × weight ÷ 100; null for recused sheets */
  total: Score | null;
  counted: boolean;
  comment?: string;
}

export interface PanelStageTrace {
  kind: 'panel';
  stage: StageCode;
  weight: number;
  reached: boolean;
  absent: boolean;
  aggregate: 'mean' | 'median';
  minAssessors: number;
  countedSheets: number;
  complete: boolean;
  assessors: AssessorTrace[];
  score: Score | null;
  gate: GateTrace | null;
}

export type StageTrace = QuestionnaireStageTrace | PanelStageTrace;

export interface GateTrace {
  rule: 'minScore' | 'topPerCategory';
  threshold: number;
  /** weighted score over the earlier stages, rounded: what the gate compares */
  earlierScore: Score | null;
  /** competition rank on `earlierScore` within the category (topPerCategory gates) */
  rank: number | null;
  passed: boolean;
}

export interface FinalTrace {
  /** human-readable formula, e.g. "(70 × 60 + 30 × 79.625) ÷ 100 = 65.8875 → 65.89" */
  formula: string;
  terms: { stage: StageCode; weight: number; score: string }[];
  score: Score | null;
}

export interface BodyResult {
  body: BodyCode;
  bodyName: string;
  category: CategoryCode;
  status: ResultStatus;
  /** rounded stage scores; null where the stage was not reached (or has no result yet) */
  stages: Record<StageCode, number | null>;
  final: Score | null;
  predicate: PredicateCode | null;
  predicateLabel: string | null;
  rank: number | null;
  trace: { stages: StageTrace[]; final: FinalTrace };
}

export interface EditionResults {
  edition: string;
  results: BodyResult[];
}
