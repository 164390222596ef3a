import { EditionDef, StageDef } from '../scoring';
import { Edition } from './edition.entity';
import { Stage } from './stage.entity';
import { allWindowColumns, stageWindows } from './windows';

/**
 * The mapping between an edition's definition (SPEC §4) and its rows: the edition row and one
 * row per stage. Pure; editions.repository.ts stores and reads the rows.
 */

/** The edition row of a validated definition. */
export function editionColumns(def: EditionDef, commissionId: number): Omit<Edition, 'id'> {
  return {
    code: def.code,
    commissionId,
    year: def.year,
    title: def.title,
    simulated: def.simulated,
    categories: def.categories,
    bands: def.bands,
    certificate: def.certificate ?? null,
    evidenceFiles: def.evidenceFiles ?? null,
    computedAt: null,
  };
}

/** The stage rows of a validated definition, in its order. */
export function stageColumns(def: EditionDef, editionId: number): Omit<Stage, 'id'>[] {
  return def.stages.map((stage, position) => ({
    editionId,
    code: stage.code,
    position,
    kind: stage.kind,
    instrumentId: stage.instrument.id,
    instrumentVersion: stage.instrument.version,
    weight: String(stage.weight),
    gate: stage.gate ?? null,
    ...allWindowColumns(stage.kind === 'questionnaire' ? stage : { window: stage.window }),
    minAssessors: stage.kind === 'panel' ? stage.minAssessors : 1,
    aggregate: stage.kind === 'panel' ? stage.aggregate : 'mean',
  }));
}

export function stageDef(stage: Stage): StageDef {
  const { window, verificationWindow, objectionWindow } = stageWindows(stage);
  const common = {
    code: stage.code,
    instrument: { id: stage.instrumentId, version: stage.instrumentVersion },
    weight: Number(stage.weight),
    ...(stage.gate ? { gate: stage.gate } : {}),
    ...(window ? { window } : {}),
  };
  if (stage.kind === 'panel') {
    return { ...common, kind: 'panel', minAssessors: stage.minAssessors, aggregate: stage.aggregate };
  }
  return {
    ...common,
    kind: 'questionnaire',
    ...(verificationWindow ? { verificationWindow } : {}),
    ...(objectionWindow ? { objectionWindow } : {}),
  };
}

/** The edition's definition as it stands now (windows as last moved), from its rows; `stages` in position order. */
export function editionDef(edition: Edition, stages: Stage[], commissionCode: string): EditionDef {
  return {
    code: edition.code,
    commission: commissionCode,
    year: edition.year,
    title: edition.title,
    simulated: edition.simulated,
    categories: edition.categories,
    stages: stages.map(stageDef),
    bands: edition.bands,
    ...(edition.certificate ? { certificate: edition.certificate } : {}),
    ...(edition.evidenceFiles ? { evidenceFiles: edition.evidenceFiles } : {}),
  };
}
