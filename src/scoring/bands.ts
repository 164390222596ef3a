import { reaches } from './exact';
import { BandDef } from './types';

/** The band whose half-open range [min, next min) holds the rounded score. */
export function bandFor(bands: readonly BandDef[], hundredths: bigint): BandDef {
  const ordered = [...bands].sort((a, b) => b.min - a.min);
  const band = ordered.find((b) => reaches(hundredths, b.min));
  if (!band) throw new RangeError(`no band covers ${hundredths} hundredths; the lowest band must start at 0`);
  return band;
}
