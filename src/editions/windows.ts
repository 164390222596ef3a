import { EntityManager } from 'typeorm';
import { ConflictError } from '../common/errors';
import { Extension } from './extension.entity';
import { Stage } from './stage.entity';

/** A stage's window as it applies to one body now: opening, closing, and the body's extension. */
export interface WindowView {
  opens: string | null;
  closes: string | null;
  /** the body's extended deadline, when the admin granted one */
  extendedUntil: string | null;
  open: boolean;
}

export type WindowKind = 'window' | 'verificationWindow' | 'objectionWindow';

const WINDOW_NAME: Record<WindowKind, string> = {
  window: 'window',
  verificationWindow: 'verification window',
  objectionWindow: 'objection window',
};

function bounds(stage: Stage, kind: WindowKind): { opens: string | null; closes: string | null } {
  switch (kind) {
    case 'window':
      return { opens: stage.opensAt, closes: stage.closesAt };
    case 'verificationWindow':
      return { opens: stage.verificationOpensAt, closes: stage.verificationClosesAt };
    case 'objectionWindow':
      return { opens: stage.objectionOpensAt, closes: stage.objectionClosesAt };
  }
}

/** The extension that counts for a body in a stage: the one granted last. */
export async function latestExtension(manager: EntityManager, stageId: number, bodyId: number): Promise<Extension | null> {
  return manager.findOne(Extension, { where: { stageId, bodyId }, order: { id: 'DESC' } });
}

/**
 * Whether a window is open at `now`. A window not set in the definition does not restrict. An
 * extension moves the closing instant for that body (never the opening).
 */
export function windowView(stage: Stage, kind: WindowKind, now: Date, extension: Extension | null = null): WindowView {
  const { opens, closes } = bounds(stage, kind);
  const extendedUntil = kind === 'window' ? extension?.until ?? null : null;
  const t = now.getTime();
  const afterOpening = opens === null || t >= Date.parse(opens);
  const beforeClosing = closes === null || t <= Date.parse(closes) || (extendedUntil !== null && t <= Date.parse(extendedUntil));
  return { opens, closes, extendedUntil, open: afterOpening && beforeClosing };
}

/** 409 unless the window is open now, naming the window and its instants. */
export function requireOpen(stage: Stage, kind: WindowKind, now: Date, extension: Extension | null = null): void {
  const view = windowView(stage, kind, now, extension);
  if (view.open) return;
  const name = `the ${WINDOW_NAME[kind]} of stage "${stage.code}"`;
  if (view.opens !== null && now.getTime() < Date.parse(view.opens)) {
    throw new ConflictError(`${name} is not open yet: it opens at ${view.opens}`);
  }
  const until = view.extendedUntil ? `${view.closes} (extension for this body until ${view.extendedUntil})` : view.closes;
  throw new ConflictError(`${name} is closed: it closed at ${until}`);
}

/** 409 once the window has closed (extension included); before it opens is fine. */
export function requireNotClosed(stage: Stage, kind: WindowKind, now: Date, extension: Extension | null = null): void {
  const view = windowView(stage, kind, now, extension);
  const notYetOpen = view.opens !== null && now.getTime() < Date.parse(view.opens);
  if (!view.open && !notYetOpen) requireOpen(stage, kind, now, extension);
}
