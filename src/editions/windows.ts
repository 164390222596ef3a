import { ConflictError } from '../common/errors';
import { waktuIndonesia } from '../common/indonesian';
import { compareInstants, instantOf, storedInstant } from '../common/instant';
import { TimeWindow } from '../scoring';
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

export const WINDOW_KINDS: readonly WindowKind[] = ['window', 'verificationWindow', 'objectionWindow'];

const WINDOW_NAME: Record<WindowKind, string> = {
  window: 'window',
  verificationWindow: 'verification window',
  objectionWindow: 'objection window',
};

/** The window's Indonesian name: a questionnaire stage's window is for answering, a panel stage's for scoring. */
function namaJendela(stage: Stage, kind: WindowKind): string {
  if (kind === 'verificationWindow') return 'jendela verifikasi';
  if (kind === 'objectionWindow') return 'masa sanggah';
  return stage.kind === 'panel' ? 'jendela penilaian' : 'jendela pengisian';
}

type InstantColumn = 'opensAt' | 'closesAt' | 'verificationOpensAt' | 'verificationClosesAt' | 'objectionOpensAt' | 'objectionClosesAt';

/** The one stage → windows mapping: which columns of a stage hold each of its windows. */
const COLUMNS: Record<WindowKind, { opens: InstantColumn; closes: InstantColumn }> = {
  window: { opens: 'opensAt', closes: 'closesAt' },
  verificationWindow: { opens: 'verificationOpensAt', closes: 'verificationClosesAt' },
  objectionWindow: { opens: 'objectionOpensAt', closes: 'objectionClosesAt' },
};

/** The stage's window of this kind, or null when the definition sets none. */
export function stageWindow(stage: Stage, kind: WindowKind): TimeWindow | null {
  const opens = stage[COLUMNS[kind].opens];
  const closes = stage[COLUMNS[kind].closes];
  return opens && closes ? { opens, closes } : null;
}

/** Every window of the stage (null where none is set): the definition's view and the audit's before/after. */
export function stageWindows(stage: Stage): Record<WindowKind, TimeWindow | null> {
  return { window: stageWindow(stage, 'window'), verificationWindow: stageWindow(stage, 'verificationWindow'), objectionWindow: stageWindow(stage, 'objectionWindow') };
}

/** The stage columns that store `window` as the window of this kind (none: cleared). */
export function windowColumns(kind: WindowKind, window: TimeWindow | null | undefined): Partial<Pick<Stage, InstantColumn>> {
  const columns: Partial<Pick<Stage, InstantColumn>> = {};
  columns[COLUMNS[kind].opens] = window?.opens ?? null;
  columns[COLUMNS[kind].closes] = window?.closes ?? null;
  return columns;
}

/** All six window columns of a stage from its windows (a window not given is cleared). */
export function allWindowColumns(windows: Partial<Record<WindowKind, TimeWindow | null>>): Pick<Stage, InstantColumn> {
  return {
    ...windowColumns('window', windows.window),
    ...windowColumns('verificationWindow', windows.verificationWindow),
    ...windowColumns('objectionWindow', windows.objectionWindow),
  } as Pick<Stage, InstantColumn>;
}

export type WindowState = 'not open yet' | 'open' | 'closed';

/**
 * The one decision: where `now` stands against a stage's window for a body. A window not set in
 * the definition does not restrict. The body's extension (`until`) moves the closing instant of
 * the answering/scoring window (never the opening, never another window). Both ends count: the
 * window is open at its opening and at its closing instant.
 */
export function windowState(stage: Stage, kind: WindowKind, now: Date, until: string | null = null): WindowState {
  const window = stageWindow(stage, kind);
  if (!window) return 'open';
  const t = instantOf(now);
  if (compareInstants(t, storedInstant(window.opens)) < 0) return 'not open yet';
  const closes = kind === 'window' && until !== null ? [window.closes, until] : [window.closes];
  return closes.some((c) => compareInstants(t, storedInstant(c)) <= 0) ? 'open' : 'closed';
}

/** The window as a body sees it now. */
export function windowView(stage: Stage, kind: WindowKind, now: Date, until: string | null = null): WindowView {
  const window = stageWindow(stage, kind);
  const extended = kind === 'window' ? until : null;
  return { opens: window?.opens ?? null, closes: window?.closes ?? null, extendedUntil: extended, open: windowState(stage, kind, now, extended) === 'open' };
}

function refuse(stage: Stage, kind: WindowKind, state: Exclude<WindowState, 'open'>, timeZone: string, until: string | null): never {
  const name = { en: `the ${WINDOW_NAME[kind]} of stage "${stage.code}"`, id: `${namaJendela(stage, kind)} tahap "${stage.code}"` };
  const window = stageWindow(stage, kind)!;
  if (state === 'not open yet') {
    throw new ConflictError('window.not_open', {
      en: `${name.en} is not open yet: it opens at ${window.opens}`,
      id: `${name.id} belum dibuka: dibuka pada ${waktuIndonesia(window.opens, timeZone)}`,
    });
  }
  const extended = kind === 'window' && until;
  throw new ConflictError('window.closed', {
    en: `${name.en} is closed: it closed at ${window.closes}${extended ? ` (extension for this body until ${until})` : ''}`,
    id: `${name.id} sudah ditutup pada ${waktuIndonesia(window.closes, timeZone)}${extended ? ` (perpanjangan untuk badan publik ini sampai ${waktuIndonesia(until, timeZone)})` : ''}`,
  });
}

/**
 * 409 unless the window is open now, naming the window and its instants (in the Indonesian text,
 * as the commission's `timeZone` reads them).
 */
export function requireOpen(stage: Stage, kind: WindowKind, timeZone: string, now: Date, until: string | null = null): void {
  const state = windowState(stage, kind, now, until);
  if (state !== 'open') refuse(stage, kind, state, timeZone, until);
}

/** 409 once the window has closed (extension included); before it opens is fine. */
export function requireNotClosed(stage: Stage, kind: WindowKind, timeZone: string, now: Date, until: string | null = null): void {
  const state = windowState(stage, kind, now, until);
  if (state === 'closed') refuse(stage, kind, state, timeZone, until);
}
