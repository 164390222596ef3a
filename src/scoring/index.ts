export * from './types';
export * from './exact';
export { earnedPoints, maxPoints, scoreQuestionnaire, claimedScore, claimedScoreOfValues } from './questionnaire';
export { assessorTotal, aggregate, scorePanel } from './panel';
export { bandFor } from './bands';
export { competitionRanks } from './ranking';
export { computeEdition } from './edition';
export type { ScoringInput } from './edition';
