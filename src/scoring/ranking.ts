/**
 * Standard competition ranking (1, 2, 2, 4) on rounded scores, highest first. Entries with a
 * null score take no rank.
 */
export function competitionRanks<K>(entries: { key: K; hundredths: bigint | null }[]): Map<K, number> {
  const ranked = entries
    .filter((e): e is { key: K; hundredths: bigint } => e.hundredths !== null)
    .sort((a, b) => (a.hundredths === b.hundredths ? 0 : a.hundredths > b.hundredths ? -1 : 1));
  const ranks = new Map<K, number>();
  ranked.forEach((entry, index) => {
    const previous = ranked[index - 1];
    const rank = previous && previous.hundredths === entry.hundredths ? ranks.get(previous.key)! : index + 1;
    ranks.set(entry.key, rank);
  });
  return ranks;
}
