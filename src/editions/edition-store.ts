import { EntityManager } from 'typeorm';
import { EditionDef, StageDef } from '../scoring';
import { Edition } from './edition.entity';
import { Stage } from './stage.entity';
import { stageWindows, windowColumns } from './windows';

/** Stores a validated edition definition: the edition row and one row per stage. */
export async function createEdition(manager: EntityManager, def: EditionDef, commissionId: number): Promise<Edition> {
  const edition = await manager.save(
    manager.create(Edition, {
      code: def.code,
      commissionId,
      year: def.year,
      title: def.title,
      simulated: def.simulated,
      categories: def.categories,
      bands: def.bands,
      certificate: def.certificate ?? null,
      computedAt: null,
    }),
  );
  await manager.save(
    def.stages.map((stage, position) =>
      manager.create(Stage, {
        editionId: edition.id,
        code: stage.code,
        position,
        kind: stage.kind,
        instrumentId: stage.instrument.id,
        instrumentVersion: stage.instrument.version,
        weight: String(stage.weight),
        gate: stage.gate ?? null,
        ...windowColumns('window', stage.window),
        ...windowColumns('verificationWindow', stage.kind === 'questionnaire' ? stage.verificationWindow : null),
        ...windowColumns('objectionWindow', stage.kind === 'questionnaire' ? stage.objectionWindow : null),
        minAssessors: stage.kind === 'panel' ? stage.minAssessors : 1,
        aggregate: stage.kind === 'panel' ? stage.aggregate : 'mean',
      }),
    ),
  );
  return edition;
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

/** The edition's definition as it stands now (windows as last moved). */
export async function loadEditionDef(manager: EntityManager, edition: Edition, commissionCode: string): Promise<EditionDef> {
  const stages = await manager.find(Stage, { where: { editionId: edition.id }, order: { position: 'ASC' } });
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
  };
}
