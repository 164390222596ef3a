import { ConflictError } from '../common/errors';
import { Stage } from './stage.entity';
import { requireNotClosed, requireOpen, stageWindows, windowColumns, windowState, windowView } from './windows';

const stage = Object.assign(new Stage(), {
  code: 'saq',
  opensAt: '2025-05-01T00:00:00+07:00',
  closesAt: '2025-08-31T23:59:59+07:00',
  verificationOpensAt: null,
  verificationClosesAt: null,
});
/** the body's extended deadline */
const extension = '2025-09-07T23:59:59+07:00';
const at = (instant: string) => new Date(instant);

describe('windows', () => {
  it.each([
    ['just before opening', '2025-04-30T23:59:59+07:00', false],
    ['at the opening instant', '2025-05-01T00:00:00+07:00', true],
    ['at the last second', '2025-08-31T23:59:59+07:00', true],
    ['one second after closing', '2025-09-01T00:00:00+07:00', false],
  ])('the window is open %s: %s → %s', (_, instant, open) => {
    expect(windowView(stage, 'window', at(instant)).open).toBe(open);
  });

  it('an extension moves the closing for its body, not the opening', () => {
    expect(windowView(stage, 'window', at('2025-09-05T00:00:00+07:00'), extension)).toEqual({
      opens: stage.opensAt, closes: stage.closesAt, extendedUntil: extension, open: true,
    });
    expect(windowView(stage, 'window', at('2025-04-01T00:00:00+07:00'), extension).open).toBe(false);
    expect(windowView(stage, 'window', at('2025-09-08T00:00:00+07:00'), extension).open).toBe(false);
  });

  it('an extension does not extend verification', () => {
    const verifying = Object.assign(new Stage(), { ...stage, verificationOpensAt: '2025-09-01T00:00:00+07:00', verificationClosesAt: '2025-09-30T23:59:59+07:00' });
    expect(windowView(verifying, 'verificationWindow', at('2025-10-02T00:00:00+07:00'), extension).extendedUntil).toBeNull();
  });

  it('a window the definition does not set does not restrict', () => {
    expect(windowView(stage, 'verificationWindow', at('2030-01-01T00:00:00Z')).open).toBe(true);
  });

  const refusal = (run: () => void) => {
    try {
      run();
    } catch (error) {
      const { code, message, text } = error as ConflictError;
      return { type: (error as Error).constructor.name, code, message, text };
    }
    throw new Error('not refused');
  };

  it('refusals say which window, and when it opens or closed: in English as given, in Indonesian in the commission\'s zone', () => {
    expect(refusal(() => requireOpen(stage, 'window', 'Asia/Jakarta', at('2025-04-01T00:00:00Z')))).toEqual({
      type: 'ConflictError',
      code: 'window.not_open',
      message: 'the window of stage "saq" is not open yet: it opens at 2025-05-01T00:00:00+07:00',
      text: 'jendela pengisian tahap "saq" belum dibuka: dibuka pada 1 Mei 2025 pukul 00.00 WIB',
    });
    expect(refusal(() => requireOpen(stage, 'window', 'Asia/Makassar', at('2025-09-10T00:00:00Z'), extension))).toEqual({
      type: 'ConflictError',
      code: 'window.closed',
      message: 'the window of stage "saq" is closed: it closed at 2025-08-31T23:59:59+07:00 (extension for this body until 2025-09-07T23:59:59+07:00)',
      text: 'jendela pengisian tahap "saq" sudah ditutup pada 1 September 2025 pukul 00.59 WITA (perpanjangan untuk badan publik ini sampai 8 September 2025 pukul 00.59 WITA)',
    });
  });

  it('each window is named for what it is for: answering, scoring, verifying, objecting', () => {
    const panel = Object.assign(new Stage(), { ...stage, code: 'uji-publik', kind: 'panel' });
    const verifying = Object.assign(new Stage(), { ...stage, verificationOpensAt: '2025-09-01T00:00:00+07:00', verificationClosesAt: '2025-09-30T23:59:59+07:00' });
    const objecting = Object.assign(new Stage(), { ...stage, objectionOpensAt: '2025-10-01T00:00:00+07:00', objectionClosesAt: '2025-10-07T23:59:59+07:00' });
    const late = at('2026-01-01T00:00:00Z');
    expect(refusal(() => requireOpen(panel, 'window', 'Asia/Jakarta', late)).text).toBe('jendela penilaian tahap "uji-publik" sudah ditutup pada 31 Agustus 2025 pukul 23.59 WIB');
    expect(refusal(() => requireOpen(verifying, 'verificationWindow', 'Asia/Jakarta', late)).text).toBe('jendela verifikasi tahap "saq" sudah ditutup pada 30 September 2025 pukul 23.59 WIB');
    expect(refusal(() => requireOpen(objecting, 'objectionWindow', 'Asia/Jayapura', late)).text).toBe('masa sanggah tahap "saq" sudah ditutup pada 8 Oktober 2025 pukul 01.59 WIT');
  });

  it('"not closed" allows the time before opening', () => {
    expect(() => requireNotClosed(stage, 'window', 'Asia/Jakarta', at('2025-04-01T00:00:00Z'))).not.toThrow();
    expect(() => requireNotClosed(stage, 'window', 'Asia/Jakarta', at('2025-09-10T00:00:00Z'))).toThrow(ConflictError);
  });

  it('a window closing within a millisecond is open up to that instant (the clock reads milliseconds)', () => {
    const precise = Object.assign(new Stage(), { ...stage, closesAt: '2025-08-31T15:59:59.123456Z' });
    expect(windowState(precise, 'window', new Date('2025-08-31T15:59:59.123Z'))).toBe('open');
    expect(windowState(precise, 'window', new Date('2025-08-31T15:59:59.124Z'))).toBe('closed');
    expect(windowState(precise, 'window', new Date('2025-04-30T16:59:59.999Z'))).toBe('not open yet');
  });

  it('one mapping between a stage\'s columns and its windows, both ways', () => {
    const moved = Object.assign(new Stage(), { ...stage, ...windowColumns('objectionWindow', { opens: '2025-10-01T00:00:00+07:00', closes: '2025-10-07T23:59:59+07:00' }) });
    expect(stageWindows(moved)).toEqual({
      window: { opens: '2025-05-01T00:00:00+07:00', closes: '2025-08-31T23:59:59+07:00' },
      verificationWindow: null,
      objectionWindow: { opens: '2025-10-01T00:00:00+07:00', closes: '2025-10-07T23:59:59+07:00' },
    });
    expect(windowColumns('verificationWindow', undefined)).toEqual({ verificationOpensAt: null, verificationClosesAt: null });
  });
});
