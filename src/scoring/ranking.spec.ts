import { competitionRanks } from './ranking';

describe('standard competition ranking', () => {
  it('gives equal scores one rank and skips the next (KI Pusat 2024: 98.52, 98.31, 98.31 → 1, 2, 2)', () => {
    const ranks = competitionRanks([
      { key: 'jateng', hundredths: 9831n },
      { key: 'jabar', hundredths: 9852n },
      { key: 'kaltim', hundredths: 9831n },
      { key: 'bali', hundredths: 9000n },
    ]);
    expect(Object.fromEntries(ranks)).toEqual({ jabar: 1, jateng: 2, kaltim: 2, bali: 4 });
  });

  it('ranks nothing without a score', () => {
    const ranks = competitionRanks([
      { key: 'a', hundredths: null },
      { key: 'b', hundredths: 5000n },
    ]);
    expect(ranks.get('a')).toBeUndefined();
    expect(ranks.get('b')).toBe(1);
  });
});
