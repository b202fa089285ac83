// "Did you mean" suggestions for an unknown ACL id: the nearest known ids by edit distance.
import { distance } from 'fastest-levenshtein';

export function nearestIds(unknown: string, known: Iterable<string>, limit = 3): string[] {
  const budget = Math.max(2, Math.floor(unknown.length / 4));
  const lower = unknown.toLowerCase();
  const scored: Array<{ id: string; score: number }> = [];
  for (const id of known) {
    if (Math.abs(id.length - unknown.length) > budget) continue;
    const score = id.toLowerCase() === lower ? 0 : distance(unknown, id);
    if (score <= budget) scored.push({ id, score });
  }
  return scored.sort((a, b) => a.score - b.score || a.id.localeCompare(b.id)).slice(0, limit).map((s) => s.id);
}
